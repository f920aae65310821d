"""Fixtures of the assignments tests: a published course of two groups with a teacher,
three students, an outsider, actors as people computes them, and media in a temporary
folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client, override_settings
from django.utils import translation

from qashyq.accounts.models import User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.assignments import selectors, services
from qashyq.assignments.data import AssignmentData
from qashyq.assignments.models import Assignment
from qashyq.core.scope import ActorScope
from qashyq.courses.models import Course, CourseGroup, CourseStaff, CourseStatus, Enrolment
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

ALMATY = ZoneInfo("Asia/Almaty")


def almaty(year: int, month: int, day: int, hour: int = 0, minute: int = 0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=ALMATY)


DUE = almaty(2026, 3, 10, 23, 59)


@pytest.fixture(autouse=True)
def _english_and_media(tmp_path: Path) -> Iterator[None]:
    with translation.override("en"), override_settings(MEDIA_ROOT=str(tmp_path)):
        yield


@dataclass
class World:
    course: Course
    other_course: Course
    teacher: Staff
    other_teacher: Staff
    aigerim: Student
    bolat: Student
    dana: Student
    outsider: Student


def _student(program, group, last: str, first: str) -> Student:
    student = StudentFactory.create(
        program=program,
        group=group,
        user=UserFactory.create(last_name=last, first_name=first, middle_name=""),
    )
    RoleAssignment.objects.create(
        user=student.user, role="student", institution=program.institution
    )
    return student


def _staff(department, last: str, first: str) -> Staff:
    staff = StaffFactory.create(
        department=department,
        user=UserFactory.create(last_name=last, first_name=first, middle_name=""),
    )
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
    faculty = FacultyFactory.create(institution=institution, code="FIT")
    department = DepartmentFactory.create(faculty=faculty, code="IS")
    program = ProgramFactory.create(department=department, code="6B06101")
    year = AcademicYearFactory.create(institution=institution, start_year=2025)
    period = AcademicPeriodFactory.create(
        academic_year=year, number=2, starts_on=dt.date(2026, 1, 12), ends_on=dt.date(2026, 5, 9)
    )
    group_a = StudentGroupFactory.create(program=program, code="ИС-25-1")
    group_c = StudentGroupFactory.create(program=program, code="ИС-25-3")
    course = Course.objects.create(
        institution=institution,
        discipline=DisciplineFactory.create(department=department, code="ALG2105"),
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
    teacher = _staff(department, "Ахметов", "Серік")
    other_teacher = _staff(department, "Жұмабаев", "Ерлан")
    CourseStaff.objects.create(course=course, staff=teacher, role="teacher")
    CourseStaff.objects.create(course=other_course, staff=other_teacher, role="teacher")
    CourseGroup.objects.create(course=course, group=group_a)
    aigerim = _student(program, group_a, "Сәрсенова", "Айгерім")
    bolat = _student(program, group_a, "Нұрланов", "Болат")
    dana = _student(program, group_a, "Ким", "Дана")
    outsider = _student(program, group_c, "Омаров", "Тимур")
    for s in (aigerim, bolat, dana):
        Enrolment.objects.create(course=course, student=s)
    Enrolment.objects.create(course=other_course, student=outsider)
    return World(course, other_course, teacher, other_teacher, aigerim, bolat, dana, outsider)


@pytest.fixture
def actor_of() -> Callable[[User], ActorScope]:
    return lambda user: people_selectors.actor_scope(user=user)


@pytest.fixture
def make_assignment(world: World, actor_of) -> Callable[..., Assignment]:
    """An assignment of the course made by its teacher through the service."""

    def make(**overrides: Any) -> Assignment:
        values: dict[str, Any] = {
            "title": "Сұрыптау есебі",
            "due_at": DUE,
            "max_points": Decimal(100),
            "late_penalty_percent": Decimal(10),
            "late_penalty_max": Decimal(30),
            "allowed_extensions": "pdf,docx,txt",
            "max_files": 2,
            "max_file_mb": 1,
            "is_published": True,
        }
        values.update(overrides)
        actor = actor_of(world.teacher.user)
        access = selectors.course_access_for(actor=actor, course_id=world.course.pk)
        return services.assignment_create(actor=actor, access=access, data=AssignmentData(**values))

    return make


@pytest.fixture
def teacher_access(world: World, actor_of):
    actor = actor_of(world.teacher.user)
    return actor, selectors.course_access_for(actor=actor, course_id=world.course.pk)


def client_for(user: User | None) -> Client:
    client = Client()
    client.cookies["qashyq_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client
