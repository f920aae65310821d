"""A small university for the readiness tests (LMS-2, ONL-5, ONL-6): one program, a spring
period, a course with a complete complex, a course with an empty one, a curriculum
discipline without a course, and a person for every role that readiness knows.

Builders, not fixtures, so every readiness test module states what it starts from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qashyq.accounts.models import User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.core.scope import ActorScope
from qashyq.courses.models import (
    ControlKind,
    ControlTask,
    Course,
    CourseGroup,
    CourseRole,
    CourseStaff,
    Delivery,
    Enrolment,
    LearningOutcome,
    LiteratureItem,
    LiteratureKind,
    Material,
    MaterialKind,
    Module,
    Syllabus,
    WeeklyTopic,
)
from qashyq.institutions.models import (
    AcademicPeriod,
    Component,
    Department,
    Discipline,
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
from qashyq.people.models import RoleAssignment, Staff, Student
from qashyq.people.tests.factories import StaffFactory, StudentFactory

# The spring semester of 2025–2026 starts on Monday 12 January 2026. Its content is due
# five working days earlier: 9, 8, 6, 5 January and 31 December 2025 (7 January is a
# day off, 1–2 January holidays, 3–4 January a weekend), so on Wednesday 31 December.
SPRING_STARTS = dt.date(2026, 1, 12)
SPRING_DEADLINE = dt.date(2025, 12, 31)


@dataclass
class World:
    institution: Institution
    other_institution: Institution
    department: Department
    other_department: Department
    program: Program
    group: StudentGroup
    period: AcademicPeriod
    discipline: Discipline
    empty_discipline: Discipline
    unstaffed_discipline: Discipline
    complete: Course  # every mandatory part present
    empty: Course  # nothing but the course itself
    teacher: Staff
    tutor: Staff
    other_teacher: Staff
    student: Student
    users: dict[str, User | None]

    def actor(self, who: str) -> ActorScope:
        user = self.users[who]
        return people_selectors.actor_scope(user=user) if user else ActorScope.anonymous()


def _user(username: str, **fields: object) -> User:
    return UserFactory.create(username=username, language="en", **fields)


def _role(user: User, role: str, institution: Institution, **scope: object) -> User:
    RoleAssignment.objects.create(user=user, role=role, institution=institution, **scope)
    return user


def fill_complete(course: Course) -> None:
    """A complex with every mandatory part, matching the discipline's 30/15/0/105 hours."""
    Syllabus.objects.create(
        course=course,
        description="Деректер қорын жобалау: реляциялық модель, SQL, транзакциялар.",
        grading_policy="Ағымдағы бақылау 60 %, емтихан 40 %.",
        consultation_schedule="Сәрсенбі 14:00–15:00, 305 ауд. және онлайн",
    )
    lo1 = LearningOutcome.objects.create(course=course, code="LO1", text="Модельдейді", position=1)
    lo2 = LearningOutcome.objects.create(course=course, code="LO2", text="Сұрау жазады", position=2)
    for week in range(1, 16):
        WeeklyTopic.objects.create(
            course=course,
            week=week,
            title=f"Тақырып {week}",
            hours_lecture=2,
            hours_practice=1,
            hours_independent=7,
            delivery=Delivery.SYNCHRONOUS if week <= 5 else Delivery.ASYNCHRONOUS,
        )
    current = ControlTask.objects.create(
        course=course, title="ER", kind=ControlKind.CURRENT, week=3
    )
    current.outcomes.add(lo1)
    midterm = ControlTask.objects.create(
        course=course, title="АБ1", kind=ControlKind.MIDTERM, week=7
    )
    midterm.outcomes.add(lo1, lo2)
    final = ControlTask.objects.create(course=course, title="Емтихан", kind=ControlKind.FINAL)
    final.outcomes.add(lo2)
    LiteratureItem.objects.create(course=course, kind=LiteratureKind.MAIN, citation="Date C. J.")
    LiteratureItem.objects.create(course=course, kind=LiteratureKind.ADDITIONAL, citation="Ульман")
    module = Module.objects.create(course=course, title="1-апта", week=1, position=1)
    for position, (kind, fields) in enumerate(
        [
            (MaterialKind.LECTURE, {"body": "<p>Реляциялық модель</p>"}),
            (MaterialKind.VIDEO, {"url": "https://media.example.kz/v/1"}),
            (MaterialKind.PRACTICAL, {"body": "<p>ER-диаграмма салу</p>"}),
            (MaterialKind.INDEPENDENT, {"body": "<p>СӨЖ 1</p>"}),
            (MaterialKind.MIDTERM, {"body": "<p>АБ1 сұрақтары</p>"}),
            (MaterialKind.FINAL, {"body": "<p>Емтихан билеттері</p>"}),
        ],
        start=1,
    ):
        Material.objects.create(
            module=module, kind=kind, title=str(kind), position=position, **fields
        )


def build_world() -> World:
    institution = InstitutionFactory.create(code="atyrau", short_name="АУ", city="Атырау")
    other_institution = InstitutionFactory.create(code="shakarim", short_name="ШУ")
    faculty = FacultyFactory.create(institution=institution, code="FIT")
    other_faculty = FacultyFactory.create(institution=institution, code="PED")
    department = DepartmentFactory.create(faculty=faculty, code="IS")
    other_department = DepartmentFactory.create(faculty=other_faculty, code="PSY")
    program = ProgramFactory.create(department=department, code="6B06101")
    group = StudentGroupFactory.create(program=program, code="ИС-25-1", admission_year=2025)
    year = AcademicYearFactory.create(institution=institution, start_year=2025)
    period = AcademicPeriodFactory.create(
        academic_year=year,
        number=2,
        starts_on=SPRING_STARTS,
        ends_on=dt.date(2026, 5, 24),
    )
    discipline = DisciplineFactory.create(department=department, code="DB2201")
    empty_discipline = DisciplineFactory.create(department=department, code="OS2202")
    unstaffed = DisciplineFactory.create(department=department, code="NET2203")
    elective = DisciplineFactory.create(department=department, code="ML2204")
    curriculum = CurriculumFactory.create(program=program, admission_year=2025)
    for d in (discipline, empty_discipline, unstaffed):
        CurriculumItemFactory.create(curriculum=curriculum, discipline=d, semester=2)
    CurriculumItemFactory.create(
        curriculum=curriculum, discipline=elective, semester=2, component=Component.ELECTIVE
    )
    CurriculumItemFactory.create(
        curriculum=curriculum,
        discipline=DisciplineFactory.create(department=department),
        semester=3,
    )
    complete = Course.objects.create(
        institution=institution, discipline=discipline, period=period, code="DB2201-26S"
    )
    empty = Course.objects.create(
        institution=institution, discipline=empty_discipline, period=period, code="OS2202-26S"
    )
    fill_complete(complete)
    for course in (complete, empty):
        CourseGroup.objects.create(course=course, group=group)

    users: dict[str, User | None] = {"anonymous": None}
    teacher = StaffFactory.create(
        user=_user("teacher", first_name="Асқар", last_name="Бекұлы"),
        department=department,
    )
    tutor = StaffFactory.create(user=_user("tutor"), department=department)
    other_teacher = StaffFactory.create(user=_user("other_teacher"), department=department)
    for course in (complete, empty):
        CourseStaff.objects.create(course=course, staff=teacher, role=CourseRole.TEACHER)
    CourseStaff.objects.create(course=complete, staff=tutor, role=CourseRole.TUTOR)
    users["teacher"] = teacher.user
    users["tutor"] = tutor.user
    users["other_teacher"] = other_teacher.user
    for who in ("teacher", "tutor", "other_teacher"):
        user = users[who]
        assert user is not None
        _role(user, "teacher", institution)
    student = StudentFactory.create(user=_user("student"), program=program, group=group)
    _role(student.user, "student", institution)
    Enrolment.objects.create(course=complete, student=student)
    users["student"] = student.user
    users["department_head"] = _role(
        _user("head", email="head@example.kz"),
        "department_head",
        institution,
        department=department,
    )
    users["other_department_head"] = _role(
        _user("other_head"), "department_head", institution, department=other_department
    )
    users["dean"] = _role(_user("dean"), "dean", institution, faculty=faculty)
    users["other_dean"] = _role(_user("other_dean"), "dean", institution, faculty=other_faculty)
    users["distance_unit"] = _role(_user("distance"), "distance_unit", institution)
    users["registrar"] = _role(_user("registrar"), "registrar", institution)
    users["rector_office"] = _role(_user("vice_rector"), "rector_office", institution)
    users["other_registrar"] = _role(_user("other_registrar"), "registrar", other_institution)
    users["superuser"] = UserFactory.create(username="root", is_superuser=True, is_staff=True)
    return World(
        institution=institution,
        other_institution=other_institution,
        department=department,
        other_department=other_department,
        program=program,
        group=group,
        period=period,
        discipline=discipline,
        empty_discipline=empty_discipline,
        unstaffed_discipline=unstaffed,
        complete=complete,
        empty=empty,
        teacher=teacher,
        tutor=tutor,
        other_teacher=other_teacher,
        student=student,
        users=users,
    )
