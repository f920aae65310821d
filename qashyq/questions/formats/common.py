"""What every reader shares: limits, decoding a text file, problems with an excerpt."""

from __future__ import annotations

import codecs
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from qashyq.questions.formats.base import Problem, Severity

MAX_FILE_BYTES = 20 * 1024 * 1024  # a .docx with pictures stays well below
MAX_QUESTIONS = 3000  # a whole course's bank, several times over
MAX_TEXT_CHARS = 5 * 1024 * 1024  # a text file after decoding
EXCERPT_CHARS = 120


def excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def problem(line: int | None, message: str, text: str = "", *, warning: bool = False) -> Problem:
    severity = Severity.WARNING if warning else Severity.ERROR
    return Problem(line=line, message=message, excerpt=excerpt(text), severity=severity)


def too_many_questions(limit: int) -> Problem:
    return problem(
        None,
        _("The file has more than %(limit)s questions; only the first %(limit)s were read.")
        % {"limit": limit},
    )


class NotText(ValueError):
    """The bytes are not a text file in an encoding teachers' files use."""


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1251 of older files
    (TST-1). Line ends become \\n. Raises NotText for binary data."""
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        if b"\x00" in data[:4096]:
            raise NotText
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1251", errors="replace")
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if "\x00" in sample or controls > max(8, len(sample) // 100):
        raise NotText
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_decimal(raw: str) -> Decimal | None:
    """A number as teachers write it: a point or a comma, spaces ignored."""
    value = raw.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not value or len(value) > 40:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def decimal_str(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 0.5, 100, -33.3333333."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


_CATEGORY_PREFIXES = ("$course$", "$module$", "$system$", "$coursecategory$", "$cat$")


def category_path(raw: str) -> str:
    """Moodle's category path without its context prefix and "top": "Module 1/Limits".
    A "//" in Moodle's path is a slash inside a name; it is kept as "/"."""
    parts = [p.strip() for p in raw.strip().replace("//", "\x00").split("/")]
    parts = [p.replace("\x00", "/") for p in parts if p]
    if parts and parts[0].lower() in _CATEGORY_PREFIXES:
        parts = parts[1:]
    if parts and parts[0].lower() == "top":
        parts = parts[1:]
    return "/".join(parts)
