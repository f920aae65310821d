"""ONL-5 reminders: sent in time before the content deadline, once per course and step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.utils import translation

from qashyq.celery import app
from qashyq.courses import services
from qashyq.courses.models import ReadinessReminder
from qashyq.courses.tasks import readiness_reminders_task
from qashyq.courses.tests.test_readiness_support import SPRING_DEADLINE, World, build_world

D = dt.date
Capture = Callable[..., AbstractContextManager[Any]]

# Steps of the spring period (deadline Wednesday 31 December 2025): 10 working days
# before is 17 December (16 December is a holiday), 5 before is 24 December, 2 before
# is 29 December, 0 is the deadline itself.


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def w(db: None) -> World:
    return build_world()


def run(day: dt.date, capture: Capture) -> services.ReminderRun:
    with capture(execute=True):
        return services.readiness_reminders_send(today=day)


def rows(w: World) -> list[tuple[str, int, bool]]:
    return list(
        ReadinessReminder.objects.order_by("course__code", "-step").values_list(
            "course__code", "step", "sent"
        )
    )


def test_onl5_nothing_before_the_first_step(
    w: World, django_capture_on_commit_callbacks: Capture
) -> None:
    result = run(D(2025, 12, 16), django_capture_on_commit_callbacks)

    assert (result.reminded, result.emails) == ([], 0)
    assert mail.outbox == []


def test_onl5_reminders_sent_once_per_course_and_step(
    w: World, django_capture_on_commit_callbacks: Capture
) -> None:
    first = run(D(2025, 12, 17), django_capture_on_commit_callbacks)
    again = run(D(2025, 12, 17), django_capture_on_commit_callbacks)
    next_day = run(D(2025, 12, 18), django_capture_on_commit_callbacks)

    assert first.reminded == [(w.complete.pk, 10), (w.empty.pk, 10)]
    assert first.emails == 2
    assert (again.reminded, again.emails) == ([], 0)
    assert (next_day.reminded, next_day.emails) == ([], 0)
    assert len(mail.outbox) == 2
    assert rows(w) == [("DB2201-26S", 10, True), ("OS2202-26S", 10, True)]
    message = mail.outbox[1]
    assert message.to == ["teacher@example.kz"]
    assert message.subject == "Course OS2202-26S: content is due by 31.12.2025"
    body = message.body.splitlines()
    assert body[:4] == [
        f"The content of {w.empty_discipline.name_en} (OS2202-26S) must be on the portal by "
        "31.12.2025, five working days before the period starts on 12.01.2026.",
        "State: incomplete, 0 % complete.",
        "Missing:",
        "- Working program: content of the discipline",
    ]
    assert body[-1] == f"http://127.0.0.1:8000/courses/{w.empty.pk}/readiness/"
    assert mail.outbox[0].body.splitlines()[1] == "State: complete, not submitted, 100 % complete."


def test_onl5_a_missed_step_is_passed_over(
    w: World, django_capture_on_commit_callbacks: Capture
) -> None:
    run(D(2025, 12, 17), django_capture_on_commit_callbacks)

    result = run(D(2025, 12, 30), django_capture_on_commit_callbacks)  # 24 December missed

    assert result.reminded == [(w.complete.pk, 2), (w.empty.pk, 2)]
    assert result.passed_over == 2
    assert len(mail.outbox) == 4
    assert rows(w) == [
        ("DB2201-26S", 10, True),
        ("DB2201-26S", 5, False),
        ("DB2201-26S", 2, True),
        ("OS2202-26S", 10, True),
        ("OS2202-26S", 5, False),
        ("OS2202-26S", 2, True),
    ]


def test_onl5_overdue_reminder_once_after_the_deadline(
    w: World, django_capture_on_commit_callbacks: Capture
) -> None:
    result = run(SPRING_DEADLINE + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    later = run(D(2026, 1, 14), django_capture_on_commit_callbacks)  # the period has begun

    assert result.reminded == [(w.complete.pk, -1), (w.empty.pk, -1)]
    assert result.passed_over == 8  # steps 10, 5, 2, 0 of both courses
    assert later.reminded == []
    assert mail.outbox[0].subject == "Course DB2201-26S: the content deadline 31.12.2025 has passed"


def test_onl5_ready_courses_get_nothing_and_submitted_ones_go_to_the_head(
    w: World, django_capture_on_commit_callbacks: Capture
) -> None:
    services.complex_submit(actor=w.actor("teacher"), course=w.complete)

    result = run(D(2025, 12, 24), django_capture_on_commit_callbacks)

    assert result.reminded == [(w.complete.pk, 5), (w.empty.pk, 5)]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["head@example.kz"], "Course DB2201-26S: content is due by 31.12.2025"),
        (["teacher@example.kz"], "Course OS2202-26S: content is due by 31.12.2025"),
    ]
    services.complex_approve(actor=w.actor("department_head"), course=w.complete)
    mail.outbox.clear()

    again = run(D(2025, 12, 29), django_capture_on_commit_callbacks)

    assert again.reminded == [(w.empty.pk, 2)]
    assert [m.to for m in mail.outbox] == [["teacher@example.kz"]]


def test_onl5_the_daily_task_runs_the_service(
    w: World, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        result = readiness_reminders_task.delay("2025-12-17").get()
    with django_capture_on_commit_callbacks(execute=True):
        repeated = readiness_reminders_task.delay("2025-12-17").get()

    assert result == {"reminded": 2, "passed_over": 0, "emails": 2}
    assert repeated == {"reminded": 0, "passed_over": 0, "emails": 0}
    assert len(mail.outbox) == 2


def test_onl5_reminders_are_scheduled_daily() -> None:
    entry = app.conf.beat_schedule["courses-readiness-reminders"]

    assert entry["task"] == readiness_reminders_task.name
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({8}, {0})
