"""Students' monitoring pages (FP-2, FP-4): a student sees only their own footprint, an
advisor only their students, a teacher only their courses' figures; the figures on the
pages are the hand-computed ones of the world (built around the real time here, since
the pages read the clock)."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qashyq.accounts.models import User
from qashyq.courses.models import Enrolment
from qashyq.people.models import RoleAssignment
from qashyq.people.tests.factories import StudentFactory
from qashyq.reports import services_risk
from qashyq.reports.models.risk import RiskNotification, RiskPolicy
from qashyq.reports.tests.test_students_world import World, build_world

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture
def world(db: None) -> World:
    return build_world(timezone.now())


def _client(user: User | None) -> Client:
    client = Client()
    client.cookies["qashyq_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _text(html: bytes) -> str:
    """The page's text with tags dropped and spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def _part(html: str, pattern: str) -> str:
    """The text of the first part of the page that matches."""
    match = re.search(pattern, html, re.S)
    assert match is not None
    return _text(match.group(0).encode())


def _row(html: bytes, student_id: int) -> str:
    match = re.search(rf'<tr data-student="{student_id}">(.*?)</tr>', html.decode(), re.S)
    assert match is not None
    return _text(match.group(1).encode())


def test_a_students_own_footprint(world: World) -> None:
    response = _client(world.aigerim.user).get(reverse("reports:students_me"))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="signins">3<', html)
    assert re.search(r'id="attendance">71 %<', html)
    assert re.search(r'id="materials">33 %<', html)
    assert re.search(r'id="tasks">50 %<', html)
    text = _text(response.content)
    assert "5 of 7 classes attended · present 4 · late 1 · absent 1 · excused 1" in text
    assert "1 of 3 required completed · 2 opened" in text
    assert "on time 3 · late 1 · overdue 2 · not due yet 2" in text
    courses = _part(html, r'<table id="courses">.*?</table>')
    assert "ALG2105-S" in courses
    assert "83 % (5/6) 1/2 2 1 2 2" in courses
    assert "0 % (0/1) 0/1 1 0 0 0" in courses
    assert "NET3301-S" not in html  # a draft course
    assert "OLD1101-S" not in html  # another period
    assert "Attendance fell from 100 % to 50 % in the last 14 days." in text
    assert "2 tasks overdue." in text
    assert "<svg" in html
    actions = _part(html, r'<ul class="stack small" id="actions">.*?</ul>')
    assert re.findall(r"· (\w+) · ([\w-]+) \(([\w-]+)\)", actions) == [
        ("viewed", "DBS2201-S", "DBS2201-S"),
        ("completed", "L1", "ALG2105-S"),
        ("viewed", "L1", "ALG2105-S"),
    ]


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("anonymous", 302),
        ("herself", 302),  # to her own page
        ("another student", 404),
        ("advisor of her group", 200),
        ("advisor of another group", 404),
        ("tutor of the department", 200),
        ("tutor of her course", 200),
        ("teacher of her course", 200),
        ("teacher of no course", 404),
        ("registrar", 404),
    ],
)
def test_who_opens_aigerims_page(world: World, case: str, status: int) -> None:
    user = {
        "anonymous": None,
        "herself": world.aigerim.user,
        "another student": world.bolat.user,
        "advisor of her group": world.advisor_a,
        "advisor of another group": world.advisor_b,
        "tutor of the department": world.department_tutor,
        "tutor of her course": world.alg_tutor.user,
        "teacher of her course": world.db_teacher.user,
        "teacher of no course": world.other_teacher.user,
        "registrar": world.registrar,
    }[case]
    response = _client(user).get(reverse("reports:student_detail", args=[world.aigerim.pk]))
    assert response.status_code == status
    if status == 404:
        assert "Айгерім" not in response.content.decode()
    if case == "herself":
        assert response["Location"].startswith(reverse("reports:students_me"))


def test_only_students_have_a_footprint_page(world: World) -> None:
    assert _client(world.advisor_a).get(reverse("reports:students_me")).status_code == 404


@pytest.mark.parametrize("name", ["reports:students", "reports:students_at_risk"])
def test_students_and_others_without_students_have_no_list(world: World, name: str) -> None:
    for user in (world.aigerim.user, world.registrar, world.other_teacher.user):
        assert _client(user).get(reverse(name)).status_code == 404


def test_an_advisors_list(world: World) -> None:
    response = _client(world.advisor_a).get(reverse("reports:students"))
    assert response.status_code == 200
    html = response.content
    assert _row(html, world.aigerim.pk).split(" · ")[0].strip().startswith("Сәрсенова Айгерім")
    aigerim = _row(html, world.aigerim.pk)
    assert "ИС-25-1 3" in aigerim
    assert "71 % (5/7) 1/3 3 / 1 / 2" in aigerim
    assert "falling attendance low attendance overdue tasks" in aigerim
    bolat = _row(html, world.bolat.pk)
    assert "— 0/2 0 / 0 / 5 no sign-in overdue tasks" in bolat
    assert f'data-student="{world.dana.pk}"' not in html.decode()
    assert f'data-student="{world.timur.pk}"' not in html.decode()


def test_a_teacher_sees_their_course_only(world: World) -> None:
    client = _client(world.db_teacher.user)
    html = client.get(reverse("reports:students")).content
    aigerim = _row(html, world.aigerim.pk)
    assert "your courses" in aigerim
    assert "0 % (0/1) 0/1 1 / 0 / 0" in aigerim
    assert aigerim.rstrip().endswith("0 % (0/1) 0/1 1 / 0 / 0 —")  # no signal from DB alone
    assert "no sign-in overdue tasks" in _row(html, world.dana.pk)
    assert f'data-student="{world.bolat.pk}"' not in html.decode()
    page = client.get(reverse("reports:student_detail", args=[world.aigerim.pk]))
    assert page.status_code == 200
    assert b"Only the courses you teach or tutor are shown." in page.content
    assert b"DBS2201-S" in page.content
    assert b"ALG2105-S" not in page.content


def test_the_list_filters_by_group_and_name(world: World) -> None:
    client = _client(world.department_tutor)
    html = client.get(reverse("reports:students"), {"group": world.group_b.pk}).content.decode()
    assert re.findall(r'data-student="(\d+)"', html) == [str(world.dana.pk)]
    html = client.get(reverse("reports:students"), {"q": "Болат"}).content.decode()
    assert re.findall(r'data-student="(\d+)"', html) == [str(world.bolat.pk)]


def test_the_list_reads_the_same_number_of_queries_for_more_students(world: World) -> None:
    client = _client(world.department_tutor)
    client.get(reverse("reports:students"))  # warm the session and the menu
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("reports:students"))
    for _ in range(3):
        student = StudentFactory.create(program=world.group_b.program, group=world.group_b)
        Enrolment.objects.create(course=world.db, student=student)
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse("reports:students"))
    assert len(re.findall(r'data-student="', response.content.decode())) == 7
    assert len(after) == len(before)


def test_the_at_risk_list(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    client = _client(world.advisor_a)
    html = client.get(reverse("reports:students_at_risk")).content.decode()
    text = _text(html.encode())
    assert "2 of 2 students need attention" in text
    assert re.findall(r'<li data-reason="(\w+)"', html) == [
        "no_signin",
        "overdue",
        "attendance_falling",
        "attendance_low",
        "overdue",
    ]
    assert "No sign-in for 9 days." in text
    assert text.count("not notified yet") == 5
    with django_capture_on_commit_callbacks(execute=True):
        services_risk.risk_alerts_run()
    text = _text(client.get(reverse("reports:students_at_risk")).content)
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert text.count(f"notified {today}") == 5
    assert "not notified yet" not in text


def test_notifications_in_the_app(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services_risk.risk_alerts_run()
    client = _client(world.advisor_a)
    html = client.get(reverse("reports:students_notifications")).content.decode()
    assert html.count('class="unread"') == 5
    response = client.post(reverse("reports:students_notifications_read"))
    assert response.status_code == 302
    assert not RiskNotification.objects.filter(recipient=world.advisor_a, read_at=None).exists()
    assert RiskNotification.objects.filter(recipient=world.advisor_b, read_at=None).count() == 2
    own = _client(world.dana.user).get(reverse("reports:students_notifications"))
    assert own.content.decode().count("Your studies") == 2


def test_the_thresholds_page(world: World) -> None:
    assert _client(world.registrar).get(reverse("reports:students_policy")).status_code == 404
    admin = User.objects.create(username="admin1")
    RoleAssignment.objects.create(user=admin, role="admin", institution=world.institution)
    client = _client(admin)
    assert client.get(reverse("reports:students_policy")).status_code == 200
    data = {
        "no_signin_days": 10,
        "attendance_window_days": 14,
        "attendance_min_marked": 3,
        "attendance_drop_points": 20,
        "attendance_floor_percent": 60,
        "overdue_min": 1,
        "notify_every_days": 7,
    }
    response = client.post(reverse("reports:students_policy"), data)
    assert response.status_code == 302
    policy = RiskPolicy.objects.get(institution=world.institution)
    assert (policy.no_signin_days, policy.notify_students) == (10, False)
    # Bolat's 9 days without a sign-in are no longer a signal.
    text = _text(_client(world.advisor_a).get(reverse("reports:students_at_risk")).content)
    assert "No sign-in for 9 days." not in text
    bad = client.post(reverse("reports:students_policy"), {**data, "no_signin_days": 0})
    assert bad.status_code == 200
    assert RiskPolicy.objects.get(institution=world.institution).no_signin_days == 10
