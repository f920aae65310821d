"""The assessment API: create a test, start/resume, autosave, submit, results, tickets;
the permission answers (SEC-2)."""

from __future__ import annotations

import datetime as dt

import pytest

from qashyq.assessment import services
from qashyq.assessment.tests.conftest import T0

MIN = dt.timedelta(minutes=1)


@pytest.fixture
def api(token_client):
    def make(user):
        client = token_client(user)
        client.cookies["qashyq_language"] = "en"
        return client

    return make


def test_the_whole_attempt_through_the_api(world, make_test, api, frozen):
    frozen(T0 + 5 * MIN)
    test = make_test()
    student = api(world.aigerim.user)
    started = student.post(f"/api/v1/tests/{test.pk}/attempts")
    assert started.status_code == 201
    body = started.json()
    attempt_id = body["attempt"]["id"]
    assert body["attempt"]["remaining_seconds"] == 3600
    assert [q["position"] for q in body["questions"]] == [1, 2, 3]
    assert "fraction" not in str(body["questions"])
    saved = student.post(
        f"/api/v1/attempts/{attempt_id}/answers",
        {"position": 1, "response": "c1", "seq": 1},
        content_type="application/json",
    )
    assert saved.json() == {"saved": True, "seq": 1, "remaining_seconds": 3600}
    resumed = student.post(f"/api/v1/tests/{test.pk}/attempts")
    assert resumed.json()["attempt"]["id"] == attempt_id
    assert resumed.json()["questions"][0]["response"] == "c1"
    submitted = student.post(f"/api/v1/attempts/{attempt_id}/submit")
    again = student.post(f"/api/v1/attempts/{attempt_id}/submit")
    assert submitted.json()["score"] == again.json()["score"] == "33.33"
    late = student.post(
        f"/api/v1/attempts/{attempt_id}/answers",
        {"position": 2, "response": "c1", "seq": 2},
        content_type="application/json",
    )
    assert late.status_code == 409
    results = api(world.teacher.user).get(f"/api/v1/tests/{test.pk}/attempts")
    assert [a["score"] for a in results.json()] == ["33.33"]


@pytest.mark.parametrize(
    ("case", "status"),
    [("owner", 200), ("other student", 404), ("outsider", 404), ("teacher", 200)],
)
def test_an_attempt_is_the_students_and_the_teachers(  # noqa: PLR0917
    world, make_test, api, frozen, case, status
):
    frozen(T0 + 5 * MIN)
    test = make_test()
    attempt = services.attempt_start(access=_access(world), test=test)
    user = {
        "owner": world.aigerim.user,
        "other student": world.bolat.user,
        "outsider": world.outsider.user,
        "teacher": world.teacher.user,
    }[case]
    assert api(user).get(f"/api/v1/attempts/{attempt.pk}").status_code == status


def _access(world):
    from qashyq.courses.selectors import course_access
    from qashyq.people import selectors as people_selectors

    actor = people_selectors.actor_scope(user=world.aigerim.user)
    return course_access(actor=actor, course_id=world.course.pk)


def test_a_student_may_not_create_tests(world, api):
    response = api(world.aigerim.user).post(
        f"/api/v1/courses/{world.course.pk}/tests",
        {"title": "X"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not world.course.tests.exists()


def test_the_teacher_creates_a_test(world, api):
    response = api(world.teacher.user).post(
        f"/api/v1/courses/{world.course.pk}/tests",
        {
            "title": "Тест 1",
            "control": "current",
            "published": True,
            "sections": [{"kind": "draw", "category_id": world.algebra.pk, "count": 2}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["sections"][0]["count"] == 2


def test_anonymous_gets_401(world, api):
    assert api(None).get(f"/api/v1/courses/{world.course.pk}/tests").status_code == 401
