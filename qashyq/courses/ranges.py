"""HTTP range requests for media (RFC 9110 §14): a phone on a slow link plays a lecture
video by fetching the parts it needs, and never downloads the whole file to seek.

`byte_range` reads a `Range` header against a file size; `file_response` answers with
200 (whole file), 206 (one range, with Content-Range) or 416 (unsatisfiable, with
`Content-Range: bytes */size`), streaming the file from storage in chunks: the file is
never held in memory whole. Several ranges in one request are answered with the whole
file (a server may ignore Range, §14.2); If-Range is not supported (the whole file is
the safe answer to a client that relies on it, and no client here sends it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO
from urllib.parse import quote

from django.http import HttpResponse, StreamingHttpResponse

CHUNK = 64 * 1024
_RANGE = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")


class Unsatisfiable(Exception):
    """The range starts beyond the end of the file (416)."""


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive

    @property
    def length(self) -> int:
        return self.end - self.start + 1


def byte_range(header: str | None, size: int) -> ByteRange | None:  # noqa: PLR0911
    """The single byte range `header` asks for, or None for the whole file (no header, a
    syntax error, another unit, or several ranges). Raises Unsatisfiable when no byte of
    the range exists."""
    if not header:
        return None
    unit, _sep, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or not spec or "," in spec:
        return None
    match = _RANGE.match(spec)
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # a suffix: the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return ByteRange(max(0, size - suffix), size - 1)
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None  # invalid: ignore the header
    if start >= size:
        raise Unsatisfiable
    return ByteRange(start, min(end, size - 1))


def _chunks(handle: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        left = length
        while left > 0:
            data = handle.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        handle.close()


def file_response(
    *,
    open_file: IO[bytes],
    size: int,
    content_type: str,
    range_header: str | None,
    filename: str,
    ascii_filename: str,
    head: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """The response for a GET (or HEAD) of a stored file, honouring one byte range."""
    try:
        wanted = byte_range(range_header, size)
    except Unsatisfiable:
        open_file.close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        refused["Accept-Ranges"] = "bytes"
        return refused
    start, length, status = (0, size, 200) if wanted is None else (wanted.start, wanted.length, 206)
    if head:
        open_file.close()
        response: HttpResponse | StreamingHttpResponse = HttpResponse(status=status)
    else:
        response = StreamingHttpResponse(_chunks(open_file, start, length), status=status)
    response["Content-Type"] = content_type or "application/octet-stream"
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if wanted is not None:
        response["Content-Range"] = f"bytes {wanted.start}-{wanted.end}/{size}"
    plain = "".join(c for c in ascii_filename if c.isascii() and c.isprintable() and c not in '"\\')
    response["Content-Disposition"] = (
        f"inline; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response
