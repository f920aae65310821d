"""Query counts of the reads that grow with a course: fixed whatever the number of
students and classes (no N+1)."""

from __future__ import annotations

import pytest
from django.test import Client

from qashyq.accounts.tests.factories import UserFactory
from qashyq.courses import selectors as course_selectors
from qashyq.courses import services as course_services
from qashyq.courses.models import Enrolment
from qashyq.people.models import RoleAssignment
from qashyq.schedule import selectors, services
from qashyq.schedule.models import Attendance
from qashyq.schedule.tests.conftest import almaty, student_make, sync_data


def grow(world, actor_of, *, students: int, weeks: int) -> None:
    """More students in group A and more weekly classes, every one marked."""
    for n in range(students):
        student = student_make(world.program, world.group_a, f"Студент{n}", "Тест")
        Enrolment.objects.create(course=world.course, student=student)
    actor = actor_of(world.teacher.user)
    course, access = selectors.course_get_for(actor=actor, course_id=world.course.pk)
    created = services.class_session_create(
        actor=actor,
        access=access,
        course=course,
        data=sync_data(starts_at=almaty(2026, 4, 1, 10, 0), ends_at=almaty(2026, 4, 1, 11, 0)),
        weeks=weeks,
    ).created
    for session in created:
        services.class_session_settle(session=session, now=almaty(2026, 12, 1))


@pytest.mark.parametrize(("students", "weeks"), [(0, 1), (12, 6)])
def test_the_journal_reads_in_three_queries(
    world, actor_of, django_assert_num_queries, students, weeks
):
    grow(world, actor_of, students=students, weeks=weeks)
    with django_assert_num_queries(3):
        journal = selectors.attendance_journal(course=world.course, group_id=None)
    assert len(journal.rows) == 3 + students
    assert len(journal.columns) == weeks
    assert sum(1 for r in journal.rows for c in r.cells if c == "absent") == (3 + students) * weeks


@pytest.mark.parametrize(("students", "weeks"), [(0, 1), (12, 6)])
def test_the_journal_page_queries(world, actor_of, django_assert_num_queries, students, weeks):
    """The signed-in user and scope, the course, its staff and groups come from the cache
    (ADR 0014); enrolment changes show through the course's generation. A miss reads the
    grid (3 queries); a hit reads nothing."""
    grow(world, actor_of, students=students, weeks=weeks)
    client = Client()
    client.force_login(world.teacher.user)
    url = f"/schedule/courses/{world.course.pk}/journal/"
    client.get(url)  # the scope is cached from here on
    services.attendance_mark(  # a change makes the next read a miss
        actor=actor_of(world.teacher.user),
        access=selectors.course_get_for(
            actor=actor_of(world.teacher.user), course_id=world.course.pk
        )[1],
        session=world.course.class_sessions.first(),
        student_id=world.aigerim.pk,
        status="excused",
        now=almaty(2026, 12, 1),
    )
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_other_reads(world, actor_of, django_assert_num_queries):
    grow(world, actor_of, students=5, weeks=3)
    student = actor_of(world.aigerim.user)
    with django_assert_num_queries(1):
        days = selectors.my_week(actor=student, monday=almaty(2026, 4, 6).date())
    assert sum(len(d.sessions) for d in days) == 1
    session = world.course.class_sessions.first()
    with django_assert_num_queries(3):
        roster = selectors.session_roster(session=session)
    assert len(roster) == 8
    with django_assert_num_queries(3):
        own = selectors.my_attendance(actor=student, now=almaty(2026, 12, 1))
    assert [(c.marked, c.absent) for c in own] == [(3, 3)]
    assert Attendance.objects.filter(student=world.aigerim).count() == 3


def test_an_enrolment_change_shows_in_the_cached_journal(world, actor_of):
    """The journal's key has no enrolment query of its own: the courses app's enrolment
    services touch the course's generation, which the key carries (ADR 0014)."""
    grow(world, actor_of, students=0, weeks=1)
    client = Client()
    client.cookies["qashyq_language"] = "en"
    client.force_login(world.teacher.user)
    url = f"/schedule/courses/{world.course.pk}/journal/"
    assert "Жаңабекова" not in client.get(url).content.decode()
    newcomer = student_make(world.program, world.group_a, "Жаңабекова", "Дана")
    registrar = UserFactory.create()
    RoleAssignment.objects.create(
        user=registrar, role="registrar", institution=world.program.institution
    )
    access = course_selectors.course_access(actor=actor_of(registrar), course_id=world.course.pk)
    course_services.enrolment_add(access=access, student=newcomer)
    assert "Жаңабекова" in client.get(url).content.decode()
    enrolment = Enrolment.objects.get(course=world.course, student=newcomer)
    course_services.enrolment_remove(access=access, enrolment=enrolment)
    assert "Жаңабекова" not in client.get(url).content.decode()
