"""Background work of the footprint: call one service each (idempotent)."""

from __future__ import annotations

from celery import shared_task

from qashyq.footprint import services


@shared_task(time_limit=600, ignore_result=True)  # type: ignore[untyped-decorator]
def footprint_partitions_ensure_task() -> list[str]:
    """Daily (qashyq/celery.py): the statement table's partitions for this month and the
    next ones exist before a statement needs them (PostgreSQL; FP-1)."""
    return services.partitions_ensure()


@shared_task(time_limit=1800, ignore_result=True)  # type: ignore[untyped-decorator]
def footprint_digests_task() -> int:
    """Daily after midnight (qashyq/celery.py): sign the digest of every finished day not
    signed yet (FP-1)."""
    return len(services.digests_create_due())
