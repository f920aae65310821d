"""The course page's tabs that the apps above courses add (core.nav course tabs): a
student reaches the course's tests, assignments and own grades from it; its teacher also
the question bank."""

from __future__ import annotations

from django.test import Client

from qashyq.accounts.models import User
from qashyq.gradebook.tests.conftest import World


def page_of(user: User, course_id: int) -> str:
    client = Client()
    client.force_login(user)
    client.cookies["qashyq_language"] = "en"
    response = client.get(f"/courses/{course_id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_student_sees_tests_assignments_and_grades_but_not_the_bank(world: World) -> None:
    page = page_of(world.aigerim.user, world.course.pk)
    course = world.course.pk
    assert f'href="/tests/courses/{course}/">Tests</a>' in page
    assert f'href="/assignments/courses/{course}/">Assignments</a>' in page
    assert f'href="/grades/courses/{course}/">Grades</a>' in page
    assert "/questions/courses/" not in page


def test_the_teacher_also_sees_the_question_bank(world: World) -> None:
    page = page_of(world.teacher.user, world.course.pk)
    assert f'href="/questions/courses/{world.course.pk}/">Question bank</a>' in page
    assert f'href="/grades/courses/{world.course.pk}/">Grades</a>' in page
