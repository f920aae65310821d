"""Fixtures of the people tests: two institutions with their structure, a student in a
group, and actors holding each role (SEC-2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import translation

from qashyq.accounts.models import User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.core.scope import ActorScope
from qashyq.institutions.models import (
    Department,
    Faculty,
    Institution,
    Program,
    StudentGroup,
)
from qashyq.institutions.tests.factories import (
    DepartmentFactory,
    FacultyFactory,
    InstitutionFactory,
    ProgramFactory,
    StudentGroupFactory,
)
from qashyq.people import selectors
from qashyq.people.models import RoleAssignment, Student, StudentStatusChange
from qashyq.people.tests.factories import StudentFactory

VALID_IIN = "900101300007"  # 1990-01-01, male, control digit 7 by the first pass (IIN-1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages raised outside a request are asserted in English (the source language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def institution(db: None) -> Institution:
    return InstitutionFactory.create(code="atyrau", name_kk="Атырау университеті")


@pytest.fixture
def other_institution(db: None) -> Institution:
    return InstitutionFactory.create(code="shakarim", name_kk="Шәкәрім университеті")


@pytest.fixture
def faculty(institution: Institution) -> Faculty:
    return FacultyFactory.create(institution=institution, code="FIT")


@pytest.fixture
def other_faculty(institution: Institution) -> Faculty:
    return FacultyFactory.create(institution=institution, code="PED", name_kk="Педагогика")


@pytest.fixture
def department(faculty: Faculty) -> Department:
    return DepartmentFactory.create(faculty=faculty, code="IS")


@pytest.fixture
def other_department(other_faculty: Faculty) -> Department:
    return DepartmentFactory.create(faculty=other_faculty, code="PSY", name_kk="Психология")


@pytest.fixture
def program(department: Department) -> Program:
    return ProgramFactory.create(department=department, code="6B06101", total_credits=240)


@pytest.fixture
def group(program: Program) -> StudentGroup:
    return StudentGroupFactory.create(program=program, code="ИС-25-1", admission_year=2025)


@pytest.fixture
def other_group(program: Program) -> StudentGroup:
    return StudentGroupFactory.create(program=program, code="ИС-25-2", admission_year=2025)


def student_make(program: Program, group: StudentGroup | None, **fields: Any) -> Student:
    """A student with the role "student" and the first line of the history, as services make."""
    student = StudentFactory.create(program=program, group=group, **fields)
    RoleAssignment.objects.create(
        user=student.user, role="student", institution=program.institution
    )
    StudentStatusChange.objects.create(
        student=student, status="enrolled", effective_on=dt.date(2025, 9, 1)
    )
    return student


@pytest.fixture
def student(program: Program, group: StudentGroup) -> Student:
    return student_make(
        program,
        group,
        user=UserFactory.create(first_name="Айгерім", last_name="Сәрсенова", username="aigerim"),
        iin=VALID_IIN,
        student_number="2500001",
        phone="+7 701 234 56 78",
    )


@pytest.fixture
def make_user(
    institution: Institution,
    other_institution: Institution,
) -> Callable[..., User | None]:
    """A user holding `role` at `institution` (None → anonymous, "superuser" → superuser)."""

    def make(role: str | None, where: Institution | None = None, **scope: Any) -> User | None:
        if role is None:
            return None
        if role == "superuser":
            return UserFactory.create(is_superuser=True, is_staff=True)
        user = UserFactory.create()
        RoleAssignment.objects.create(
            user=user, role=role, institution=where or institution, **scope
        )
        return user

    return make


@pytest.fixture
def actor_of() -> Callable[[User], ActorScope]:
    """The ActorScope people computes for a user (the same the pages and API use)."""
    return lambda user: selectors.actor_scope(user=user)


@pytest.fixture
def matrix_user(  # noqa: PLR0917
    make_user: Callable[..., User | None],
    student: Student,
    program: Program,
    group: StudentGroup,
    other_group: StudentGroup,
    department: Department,
    other_department: Department,
    faculty: Faculty,
    other_faculty: Faculty,
    other_institution: Institution,
) -> Callable[[str], User | None]:
    """The actors of the permission matrix (SEC-2), by name."""

    cases: dict[str, Callable[[], User | None]] = {
        "anonymous": lambda: None,
        "the student": lambda: student.user,
        "another student": lambda: student_make(program, other_group).user,
        "advisor of the group": lambda: make_user("advisor", group=group),
        "advisor of another group": lambda: make_user("advisor", group=other_group),
        "tutor of the department": lambda: make_user("tutor", department=department),
        "teacher": lambda: make_user("teacher", department=department),
        "head of the department": lambda: make_user("department_head", department=department),
        "head of another department": lambda: make_user(
            "department_head", department=other_department
        ),
        "dean of the faculty": lambda: make_user("dean", faculty=faculty),
        "dean of another faculty": lambda: make_user("dean", faculty=other_faculty),
        "registrar": lambda: make_user("registrar"),
        "registrar of another institution": lambda: make_user("registrar", other_institution),
        "administrator": lambda: make_user("admin"),
        "superuser": lambda: make_user("superuser"),
    }

    def make(case: str) -> User | None:
        return cases[case]()

    return make
