"""The daily processing as a Celery task and as `qashyq distance tick` (ELIG-3, SIS-5)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from qashyq.celery import app
from qashyq.distance.tasks import distance_daily_task
from qashyq.distance.tests.conftest import TODAY, World, draft_make, route_through

pytestmark = pytest.mark.django_db


def test_the_daily_task_is_scheduled() -> None:
    schedule = app.conf.beat_schedule["distance-daily"]
    assert schedule["task"] == "qashyq.distance.tasks.distance_daily_task"
    assert (schedule["schedule"].hour, schedule["schedule"].minute) == ({0}, {30})


def test_the_daily_task_starts_and_ends_periods(world: World) -> None:
    application = route_through(world, draft_make(world, starts_on=TODAY + dt.timedelta(days=1)))
    start = (TODAY + dt.timedelta(days=1)).isoformat()
    assert distance_daily_task.delay(start).get() == {
        "started": [application.pk],
        "ended": [],
        "reminded": [],
    }
    assert distance_daily_task.delay(start).get() == {"started": [], "ended": [], "reminded": []}


def test_the_tick_command_runs_the_same_processing(world: World) -> None:
    application = route_through(world, draft_make(world, starts_on=TODAY + dt.timedelta(days=1)))
    out = StringIO()
    call_command("distance", "tick", "--today", "2026-03-03", stdout=out)
    assert out.getvalue() == "2026-03-03: started 1, ended 0, reminded 0\n"
    application.refresh_from_db()
    assert application.status == "in_effect"
    out = StringIO()
    call_command("distance", "tick", "--today", "2026-04-02", stdout=out)
    assert out.getvalue() == "2026-04-02: started 0, ended 1, reminded 0\n"
    with pytest.raises(CommandError):
        call_command("distance", "tick", "--today", "02.04.2026")
