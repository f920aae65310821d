"""The Celery application; periodic schedules live here (STYLE: one module)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qashyq.settings.base")

app = Celery("qashyq")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The compliance dashboard's read model recomputes in its own tasks module (ADR 0016).
app.autodiscover_tasks(["qashyq.regulations"], related_name="tasks_compliance")
app.conf.beat_schedule = {
    # ELIG-3, SIS-5: start and end periods of distance learning, send reminders.
    "distance-daily": {
        "task": "qashyq.distance.tasks.distance_daily_task",
        "schedule": crontab(hour=0, minute=30),
    },
    # ONL-5: remind teachers of courses whose content is not ready before the deadline
    # (once per course and step; in the morning, Almaty time, so mail arrives in work hours).
    "courses-readiness-reminders": {
        "task": "qashyq.courses.tasks.readiness_reminders_task",
        "schedule": crontab(hour=8, minute=0),
    },
    # SIS-1, FP-2: attendance of asynchronous classes from material openings, and absences
    # filled in for online classes that are over (idempotent).
    "schedule-attendance-settle": {
        "task": "qashyq.schedule.tasks.attendance_settle_task",
        "schedule": crontab(minute="*/10"),
    },
    # LMS-7: attempts whose deadline (and network grace) has passed are submitted with the
    # answers saved before it, even if nobody opens them again.
    "assessment-attempts-close-overdue": {
        "task": "qashyq.assessment.tasks.attempts_close_overdue",
        "schedule": crontab(minute="*"),
    },
    # FP-1: the statement table's monthly partitions exist ahead of the statements.
    "footprint-partitions": {
        "task": "qashyq.footprint.tasks.footprint_partitions_ensure_task",
        "schedule": crontab(hour=1, minute=0),
    },
    # FP-1: sign the digest of each finished day (streams' last sequence numbers and heads).
    "footprint-digests": {
        "task": "qashyq.footprint.tasks.footprint_digests_task",
        "schedule": crontab(hour=0, minute=15),
    },
}
