"""File checks of materials (LMS-1): type by extension and content, size limits,
translated errors that name the field."""

from __future__ import annotations

import io
import zipfile

import pytest

from qashyq.courses.errors import UploadRejected
from qashyq.courses.uploads import MB, allowed_extensions, file_check


def office(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<x/>")
    return buffer.getvalue()


PDF = b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"
SAMPLES = {
    "notes.pdf": PDF,
    "lecture.docx": office("word/document.xml"),
    "slides.pptx": office("ppt/presentation.xml"),
    "table.xlsx": office("xl/workbook.xml"),
    "scheme.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 20,
    "photo.jpg": b"\xff\xd8\xff\xe0" + b"\0" * 20,
    "anim.gif": b"GIF89a" + b"\0" * 20,
    "pic.webp": b"RIFF\0\0\0\0WEBPVP8 " + b"\0" * 8,
    "talk.mp3": b"ID3\x04" + b"\0" * 20,
    "talk.m4a": b"\0\0\0\x20ftypM4A " + b"\0" * 12,
    "talk.ogg": b"OggS" + b"\0" * 20,
    "talk.wav": b"RIFF\0\0\0\0WAVEfmt " + b"\0" * 8,
    "lecture.mp4": b"\0\0\0\x18ftypmp42" + b"\0" * 12,
    "lecture.webm": b"\x1a\x45\xdf\xa3" + b"\0" * 20,
}
KIND_OF = {
    "notes.pdf": "file",
    "lecture.docx": "file",
    "slides.pptx": "lecture",
    "table.xlsx": "practical",
    "scheme.png": "image",
    "photo.jpg": "image",
    "anim.gif": "image",
    "pic.webp": "image",
    "talk.mp3": "audio",
    "talk.m4a": "audio",
    "talk.ogg": "audio",
    "talk.wav": "audio",
    "lecture.mp4": "video",
    "lecture.webm": "video",
}
MIME = {
    "notes.pdf": "application/pdf",
    "lecture.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "slides.pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "table.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "scheme.png": "image/png",
    "photo.jpg": "image/jpeg",
    "anim.gif": "image/gif",
    "pic.webp": "image/webp",
    "talk.mp3": "audio/mpeg",
    "talk.m4a": "audio/mp4",
    "talk.ogg": "audio/ogg",
    "talk.wav": "audio/wav",
    "lecture.mp4": "video/mp4",
    "lecture.webm": "video/webm",
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_accepted_types(name: str) -> None:
    data = SAMPLES[name]
    found = file_check(kind=KIND_OF[name], name=name, size=len(data), stream=io.BytesIO(data))
    assert found.mime_type == MIME[name]


def reject(kind: str, name: str, data: bytes, size: int | None = None) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        file_check(
            kind=kind, name=name, size=len(data) if size is None else size, stream=io.BytesIO(data)
        )
    assert caught.value.extra == {"field": "file"}
    assert caught.value.code == "upload_rejected"
    return caught.value


def test_a_renamed_program_is_not_a_pdf() -> None:
    error = reject("file", "notes.pdf", b"MZ\x90\x00" + b"\0" * 40)
    assert (
        error.message
        == "The file's content is not a PDF file. Save it in that format and try again."
    )


def test_a_zip_is_not_a_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("readme.txt", "x")
    error = reject("file", "lecture.docx", buffer.getvalue())
    assert (
        error.message
        == "The file's content is not a DOCX file. Save it in that format and try again."
    )


def test_svg_and_html_are_refused() -> None:
    for name in ("scheme.svg", "page.html", "run.exe", "noextension"):
        error = reject("file", name, b"<svg onload=alert(1)>")
        assert error.message == (
            "Files of this type are not accepted here. Allowed: pdf, docx, pptx, xlsx, png, "
            "jpg, jpeg, gif, webp, mp3, m4a, ogg, wav, mp4, webm."
        )


def test_a_video_is_not_an_image() -> None:
    error = reject("image", "lecture.mp4", SAMPLES["lecture.mp4"])
    assert error.message == (
        "Files of this type are not accepted here. Allowed: png, jpg, jpeg, gif, webp."
    )


def test_size_limits_per_category() -> None:
    error = reject("image", "scheme.png", SAMPLES["scheme.png"], size=10 * MB + 1)
    assert error.message == "The file is too large: 10.0 MB; at most 10 MB for this type."
    found = file_check(
        kind="image", name="scheme.png", size=10 * MB, stream=io.BytesIO(SAMPLES["scheme.png"])
    )
    assert found.extension == "png"
    assert reject("file", "notes.pdf", PDF, size=0).message == "The file is empty."


def test_links_have_no_file() -> None:
    assert allowed_extensions("link") == []
    error = reject("media_service", "notes.pdf", PDF)
    assert error.message == "This kind of material has no file: give a link or a text instead."
