"""Appending statements to their streams' hash chains (FP-1), in the caller's transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from qashyq.footprint import chain
from qashyq.footprint.models import Statement, Stream


def chains_append(*, rows: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Statement]:
    """Store (stream key, columns) pairs in this order, each chained to the previous head of
    its stream. Call inside a transaction: the streams' rows are locked (in key order, so two
    batches never wait for each other in a cycle) until it commits."""
    keys = sorted({key for key, _ in rows})
    Stream.objects.bulk_create(
        [Stream(key=key, seq=0, head=chain.GENESIS) for key in keys], ignore_conflicts=True
    )
    streams = {
        s.key: s for s in Stream.objects.select_for_update().filter(key__in=keys).order_by("key")
    }
    statements = []
    for key, columns in rows:
        stream = streams[key]
        stream.seq += 1
        stream.head = chain.link(bytes(stream.head), chain.content_digest(columns))
        statements.append(Statement(stream=stream, seq=stream.seq, hash=stream.head, **columns))
    Statement.objects.bulk_create(statements, batch_size=1000)
    Stream.objects.bulk_update(list(streams.values()), ["seq", "head"])
    return statements
