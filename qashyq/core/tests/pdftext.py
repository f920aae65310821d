"""Read the text back out of a PDF that ReportLab wrote (a test helper; no pypdf needed).

Fonts embedded by ReportLab carry a ToUnicode map from their one-byte codes to
Unicode; this reads those maps, then the text-showing operators of each page's
content stream. Enough for ReportLab's own output, not a general PDF parser.
"""

from __future__ import annotations

import base64
import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)(?:\r?\n)?endstream", re.S)
FONT_REF = re.compile(rb"/([A-Za-z0-9+_.-]+) (\d+) 0 R")
TOKEN = re.compile(
    rb"\((?:\\.|[^\\)])*\)|\[(?:\((?:\\.|[^\\)])*\)|[^\]])*\]|/[^\s/\[\]()<>]+|[^\s/\[\]()<>]+",
    re.S,
)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in OBJECT.finditer(data)}


def _stream(body: bytes) -> bytes:
    found = STREAM.search(body)
    if found is None:
        return b""
    raw, header = found.group(1), body[: found.start()]
    if b"/ASCII85Decode" in header:
        raw = base64.a85decode(b"".join(raw.split()).removesuffix(b"~>"))
    return zlib.decompress(raw) if b"/FlateDecode" in header else raw


def _cmap(stream: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _literal(token: bytes) -> bytes:
    body, out, i = token[1:-1], bytearray(), 0
    while i < len(body):
        char = body[i : i + 1]
        if char != b"\\":
            out += char
            i += 1
            continue
        following = body[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", body[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(0), 8) & 0xFF)
            i += 1 + len(octal.group(0))
        else:
            out += ESCAPES.get(following, following)
            i += 2
    return bytes(out)


def pdf_text(data: bytes) -> str:  # noqa: PLR0912 - one small interpreter loop
    """All text shown on the pages, a line per text line, in reading order of the stream."""
    objects = _objects(data)
    fonts: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        if b"/Type /Font" in body or b"/Type/Font" in body:
            continue
        for name, ref in FONT_REF.findall(body):
            font = objects.get(int(ref), b"")
            unicode_ref = re.search(rb"/ToUnicode (\d+) 0 R", font)
            if unicode_ref:
                fonts[name] = _cmap(_stream(objects[int(unicode_ref.group(1))]))
            elif b"/Type /Font" in font:
                fonts.setdefault(name, {})
    lines: list[str] = []
    for body in objects.values():
        if b"/Contents" in body or b"stream" not in body or b"/Length1" in body:
            continue
        content = _stream(body)
        if b"BT" not in content:
            continue
        current: dict[int, str] = {}
        line = ""
        operands: list[bytes] = []
        for token in TOKEN.findall(content):
            if token in {b"Tf"} and len(operands) >= 2:
                current = fonts.get(operands[-2].lstrip(b"/"), {})
            elif token in {b"Tj", b"'", b'"', b"TJ"} and operands:
                shown = operands[-1]
                parts = re.findall(rb"\((?:\\.|[^\\)])*\)", shown) if token == b"TJ" else [shown]
                for part in parts:
                    raw = _literal(part)
                    line += "".join(current.get(b, chr(b)) for b in raw)
            elif token in {b"Td", b"TD", b"T*", b"ET", b"Tm"}:
                if line.strip():
                    lines.append(" ".join(line.split()))
                line = ""
            if re.fullmatch(rb"[A-Za-z*'\"]+", token) and token not in {b"true", b"false"}:
                operands = []
            else:
                operands.append(token)
    return "\n".join(lines)
