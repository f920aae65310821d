"""Fixtures of the course tests: an institution with a discipline in the autumn semester
of 2025 for two groups of one program; a published course of it for the first group,
with a teacher and a tutor; students of both groups with individual study plans; and
the actors of the permission matrix (SEC-2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from qashyq.accounts.models import User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.core.scope import ActorScope
from qashyq.courses import selectors, services
from qashyq.courses.models import Course, CourseStatus
from qashyq.courses.selectors import CourseAccess
from qashyq.institutions.models import (
    AcademicPeriod,
    Department,
    Discipline,
    Faculty,
    Institution,
    Program,
    StudentGroup,
)
from qashyq.institutions.tests.factories import (
    AcademicPeriodFactory,
    AcademicYearFactory,
    CurriculumFactory,
    CurriculumItemFactory,
    DepartmentFactory,
    DisciplineFactory,
    FacultyFactory,
    InstitutionFactory,
    ProgramFactory,
    StudentGroupFactory,
)
from qashyq.people import selectors as people_selectors
from qashyq.people.models import RoleAssignment, Staff, Student, StudyPlanItem
from qashyq.people.tests.factories import StaffFactory, StudentFactory

SUPER = ActorScope(user_id=None, is_superuser=True)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages raised outside a request are asserted in English (the source language)."""
    with translation.override("en"):
        yield


@dataclass
class World:
    institution: Institution
    other_institution: Institution
    faculty: Faculty
    other_faculty: Faculty
    department: Department
    other_department: Department
    program: Program
    group: StudentGroup
    other_group: StudentGroup
    period: AcademicPeriod
    discipline: Discipline
    student: Student
    classmate: Student
    other_student: Student
    teacher: Staff
    tutor: Staff
    other_teacher: Staff
    course: Course


def student_in(group: StudentGroup, discipline: Discipline, *, name: str, number: str) -> Student:
    """A student of `group` whose plan has `discipline` in semester 1 (SIS-4)."""
    user = UserFactory.create(first_name=name, last_name="Сәрсенова", username=f"s{number}")
    student = StudentFactory.create(
        user=user, program=group.program, group=group, student_number=number
    )
    RoleAssignment.objects.create(user=user, role="student", institution=student.institution)
    StudyPlanItem.objects.create(
        student=student, discipline=discipline, semester=1, credits=discipline.credits
    )
    return student


def staff_in(department: Department, *, last_name: str, role: str = "teacher") -> Staff:
    user = UserFactory.create(first_name="Ерлан", last_name=last_name)
    staff = StaffFactory.create(user=user, department=department)
    RoleAssignment.objects.create(
        user=user, role=role, institution=department.faculty.institution, department=department
    )
    return staff


@pytest.fixture
def world(db: None) -> World:
    institution = InstitutionFactory.create(code="atyrau", name_kk="Атырау университеті")
    other_institution = InstitutionFactory.create(code="shakarim")
    faculty = FacultyFactory.create(institution=institution, code="FIT")
    other_faculty = FacultyFactory.create(institution=institution, code="PED")
    department = DepartmentFactory.create(faculty=faculty, code="IS")
    other_department = DepartmentFactory.create(faculty=other_faculty, code="PSY")
    program = ProgramFactory.create(department=department, code="6B06101")
    group = StudentGroupFactory.create(program=program, code="ИС-25-1", admission_year=2025)
    other_group = StudentGroupFactory.create(program=program, code="ИС-25-2", language="ru")
    year = AcademicYearFactory.create(institution=institution, start_year=2025)
    period = AcademicPeriodFactory.create(
        academic_year=year,
        number=1,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2025, 12, 28),
    )
    discipline = DisciplineFactory.create(
        department=department,
        code="DB101",
        name_kk="Деректер қоры",
        name_ru="Базы данных",
        name_en="Databases",
    )
    curriculum = CurriculumFactory.create(program=program, admission_year=2025)
    CurriculumItemFactory.create(curriculum=curriculum, discipline=discipline, semester=1)
    student = student_in(group, discipline, name="Айгерім", number="2500001")
    classmate = student_in(group, discipline, name="Дана", number="2500002")
    other_student = student_in(other_group, discipline, name="Мария", number="2500003")
    teacher = staff_in(department, last_name="Оспанов")
    tutor = staff_in(department, last_name="Тутор", role="tutor")
    other_teacher = staff_in(department, last_name="Басқа")
    course = services.course_create(
        actor=SUPER,
        discipline=discipline,
        period=period,
        language="kk",
        teachers=[teacher],
        tutors=[tutor],
        groups=[group],
    )
    course.status = CourseStatus.PUBLISHED
    course.save()
    return World(
        institution=institution,
        other_institution=other_institution,
        faculty=faculty,
        other_faculty=other_faculty,
        department=department,
        other_department=other_department,
        program=program,
        group=group,
        other_group=other_group,
        period=period,
        discipline=discipline,
        student=student,
        classmate=classmate,
        other_student=other_student,
        teacher=teacher,
        tutor=tutor,
        other_teacher=other_teacher,
        course=course,
    )


def role_user(role: str, institution: Institution, **scope: Any) -> User:
    user = UserFactory.create()
    RoleAssignment.objects.create(user=user, role=role, institution=institution, **scope)
    return user


@pytest.fixture
def actor_user(world: World) -> Callable[[str], User | None]:
    """The users of the permission matrix (SEC-2), by name."""
    w = world
    cases: dict[str, Callable[[], User | None]] = {
        "anonymous": lambda: None,
        "student of the course": lambda: w.student.user,
        "student of another group": lambda: w.other_student.user,
        "teacher of the course": lambda: w.teacher.user,
        "tutor of the course": lambda: w.tutor.user,
        "teacher of another course": lambda: w.other_teacher.user,
        "head of the department": lambda: role_user(
            "department_head", w.institution, department=w.department
        ),
        "head of another department": lambda: role_user(
            "department_head", w.institution, department=w.other_department
        ),
        "dean of the faculty": lambda: role_user("dean", w.institution, faculty=w.faculty),
        "dean of another faculty": lambda: role_user(
            "dean", w.institution, faculty=w.other_faculty
        ),
        "advisor of the group": lambda: role_user("advisor", w.institution, group=w.group),
        "registrar": lambda: role_user("registrar", w.institution),
        "registrar of another institution": lambda: role_user("registrar", w.other_institution),
        "distance-learning unit": lambda: role_user("distance_unit", w.institution),
        "administrator": lambda: role_user("admin", w.institution),
        "superuser": lambda: UserFactory.create(is_superuser=True, is_staff=True),
    }
    return lambda case: cases[case]()


def scope_of(user: User) -> ActorScope:
    return people_selectors.actor_scope(user=user)


def access_of(user: User, course: Course) -> CourseAccess:
    return selectors.course_access(actor=scope_of(user), course_id=course.pk)


def client_for(user: User | None) -> Client:
    """A signed-in client reading the pages in English (the language cookie wins)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client
