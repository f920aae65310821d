"""Recording Qashyq's own actions: one call per action, from every app's services (FP-1)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable
from typing import Any

import psycopg
from django.db import connection, transaction
from django.utils import timezone

from qashyq.footprint import chain, xapi
from qashyq.footprint.data import Action
from qashyq.footprint.models import Statement
from qashyq.footprint.services.chains import chains_append, chains_append_one

_JSON_COLUMNS = ("result", "context", "raw")
_OWN_COLUMNS = tuple(
    xapi.own_columns(
        statement_id=uuid.UUID(int=0),
        actor_id=None,
        verb="viewed",
        object_type="course",
        object_id="",
        object_name="",
        course_id=None,
        timestamp=timezone.now(),
        stored=timezone.now(),
        result={},
        context={},
    )
)


def _insert_sql(*, asynchronous: bool) -> str:
    """One SQL statement (one round trip) that bumps the stream's head with PostgreSQL's
    sha256() (`INSERT … ON CONFLICT DO UPDATE … RETURNING`) and inserts the statement
    chained to it. Outside a transaction it also turns synchronous_commit off for its own
    implicit transaction (ADR 0021 amendment)."""
    names = ", ".join(_OWN_COLUMNS)
    values = ", ".join(
        f"%({c})s::jsonb" if c in _JSON_COLUMNS else f"%({c})s" for c in _OWN_COLUMNS
    )
    settings = (
        "settings AS (SELECT set_config('synchronous_commit', 'off', true) AS value), "
        if asynchronous
        else ""
    )
    source = "FROM settings" if asynchronous else ""
    # Column names come from own_columns; every value is a parameter.
    return (
        f"WITH {settings}"  # noqa: S608
        "head AS (INSERT INTO footprint_stream (key, seq, head) "
        f"SELECT %(stream_key)s, 1, sha256(%(genesis)s || %(digest)s) {source} "
        "ON CONFLICT (key) DO UPDATE SET seq = footprint_stream.seq + 1, "
        "head = sha256(footprint_stream.head || %(digest)s) RETURNING id, seq, head) "
        f"INSERT INTO footprint_statement ({names}, stream_id, seq, hash) "
        f"SELECT {values}, head.id, head.seq, head.head FROM head "
        "RETURNING id, stream_id, seq, hash"
    )


_INSERT_ASYNCHRONOUS = _insert_sql(asynchronous=True)
_INSERT_IN_TRANSACTION = _insert_sql(asynchronous=False)


def footprint_record(*, action: Action) -> Statement:
    """Store one action as a statement chained in its actor's stream (FP-1). Call it from
    the service that performed the action, inside its transaction, so that a rolled-back
    action leaves no trace.

    On PostgreSQL it costs one round trip: a single statement bumps the stream's head and
    inserts the row. Called outside any transaction (a page view, a download: an
    observation, not a change of state), it commits asynchronously: the page does not wait
    for the WAL flush; a crash of the database server may lose the last fraction of a
    second of such statements, never a consistent state (the stream's head and its
    statement commit together). Inside a service's transaction it keeps its durability
    (ADR 0021 and its amendment).
    """
    key, columns = _own(action)
    if connection.vendor == "postgresql":
        return _record_postgresql(key, columns)
    with transaction.atomic():
        return chains_append_one(key=key, columns=columns)


def footprint_record_many(*, actions: Iterable[Action]) -> int:
    """Store many actions at once (attendance of a whole group, imports), in one transaction."""
    rows = [_own(a) for a in actions]
    if not rows:
        return 0
    with transaction.atomic():
        chains_append(rows=rows)
    return len(rows)


def _own(action: Action) -> tuple[str, dict[str, Any]]:
    columns = xapi.own_columns(
        statement_id=uuid.uuid4(),
        actor_id=action.actor_id,
        verb=action.verb.value,
        object_type=action.object_type.value,
        object_id=action.object_id,
        object_name=action.object_name,
        course_id=action.course_id,
        timestamp=action.occurred_at or timezone.now(),
        stored=xapi.stored_now(),
        result=action.result,
        context=action.context,
    )
    return xapi.own_stream_key(action.actor_id), columns


def _prepared_fetchone(sql: str, params: dict[str, Any]) -> tuple[Any, ...]:
    """Run the insert as a prepared statement bound by the server, on Django's connection
    (so in its transaction). A page view's footprint is the only query of a cached page:
    Django's cursor would add its health check (a `SELECT 1` round trip) and quote every
    parameter into the text on the client; the prepared statement is planned once per
    connection. A connection found dead is opened again once (what the health check was
    for). Logged like Django's queries, so query counts in tests still see it."""
    started = time.monotonic()
    for attempt in (1, 2):
        connection.ensure_connection()
        try:
            with psycopg.Cursor(connection.connection) as cursor:
                cursor.execute(sql, params, prepare=True)
                row = cursor.fetchone()
            break
        except psycopg.OperationalError:
            if attempt == 2 or connection.in_atomic_block:
                raise
            connection.close()
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    assert row is not None
    return tuple(row)


def _record_postgresql(key: str, columns: dict[str, Any]) -> Statement:
    params: dict[str, Any] = {
        c: json.dumps(v) if c in _JSON_COLUMNS and v is not None else v for c, v in columns.items()
    }
    params.update(stream_key=key, genesis=chain.GENESIS, digest=chain.content_digest(columns))
    sql = _INSERT_IN_TRANSACTION if connection.in_atomic_block else _INSERT_ASYNCHRONOUS
    pk, stream_id, seq, digest = _prepared_fetchone(sql, params)
    statement = Statement(id=pk, stream_id=stream_id, seq=seq, hash=bytes(digest), **columns)
    statement._state.adding = False
    statement._state.db = connection.alias
    return statement
