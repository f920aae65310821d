"""Plain text of a submitted file for the originality check (AI-2): pure, no database.

.txt (UTF-8, else Windows-1251, the usual Cyrillic encoding of older files) and .docx
(the paragraphs of word/document.xml, read with defusedxml) are extracted. PDF is not:
that needs a PDF library the platform does not carry; its sha256 still identifies it.
"""

from __future__ import annotations

import zipfile
from typing import IO

from defusedxml import ElementTree  # type: ignore[import-untyped]

MAX_TEXT = 1_000_000  # characters kept per file
MAX_XML = 50 * 1024 * 1024  # bytes of document.xml read (a zip bomb stops here)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _txt(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _docx(stream: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(stream) as package:
            info = package.getinfo("word/document.xml")
            if info.file_size > MAX_XML:
                return ""
            xml = package.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return ""
    try:
        root = ElementTree.fromstring(xml)
    except Exception:
        return ""
    paragraphs = []
    for paragraph in root.iter(f"{W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def extract_text(*, extension: str, stream: IO[bytes]) -> str:
    """The file's plain text, or "" when its type is not extracted or it cannot be read."""
    extension = extension.lower().lstrip(".")
    stream.seek(0)
    if extension == "txt":
        text = _txt(stream.read(MAX_TEXT * 4))
    elif extension == "docx":
        text = _docx(stream)
    else:
        text = ""
    stream.seek(0)
    return text.replace("\x00", "")[:MAX_TEXT]
