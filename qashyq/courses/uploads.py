"""What files a material may carry, checked by name, size and content (LMS-1).

A file is accepted when its extension is allowed for the material's kind, its first
bytes match that type (a renamed .exe is not a PDF), and its size is within the limit of
its category. Office documents are ZIP packages: their part list must hold the main part
of that format. SVG and HTML are never accepted (they can carry scripts). Errors are
translated and name the field.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

from qashyq.courses.errors import UploadRejected
from qashyq.courses.models import MaterialKind

MB = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    mime_type: str
    category: str  # document, image, audio, video


FILE_TYPES: dict[str, FileType] = {
    t.extension: t
    for t in (
        FileType("pdf", "application/pdf", "document"),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "document",
        ),
        FileType(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "document",
        ),
        FileType(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "document"
        ),
        FileType("png", "image/png", "image"),
        FileType("jpg", "image/jpeg", "image"),
        FileType("jpeg", "image/jpeg", "image"),
        FileType("gif", "image/gif", "image"),
        FileType("webp", "image/webp", "image"),
        FileType("mp3", "audio/mpeg", "audio"),
        FileType("m4a", "audio/mp4", "audio"),
        FileType("ogg", "audio/ogg", "audio"),
        FileType("wav", "audio/wav", "audio"),
        FileType("mp4", "video/mp4", "video"),
        FileType("webm", "video/webm", "video"),
    )
}

# Largest file per category. A 90-minute lecture recording at 720p is about 1 GB.
SIZE_LIMITS = {"document": 50 * MB, "image": 10 * MB, "audio": 200 * MB, "video": 2048 * MB}

DOCUMENT_KINDS = frozenset(
    {
        MaterialKind.FILE,
        MaterialKind.LECTURE,
        MaterialKind.PRACTICAL,
        MaterialKind.LAB,
        MaterialKind.INDEPENDENT,
        MaterialKind.MIDTERM,
        MaterialKind.FINAL,
        MaterialKind.ELIBRARY,
    }
)
CATEGORIES_BY_KIND: dict[str, frozenset[str]] = {
    **{k.value: frozenset({"document"}) for k in DOCUMENT_KINDS},
    MaterialKind.FILE.value: frozenset({"document", "image", "audio", "video"}),
    MaterialKind.IMAGE.value: frozenset({"image"}),
    MaterialKind.AUDIO.value: frozenset({"audio"}),
    MaterialKind.VIDEO.value: frozenset({"video"}),
}
OFFICE_MAIN_PART = {
    "docx": "word/document.xml",
    "pptx": "ppt/presentation.xml",
    "xlsx": "xl/workbook.xml",
}


def allowed_extensions(kind: str) -> list[str]:
    """The extensions a material of `kind` may carry (empty: no file at all)."""
    categories = CATEGORIES_BY_KIND.get(kind, frozenset())
    return [ext for ext, t in FILE_TYPES.items() if t.category in categories]


def _content_matches(extension: str, head: bytes, stream: IO[bytes]) -> bool:  # noqa: PLR0911, PLR0912 - one line per format
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in OFFICE_MAIN_PART:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            stream.seek(0)
            with zipfile.ZipFile(stream) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return "[Content_Types].xml" in names and OFFICE_MAIN_PART[extension] in names
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == "gif":
        return head.startswith((b"GIF87a", b"GIF89a"))
    if extension == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension == "wav":
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    if extension == "mp3":
        return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] >= 0xE0)
    if extension in {"mp4", "m4a"}:
        return head[4:8] == b"ftyp"
    if extension == "ogg":
        return head.startswith(b"OggS")
    if extension == "webm":
        return head.startswith(b"\x1a\x45\xdf\xa3")
    return False


def file_check(*, kind: str, name: str, size: int, stream: IO[bytes]) -> FileType:
    """The type of an uploaded file, or UploadRejected with a translated message."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = allowed_extensions(kind)
    if not allowed:
        raise UploadRejected(
            _("This kind of material has no file: give a link or a text instead."), field="file"
        )
    file_type = FILE_TYPES.get(extension)
    if file_type is None or extension not in allowed:
        raise UploadRejected(
            _("Files of this type are not accepted here. Allowed: %(extensions)s.")
            % {"extensions": ", ".join(allowed)},
            field="file",
        )
    if size <= 0:
        raise UploadRejected(_("The file is empty."), field="file")
    limit = SIZE_LIMITS[file_type.category]
    if size > limit:
        raise UploadRejected(
            _("The file is too large: %(size)s MB; at most %(limit)s MB for this type.")
            % {"size": f"{size / MB:.1f}", "limit": limit // MB},
            field="file",
        )
    stream.seek(0)
    head = stream.read(16)
    matches = _content_matches(extension, head, stream)
    stream.seek(0)
    if not matches:
        raise UploadRejected(
            _("The file's content is not a %(type)s file. Save it in that format and try again.")
            % {"type": extension.upper()},
            field="file",
        )
    return file_type
