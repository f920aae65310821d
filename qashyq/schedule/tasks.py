"""Background work of the schedule: load by id, call one service (idempotent)."""

from __future__ import annotations

from celery import shared_task

from qashyq.schedule import services
from qashyq.schedule.bbb import BbbUnavailable
from qashyq.schedule.errors import ConferenceUnavailable
from qashyq.schedule.models import ClassSession


@shared_task(time_limit=240, ignore_result=True)  # type: ignore[untyped-decorator]
def attendance_settle_task() -> int:
    """Every few minutes (qashyq/celery.py): collect material openings of open
    asynchronous classes and settle the attendance of classes that are over."""
    return services.attendance_settle_due()


@shared_task(  # type: ignore[untyped-decorator]
    time_limit=60,
    ignore_result=True,
    autoretry_for=(BbbUnavailable, ConferenceUnavailable),
    retry_backoff=60,
    max_retries=5,
)
def recordings_sync_task(session_id: int) -> int:
    """Fetch a class's BigBlueButton recordings after its room closed (they take a while
    to process; retried while the server does not answer)."""
    session = ClassSession.objects.filter(pk=session_id).first()
    if session is None:
        return 0
    return services.class_session_recordings_sync(session=session)
