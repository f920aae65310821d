"""FP-1: the canonical JSON that the hash chain hashes is the same bytes whichever way it is
made: the C round trip that stores statements and the Python walk it replaced."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from types import MappingProxyType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from qashyq.footprint import chain

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**300, max_value=10**400)  # beyond floats: kept as digits
    | st.floats(allow_nan=False)
    | st.text()
)
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(_json)
def test_canonical_json_is_the_reference_bytes_for_any_json(value: Any) -> None:
    assert chain.canonical_json(value) == chain.canonical_json_reference(value)


def test_a_number_hashes_the_same_as_an_integer_and_as_a_float() -> None:
    """jsonb may hand back 100 for 100.0: both are the same content."""
    assert chain.canonical_json({"score": {"raw": 100}}) == chain.canonical_json(
        {"score": {"raw": 100.0}}
    )
    assert chain.canonical_json({"n": 10**400}) == b'{"n":' + str(10**400).encode() + b"}"


def test_columns_with_uuids_instants_and_mappings_are_the_reference_bytes() -> None:
    columns = {
        "statement_id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "stored": dt.datetime(2026, 11, 23, 6, 0, 1, 5000, tzinfo=dt.UTC),
        "timestamp": dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=6))),
        "registration": None,
        "result": MappingProxyType({"score": {"scaled": 0.5, "raw": 5}, "success": True}),
        "context": {"extensions": {"https://x.kz/ext": [1, 2.5, "Қазақ"]}},
        "raw": json.loads('{"b": 1, "a": [1e16, -0.0, "ә"]}'),
    }
    made = chain.canonical_json(columns)
    assert made == chain.canonical_json_reference(columns)
    assert made.startswith(b'{"context":{"extensions":{"https://x.kz/ext":[1.0,2.5,"\xd2\x9a')
    assert b'"timestamp":"2026-11-23T06:00:00.000000Z"' in made
