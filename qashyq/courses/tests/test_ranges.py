"""Range requests (RFC 9110 §14) parsed against a file size."""

from __future__ import annotations

import pytest

from qashyq.courses.ranges import ByteRange, Unsatisfiable, byte_range


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("bytes=0-99", ByteRange(0, 99)),
        ("bytes=100-", ByteRange(100, 999)),
        ("bytes=-100", ByteRange(900, 999)),
        ("bytes=-5000", ByteRange(0, 999)),
        ("bytes=990-5000", ByteRange(990, 999)),
        ("bytes = 5 - 9", ByteRange(5, 9)),
        ("bytes=999-999", ByteRange(999, 999)),
        ("BYTES=0-0", ByteRange(0, 0)),
        ("bytes=0-1,5-9", None),  # several ranges: the whole file
        ("items=0-9", None),  # another unit: ignored
        ("bytes=9-5", None),  # invalid: ignored
        ("bytes=abc", None),
        ("bytes=-", None),
    ],
)
def test_byte_range(header: str | None, expected: ByteRange | None) -> None:
    assert byte_range(header, 1000) == expected


@pytest.mark.parametrize(
    ("header", "size"),
    [("bytes=1000-", 1000), ("bytes=5000-6000", 1000), ("bytes=-0", 1000), ("bytes=0-", 0)],
)
def test_unsatisfiable(header: str, size: int) -> None:
    with pytest.raises(Unsatisfiable):
        byte_range(header, size)
