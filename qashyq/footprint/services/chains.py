"""Appending statements to their streams' hash chains (FP-1), in the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from django.db import connection

from qashyq.footprint import chain
from qashyq.footprint.models import Statement, StatementLink, Stream

# PostgreSQL: a batch is one INSERT … SELECT FROM UNNEST(one array per column): a few
# parameters instead of one per value, which halves the cost of a batch of 100.
_ARRAY_TYPES = {
    "statement_id": "uuid[]",
    "stream_id": "bigint[]",
    "seq": "bigint[]",
    "hash": "bytea[]",
    "stored": "timestamptz[]",
    "timestamp": "timestamptz[]",
    "actor_id": "bigint[]",
    "actor_key": "text[]",
    "verb": "text[]",
    "verb_iri": "text[]",
    "object_kind": "text[]",
    "object_type": "text[]",
    "object_id": "text[]",
    "object_iri": "text[]",
    "object_ref": "uuid[]",
    "object_name": "text[]",
    "course_id": "bigint[]",
    "registration": "uuid[]",
    "result": "text[]::jsonb[]",
    "context": "text[]::jsonb[]",
    "raw": "text[]::jsonb[]",
    "voided": "boolean[]",
    "voids": "uuid[]",
}
_JSON = ("result", "context", "raw")
# `%b`: psycopg sends the arrays in binary form, bound by the server. These statements
# are prepared once per connection (`prepare=True`): parsing and planning the insert cost
# PostgreSQL as much as executing it for a single statement.
_INSERT_UNNEST = (
    f"INSERT INTO footprint_statement ({', '.join(_ARRAY_TYPES)}) "  # noqa: S608 - constants
    f"SELECT * FROM UNNEST({', '.join(f'%b::{t}' for t in _ARRAY_TYPES.values())}) "
    "RETURNING id"
)
# The streams a batch appends to, created when new and locked (ON CONFLICT … DO UPDATE
# takes the row lock, as SELECT … FOR UPDATE would), in key order; then their new heads.
_STREAMS_LOCK = (
    "INSERT INTO footprint_stream (key, seq, head) "
    "SELECT k, 0, %b FROM UNNEST(%b::text[]) AS k ORDER BY k "
    "ON CONFLICT (key) DO UPDATE SET seq = footprint_stream.seq "
    "RETURNING id, key, seq, head"
)
_STREAMS_ADVANCE = (
    "UPDATE footprint_stream AS s SET seq = v.seq, head = v.head "
    "FROM UNNEST(%b::bigint[], %b::bigint[], %b::bytea[]) AS v(id, seq, head) "
    "WHERE s.id = v.id"
)
_INSERT_LINKS = (
    "INSERT INTO footprint_statementlink (statement_pk, kind, key) "
    "SELECT * FROM UNNEST(%b::bigint[], %b::text[], %b::text[])"
)


@dataclass
class _Head:
    pk: int
    seq: int
    head: bytes


def chains_append(*, rows: Sequence[tuple[str, Mapping[str, Any]]]) -> list[int]:
    """Store (stream key, columns) pairs in this order, each chained to the previous head of
    its stream; return the rows' primary keys in that order. Call inside a transaction: the
    streams' rows are locked (in key order, so two batches never wait for each other in a
    cycle) until it commits."""
    keys = sorted({key for key, _ in rows})
    postgresql = connection.vendor == "postgresql"
    heads = _heads_locked_postgresql(keys) if postgresql else _heads_locked(keys)
    chained = [_next(heads[key], columns) for key, columns in rows]
    if postgresql:
        pks = _insert_postgresql(chained)
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(
                _STREAMS_ADVANCE,
                [
                    [h.pk for h in heads.values()],
                    [h.seq for h in heads.values()],
                    [h.head for h in heads.values()],
                ],
                prepare=True,
            )
        return pks
    return [statement.pk for statement in _insert_orm(chained, heads)]


def chains_append_one(*, key: str, columns: Mapping[str, Any]) -> Statement:
    """`chains_append` of one statement, returned as its row (through the ORM: the
    embedded default's path; PostgreSQL's page views use `footprint_record`'s own)."""
    heads = _heads_locked([key])
    (statement,) = _insert_orm([_next(heads[key], columns)], heads)
    return statement


def _next(head: _Head, columns: Mapping[str, Any]) -> tuple[int, int, bytes, Mapping[str, Any]]:
    """Advance a stream's head by one statement: (stream pk, its seq, its hash, columns)."""
    head.seq += 1
    head.head = chain.link(head.head, chain.content_digest(columns))
    return head.pk, head.seq, head.head, columns


def _insert_orm(
    chained: list[tuple[int, int, bytes, Mapping[str, Any]]], heads: dict[str, _Head]
) -> list[Statement]:
    statements = [
        Statement(stream_id=stream_id, seq=seq, hash=head, **columns)
        for stream_id, seq, head, columns in chained
    ]
    Statement.objects.bulk_create(statements, batch_size=1000)
    Stream.objects.bulk_update(
        [Stream(pk=h.pk, key=key, seq=h.seq, head=h.head) for key, h in heads.items()],
        ["seq", "head"],
    )
    return statements


def _heads_locked(keys: list[str]) -> dict[str, _Head]:
    Stream.objects.bulk_create(
        [Stream(key=key, seq=0, head=chain.GENESIS) for key in keys], ignore_conflicts=True
    )
    return {
        s.key: _Head(s.pk, s.seq, bytes(s.head))
        for s in Stream.objects.select_for_update().filter(key__in=keys).order_by("key")
    }


def _heads_locked_postgresql(keys: list[str]) -> dict[str, _Head]:
    """One round trip: the streams' rows, made when new, locked in key order."""
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(_STREAMS_LOCK, [chain.GENESIS, keys], prepare=True)
        return {key: _Head(pk, seq, bytes(head)) for pk, key, seq, head in cursor.fetchall()}


def _insert_postgresql(chained: list[tuple[int, int, bytes, Mapping[str, Any]]]) -> list[int]:
    # The arrays go as binary parameters, bound by the server: Django's client-side
    # binding quotes every element of every array with a regular expression, which was
    # 40 % of a batch's CPU (bench/lrs); and no model instances (another tenth). Same
    # connection, so the same transaction.
    pks: list[int] = []
    with psycopg.Cursor(connection.connection) as cursor:
        for offset in range(0, len(chained), 1000):
            batch = chained[offset : offset + 1000]
            arrays = [[_column(row, name) for row in batch] for name in _ARRAY_TYPES]
            cursor.execute(_INSERT_UNNEST, arrays, prepare=True)
            pks.extend(pk for (pk,) in cursor.fetchall())
    return pks


def _column(row: tuple[int, int, bytes, Mapping[str, Any]], name: str) -> Any:  # noqa: ANN401
    stream_id, seq, head, columns = row
    if name == "stream_id":
        return stream_id
    if name == "seq":
        return seq
    if name == "hash":
        return head
    value = columns[name]  # every column: received_columns and own_columns give them all
    if name in _JSON:
        return json.dumps(value) if value is not None else None
    return value


def links_store(links: Sequence[tuple[int, str, str]]) -> None:
    """Store (statement pk, kind, key) rows of `StatementLink`, in the caller's transaction:
    on PostgreSQL as three binary arrays (a batch of 100 statements has ~500 links, whose
    model instances and quoted parameters cost more than the statements' own insert)."""
    if not links:
        return
    if connection.vendor != "postgresql":
        StatementLink.objects.bulk_create(
            [StatementLink(statement_pk=pk, kind=kind, key=key) for pk, kind, key in links],
            batch_size=1000,
        )
        return
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        for offset in range(0, len(links), 5000):
            batch = links[offset : offset + 5000]
            cursor.execute(
                _INSERT_LINKS,
                [list(column) for column in zip(*batch, strict=True)],
                prepare=True,
            )
