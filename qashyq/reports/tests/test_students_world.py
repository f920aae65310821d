"""The hand-computed world of the students' monitoring tests (FP-2), built around `now`.

A program with groups A, B and C; one academic period around `now`; courses ALG (tutored
by the course tutor), DB (taught by the teacher), a draft and an old archived course.

Aigerim (group A) takes ALG, DB and the draft; Bolat (group A) takes ALG; Dana (group B)
takes DB; Timur (group C) takes nothing. The advisor of A, the advisor of B, a tutor of
the whole department, ALG's tutor and DB's teacher look after them. Every figure the
tests assert is worked out by hand in the comments below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from qashyq.accounts.models import AuthEvent, AuthEventKind, Language, User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.assessment.models import Attempt, AttemptState, Test
from qashyq.assignments.models import Assignment, Submission, SubmissionStatus, Team, TeamMember
from qashyq.courses.models import (
    Course,
    CourseStaff,
    CourseStatus,
    Enrolment,
    Material,
    MaterialProgress,
    Module,
)
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.services import footprint_record
from qashyq.institutions.models import AcademicPeriod, Department, Institution, StudentGroup
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
from qashyq.schedule.models import Attendance, ClassSession

DAY = dt.timedelta(days=1)


@dataclass
class World:
    now: dt.datetime
    institution: Institution
    department: Department
    group_a: StudentGroup
    group_b: StudentGroup
    alg: Course
    db: Course
    draft: Course
    aigerim: Student
    bolat: Student
    dana: Student
    timur: Student
    advisor_a: User
    advisor_b: User
    department_tutor: User
    alg_tutor: Staff
    db_teacher: Staff
    other_teacher: Staff  # teaches nothing
    registrar: User


def _user(last: str, first: str) -> User:
    return UserFactory.create(
        last_name=last, first_name=first, middle_name="", language=Language.ENGLISH
    )


def _student(world_group: StudentGroup, last: str, first: str, joined: dt.datetime) -> Student:
    user = _user(last, first)
    User.objects.filter(pk=user.pk).update(date_joined=joined)
    user.refresh_from_db()
    student = StudentFactory.create(program=world_group.program, group=world_group, user=user)
    RoleAssignment.objects.create(
        user=user, role="student", institution=world_group.program.institution
    )
    return student


def _staff(department: Department, last: str, first: str) -> Staff:
    staff = StaffFactory.create(department=department, user=_user(last, first))
    RoleAssignment.objects.create(
        user=staff.user,
        role="teacher",
        institution=department.faculty.institution,
        department=department,
    )
    return staff


def _signin(user: User, at: dt.datetime, kind: str = AuthEventKind.SIGNED_IN) -> None:
    event = AuthEvent.objects.create(user=user, username=user.username, kind=kind)
    AuthEvent.objects.filter(pk=event.pk).update(at=at)


def _mark(course: Course, student: Student, starts_at: dt.datetime, status: str) -> None:
    session = ClassSession.objects.create(
        course=course,
        kind="lecture",
        delivery="sync",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=80),
    )
    Attendance.objects.create(
        session=session,
        course=course,
        student=student,
        status=status,
        source="teacher",
        marked_at=starts_at,
    )


def _progress(material: Material, student: Student, at: dt.datetime, *, completed: bool) -> None:
    MaterialProgress.objects.create(
        material=material,
        student=student,
        first_opened_at=at,
        last_opened_at=at,
        completed_at=at if completed else None,
    )


def _assignment(course: Course, title: str, due_at: dt.datetime, **extra: object) -> Assignment:
    values: dict[str, object] = {"is_published": True}
    values.update(extra)
    return Assignment.objects.create(course=course, title=title, due_at=due_at, **values)


def _handed(
    assignment: Assignment,
    at: dt.datetime,
    *,
    student: Student | None = None,
    team: Team | None = None,
    attempt: int = 1,
    status: str = SubmissionStatus.SUBMITTED,
) -> None:
    late = max(0, int((at - assignment.due_at).total_seconds()))
    Submission.objects.create(
        assignment=assignment,
        student=student,
        team=team,
        attempt=attempt,
        status=status,
        submitted_at=at,
        late_seconds=late,
    )


def _test(course: Course, title: str, closes_at: dt.datetime | None) -> Test:
    return Test.objects.create(course=course, title=title, published=True, closes_at=closes_at)


def build_world(now: dt.datetime) -> World:
    today = timezone.localdate(now)
    institution = InstitutionFactory.create(code="atyrau")
    faculty = FacultyFactory.create(institution=institution, code="FIT")
    department = DepartmentFactory.create(faculty=faculty, code="IS")
    program = ProgramFactory.create(department=department, code="6B06101")
    year = AcademicYearFactory.create(institution=institution, start_year=today.year - 1)
    period = AcademicPeriodFactory.create(
        academic_year=year, number=2, starts_on=today - 60 * DAY, ends_on=today + 60 * DAY
    )
    old_period = AcademicPeriodFactory.create(
        academic_year=year, number=1, starts_on=today - 300 * DAY, ends_on=today - 200 * DAY
    )
    group_a = StudentGroupFactory.create(program=program, code="ИС-25-1")
    group_b = StudentGroupFactory.create(program=program, code="ИС-25-2")
    group_c = StudentGroupFactory.create(program=program, code="ИС-25-3")

    def course(code: str, status: str, on: AcademicPeriod = period) -> Course:
        return Course.objects.create(
            institution=institution,
            discipline=DisciplineFactory.create(department=department, code=code[:7]),
            period=on,
            code=code,
            status=status,
        )

    alg = course("ALG2105-S", CourseStatus.PUBLISHED)
    db = course("DBS2201-S", CourseStatus.PUBLISHED)
    draft = course("NET3301-S", CourseStatus.DRAFT)
    old = course("OLD1101-S", CourseStatus.ARCHIVED, old_period)

    long_ago = now - 100 * DAY
    aigerim = _student(group_a, "Сәрсенова", "Айгерім", long_ago)
    bolat = _student(group_a, "Нұрланов", "Болат", long_ago)
    dana = _student(group_b, "Ким", "Дана", long_ago)
    timur = _student(group_c, "Омаров", "Тимур", long_ago)
    for student, courses in (
        (aigerim, (alg, db, draft, old)),
        (bolat, (alg,)),
        (dana, (db,)),
    ):
        for c in courses:
            Enrolment.objects.create(course=c, student=student)

    alg_tutor = _staff(department, "Ахметов", "Серік")
    db_teacher = _staff(department, "Жұмабаев", "Ерлан")
    other_teacher = _staff(department, "Бекова", "Гүлнар")
    CourseStaff.objects.create(course=alg, staff=alg_tutor, role="tutor")
    CourseStaff.objects.create(course=db, staff=db_teacher, role="teacher")
    advisor_a = _user("Advisor", "Alma")
    RoleAssignment.objects.create(
        user=advisor_a, role="advisor", institution=institution, group=group_a
    )
    advisor_b = _user("Advisor", "Berik")
    RoleAssignment.objects.create(
        user=advisor_b, role="advisor", institution=institution, group=group_b
    )
    department_tutor = _user("Tutor", "Dias")
    RoleAssignment.objects.create(
        user=department_tutor, role="tutor", institution=institution, department=department
    )
    registrar = _user("Registrar", "Rauan")
    RoleAssignment.objects.create(user=registrar, role="registrar", institution=institution)

    # Sign-ins. Aigerim: 1, 3 and 10 days ago count (3 in the last 28 days; last 1 day
    # ago); 40 days ago is before the range; a failed sign-in never counts.
    for days in (1, 3, 10, 40):
        _signin(aigerim.user, now - days * DAY)
    _signin(aigerim.user, now - 2 * DAY, AuthEventKind.FAILED)
    # Bolat: once, 9 days ago (no sign-in for 9 ≥ 7 days). Dana: never. Timur: today.
    _signin(bolat.user, now - 9 * DAY)
    _signin(timur.user, now - dt.timedelta(hours=2))

    # Attendance of Aigerim. ALG, last 14 days: present, late, absent; the 14 days
    # before: present × 3 → ALG 4 present, 1 late, 1 absent: 5/6 = 83 %. A cancelled
    # class (present) never counts. DB: excused 6 days ago (0/1 = 0 %); absent 30 days
    # ago, outside the page's 28 days and the two 14-day windows.
    # Whole range: 4 + 1 + 1 + 1 = 7 marked, 5 attended = 71 %.
    # Windows: last 14 days 2 of 4 (50 %), the 14 before 3 of 3 (100 %): falling by 50
    # points (≥ 20) and below 60 %.
    for days, status in ((2, "present"), (5, "late"), (9, "absent")):
        _mark(alg, aigerim, now - days * DAY, status)
    for days in (16, 20, 23):
        _mark(alg, aigerim, now - days * DAY, "present")
    _mark(db, aigerim, now - 6 * DAY, "excused")
    _mark(db, aigerim, now - 30 * DAY, "absent")
    cancelled = ClassSession.objects.create(
        course=alg,
        kind="lecture",
        delivery="sync",
        starts_at=now - 4 * DAY,
        ends_at=now - 4 * DAY + dt.timedelta(minutes=80),
        is_cancelled=True,
    )
    Attendance.objects.create(
        session=cancelled,
        course=alg,
        student=aigerim,
        status="present",
        source="teacher",
        marked_at=now - 4 * DAY,
    )

    # Materials. ALG: L1 and L2 count towards progress and are released; L3 does not
    # count; L4 is hidden, L5 opens tomorrow: 2 required. Aigerim completed L1, opened L3
    # (and L4, hidden, which counts for nothing): ALG 1/2, 2 opened. DB: D1 required,
    # untouched: 0/1. Aigerim's total: 1 of 3 completed (33 %), 2 opened.
    week1 = Module.objects.create(course=alg, title="1")
    l1 = Material.objects.create(module=week1, kind="lecture", title="L1")
    Material.objects.create(module=week1, kind="lecture", title="L2")
    l3 = Material.objects.create(
        module=week1, kind="lecture", title="L3", completion_required=False
    )
    l4 = Material.objects.create(module=week1, kind="lecture", title="L4", is_hidden=True)
    Material.objects.create(module=week1, kind="lecture", title="L5", release_at=now + DAY)
    db_week = Module.objects.create(course=db, title="1")
    Material.objects.create(module=db_week, kind="lecture", title="D1")
    _progress(l1, aigerim, now - 3 * DAY, completed=True)
    _progress(l3, aigerim, now - 3 * DAY, completed=False)
    _progress(l4, aigerim, now - 3 * DAY, completed=True)

    # Tasks of ALG. A1 (due 5 days ago) handed in 6 days ago: on time. A2 (due 3 days
    # ago): attempt 1 on time and returned, attempt 2 a day late: late (the latest counts).
    # A3 (due yesterday): only a draft: overdue. A4 (due in 3 days): not due yet. A5 is not
    # published. T1 (closed 2 days ago) submitted: on time. T2 (closed yesterday) without
    # an attempt: overdue. T3 has no closing time: not due yet.
    a1 = _assignment(alg, "A1", now - 5 * DAY)
    a2 = _assignment(alg, "A2", now - 3 * DAY)
    a3 = _assignment(alg, "A3", now - DAY)
    _assignment(alg, "A4", now + 3 * DAY)
    _assignment(alg, "A5", now - 2 * DAY, is_published=False)
    _handed(a1, now - 6 * DAY, student=aigerim)
    _handed(a2, now - 4 * DAY, student=aigerim, status=SubmissionStatus.RETURNED)
    _handed(a2, now - 2 * DAY, student=aigerim, attempt=2)
    Submission.objects.create(assignment=a3, student=aigerim, status=SubmissionStatus.DRAFT)
    t1 = _test(alg, "T1", now - 2 * DAY)
    _test(alg, "T2", now - DAY)
    _test(alg, "T3", None)
    Attempt.objects.create(
        test=t1,
        student=aigerim,
        number=1,
        started_at=now - 3 * DAY,
        submitted_at=now - 3 * DAY + dt.timedelta(minutes=20),
        state=AttemptState.GRADED,
        seed=1,
    )
    # DB: B1, team work due 4 days ago, handed in by Aigerim's team 5 days ago: on time
    # for Aigerim; Dana has no team and nothing handed in: overdue.
    b1 = _assignment(db, "B1", now - 4 * DAY, is_group=True, max_points=Decimal(50))
    team = Team.objects.create(assignment=b1, name="X")
    TeamMember.objects.create(assignment=b1, team=team, student=aigerim)
    _handed(b1, now - 5 * DAY, team=team)
    # The recorded footprint (statements): Aigerim viewed and completed L1 3 days ago,
    # viewed DB's course page 2 days ago; a view 40 days ago is before the range.
    for verb, kind, obj, course_, at in (
        (Verb.VIEWED, ActivityType.MATERIAL, l1, alg, now - 3 * DAY),
        (Verb.COMPLETED, ActivityType.MATERIAL, l1, alg, now - 3 * DAY + dt.timedelta(hours=1)),
        (Verb.VIEWED, ActivityType.COURSE, db, db, now - 2 * DAY),
        (Verb.VIEWED, ActivityType.COURSE, alg, alg, now - 40 * DAY),
    ):
        footprint_record(
            action=Action(
                actor_id=aigerim.user_id,
                verb=verb,
                object_type=kind,
                object_id=str(obj.pk),
                object_name=str(getattr(obj, "title", "") or getattr(obj, "code", "")),
                course_id=course_.pk,
                occurred_at=at,
            )
        )
    # The draft course's published assignment, overdue, never counts (a draft course).
    _assignment(draft, "N1", now - DAY)
    # Aigerim's tasks: on time A1, T1, B1 = 3; late A2 = 1; overdue A3, T2 = 2; not due
    # A4, T3 = 2 (on time 3 of 6 due = 50 %). Bolat's (ALG only, nothing handed in):
    # overdue A1, A2, A3, T1, T2 = 5; not due A4, T3 = 2.
    return World(
        now=now,
        institution=institution,
        department=department,
        group_a=group_a,
        group_b=group_b,
        alg=alg,
        db=db,
        draft=draft,
        aigerim=aigerim,
        bolat=bolat,
        dana=dana,
        timur=timur,
        advisor_a=advisor_a,
        advisor_b=advisor_b,
        department_tutor=department_tutor,
        alg_tutor=alg_tutor,
        db_teacher=db_teacher,
        other_teacher=other_teacher,
        registrar=registrar,
    )
