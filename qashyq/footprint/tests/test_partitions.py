"""PostgreSQL: monthly partitions of the statement table, a DEFAULT partition so an insert
never fails, partitions created ahead and on demand (FP-1). On SQLite: one plain table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from qashyq.footprint import services
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.models import Statement

pytestmark = pytest.mark.django_db


def partition_of(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM footprint_statement WHERE id = %s", [pk]
        )
        return str(cursor.fetchone()[0])


def test_sqlite_has_one_plain_table_and_nothing_to_create() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL partitions are tested below")
    assert services.partitions_ensure() == []


def test_statements_go_to_their_month_and_a_late_partition_takes_its_rows_over() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("partitions exist on PostgreSQL only")
    now = dt.datetime.now(dt.UTC)
    row = services.footprint_record(
        action=Action(
            actor_id=None, verb=Verb.VIEWED, object_type=ActivityType.COURSE, object_id="1"
        )
    )
    assert partition_of(row.pk) == f"footprint_statement_p{now:%Y%m}"
    # A statement stored in a month without a partition (years ahead) lands in DEFAULT…
    later = dt.datetime(2031, 3, 15, 12, 0, tzinfo=dt.UTC)
    Statement.objects.filter(pk=row.pk).update(stored=later)  # moves the row
    assert partition_of(row.pk) == "footprint_statement_default"
    # …and creating that month's partition moves it there; an existing one is left alone.
    assert services.partitions_ensure(first=later.date(), months=2) == [
        "footprint_statement_p203103",
        "footprint_statement_p203104",
    ]
    assert partition_of(row.pk) == "footprint_statement_p203103"
    assert services.partitions_ensure(first=later.date(), months=2) == []
    assert Statement.objects.get(pk=row.pk).stored == later


def test_the_current_and_coming_months_exist_after_migrating() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("partitions exist on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits "
            "WHERE inhparent = 'footprint_statement'::regclass"
        )
        names = {r[0] for r in cursor.fetchall()}
    month = dt.datetime.now(dt.UTC).date().replace(day=1)
    assert f"footprint_statement_p{month:%Y%m}" in names
    assert "footprint_statement_default" in names
