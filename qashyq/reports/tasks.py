"""Background work of the reports: the rollups of the footprint (ADR 0025)."""

from __future__ import annotations

from celery import shared_task

from qashyq.reports import services


@shared_task(time_limit=1800, ignore_result=True)  # type: ignore[untyped-decorator]
def rollups_update_task() -> int:
    """Every few minutes (qashyq/celery.py): fold the statements stored since the
    watermark into the daily rollups (idempotent; concurrent runs wait on the watermark
    row). Returns the number of statements folded in."""
    return services.rollups_update().statements
