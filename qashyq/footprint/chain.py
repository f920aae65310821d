"""The hash chain of a stream (FP-1), pure: no database, no settings.

Each statement of a stream carries `hash = sha256(previous head || content digest)`, where
the content digest is `sha256(canonical JSON of the hashed columns)` and the head of an
empty stream is 32 zero bytes. Changing, removing or reordering any statement changes every
later head, and the daily signed digest pins the heads. `voided` and `actor_id` are not
hashed: the first is re-derived from the voiding statements (themselves chained), the second
becomes NULL when a user is deleted while `actor_key` keeps who it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Mapping
from typing import Any
from uuid import UUID

GENESIS = bytes(32)

HASHED_COLUMNS = (
    "statement_id",
    "stored",
    "timestamp",
    "actor_key",
    "verb",
    "verb_iri",
    "object_type",
    "object_id",
    "object_kind",
    "object_iri",
    "object_ref",
    "object_name",
    "course_id",
    "registration",
    "result",
    "context",
    "raw",
    "voids",
)


def _normal(value: Any) -> Any:  # noqa: ANN401, PLR0911 - any JSON value, one case each
    """One form for a value however it came back from the database: every number as a float
    (PostgreSQL's jsonb may give 100 for 100.0, or digits for 1e300), UUIDs dashed
    lower-case, instants in UTC with microseconds."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        try:
            return float(value)
        except OverflowError:  # an integer beyond floats: its digits, as a number
            return value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, Mapping):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(v) for v in value]
    raise TypeError(f"not hashable as JSON: {type(value).__name__}")


def _number(digits: str) -> float | int:
    """An integer of JSON text as `_normal` gives it: a float, or its digits beyond floats."""
    number = float(digits)
    return number if math.isfinite(number) else int(digits)


def _unknown(value: Any) -> Any:  # noqa: ANN401 - what json.dumps cannot encode itself
    return _normal(value)


def canonical_json(value: Any) -> bytes:  # noqa: ANN401 - any JSON value
    """Sorted keys, no spaces, UTF-8, normalised values: the same bytes for the same content.

    The bytes are those of `json.dumps(_normal(value), sort_keys=True, …)`, made by the C
    encoder and decoder instead of a walk in Python (a fifth of the CPU of storing a batch,
    bench/lrs): encode (UUIDs, instants and other mappings through `_normal`), decode with
    every integer as a float, encode again with the keys sorted."""
    text = json.dumps(value, default=_unknown, ensure_ascii=False, check_circular=False)
    return json.dumps(
        json.loads(text, parse_int=_number),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        check_circular=False,
    ).encode()


def canonical_json_reference(value: Any) -> bytes:  # noqa: ANN401 - any JSON value
    """`canonical_json` by walking the value in Python: what the tests compare it with."""
    return json.dumps(
        _normal(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()


def content_digest(values: Mapping[str, Any]) -> bytes:
    """sha256 of the canonical JSON of the hashed columns of one statement."""
    return hashlib.sha256(canonical_json({c: values.get(c) for c in HASHED_COLUMNS})).digest()


def row_digest(row: object) -> bytes:
    """The content digest of a statement row (a model instance, current or historical)."""
    return content_digest({c: getattr(row, c) for c in HASHED_COLUMNS})


def link(previous: bytes, digest: bytes) -> bytes:
    """The next head: sha256(previous head || content digest)."""
    return hashlib.sha256(bytes(previous) + digest).digest()
