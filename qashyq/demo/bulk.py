"""Fast inserts of plain tuples for the demo generator's big tables.

`bulk_create` builds a model instance and compiles every value of every row;
for a million study-plan rows that is most of the time. Here rows are tuples of
database-ready values written with COPY (PostgreSQL) or executemany (SQLite),
inside the caller's transaction. Columns a row does not give are filled from the
model's own defaults (auto_now stamps get `now`), so a field added later with a
default needs no change here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from django.db import connection, models

BATCH = 5000


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys for explicit inserts, never handed out again.

    PostgreSQL draws them from the table's sequence; SQLite (the caller's
    transaction holds the write lock) continues after the highest id ever used.
    """
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, "id", count],
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quoted}")  # noqa: S608 - model meta
        highest = int(cursor.fetchone()[0])
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            highest = max(highest, int(found[0]) if found else 0)
    return list(range(highest + 1, highest + 1 + count))


def db_timestamp(value: dt.datetime) -> object:
    """A datetime as the driver takes it (SQLite stores naive UTC text)."""
    if connection.vendor == "postgresql":
        return value
    return connection.ops.adapt_datetimefield_value(value)


def db_date(value: dt.date | None) -> object:
    if value is None or connection.vendor == "postgresql":
        return value
    return connection.ops.adapt_datefield_value(value)


class Table:
    """Insert rows that give `fields` (names or attnames, in order) into `model`'s table."""

    def __init__(
        self, model: type[models.Model], fields: Sequence[str], *, now: dt.datetime
    ) -> None:
        meta = model._meta
        given = [meta.get_field(name) for name in fields]
        given_names = {f.name for f in given}
        rest: list[Any] = []
        columns: list[str] = [str(f.column) for f in given]  # type: ignore[union-attr]
        for field in meta.concrete_fields:
            if field.name in given_names or field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value: Any = now
            else:
                value = field.get_default()  # "" for text fields without a default
                if value is None and not field.null:
                    msg = f"{meta.label}.{field.name} has no default: give it in every row"
                    raise ValueError(msg)
            if isinstance(value, dt.datetime):
                rest.append(db_timestamp(value))
            else:
                rest.append(field.get_db_prep_save(value, connection))
            columns.append(str(field.column))
        quote = connection.ops.quote_name
        self.table = quote(meta.db_table)
        self.columns = ", ".join(quote(c) for c in columns)
        self.width = len(columns)
        self.constants = tuple(rest)

    def insert(self, rows: Iterable[tuple[Any, ...]]) -> int:
        """Write the rows; returns how many."""
        constants = self.constants
        return write_rows(self.table, self.columns, self.width, (row + constants for row in rows))

    def insert_select(self, expressions: Sequence[str], tail: str, params: Sequence[Any]) -> int:
        """INSERT … SELECT: `expressions` give the row's fields in order, the model's
        defaults follow; `tail` is the FROM … clause. Returns the number of rows."""
        placeholders = ", ".join(["%s"] * len(self.constants))
        select = ", ".join([*expressions, *([placeholders] if placeholders else [])])
        sql = f"INSERT INTO {self.table} ({self.columns}) SELECT {select} {tail}"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *self.constants])
            return int(cursor.rowcount)


def write_rows(table: str, columns: str, width: int, rows: Iterable[tuple[Any, ...]]) -> int:
    """COPY (PostgreSQL) or executemany (SQLite) of full rows into a quoted table."""
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * width)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


@contextmanager
def foreign_keys_checked_at_end(model: type[models.Model]) -> Iterator[None]:
    """On PostgreSQL, check `model`'s foreign keys once, set-based, after a big insert.

    Django's deferred foreign keys make PostgreSQL queue one check per row and key
    and run each as its own query at commit: for a million rows, most of the time.
    Here the constraints are dropped and re-added from their own definitions inside
    the caller's transaction; re-adding validates every row in one pass, and any
    failure rolls the whole generation back. Other databases: nothing changes.
    """
    if connection.vendor != "postgresql":
        yield
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [model._meta.db_table],
        )
        constraints = [(str(name), str(definition)) for name, definition in cursor.fetchall()]
        # Pending deferred checks on the referenced tables block ALTER TABLE: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for name, definition in constraints:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )
