"""The Celery application; periodic schedules live here (STYLE: one module)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qashyq.settings.base")

app = Celery("qashyq")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {}
