"""Fixtures of the report tests (FP-3, FP-4): a small university whose every number the
tests work out by hand, and helpers to record statements at a given time and fold them
into the rollups.

Institution "atyrau": faculty FIT (department IS, program 6B06101 with groups ИС-1 and
ИС-2) and faculty PED (department PSY, program 6B01101 with group ПС-1); an academic
period 12 Jan – 9 May 2026. Course ALG (discipline of IS) is taken by ИС-1 and ИС-2 and
taught by Serik; course PSY (discipline of PSY) by ПС-1, taught by Erlan.
Students: Aigerim and Bolat (ИС-1), Dana (ИС-2) take ALG; Timur (ПС-1) takes PSY; Farida
(ИС-2) is on academic leave and takes nothing. Another institution "shakarim" has a
registrar of its own and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from qashyq.accounts.models import User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.assignments.models import Assignment, Grade, Submission
from qashyq.courses.models import (
    Course,
    CourseGroup,
    CourseStaff,
    CourseStatus,
    Enrolment,
    Material,
    MaterialProgress,
    Module,
)
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.services import footprint_record
from qashyq.gradebook.models import FinalGrade
from qashyq.institutions.models import (
    AcademicPeriod,
    Department,
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
from qashyq.people.models import RoleAssignment, Staff, Student
from qashyq.people.tests.factories import StaffFactory, StudentFactory
from qashyq.reports import services
from qashyq.schedule.models import Attendance, ClassSession

ALMATY = dt.timezone(dt.timedelta(hours=5))


def at(day: int, hour: int = 10, minute: int = 0, month: int = 3) -> dt.datetime:
    """A moment of March 2026 (by default), Almaty time."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=ALMATY)


@dataclass
class Uni:
    institution: Institution
    other_institution: Institution
    fit: Faculty
    ped: Faculty
    is_dept: Department
    psy_dept: Department
    is_program: Program
    psy_program: Program
    term: AcademicPeriod
    is1: StudentGroup
    is2: StudentGroup
    ps1: StudentGroup
    alg: Course
    psy: Course
    serik: Staff  # teaches ALG
    erlan: Staff  # teaches PSY
    aigerim: Student
    bolat: Student
    dana: Student
    timur: Student
    farida: Student


def _student(program: Program, group: StudentGroup, last: str, first: str, **kw: Any) -> Student:
    student = StudentFactory.create(
        program=program,
        group=group,
        user=UserFactory.create(last_name=last, first_name=first, middle_name=""),
        **kw,
    )
    RoleAssignment.objects.create(
        user=student.user, role="student", institution=program.institution
    )
    return student


def _teacher(department: Department, last: str, first: str) -> Staff:
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
def uni(db: None) -> Uni:
    institution = InstitutionFactory.create(code="atyrau")
    other = InstitutionFactory.create(code="shakarim")
    fit = FacultyFactory.create(institution=institution, code="FIT")
    ped = FacultyFactory.create(institution=institution, code="PED")
    is_dept = DepartmentFactory.create(faculty=fit, code="IS")
    psy_dept = DepartmentFactory.create(faculty=ped, code="PSY")
    is_program = ProgramFactory.create(department=is_dept, code="6B06101")
    psy_program = ProgramFactory.create(department=psy_dept, code="6B01101")
    year = AcademicYearFactory.create(institution=institution, start_year=2025)
    term = AcademicPeriodFactory.create(
        academic_year=year, number=2, starts_on=dt.date(2026, 1, 12), ends_on=dt.date(2026, 5, 9)
    )
    is1 = StudentGroupFactory.create(program=is_program, code="ИС-1")
    is2 = StudentGroupFactory.create(program=is_program, code="ИС-2")
    ps1 = StudentGroupFactory.create(program=psy_program, code="ПС-1")
    alg = Course.objects.create(
        institution=institution,
        discipline=DisciplineFactory.create(department=is_dept, code="ALG"),
        period=term,
        code="ALG-2026S",
        status=CourseStatus.PUBLISHED,
    )
    psy = Course.objects.create(
        institution=institution,
        discipline=DisciplineFactory.create(department=psy_dept, code="PSY"),
        period=term,
        code="PSY-2026S",
        status=CourseStatus.PUBLISHED,
    )
    serik = _teacher(is_dept, "Ахметов", "Серік")
    erlan = _teacher(psy_dept, "Жұмабаев", "Ерлан")
    CourseStaff.objects.create(course=alg, staff=serik, role="teacher")
    CourseStaff.objects.create(course=psy, staff=erlan, role="teacher")
    for course, group in ((alg, is1), (alg, is2), (psy, ps1)):
        CourseGroup.objects.create(course=course, group=group)
    aigerim = _student(is_program, is1, "Сәрсенова", "Айгерім")
    bolat = _student(is_program, is1, "Нұрланов", "Болат")
    dana = _student(is_program, is2, "Ким", "Дана", study_form="online")
    timur = _student(psy_program, ps1, "Омаров", "Тимур")
    farida = _student(is_program, is2, "Ермекова", "Фарида", status="academic_leave")
    for student in (aigerim, bolat, dana):
        Enrolment.objects.create(course=alg, student=student)
    Enrolment.objects.create(course=psy, student=timur)
    return Uni(
        institution=institution,
        other_institution=other,
        fit=fit,
        ped=ped,
        is_dept=is_dept,
        psy_dept=psy_dept,
        is_program=is_program,
        psy_program=psy_program,
        term=term,
        is1=is1,
        is2=is2,
        ps1=ps1,
        alg=alg,
        psy=psy,
        serik=serik,
        erlan=erlan,
        aigerim=aigerim,
        bolat=bolat,
        dana=dana,
        timur=timur,
        farida=farida,
    )


@pytest.fixture
def office(uni: Uni) -> Callable[..., User]:
    """A user holding `role` in the institution (scope keywords: faculty=, department=)."""

    def make(role: str, institution: Institution | None = None, **scope: Any) -> User:
        user = UserFactory.create()
        RoleAssignment.objects.create(
            user=user, role=role, institution=institution or uni.institution, **scope
        )
        return user

    return make


def record(
    user: User | None,
    verb: Verb,
    object_type: ActivityType,
    object_id: object,
    *,
    course: Course | None = None,
    when: dt.datetime,
) -> None:
    """One statement through the footprint's own service (as the apps record them)."""
    footprint_record(
        action=Action(
            actor_id=user.pk if user else None,
            verb=verb,
            object_type=object_type,
            object_id=str(object_id),
            course_id=course.pk if course else None,
            occurred_at=when,
        )
    )


def fold() -> int:
    """Fold every statement stored so far into the rollups; the statements folded in."""
    return services.rollups_update(until=timezone.now()).statements


MARCH = {"from": "2026-03-01", "to": "2026-03-31"}
D = Decimal


@dataclass
class Content:
    l1: Material
    v1: Material
    p1: Material
    f1: Material
    l2: Material


def _final(
    uni: Uni, course: Any, student: Student, letter: str, percent: str, *, passes: bool
) -> None:
    FinalGrade.objects.create(
        course=course,
        student=student,
        period=uni.term,
        credits=5,
        r1=D(percent),
        r2=D(percent),
        admission=D(percent),
        admitted=True,
        exam=D(percent),
        percent=D(percent),
        letter=letter,
        points=D("3.00"),
        passes=passes,
        clause="GRD-3",
        gpa_points=D("3.00"),
        updated_at=at(20, month=5),
    )


def _class(uni: Uni, course: Any, when: dt.datetime, marks: dict[Student, str]) -> None:
    session = ClassSession.objects.create(
        course=course, kind="lecture", delivery="online", starts_at=when,
        ends_at=when + dt.timedelta(minutes=80),
    )  # fmt: skip
    for student, status in marks.items():
        Attendance.objects.create(
            session=session, course=course, student=student, status=status,
            source="teacher", marked_at=when,
        )  # fmt: skip


@pytest.fixture
def content(uni: Uni) -> Content:
    week1 = Module.objects.create(course=uni.alg, title="1-апта", position=1)
    week2 = Module.objects.create(course=uni.alg, title="2-апта", position=2, is_hidden=True)
    intro = Module.objects.create(course=uni.psy, title="Кіріспе", position=1)
    l1 = Material.objects.create(module=week1, kind="lecture", title="Жиындар", position=1)
    v1 = Material.objects.create(
        module=week1, kind="video", title="Бейне", position=2, duration_seconds=600
    )
    p1 = Material.objects.create(module=week1, kind="practical", title="Есептер", position=3)
    f1 = Material.objects.create(module=week2, kind="file", title="Слайдтар", position=1)
    l2 = Material.objects.create(module=intro, kind="lecture", title="Психология", position=1)
    return Content(l1, v1, p1, f1, l2)


@pytest.fixture
def world(uni: Uni, content: Content) -> Uni:
    """The university with the content, progress, grades, attendance, statements and
    assignment of test_reports.py's docstring, the statements folded in."""
    a, b, d, t = uni.aigerim, uni.bolat, uni.dana, uni.timur
    MaterialProgress.objects.create(
        material=content.l1, student=a, first_opened_at=at(2, 9, 5), last_opened_at=at(2, 9, 40),
        opened_count=2, completed_at=at(2, 9, 41),
    )  # fmt: skip
    MaterialProgress.objects.create(
        material=content.l1, student=b, first_opened_at=at(2, 11), last_opened_at=at(2, 11)
    )
    _final(uni, uni.alg, a, "A", "95.00", passes=True)
    _final(uni, uni.alg, b, "B", "80.00", passes=True)
    _final(uni, uni.alg, d, "F", "30.00", passes=False)
    _final(uni, uni.psy, t, "C", "65.00", passes=True)
    _class(uni, uni.alg, at(2, 10), {a: "present", b: "late", d: "absent"})
    _class(uni, uni.alg, at(4, 10), {a: "present", b: "absent", d: "excused"})
    _class(uni, uni.psy, at(3, 10), {t: "present"})
    _class(uni, uni.alg, at(10, 10, month=4), {a: "absent"})
    platform, material = ActivityType.PLATFORM, ActivityType.MATERIAL
    record(a.user, Verb.LOGGED_IN, platform, "qashyq", when=at(2, 9, 0))
    record(a.user, Verb.LOGGED_IN, platform, "qashyq", when=at(2, 18, 30))
    record(a.user, Verb.VIEWED, material, content.l1.pk, course=uni.alg, when=at(2, 9, 5))
    record(a.user, Verb.VIEWED, material, content.l1.pk, course=uni.alg, when=at(2, 9, 40))
    record(a.user, Verb.COMPLETED, material, content.l1.pk, course=uni.alg, when=at(2, 9, 41))
    record(b.user, Verb.LOGGED_IN, platform, "qashyq", when=at(2, 23, 30))
    record(b.user, Verb.LOGGED_IN, platform, "qashyq", when=at(3, 0, 10))
    s = uni.serik.user
    record(s, Verb.PUBLISHED, material, content.l1.pk, course=uni.alg, when=at(1, 15))
    record(s, Verb.GRADED, ActivityType.ASSIGNMENT, 7, course=uni.alg, when=at(3, 11))
    record(t.user, Verb.VIEWED, ActivityType.COURSE, uni.psy.pk, course=uni.psy, when=at(2, 12))
    fold()
    task = Assignment.objects.create(course=uni.alg, title="Есеп 1", due_at=at(5))
    for student, submitted, graded in ((a, at(2, 10), at(3, 16)), (b, at(2, 12), at(2, 18))):
        sub = Submission.objects.create(
            assignment=task, student=student, status="graded", submitted_at=submitted
        )
        Grade.objects.create(
            submission=sub, points=D(8), final_points=D(8), graded_by=s, graded_at=graded
        )
    return uni
