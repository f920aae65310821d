"""Fixtures of the assessment tests: a published course of two groups with a teacher,
three enrolled students and one outsider (as in schedule's conftest), a question bank of
two categories (six single-choice questions in "Алгебра", one essay in "Эссе"), and a
helper to make tests and freeze the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation

from qashyq.accounts.models import User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.assessment import services
from qashyq.assessment.data import SectionData, TestData
from qashyq.assessment.models import Test
from qashyq.core.scope import ActorScope
from qashyq.courses.models import Course, CourseGroup, CourseStaff, CourseStatus, Enrolment
from qashyq.courses.selectors import CourseAccess, course_access
from qashyq.institutions.models import Department, Institution, Program, StudentGroup
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
from qashyq.questions.models import Category, Question

ALMATY = ZoneInfo("Asia/Almaty")
T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY)  # the exam opens: Monday 10:00 Almaty


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class World:
    institution: Institution
    department: Department
    group_a: StudentGroup
    course: Course
    other_course: Course
    teacher: Staff
    other_teacher: Staff
    aigerim: Student
    bolat: Student
    dana: Student
    outsider: Student
    algebra: Category
    essays: Category
    questions: list[Question]
    essay: Question


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


def single(course: Course, category: Category, n: int) -> Question:
    """A single-choice question whose right choice is "c1"."""
    return Question.objects.create(
        course=course,
        category=category,
        qtype="single",
        name=f"Q{n}",
        text=f"<p>{n} + {n} = ? \\(x^2\\)</p>",
        points=Decimal(1),
        data={
            "choices": [
                {"id": "c1", "text": str(2 * n), "fraction": "1"},
                {"id": "c2", "text": str(2 * n + 1), "fraction": "0"},
                {"id": "c3", "text": str(2 * n - 1), "fraction": "0"},
            ]
        },
    )


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
    discipline = DisciplineFactory.create(department=department, code="ALG2105")
    group_a = StudentGroupFactory.create(program=program, code="ИС-25-1")
    group_c = StudentGroupFactory.create(program=program, code="ИС-25-3")
    course = Course.objects.create(
        institution=institution,
        discipline=discipline,
        period=period,
        code="ALG2105-2026S",
        status=CourseStatus.PUBLISHED,
    )
    other_course = Course.objects.create(
        institution=institution,
        discipline=DisciplineFactory.create(department=department, code="PHY1101"),
        period=period,
        code="PHY1101-2026S",
        status=CourseStatus.PUBLISHED,
    )
    teacher = staff_make(department, "Ахметов", "Серік")
    other_teacher = staff_make(department, "Жұмабаев", "Ерлан")
    CourseStaff.objects.create(course=course, staff=teacher, role="teacher")
    CourseStaff.objects.create(course=other_course, staff=other_teacher, role="teacher")
    CourseGroup.objects.create(course=course, group=group_a)
    aigerim = student_make(program, group_a, "Сәрсенова", "Айгерім")
    bolat = student_make(program, group_a, "Нұрланов", "Болат")
    dana = student_make(program, group_a, "Ким", "Дана")
    outsider = student_make(program, group_c, "Омаров", "Тимур")
    for student in (aigerim, bolat, dana):
        Enrolment.objects.create(course=course, student=student)
    Enrolment.objects.create(course=other_course, student=outsider)
    algebra = Category.objects.create(course=course, name="Алгебра")
    essays = Category.objects.create(course=course, name="Эссе")
    questions = [single(course, algebra, n) for n in range(1, 7)]
    essay = Question.objects.create(
        course=course,
        category=essays,
        qtype="essay",
        name="Эссе",
        text="<p>Абай туралы жазыңыз.</p>",
        points=Decimal(4),
    )
    return World(
        institution=institution,
        department=department,
        group_a=group_a,
        course=course,
        other_course=other_course,
        teacher=teacher,
        other_teacher=other_teacher,
        aigerim=aigerim,
        bolat=bolat,
        dana=dana,
        outsider=outsider,
        algebra=algebra,
        essays=essays,
        questions=questions,
        essay=essay,
    )


@pytest.fixture
def actor_of() -> Callable[[User], ActorScope]:
    return lambda user: people_selectors.actor_scope(user=user)


@pytest.fixture
def access_of(
    world: World, actor_of: Callable[[User], ActorScope]
) -> Callable[[User], CourseAccess]:
    return lambda user: course_access(actor=actor_of(user), course_id=world.course.pk)


@pytest.fixture
def make_test(world: World, access_of: Callable[[User], CourseAccess]) -> Callable[..., Test]:
    """A published test of the course: 3 questions drawn from "Алгебра", 60 minutes,
    open 10:00–13:00 on 2 March 2026, two attempts, best counts, out of 100."""

    def make(*, essay: bool = False, **overrides: Any) -> Test:
        sections = [SectionData(kind="draw", category_id=world.algebra.pk, count=3)]
        if essay:
            sections.append(SectionData(kind="fixed", question_id=world.essay.pk))
        values: dict[str, Any] = {
            "title": "Аралық бақылау 1",
            "control": "midterm1",
            "published": True,
            "time_limit_minutes": 60,
            "opens_at": T0,
            "closes_at": T0 + dt.timedelta(hours=3),
            "attempts_allowed": 2,
            "sections": tuple(sections),
        }
        values.update(overrides)
        return services.test_save(
            access=access_of(world.teacher.user),
            data=TestData(**values),
            test=None,
            by_user_id=None,
        )

    return make


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """Set the server's clock (timezone.now) to a moment."""

    def freeze(value: dt.datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: value)

    return freeze


@pytest.fixture
def client_of() -> Callable[[User], Client]:
    """A browser signed in as the user (a new one each call: a new device), in English."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        client.cookies["qashyq_language"] = "en"
        return client

    return make
