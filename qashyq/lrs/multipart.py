"""multipart/mixed bodies of the statements resource (xAPI 1.0.3 Communication 1.5.2).

A statement request or response that carries attachment bytes is a multipart/mixed document
(RFC 2046): the first part holds the statements as `application/json`, each following part
holds one attachment's bytes with `Content-Transfer-Encoding: binary` and
`X-Experience-API-Hash: <sha2>`. `multipart_parse` splits a request body into its parts (the
rules about what the parts must contain are the statements resource's); `multipart_build`
writes a response.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from django.utils.translation import gettext as _

from qashyq.core.errors import DomainError

_BOUNDARY = re.compile(r'boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))', re.IGNORECASE)


class MultipartInvalid(DomainError):
    """A multipart body that does not parse: 400 Bad Request."""

    code: ClassVar[str] = "invalid_multipart"
    status: ClassVar[int] = 400


@dataclass(frozen=True)
class Part:
    """One body part: its headers (names lower-cased) and its bytes."""

    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def content_type(self) -> str:
        """The part's media type, lower-case, without parameters."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def boundary_of(content_type: str) -> str:
    """The `boundary` parameter of a multipart Content-Type; MultipartInvalid if absent."""
    match = _BOUNDARY.search(content_type)
    if match is None:
        raise MultipartInvalid(_("The multipart/mixed Content-Type has no boundary."))
    boundary = match.group(1) or match.group(2)
    if not 1 <= len(boundary) <= 200:
        raise MultipartInvalid(_("The multipart boundary must be 1 to 200 characters long."))
    return boundary


def _headers(block: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    text = block.decode("latin-1")
    for line in re.split(r"\r?\n", text):
        if not line.strip():
            continue
        if line[0] in " \t" and headers:  # a folded header continues the previous one
            last = next(reversed(headers))
            headers[last] = f"{headers[last]} {line.strip()}"
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise MultipartInvalid(_("A multipart part has a malformed header line."))
        headers[name.strip().lower()] = value.strip()
    return headers


def _part(raw: bytes) -> Part:
    """A part's bytes after its delimiter line: headers, a blank line, the body."""
    for separator in (b"\r\n\r\n", b"\n\n"):
        if raw.startswith(separator[: len(separator) // 2]):
            return Part(headers={}, body=raw[len(separator) // 2 :])
        head, found, body = raw.partition(separator)
        if found:
            return Part(headers=_headers(head), body=body)
    raise MultipartInvalid(_("A multipart part has no blank line after its headers."))


def multipart_parse(*, content_type: str, body: bytes) -> list[Part]:
    """The parts of a multipart body (RFC 2046 5.1.1): the preamble before the first
    delimiter and the epilogue after the closing one are ignored; a body without a
    delimiter line or without the closing delimiter is refused."""
    boundary = boundary_of(content_type).encode("latin-1")
    delimiter = b"--" + boundary
    start = -1
    position = 0
    while True:  # the first delimiter starts the body or a line
        start = body.find(delimiter, position)
        if start <= 0 or body[start - 1 : start] == b"\n":
            break
        position = start + 1
    if start < 0:
        raise MultipartInvalid(_("The multipart body has no boundary delimiter line."))
    parts: list[Part] = []
    rest = body[start + len(delimiter) :]
    while True:
        if rest.startswith(b"--"):
            return parts
        line_end = rest.find(b"\n")
        if line_end < 0 or rest[:line_end].strip(b" \t\r"):
            raise MultipartInvalid(_("A multipart delimiter line has trailing characters."))
        rest = rest[line_end + 1 :]
        end = rest.find(b"\r\n" + delimiter)
        skip = 2
        if end < 0:
            end = rest.find(b"\n" + delimiter)
            skip = 1
        if end < 0:
            raise MultipartInvalid(_("The multipart body has no closing delimiter."))
        parts.append(_part(rest[:end]))
        rest = rest[end + skip + len(delimiter) :]


def multipart_build(*, parts: Iterable[Part]) -> tuple[str, bytes]:
    """A multipart/mixed document of these parts: (its Content-Type, its bytes)."""
    boundary = f"qashyq-{secrets.token_hex(16)}"
    chunks: list[bytes] = []
    for part in parts:
        chunks.append(f"--{boundary}\r\n".encode("ascii"))
        for name, value in part.headers.items():
            chunks.append(f"{name}: {value}\r\n".encode("latin-1"))
        chunks.append(b"\r\n")
        chunks.append(part.body)
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode("ascii"))
    return f"multipart/mixed; boundary={boundary}", b"".join(chunks)
