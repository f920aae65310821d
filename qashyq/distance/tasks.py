"""Background work of the transfer workflow: e-mail a notification, the daily processing.

Each task loads by id (or takes a date), calls one service, and is idempotent.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from qashyq.distance import services


@shared_task(time_limit=60)  # type: ignore[untyped-decorator]
def notification_email_task(notification_id: int) -> bool:
    """Send a notification by e-mail (Django mail; files under var/mail by default)."""
    return services.notification_email(notification_id=notification_id)


@shared_task(time_limit=600)  # type: ignore[untyped-decorator]
def distance_daily_task(today: str | None = None) -> dict[str, list[int]]:
    """Start, end and remind (scheduled daily in qashyq/celery.py)."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    result = services.distance_tick(today=day)
    return {"started": result.started, "ended": result.ended, "reminded": result.reminded}
