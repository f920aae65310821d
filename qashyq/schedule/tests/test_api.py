"""Schedule API: classes, join, attendance, the journal, own attendance, the calendar;
the permission matrix (SEC-2)."""

from __future__ import annotations

import datetime as dt

import pytest

from qashyq.schedule import selectors, services
from qashyq.schedule.models import Attendance, AttendanceChange, ClassSession
from qashyq.schedule.tests.conftest import almaty, sync_data


@pytest.fixture
def api(token_client):
    def make(user):
        client = token_client(user)
        client.cookies["qashyq_language"] = "en"
        return client

    return make


def add(world, actor_of, **overrides):
    actor = actor_of(world.teacher.user)
    course, access = selectors.course_get_for(actor=actor, course_id=world.course.pk)
    return services.class_session_create(
        actor=actor, access=access, course=course, data=sync_data(**overrides)
    ).created[0]


@pytest.fixture
def frozen(monkeypatch):
    def freeze(value):
        monkeypatch.setattr("django.utils.timezone.now", lambda: value)

    return freeze


def test_create_a_class_in_almaty_time(world, api):
    response = api(world.teacher.user).post(
        f"/api/v1/schedule/courses/{world.course.pk}/sessions",
        {
            "kind": "practice",
            "delivery": "sync",
            "starts_at": "2026-03-02T14:00:00",
            "ends_at": "2026-03-02T15:20:00",
            "group_id": world.group_a.pk,
            "conference_url": "https://teams.microsoft.com/l/meetup-join/abc",
            "weeks": 2,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["skipped"] == [
        {"day": "2026-03-09", "holiday": "International Women's Day (observed)"}
    ]
    (created,) = body["created"]
    assert created["starts_at"] == "2026-03-02T14:00:00+05:00"
    assert created["conference_provider"] == "teams"
    assert created["conference_url"] == "https://teams.microsoft.com/l/meetup-join/abc"
    assert created["group"] == {"id": world.group_a.pk, "code": "ИС-25-1"}
    assert ClassSession.objects.get().starts_at == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_invalid_class_answers_with_the_field(world, api):
    response = api(world.teacher.user).post(
        f"/api/v1/schedule/courses/{world.course.pk}/sessions",
        {
            "kind": "lecture",
            "delivery": "sync",
            "starts_at": "2026-03-02T14:00:00+05:00",
            "ends_at": "2026-03-02T13:00:00+05:00",
            "conference_url": "https://meet.jit.si/x",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json() == {
        "code": "session_invalid",
        "message": "The class must end after it starts.",
        "extra": {"field": "ends_at"},
    }


def test_students_see_no_external_link_but_join_through_the_api(world, api, actor_of, frozen):
    session = add(world, actor_of)
    student = api(world.aigerim.user)
    detail = student.get(f"/api/v1/schedule/sessions/{session.pk}").json()
    assert detail["conference_url"] is None
    assert detail["conference_provider"] == "jitsi"
    frozen(almaty(2026, 3, 2, 10, 17))
    response = student.post(f"/api/v1/schedule/sessions/{session.pk}/join")
    assert response.json() == {
        "url": "https://meet.jit.si/qashyq-alg",
        "moderator": False,
        "session_id": session.pk,
    }
    assert Attendance.objects.get().status == "late"
    frozen(almaty(2026, 3, 2, 12, 0))
    response = student.post(f"/api/v1/schedule/sessions/{session.pk}/join")
    assert (response.status_code, response.json()["code"]) == (409, "join_not_open")


def test_week_and_list(world, api, actor_of):
    session = add(world, actor_of)
    add(world, actor_of, group_id=world.group_b.pk)
    week = api(world.aigerim.user).get("/api/v1/schedule/week?day=2026-03-05").json()
    assert [s["id"] for s in week] == [session.pk]
    listed = (
        api(world.teacher.user)
        .get(
            f"/api/v1/schedule/sessions?start=2026-03-02&end=2026-03-03&course_id={world.course.pk}"
        )
        .json()
    )
    assert listed["count"] == 2


def test_mark_and_read_the_register(world, api, actor_of, frozen):
    session = add(world, actor_of, delivery="in_person", room="304")
    frozen(almaty(2026, 3, 2, 11, 0))
    teacher = api(world.teacher.user)
    response = teacher.put(
        f"/api/v1/schedule/sessions/{session.pk}/attendance/{world.bolat.pk}",
        {"status": "excused", "reason": "Дәрігерлік анықтама"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "excused"
    assert AttendanceChange.objects.get().reason == "Дәрігерлік анықтама"
    register = teacher.get(f"/api/v1/schedule/sessions/{session.pk}/attendance").json()
    assert [(r["full_name"], r["status"]) for r in register] == [
        ("Ким Дана", None),
        ("Нұрланов Болат", "excused"),
        ("Сәрсенова Айгерім", None),
    ]
    response = teacher.put(
        f"/api/v1/schedule/sessions/{session.pk}/attendance/{world.outsider.pk}",
        {"status": "present"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (422, "attendance_invalid")


def test_journal_and_own_attendance(world, api, actor_of, frozen):
    session = add(world, actor_of)
    frozen(almaty(2026, 3, 2, 10, 1))
    api(world.dana.user).post(f"/api/v1/schedule/sessions/{session.pk}/join")
    services.class_session_settle(session=session, now=almaty(2026, 3, 2, 12, 0))
    journal = (
        api(world.teacher.user).get(f"/api/v1/schedule/courses/{world.course.pk}/journal").json()
    )
    assert [c["session_id"] for c in journal["columns"]] == [session.pk]
    assert [(r["full_name"], r["marks"], r["percent"]) for r in journal["rows"]] == [
        ("Нұрланов Болат", ["absent"], 0),
        ("Сәрсенова Айгерім", ["absent"], 0),
        ("Ким Дана", ["present"], 100),
    ]
    group = (
        api(world.teacher.user)
        .get(f"/api/v1/schedule/courses/{world.course.pk}/journal?group_id={world.group_b.pk}")
        .json()
    )
    assert [r["full_name"] for r in group["rows"]] == ["Ким Дана"]
    own = api(world.dana.user).get("/api/v1/schedule/me/attendance").json()
    assert own == [
        {
            "course_id": world.course.pk,
            "course_code": "ALG2105-2026S",
            "discipline": world.course.discipline.name_en,
            "attended": 1,
            "marked": 1,
            "absent": 0,
            "percent": 100,
            "marks": [
                {
                    "session_id": session.pk,
                    "starts_at": "2026-03-02T10:00:00+05:00",
                    "kind": "lecture",
                    "delivery": "sync",
                    "status": "present",
                }
            ],
        }
    ]


def test_calendar_through_the_api(world, api, actor_of, frozen):
    session = add(world, actor_of)
    frozen(almaty(2026, 3, 1, 9, 0))
    response = api(world.aigerim.user).get("/api/v1/schedule/me/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"UID:class-{session.pk}@portal.atyrau.edu.kz\r\n" in response.content.decode()


@pytest.mark.parametrize(
    ("case", "read", "write", "journal"),
    [
        ("anonymous", 401, 401, 401),
        ("student of the class", 200, 403, 404),
        ("student of another group", 404, 404, 404),
        ("student not in the course", 404, 404, 404),
        ("teacher of the course", 200, 200, 200),
        ("teacher of another course", 404, 404, 404),
        ("advisor of the group", 200, 403, 200),
        ("advisor of another group", 404, 404, 404),
        ("head of the department", 200, 200, 200),
        ("head of another department", 404, 404, 404),
        ("dean of the faculty", 200, 403, 200),
        ("dean of another faculty", 404, 404, 404),
        ("registrar", 200, 200, 200),
        ("registrar of another institution", 404, 404, 404),
        ("administrator", 200, 200, 200),
        ("superuser", 200, 200, 200),
    ],
)
def test_api_permissions(world, api, actor_of, matrix_user, case, read, write, journal):  # noqa: PLR0917
    """SEC-2: read a group-A class, cancel it, read the journal, by role; a refused write
    changes nothing."""
    session = add(world, actor_of, group_id=world.group_a.pk)
    client = api(matrix_user(case))
    detail = client.get(f"/api/v1/schedule/sessions/{session.pk}")
    assert detail.status_code == read
    if read != 200:
        assert "course_code" not in detail.json()
    assert client.post(f"/api/v1/schedule/sessions/{session.pk}/cancel").status_code == write
    session.refresh_from_db()
    assert session.is_cancelled is (write == 200)
    assert client.get(f"/api/v1/schedule/courses/{world.course.pk}/journal").status_code == journal
