"""The exchange formats of question banks (TST-1, TST-2): pure Python, no database.

    FORMATS                                   the names: moodle_xml, gift, aiken, platonus
    detect(filename, data) -> str | None      the format of a file, by extension and content
    read(fmt, data, *, filename="", first_variant_correct=True) -> ImportResult
    write(fmt, questions) -> bytes            UTF-8
    writable(fmt, qtype) -> bool              whether the format can express the type

`read` never raises on bad input: what it cannot read is a `Problem` with its line, a
translated message and an excerpt; a file that is not the format gives one problem. A file
over MAX_FILE_BYTES or with more than MAX_QUESTIONS questions gives a problem too.
Aiken, GIFT and Platonus are read from .txt (UTF-8 with or without BOM, UTF-16 with BOM,
Windows-1251) and from .docx (its text; Platonus also keeps formatting, pictures and
equations).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from qashyq.questions.formats import aiken, gift, moodle_xml, platonus
from qashyq.questions.formats.base import (
    ImportResult,
    ParsedChoice,
    ParsedImage,
    ParsedNumeric,
    ParsedPair,
    ParsedQuestion,
    Problem,
    QuestionType,
    Severity,
)
from qashyq.questions.formats.common import (
    MAX_FILE_BYTES,
    MAX_QUESTIONS,
    NotText,
    decode_text,
    problem,
)
from qashyq.questions.formats.docx import NotDocx, docx_read

__all__ = [
    "FORMATS",
    "MAX_FILE_BYTES",
    "MAX_QUESTIONS",
    "ImportResult",
    "ParsedChoice",
    "ParsedImage",
    "ParsedNumeric",
    "ParsedPair",
    "ParsedQuestion",
    "Problem",
    "QuestionType",
    "Severity",
    "detect",
    "read",
    "writable",
    "write",
]

FORMATS: tuple[str, ...] = ("moodle_xml", "gift", "aiken", "platonus")
EXTENSIONS: dict[str, str] = {"moodle_xml": ".xml", "gift": ".gift.txt", "aiken": ".txt",
                              "platonus": ".txt"}  # fmt: skip
MIME_TYPES: dict[str, str] = {"moodle_xml": "application/xml", "gift": "text/plain",
                              "aiken": "text/plain", "platonus": "text/plain"}  # fmt: skip
_WRITABLE = {
    "moodle_xml": moodle_xml.WRITABLE,
    "gift": gift.WRITABLE,
    "aiken": aiken.WRITABLE,
    "platonus": platonus.WRITABLE,
}
_ZIP = b"PK\x03\x04"
_PLATONUS = re.compile(r"<\s*question\s*\d*\s*>", re.IGNORECASE)
_AIKEN = re.compile(r"^\s*(ANSWER|ОТВЕТ|ЖАУАБЫ|ЖАУАП)\s*:\s*\S", re.IGNORECASE | re.MULTILINE)
_GIFT = re.compile(r"(^|\n)\s*(::|\$CATEGORY:)|\{\s*(?:[=~#]|T\b|F\b|TRUE\b|FALSE\b|\})", re.I)


def _content_format(text: str) -> str | None:
    head = text.lstrip("\ufeff \n\t")[:2000]
    if head.startswith(("<?xml", "<quiz")):
        return "moodle_xml"
    if _PLATONUS.search(text):
        return "platonus"
    if _AIKEN.search(text):
        return "aiken"
    if _GIFT.search(text):
        return "gift"
    return None


def detect(filename: str, data: bytes) -> str | None:
    """The format of an uploaded file, or None: the extension first (.xml, .gift), then
    the content (a <quiz> root, a <question> tag, ANSWER: lines, GIFT braces)."""
    name = filename.lower()
    if name.endswith(".xml"):
        return "moodle_xml"
    if name.endswith(".gift"):
        return "gift"
    if data.startswith(_ZIP) or name.endswith(".docx"):
        try:
            return _content_format(docx_read(data[:MAX_FILE_BYTES]).plain) or "platonus"
        except NotDocx:
            return None
    try:
        text = decode_text(data[:MAX_FILE_BYTES])
    except NotText:
        return None
    return _content_format(text)


def read(
    fmt: str, data: bytes, *, filename: str = "", first_variant_correct: bool = True
) -> ImportResult:
    """Read `data` as the format `fmt`; never raises on bad input (see the module doc)."""
    if fmt not in FORMATS:
        return ImportResult(
            problems=[problem(None, _("Unknown format “%(format)s”.") % {"format": fmt})]
        )
    if not data:
        return ImportResult(problems=[problem(None, _("The file is empty."))])
    if len(data) > MAX_FILE_BYTES:
        return ImportResult(
            problems=[
                problem(None, _("The file is larger than %(size)s MB.")
                        % {"size": MAX_FILE_BYTES // (1024 * 1024)})
            ]
        )  # fmt: skip
    try:
        return _read(fmt, data, filename=filename, first_variant_correct=first_variant_correct)
    except RecursionError:
        return ImportResult(problems=[problem(None, _("The file is nested too deeply to read."))])


def _read(fmt: str, data: bytes, *, filename: str, first_variant_correct: bool) -> ImportResult:
    if fmt == "moodle_xml":
        return moodle_xml.read(data)
    is_docx = data.startswith(_ZIP) or filename.lower().endswith(".docx")
    if is_docx:
        try:
            document = docx_read(data)
        except NotDocx:
            return ImportResult(
                problems=[problem(None, _("This is not a readable Word (.docx) document."))]
            )
        if fmt == "platonus":
            lines = [(line.number, line.html) for line in document.lines]
            result = platonus.read_lines(
                lines, document.images, first_variant_correct=first_variant_correct
            )
        else:
            result = _read_text(fmt, document.plain, first_variant_correct=first_variant_correct)
        result.problems = document.problems + result.problems
        return result
    try:
        text = decode_text(data)
    except NotText:
        return ImportResult(
            problems=[problem(None, _("This is not a text file; it looks like binary data."))]
        )
    return _read_text(fmt, text, first_variant_correct=first_variant_correct)


def _read_text(fmt: str, text: str, *, first_variant_correct: bool) -> ImportResult:
    if fmt == "gift":
        if gift.find_unescaped(text, "{") == -1:
            return ImportResult(
                problems=[problem(None, _("This is not a GIFT file: no question has its "
                                          "answers in braces { }."), text)]
            )  # fmt: skip
        result = gift.read(text)
    elif fmt == "aiken":
        if not _AIKEN.search(text):
            return ImportResult(
                problems=[problem(None, _("This is not an Aiken file: there is no “ANSWER:” "
                                          "line."), text)]
            )  # fmt: skip
        result = aiken.read(text)
    else:
        return platonus.read_text(text, first_variant_correct=first_variant_correct)
    if not result.questions and not result.problems:
        result.problems.append(problem(None, _("No question was found in the file.")))
    return result


def writable(fmt: str, qtype: str) -> bool:
    """Whether `fmt` can express questions of `qtype` (the caller skips the others with a
    note)."""
    return qtype in _WRITABLE.get(fmt, frozenset())


def write(fmt: str, questions: list[ParsedQuestion]) -> bytes:
    """The questions in `fmt`, UTF-8; the types the format cannot express are left out."""
    if fmt == "moodle_xml":
        return moodle_xml.write(questions)
    if fmt == "gift":
        return gift.write(questions)
    if fmt == "aiken":
        return aiken.write(questions)
    if fmt == "platonus":
        return platonus.write(questions)
    raise ValueError(fmt)
