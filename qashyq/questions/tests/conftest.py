"""Fixtures of the question bank tests: a published course with a teacher, an assistant,
a tutor, two students (one enrolled), and actors as people computes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import override_settings
from django.utils import translation

from qashyq.accounts.models import User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.core.scope import ActorScope
from qashyq.courses.models import Course, CourseStaff, CourseStatus, Enrolment, LearningOutcome
from qashyq.institutions.models import Department, Faculty, Institution
from qashyq.institutions.tests.factories import (
    AcademicPeriodFactory,
    AcademicYearFactory,
    DepartmentFactory,
    DisciplineFactory,
    FacultyFactory,
    InstitutionFactory,
    ProgramFactory,
    StudentGroupFactory,
)
from qashyq.people import selectors as people_selectors
from qashyq.people.models import RoleAssignment, Staff, Student
from qashyq.people.tests.factories import StaffFactory, StudentFactory
from qashyq.questions.models import Category


@pytest.fixture(autouse=True)
def _english(tmp_path: Any) -> Iterator[None]:
    with translation.override("en"), override_settings(MEDIA_ROOT=str(tmp_path / "media")):
        yield


@dataclass
class World:
    institution: Institution
    other_institution: Institution
    faculty: Faculty
    other_faculty: Faculty
    department: Department
    other_department: Department
    course: Course
    other_course: Course
    teacher: Staff
    assistant: Staff
    tutor: Staff
    other_teacher: Staff
    student: Student
    outsider: Student
    category: Category
    outcome: LearningOutcome


def _staff(department: Department) -> Staff:
    staff = StaffFactory.create(department=department)
    RoleAssignment.objects.create(
        user=staff.user,
        role="teacher",
        institution=department.faculty.institution,
        department=department,
    )
    return staff


@pytest.fixture
def world(db: None) -> World:
    institution = InstitutionFactory.create(code="atyrau")
    other_institution = InstitutionFactory.create(code="shakarim")
    faculty = FacultyFactory.create(institution=institution, code="FIT")
    other_faculty = FacultyFactory.create(institution=institution, code="PED")
    department = DepartmentFactory.create(faculty=faculty, code="IS")
    other_department = DepartmentFactory.create(faculty=other_faculty, code="PSY")
    program = ProgramFactory.create(department=department, code="6B06101")
    year = AcademicYearFactory.create(institution=institution, start_year=2025)
    period = AcademicPeriodFactory.create(
        academic_year=year, number=2, starts_on=dt.date(2026, 1, 12), ends_on=dt.date(2026, 5, 9)
    )
    discipline = DisciplineFactory.create(department=department, code="ALG2105")
    course = Course.objects.create(
        institution=institution,
        discipline=discipline,
        period=period,
        code="ALG2105-2026S",
        status=CourseStatus.PUBLISHED,
    )
    other_course = Course.objects.create(
        institution=institution,
        discipline=DisciplineFactory.create(department=department, code="DB2201"),
        period=period,
        code="DB2201-2026S",
        status=CourseStatus.PUBLISHED,
    )
    teacher, assistant, tutor, other_teacher = (_staff(department) for _ in range(4))
    CourseStaff.objects.create(course=course, staff=teacher, role="teacher")
    CourseStaff.objects.create(course=course, staff=assistant, role="assistant")
    CourseStaff.objects.create(course=course, staff=tutor, role="tutor")
    CourseStaff.objects.create(course=other_course, staff=other_teacher, role="teacher")
    group = StudentGroupFactory.create(program=program, code="ИС-25-1")
    student = StudentFactory.create(program=program, group=group)
    outsider = StudentFactory.create(program=program, group=group)
    for s in (student, outsider):
        RoleAssignment.objects.create(user=s.user, role="student", institution=institution)
    Enrolment.objects.create(course=course, student=student)
    category = Category.objects.create(course=course, name="Модуль 1")
    outcome = LearningOutcome.objects.create(course=course, code="LO1", text="Сұрыптай алады")
    return World(
        institution=institution,
        other_institution=other_institution,
        faculty=faculty,
        other_faculty=other_faculty,
        department=department,
        other_department=other_department,
        course=course,
        other_course=other_course,
        teacher=teacher,
        assistant=assistant,
        tutor=tutor,
        other_teacher=other_teacher,
        student=student,
        outsider=outsider,
        category=category,
        outcome=outcome,
    )


@pytest.fixture
def actor_of() -> Callable[[User], ActorScope]:
    return lambda user: people_selectors.actor_scope(user=user)


@pytest.fixture
def teacher_actor(world: World, actor_of: Callable[[User], ActorScope]) -> ActorScope:
    return actor_of(world.teacher.user)


@pytest.fixture
def matrix_user(world: World) -> Callable[[str], User | None]:
    """The actors of the permission matrix (SEC-2), by name."""
    w = world

    def role(name: str, where: Institution | None = None, **scope: Any) -> User:
        user = UserFactory.create()
        RoleAssignment.objects.create(
            user=user, role=name, institution=where or w.institution, **scope
        )
        return user

    cases: dict[str, Callable[[], User | None]] = {
        "anonymous": lambda: None,
        "student of the course": lambda: w.student.user,
        "student not in the course": lambda: w.outsider.user,
        "teacher of the course": lambda: w.teacher.user,
        "assistant of the course": lambda: w.assistant.user,
        "tutor of the course": lambda: w.tutor.user,
        "teacher of another course": lambda: w.other_teacher.user,
        "head of the department": lambda: role("department_head", department=w.department),
        "head of another department": lambda: role(
            "department_head", department=w.other_department
        ),
        "dean of the faculty": lambda: role("dean", faculty=w.faculty),
        "dean of another faculty": lambda: role("dean", faculty=w.other_faculty),
        "distance unit": lambda: role("distance_unit"),
        "registrar of another institution": lambda: role("registrar", w.other_institution),
        "superuser": lambda: UserFactory.create(is_superuser=True, is_staff=True),
    }
    return lambda case: cases[case]()
