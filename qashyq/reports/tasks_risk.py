"""Background work of the at-risk monitoring (FP-2): the daily run and the e-mail digests.

Each task takes a time or an id, calls one service, and is idempotent.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from qashyq.reports import services_risk


@shared_task(time_limit=1800)  # type: ignore[untyped-decorator]
def risk_daily_task(now: str | None = None) -> dict[str, int]:
    """Raise the day's at-risk signals and notify (scheduled daily in qashyq/celery.py).
    Running it twice in a notification period notifies nothing twice."""
    at = dt.datetime.fromisoformat(now) if now else timezone.now()
    run = services_risk.risk_alerts_run(now=at)
    return {
        "alerts": len(run.alerts),
        "notifications": run.notifications,
        "recipients": len(run.recipients),
    }


@shared_task(time_limit=120)  # type: ignore[untyped-decorator]
def risk_digest_email_task(recipient_id: int) -> int:
    """E-mail one person their new at-risk notifications (once)."""
    return services_risk.risk_digest_email(recipient_id=recipient_id)
