"""The daily at-risk run and its notifications (FP-2) against the hand-computed world:
seven signals, each told once per period to the advisors, tutors and the student, in the
app and in one e-mail digest per person."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from qashyq.accounts.models import User
from qashyq.core.errors import PermissionDenied
from qashyq.people import selectors as people_selectors
from qashyq.people.models import RoleAssignment
from qashyq.reports import selectors_students as sel
from qashyq.reports import services_risk
from qashyq.reports.models.risk import RiskAlert, RiskNotification, RiskPolicy
from qashyq.reports.tasks_risk import risk_daily_task
from qashyq.reports.tests.test_students_world import World, build_world

ALMATY = ZoneInfo("Asia/Almaty")
NOW = dt.datetime(2026, 3, 11, 12, 0, tzinfo=ALMATY)  # a Wednesday: the period began Monday 9th

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def world(db: None) -> World:
    return build_world(NOW)


def _run(capture: Capture, now: dt.datetime = NOW) -> services_risk.RiskRun:
    with capture(execute=True):
        return services_risk.risk_alerts_run(now=now)


def test_the_daily_run_raises_each_signal_once_and_tells_everyone(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    run = _run(django_capture_on_commit_callbacks)
    w = world
    assert sorted(run.alerts) == sorted(
        [
            (w.aigerim.pk, "attendance_falling"),
            (w.aigerim.pk, "attendance_low"),
            (w.aigerim.pk, "overdue"),
            (w.bolat.pk, "no_signin"),
            (w.bolat.pk, "overdue"),
            (w.dana.pk, "no_signin"),
            (w.dana.pk, "overdue"),
        ]
    )
    assert set(RiskAlert.objects.values_list("period_start", "detected_on")) == {
        (dt.date(2026, 3, 9), dt.date(2026, 3, 11))
    }
    # Aigerim's 3 and Bolat's 2 go to the advisor of group A, the department's tutor,
    # ALG's tutor and the student; Dana's 2 to the advisor of B, the department's tutor
    # and Dana (DB's teacher is not told): 3·4 + 2·4 + 2·3 = 26.
    per_user = Counter(RiskNotification.objects.values_list("recipient_id", flat=True))
    assert per_user == {
        w.advisor_a.pk: 5,
        w.advisor_b.pk: 2,
        w.department_tutor.pk: 7,
        w.alg_tutor.user.pk: 5,
        w.aigerim.user.pk: 3,
        w.bolat.user.pk: 2,
        w.dana.user.pk: 2,
    }
    assert run.notifications == 26
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email
        for u in (
            w.advisor_a,
            w.advisor_b,
            w.department_tutor,
            w.alg_tutor.user,
            w.aigerim.user,
            w.bolat.user,
            w.dana.user,
        )
    )
    assert not RiskNotification.objects.filter(emailed_at__isnull=True).exists()


def test_a_second_run_in_the_period_tells_nothing(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    _run(django_capture_on_commit_callbacks)
    later = _run(django_capture_on_commit_callbacks, NOW + dt.timedelta(days=4, hours=10))
    assert later.alerts == []
    assert later.notifications == 0
    assert len(mail.outbox) == 7
    assert RiskAlert.objects.count() == 7


def test_a_new_period_tells_again_what_persists(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    """Daily periods: a day later Dana has still never signed in and B1 is still overdue."""
    RiskPolicy.objects.create(institution=world.institution, notify_every_days=1)
    _run(django_capture_on_commit_callbacks)
    next_day = _run(django_capture_on_commit_callbacks, NOW + dt.timedelta(days=1))
    assert (world.dana.pk, "no_signin") in next_day.alerts
    assert (world.dana.pk, "overdue") in next_day.alerts
    assert sorted(
        RiskAlert.objects.filter(student=world.dana).values_list("period_start", "reason")
    ) == [
        (dt.date(2026, 3, 11), "no_signin"),
        (dt.date(2026, 3, 11), "overdue"),
        (dt.date(2026, 3, 12), "no_signin"),
        (dt.date(2026, 3, 12), "overdue"),
    ]


def test_the_advisors_digest(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    _run(django_capture_on_commit_callbacks)
    (message,) = [m for m in mail.outbox if m.to == [world.advisor_b.email]]
    assert message.subject == "Qashyq: 1 student needs attention"
    assert message.body == "\n".join(
        [
            "New at-risk signals of the students you look after:",
            "",
            f"Ким Дана ({world.dana.student_number}, ИС-25-2)",
            "- Has never signed in.",
            "- 1 task overdue.",
            "",
            f"{settings.SITE_URL}/reports/students/at-risk/",
        ]
    )
    (message,) = [m for m in mail.outbox if m.to == [world.advisor_a.email]]
    assert message.subject == "Qashyq: 2 students need attention"
    assert "- No sign-in for 9 days.\n- 5 tasks overdue." in message.body


def test_the_students_own_digest(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    _run(django_capture_on_commit_callbacks)
    (message,) = [m for m in mail.outbox if m.to == [world.aigerim.user.email]]
    assert message.subject == "Qashyq: your studies need attention"
    assert message.body == "\n".join(
        [
            "Signals about your own studies:",
            "- Attendance fell from 100 % to 50 % in the last 14 days.",
            "- Attendance 50 % in the last 14 days, below 60 %.",
            "- 2 tasks overdue.",
            "Your advisor or tutor can help; your footprint is here:",
            f"{settings.SITE_URL}/reports/students/me/",
        ]
    )


def test_students_are_not_told_when_the_policy_says_so(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    RiskPolicy.objects.create(institution=world.institution, notify_students=False)
    run = _run(django_capture_on_commit_callbacks)
    assert run.notifications == 19
    assert len(mail.outbox) == 4
    students = [world.aigerim.user.pk, world.bolat.user.pk, world.dana.user.pk]
    assert not RiskNotification.objects.filter(recipient_id__in=students).exists()


def test_roles_not_in_force_and_inactive_people_are_not_told(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    RoleAssignment.objects.filter(user=world.advisor_b).update(ends_on=dt.date(2026, 3, 1))
    User.objects.filter(pk=world.alg_tutor.user.pk).update(is_active=False)
    _run(django_capture_on_commit_callbacks)
    told = set(RiskNotification.objects.values_list("recipient_id", flat=True))
    assert world.advisor_b.pk not in told
    assert world.alg_tutor.user.pk not in told
    assert world.department_tutor.pk in told


def test_a_digest_goes_once(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    _run(django_capture_on_commit_callbacks)
    assert services_risk.risk_digest_email(recipient_id=world.advisor_a.pk) == 0
    assert len(mail.outbox) == 7


def test_no_address_no_mail_and_nothing_marked(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    User.objects.filter(pk=world.advisor_b.pk).update(email="")
    _run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 6
    unsent = RiskNotification.objects.filter(emailed_at__isnull=True)
    assert set(unsent.values_list("recipient_id", flat=True)) == {world.advisor_b.pk}


def test_the_task_runs_the_service(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        result = risk_daily_task.delay(NOW.isoformat()).get()
    assert result == {"alerts": 7, "notifications": 26, "recipients": 7}
    assert len(mail.outbox) == 7


def test_reading_the_notifications(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    _run(django_capture_on_commit_callbacks)
    assert sel.unread_count(user_id=world.advisor_a.pk) == 5
    assert services_risk.risk_notifications_read(user_id=world.advisor_a.pk) == 5
    assert sel.unread_count(user_id=world.advisor_a.pk) == 0
    assert sel.unread_count(user_id=world.advisor_b.pk) == 2


def test_the_thresholds_are_changed_by_administrators_only(world: World) -> None:
    values = sel.PolicyData(no_signin_days=10, notify_students=False)
    registrar = people_selectors.actor_scope(user=world.registrar)
    with pytest.raises(PermissionDenied):
        services_risk.risk_policy_save(
            actor=registrar, institution_id=world.institution.pk, values=values
        )
    assert not RiskPolicy.objects.exists()
    admin = User.objects.create(username="admin1")
    RoleAssignment.objects.create(user=admin, role="admin", institution=world.institution)
    policy = services_risk.risk_policy_save(
        actor=people_selectors.actor_scope(user=admin),
        institution_id=world.institution.pk,
        values=values,
    )
    assert (policy.no_signin_days, policy.notify_students, policy.attendance_window_days) == (
        10,
        False,
        14,
    )
