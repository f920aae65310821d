"""Background work of courses: the daily readiness reminders (ONL-5).

Each task takes a date or ids, calls one service, and is idempotent.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from qashyq.courses import services


@shared_task(time_limit=600)  # type: ignore[untyped-decorator]
def readiness_reminders_task(today: str | None = None) -> dict[str, int]:
    """Remind teachers of courses not ready before the content deadline (scheduled daily in
    qashyq/celery.py). Running it twice on a day sends nothing twice."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    run = services.readiness_reminders_send(today=day)
    return {"reminded": len(run.reminded), "passed_over": run.passed_over, "emails": run.emails}
