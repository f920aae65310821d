"""multipart/mixed bodies of the statements resource (lrs.multipart, Communication 1.5.2)."""

from __future__ import annotations

import pytest

from qashyq.lrs.multipart import (
    MultipartInvalid,
    Part,
    boundary_of,
    multipart_build,
    multipart_parse,
)

BOUNDARY = "-------314159265358979323846"
CONTENT_TYPE = f"multipart/mixed; boundary={BOUNDARY}"


def body(*chunks: str) -> bytes:
    return "\r\n".join(chunks).encode("utf-8")


def test_parses_the_statement_part_and_attachment_parts() -> None:
    raw = body(
        f"--{BOUNDARY}",
        "Content-Type: application/json",
        "",
        '{"a": 1}',
        f"--{BOUNDARY}",
        "Content-Type:text/plain",
        "Content-Transfer-Encoding: binary",
        "X-Experience-API-Hash: abc",
        "",
        "here is a simple attachment\r\nwith two lines",
        f"--{BOUNDARY}--",
        "",
    )
    parts = multipart_parse(content_type=CONTENT_TYPE, body=raw)
    assert [p.headers for p in parts] == [
        {"content-type": "application/json"},
        {
            "content-type": "text/plain",
            "content-transfer-encoding": "binary",
            "x-experience-api-hash": "abc",
        },
    ]
    assert [p.body for p in parts] == [
        b'{"a": 1}',
        b"here is a simple attachment\r\nwith two lines",
    ]
    assert parts[1].content_type == "text/plain"


def test_preamble_and_epilogue_are_ignored_and_binary_survives() -> None:
    payload = bytes(range(256)) + b"\r\n--not-the-boundary"
    raw = (
        b"preamble\r\n--"
        + BOUNDARY.encode()
        + b"\r\nContent-Type: application/octet-stream\r\n\r\n"
        + payload
        + b"\r\n--"
        + BOUNDARY.encode()
        + b"--\r\nepilogue"
    )
    parts = multipart_parse(content_type=f'multipart/mixed; boundary="{BOUNDARY}"', body=raw)
    assert len(parts) == 1
    assert parts[0].body == payload


def test_a_part_without_headers_has_an_empty_header_map() -> None:
    raw = body(f"--{BOUNDARY}", "", "text", f"--{BOUNDARY}--")
    assert multipart_parse(content_type=CONTENT_TYPE, body=raw) == [Part(headers={}, body=b"text")]


@pytest.mark.parametrize(
    ("_case", "content_type", "raw"),
    [
        (
            "no boundary parameter",
            "multipart/mixed",
            body(f"--{BOUNDARY}", "", "x", f"--{BOUNDARY}--"),
        ),
        (
            "no delimiter line in the body",
            CONTENT_TYPE,
            body("Content-Type: application/json", "", "{}"),
        ),
        (
            "no closing delimiter",
            CONTENT_TYPE,
            body(f"--{BOUNDARY}", "Content-Type: application/json", "", "{}"),
        ),
        (
            "header line without a colon",
            CONTENT_TYPE,
            body(f"--{BOUNDARY}", "Content-Type application/json", "", "{}", f"--{BOUNDARY}--"),
        ),
        (
            "boundary in header differs from body",
            "multipart/mixed; boundary=other",
            body(f"--{BOUNDARY}", "Content-Type: application/json", "", "{}", f"--{BOUNDARY}--"),
        ),
    ],
)
def test_malformed_bodies_are_refused(_case: str, content_type: str, raw: bytes) -> None:
    with pytest.raises(MultipartInvalid):
        multipart_parse(content_type=content_type, body=raw)


def test_boundary_of_reads_quoted_and_bare_values() -> None:
    assert boundary_of('multipart/mixed; boundary="a b"') == "a b"
    assert boundary_of("multipart/mixed;boundary=xyz;charset=utf-8") == "xyz"


def test_build_then_parse_round_trips() -> None:
    parts = [
        Part(headers={"content-type": "application/json"}, body=b"[]"),
        Part(
            headers={
                "content-type": "image/png",
                "content-transfer-encoding": "binary",
                "x-experience-api-hash": "f" * 64,
            },
            body=b"\x89PNG\r\n\x1a\n\x00",
        ),
    ]
    content_type, raw = multipart_build(parts=parts)
    assert content_type.startswith("multipart/mixed; boundary=qashyq-")
    assert multipart_parse(content_type=content_type, body=raw) == parts
