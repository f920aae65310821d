"""Background work of tests: load by id or scan, call one service (idempotent)."""

from __future__ import annotations

from celery import shared_task

from qashyq.assessment import services


@shared_task(time_limit=120, ignore_result=True)  # type: ignore[untyped-decorator]
def attempts_close_overdue() -> int:
    """Every minute (qashyq/celery.py): finalize open attempts past their deadline and the
    network grace (LMS-7: the deadline is the server's even when nobody comes back)."""
    return services.attempts_close_overdue()
