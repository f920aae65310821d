"""Fixtures of the gradebook tests: a published course of two groups with a teacher, an
assistant and a tutor, three students (two in group A, one in group B), a student of the
program who does not take it, and actors as people computes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from qashyq.accounts.models import User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.core.scope import ActorScope
from qashyq.courses.models import Course, CourseGroup, CourseStaff, CourseStatus, Enrolment
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


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
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
    period: AcademicPeriod
    discipline: Discipline
    group_a: StudentGroup
    group_b: StudentGroup
    group_c: StudentGroup
    course: Course
    teacher: Staff
    other_teacher: Staff
    assistant: Staff
    tutor: Staff
    aigerim: Student  # group A
    bolat: Student  # group A
    dana: Student  # group B
    outsider: Student  # group C, not in the course


def student_make(program: Program, group: StudentGroup, last: str, first: str) -> Student:
    student = StudentFactory.create(
        program=program,
        group=group,
        user=UserFactory.create(last_name=last, first_name=first, middle_name=""),
    )
    RoleAssignment.objects.create(
        user=student.user, role="student", institution=program.institution
    )
    return student


def staff_make(department: Department, last: str, first: str) -> Staff:
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
    discipline = DisciplineFactory.create(department=department, code="ALG2105", credits=5)
    group_a = StudentGroupFactory.create(program=program, code="ИС-25-1")
    group_b = StudentGroupFactory.create(program=program, code="ИС-25-2")
    group_c = StudentGroupFactory.create(program=program, code="ИС-25-3")
    course = Course.objects.create(
        institution=institution,
        discipline=discipline,
        period=period,
        code="ALG2105-2026S",
        status=CourseStatus.PUBLISHED,
    )
    teacher = staff_make(department, "Ахметов", "Серік")
    other_teacher = staff_make(department, "Жұмабаев", "Ерлан")
    assistant = staff_make(department, "Бекова", "Әсел")
    tutor = staff_make(department, "Тұрсынов", "Нұрлан")
    CourseStaff.objects.create(course=course, staff=teacher, role="teacher")
    CourseStaff.objects.create(course=course, staff=assistant, role="assistant")
    CourseStaff.objects.create(course=course, staff=tutor, role="tutor")
    for group in (group_a, group_b):
        CourseGroup.objects.create(course=course, group=group)
    aigerim = student_make(program, group_a, "Сәрсенова", "Айгерім")
    bolat = student_make(program, group_a, "Нұрланов", "Болат")
    dana = student_make(program, group_b, "Ким", "Дана")
    outsider = student_make(program, group_c, "Омаров", "Тимур")
    for student in (aigerim, bolat, dana):
        Enrolment.objects.create(course=course, student=student)
    return World(
        institution=institution,
        other_institution=other_institution,
        faculty=faculty,
        other_faculty=other_faculty,
        department=department,
        other_department=other_department,
        program=program,
        period=period,
        discipline=discipline,
        group_a=group_a,
        group_b=group_b,
        group_c=group_c,
        course=course,
        teacher=teacher,
        other_teacher=other_teacher,
        assistant=assistant,
        tutor=tutor,
        aigerim=aigerim,
        bolat=bolat,
        dana=dana,
        outsider=outsider,
    )


@pytest.fixture
def actor_of() -> Callable[[User], ActorScope]:
    """The ActorScope people computes for a user (the one pages and the API use)."""
    return lambda user: people_selectors.actor_scope(user=user)


@pytest.fixture
def make_user(world: World) -> Callable[..., User | None]:
    """A user holding `role` (None → anonymous, "superuser" → superuser)."""

    def make(role: str | None, where: Institution | None = None, **scope: Any) -> User | None:
        if role is None:
            return None
        if role == "superuser":
            return UserFactory.create(is_superuser=True, is_staff=True)
        user = UserFactory.create()
        RoleAssignment.objects.create(
            user=user, role=role, institution=where or world.institution, **scope
        )
        return user

    return make


@pytest.fixture
def matrix_user(
    world: World, make_user: Callable[..., User | None]
) -> Callable[[str], User | None]:
    """The actors of the permission matrix (SEC-2), by name."""
    w = world
    cases: dict[str, Callable[[], User | None]] = {
        "anonymous": lambda: None,
        "student of the course": lambda: w.aigerim.user,
        "student not in the course": lambda: w.outsider.user,
        "teacher of the course": lambda: w.teacher.user,
        "assistant of the course": lambda: w.assistant.user,
        "tutor of the course": lambda: w.tutor.user,
        "teacher of another course": lambda: w.other_teacher.user,
        "head of the department": lambda: make_user("department_head", department=w.department),
        "dean of the faculty": lambda: make_user("dean", faculty=w.faculty),
        "dean of another faculty": lambda: make_user("dean", faculty=w.other_faculty),
        "registrar": lambda: make_user("registrar"),
        "registrar of another institution": lambda: make_user("registrar", w.other_institution),
        "rector office": lambda: make_user("rector_office"),
    }
    return lambda case: cases[case]()
