"""The pages and the autosave endpoint: the attempt page renders the saved answers,
a new browser resumes the attempt, the endpoint's permissions and errors, submitting
twice, the teacher's pages (SEC-2, LMS-7)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection

from qashyq.assessment import services
from qashyq.assessment.models import Answer, Attempt, AttemptState
from qashyq.assessment.tests.conftest import T0
from qashyq.footprint.models import Statement

MIN = dt.timedelta(minutes=1)


def post_answer(client, attempt, position, response, seq):
    return client.post(
        f"/tests/attempts/{attempt.pk}/answers",
        json.dumps({"position": position, "response": response, "seq": seq}),
        content_type="application/json",
    )


@pytest.fixture
def running(world, make_test, client_of, frozen):
    """Aigerim's attempt started through the page at 10:05."""
    frozen(T0 + 5 * MIN)
    test = make_test()
    client = client_of(world.aigerim.user)
    response = client.post(f"/tests/{test.pk}/start/")
    attempt = Attempt.objects.get(test=test, student=world.aigerim)
    assert response.status_code == 302
    assert response["Location"] == f"/tests/attempts/{attempt.pk}/"
    return test, attempt, client


def test_the_attempt_page_shows_every_question_without_the_answers(running):
    _test, attempt, client = running
    page = client.get(f"/tests/attempts/{attempt.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('class="question q-single"') == 3
    assert '"fraction"' not in body
    assert "<math" in body  # \(x^2\) rendered as MathML
    assert "assessment/attempt.js" in body


def test_a_new_browser_resumes_with_the_saved_answers(running, client_of, world):
    _test, attempt, client = running
    assert post_answer(client, attempt, 2, "c3", 7).json() == {
        "saved": True,
        "seq": 7,
        "remaining_seconds": 3600,
    }
    other_device = client_of(world.aigerim.user)
    page = other_device.get(f"/tests/attempts/{attempt.pk}/")
    state = json.loads(
        page.content.decode().split('id="attempt-state" type="application/json">')[1].split("<")[0]
    )
    assert state["answers"]["2"] == {"response": "c3", "seq": 7}
    assert state["remaining"] == 3600


def test_the_endpoint_answers_404_for_another_students_attempt(running, client_of, world):
    _test, attempt, _client = running
    response = post_answer(client_of(world.bolat.user), attempt, 1, "c1", 1)
    assert response.status_code == 404
    assert Answer.objects.get(attempt=attempt, position=1).seq == 0
    assert client_of(world.bolat.user).get(f"/tests/attempts/{attempt.pk}/").status_code == 404


def test_the_endpoint_refuses_a_bad_shape_and_an_anonymous_caller(running, client):
    _test, attempt, signed_in = running
    assert post_answer(signed_in, attempt, 1, ["c1"], 1).status_code == 422
    assert post_answer(client, attempt, 1, "c1", 1).status_code == 401


def test_after_the_deadline_the_endpoint_answers_409_and_finalizes(running, frozen):
    _test, attempt, client = running
    frozen(attempt.deadline_at + 2 * MIN)
    response = post_answer(client, attempt, 1, "c1", 3)
    assert response.status_code == 409
    assert response.json()["code"] == "attempt_closed"
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED


def test_submitting_twice_through_the_page(running):
    _test, attempt, client = running
    post_answer(client, attempt, 1, "c1", 1)
    first = client.post(f"/tests/attempts/{attempt.pk}/submit/")
    second = client.post(f"/tests/attempts/{attempt.pk}/submit/")
    assert first.status_code == second.status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED
    review = client.get(f"/tests/attempts/{attempt.pk}/")
    assert "33.33 / 100.00" in review.content.decode()


def test_the_teacher_sees_results_and_the_student_list(running, client_of, world):
    test, attempt, client = running
    client.post(f"/tests/attempts/{attempt.pk}/submit/")
    teacher = client_of(world.teacher.user)
    results = teacher.get(f"/tests/{test.pk}/results/")
    assert results.status_code == 200
    assert "Сәрсенова Айгерім" in results.content.decode() or "Айгерім" in results.content.decode()
    assert teacher.get(f"/tests/courses/{world.course.pk}/").status_code == 200
    assert teacher.get(f"/tests/{test.pk}/preview/").status_code == 200
    assert teacher.get(f"/tests/{test.pk}/edit/").status_code == 200
    assert teacher.get(f"/tests/attempts/{attempt.pk}/").status_code == 200


def test_students_do_not_reach_the_teachers_pages(running, client_of, world):
    test, _attempt, client = running
    assert client.get(f"/tests/{test.pk}/results/").status_code == 404
    assert client.get(f"/tests/{test.pk}/edit/").status_code == 404
    outsider = client_of(world.outsider.user)
    assert outsider.get(f"/tests/{test.pk}/").status_code == 404
    assert outsider.get(f"/tests/courses/{world.course.pk}/").status_code == 404


def test_the_teacher_creates_a_test_through_the_form(world, client_of):
    teacher = client_of(world.teacher.user)
    response = teacher.post(
        f"/tests/courses/{world.course.pk}/new/",
        {
            "title": "Емтихан",
            "control": "exam",
            "published": "on",
            "time_limit_minutes": "90",
            "attempts_allowed": "1",
            "grading_method": "best",
            "review_after_submit": "score",
            "review_after_close": "responses",
            "max_points": "100",
            "grace_seconds": "60",
            "s-0-kind": "draw",
            "s-0-category": str(world.algebra.pk),
            "s-0-count": "4",
            "s-1-kind": "fixed",
            "s-1-question": str(world.essay.pk),
            "s-1-points": "10",
        },
    )
    assert response.status_code == 302
    test = world.course.tests.get()
    assert [(s.kind, s.count) for s in test.sections.all()] == [("draw", 4), ("fixed", 1)]


def test_the_students_course_page_lists_open_tests(running, world):
    _test, _attempt, client = running
    page = client.get(f"/tests/courses/{world.course.pk}/")
    assert page.status_code == 200
    assert "Аралық бақылау 1" in page.content.decode()


def test_the_teacher_reopens_and_grades_through_the_pages(running, client_of, world):
    _test, attempt, client = running
    client.post(f"/tests/attempts/{attempt.pk}/submit/")
    teacher = client_of(world.teacher.user)
    teacher.post(f"/tests/attempts/{attempt.pk}/grade/", {"position": 1, "points": "1"})
    assert Answer.objects.get(attempt=attempt, position=1).manual_points == 1
    teacher.post(f"/tests/attempts/{attempt.pk}/reopen/", {"minutes": 10, "reason": "Жарық"})
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS
    assert services.attempt_close_if_overdue(attempt=attempt).state == AttemptState.IN_PROGRESS


def test_a_save_is_one_read_and_one_write(running, django_assert_num_queries):
    """The autosave's budget: the attempt with the position's snapshot, then the upsert —
    nothing that grows with the attempt or the bank (the user comes from the cache) —
    and the footprint's statement (FP-2): one statement on PostgreSQL, a short
    transaction on SQLite."""
    _test, attempt, client = running
    post_answer(client, attempt, 1, "c1", 1)
    footprint = 1 if connection.vendor == "postgresql" else 6
    with django_assert_num_queries(2 + footprint):
        response = post_answer(client, attempt, 2, "c2", 2)
    statement = Statement.objects.filter(verb="answered").order_by("-seq").first()
    assert statement is not None
    assert (statement.object_type, statement.result, statement.context["position"]) == (
        "question",
        {"response": '"c2"'},
        2,
    )
    assert response.json()["saved"] is True
