"""Monthly partitions of `footprint_statement` on PostgreSQL (FP-1: ingestion stays fast as
the table grows; old months can be detached and archived whole).

SQL only, on a given cursor, so the migration that partitions the table and the service
that creates the coming months share it. A DEFAULT partition catches a statement whose
month has no partition yet, so an insert never fails; creating that month's partition
later moves such rows out of the DEFAULT partition first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

TABLE = "footprint_statement"
DEFAULT = f"{TABLE}_default"

# Turns the table Django created into a table partitioned by range of `stored`, with the
# same columns, indexes (names included, so later migrations find them) and foreign keys.
PARTITION_TABLE_SQL = f"""
DO $$
DECLARE
  definition text;
  indexes text[] := '{{}}';
  constraints text[] := '{{}}';
BEGIN
  FOR definition IN
    SELECT indexdef FROM pg_indexes
    WHERE schemaname = current_schema() AND tablename = '{TABLE}'
      AND indexname <> '{TABLE}_pkey'
  LOOP
    indexes := indexes || definition;
  END LOOP;
  FOR definition IN
    SELECT format('ALTER TABLE {TABLE} ADD CONSTRAINT %I %s', conname,
                  pg_get_constraintdef(oid))
    FROM pg_constraint WHERE conrelid = '{TABLE}'::regclass AND contype = 'f'
  LOOP
    constraints := constraints || definition;
  END LOOP;
  ALTER TABLE {TABLE} RENAME TO {TABLE}_unpartitioned;
  CREATE TABLE {TABLE} (
    LIKE {TABLE}_unpartitioned INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING STORAGE
  ) PARTITION BY RANGE (stored);
  DROP TABLE {TABLE}_unpartitioned;
  ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, stored);
  FOREACH definition IN ARRAY indexes LOOP EXECUTE definition; END LOOP;
  FOREACH definition IN ARRAY constraints LOOP EXECUTE definition; END LOOP;
  CREATE TABLE {DEFAULT} PARTITION OF {TABLE} DEFAULT;
END $$;
"""  # noqa: S608 - constant names only


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_after(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def partition_name(month: dt.date) -> str:
    return f"{TABLE}_p{month:%Y%m}"


def partitions_create(cursor: Any, *, first: dt.date, months: int) -> list[str]:  # noqa: ANN401
    """Create the monthly partitions from `first`'s month on for `months` months, those that
    do not exist yet; returns the names created. Rows of those months that went to the
    DEFAULT partition meanwhile are moved into the new partition."""
    created = []
    month = month_start(first)
    for _ in range(months):
        name, following = partition_name(month), month_after(month)
        cursor.execute("SELECT to_regclass(%s)", [name])
        if cursor.fetchone()[0] is None:
            _partition_create(cursor, name=name, lower=month, upper=following)
            created.append(name)
        month = following
    return created


def _partition_create(cursor: Any, *, name: str, lower: dt.date, upper: dt.date) -> None:  # noqa: ANN401
    bounds = [
        dt.datetime.combine(lower, dt.time(), tzinfo=dt.UTC),
        dt.datetime.combine(upper, dt.time(), tzinfo=dt.UTC),
    ]
    # DDL takes no parameters: the bounds are dates this module computed, as literals.
    values = f"FROM ('{bounds[0].isoformat()}') TO ('{bounds[1].isoformat()}')"
    cursor.execute(f"LOCK TABLE {DEFAULT} IN SHARE ROW EXCLUSIVE MODE")
    cursor.execute(
        f"SELECT EXISTS (SELECT 1 FROM {DEFAULT} WHERE stored >= %s AND stored < %s)",  # noqa: S608
        bounds,
    )
    if not cursor.fetchone()[0]:
        cursor.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES {values}")
        return
    cursor.execute(f"CREATE TABLE {name} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING STORAGE)")
    cursor.execute(
        f"WITH moved AS (DELETE FROM {DEFAULT} WHERE stored >= %s AND stored < %s "  # noqa: S608
        f"RETURNING *) INSERT INTO {name} SELECT * FROM moved",
        bounds,
    )
    cursor.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {name} FOR VALUES {values}")
