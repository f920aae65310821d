"""Monthly partitions of the statement table ahead of time (PostgreSQL, FP-1)."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from qashyq.footprint import partitions

MONTHS_AHEAD = 3


def partitions_ensure(*, months: int = MONTHS_AHEAD, first: dt.date | None = None) -> list[str]:
    """Create the partitions of this month and the next ones (`months` in all) that are
    missing, moving into them rows the DEFAULT partition caught meanwhile; returns the names
    created. Nothing to do on SQLite (one plain table)."""
    if connection.vendor != "postgresql":
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        return partitions.partitions_create(
            cursor, first=first or timezone.now().date(), months=months
        )
