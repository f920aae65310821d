"""Fixtures of the transfer tests: a university with a student, their plan, and the
people of the default route (advisor → dean → Office Registrar → rector's office)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from qashyq.accounts.models import User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.core.scope import ActorScope
from qashyq.distance import services
from qashyq.distance.models import TransferApplication
from qashyq.institutions.models import (
    Department,
    Discipline,
    Faculty,
    Institution,
    Program,
    StudentGroup,
)
from qashyq.institutions.tests.factories import (
    DepartmentFactory,
    DisciplineFactory,
    FacultyFactory,
    InstitutionFactory,
    ProgramFactory,
    StudentGroupFactory,
)
from qashyq.people import selectors as people_selectors
from qashyq.people.models import RoleAssignment, Student, StudentStatusChange, StudyPlanItem
from qashyq.people.tests.factories import StudentFactory
from qashyq.regulations.services import rule_pack_apply_preset

TODAY = dt.date(2026, 3, 2)  # a Monday of the spring semester
PDF_BYTES = b"%PDF-1.4\n% a scanned conclusion\n"
DISCIPLINES = [  # code, kk, ru, en
    ("INF1101", "Деректер қоры", "Базы данных", "Databases"),
    ("INF1102", "Бағдарламалау негіздері", "Основы программирования", "Programming basics"),
    ("INF1103", "Операциялық жүйелер", "Операционные системы", "Operating systems"),
    ("INF1104", "Компьютерлік желілер", "Компьютерные сети", "Computer networks"),
    ("INF1105", "Ақпараттық қауіпсіздік", "Информационная безопасность", "Information security"),
    ("INF1106", "Веб-әзірлеу", "Веб-разработка", "Web development"),
    ("INF1107", "Алгоритмдер", "Алгоритмы", "Algorithms"),
    ("INF1108", "Дискретті математика", "Дискретная математика", "Discrete mathematics"),
    ("INF1109", "Жасанды интеллект", "Искусственный интеллект", "Artificial intelligence"),
    ("INF1110", "Бұлтты есептеулер", "Облачные вычисления", "Cloud computing"),
]


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
    program: Program
    group: StudentGroup
    other_group: StudentGroup
    student: Student
    disciplines: list[Discipline]
    advisor: User
    dean: User
    registrar: User
    rector: User
    admin: User

    def actor(self, user: User | None) -> ActorScope:
        if user is None:
            return ActorScope.anonymous()
        return people_selectors.actor_scope(user=user)

    @property
    def student_actor(self) -> ActorScope:
        return self.actor(self.student.user)


def role_user(
    role: str, institution: Institution, *, first: str = "", last: str = "", **scope: Any
) -> User:
    user = UserFactory.create(**({"first_name": first, "last_name": last} if first else {}))
    RoleAssignment.objects.create(user=user, role=role, institution=institution, **scope)
    return user


def student_make(program: Program, group: StudentGroup | None, **fields: Any) -> Student:
    student = StudentFactory.create(program=program, group=group, **fields)
    RoleAssignment.objects.create(
        user=student.user, role="student", institution=program.institution
    )
    StudentStatusChange.objects.create(
        student=student, status="enrolled", effective_on=dt.date(2025, 9, 1)
    )
    return student


def plan_make(student: Student, disciplines: list[Discipline]) -> None:
    StudyPlanItem.objects.bulk_create(
        StudyPlanItem(student=student, discipline=d, semester=2, credits=d.credits)
        for d in disciplines
    )


@pytest.fixture
def world(db: None) -> World:
    institution = InstitutionFactory.create(
        code="shakarim",
        name_kk="Семей қаласының Шәкәрім атындағы университеті",
        name_ru="Университет имени Шакарима города Семей",
        name_en="Shakarim University of Semey",
        city="Семей",
    )
    # S3 (E 042-1.02-2023): a medical conclusion covers 30 days (ELIG-3).
    rule_pack_apply_preset(
        actor=ActorScope(user_id=None, is_superuser=True),
        institution=institution,
        preset="shakarim-e042",
        on=dt.date(2023, 2, 28),
    )
    other_institution = InstitutionFactory.create(code="atyrau", city="Атырау")
    faculty = FacultyFactory.create(institution=institution, code="FIT")
    other_faculty = FacultyFactory.create(institution=institution, code="PED")
    department = DepartmentFactory.create(faculty=faculty, code="IS")
    program = ProgramFactory.create(
        department=department,
        code="6B06101",
        name_kk="Ақпараттық жүйелер",
        name_ru="Информационные системы",
        total_credits=240,
    )
    group = StudentGroupFactory.create(program=program, code="АЖ-25-1")
    other_group = StudentGroupFactory.create(program=program, code="АЖ-25-2")
    disciplines = [
        DisciplineFactory.create(department=department, code=c, name_kk=kk, name_ru=ru, name_en=en)
        for c, kk, ru, en in DISCIPLINES
    ]
    student = student_make(
        program,
        group,
        user=UserFactory.create(
            first_name="Әлия", last_name="Жұмабаева", username="aliya", email="aliya@example.kz"
        ),
        student_number="2500001",
        prior_education="tvet",
    )
    plan_make(student, disciplines)
    return World(
        institution=institution,
        other_institution=other_institution,
        faculty=faculty,
        other_faculty=other_faculty,
        department=department,
        program=program,
        group=group,
        other_group=other_group,
        student=student,
        disciplines=disciplines,
        advisor=role_user("advisor", institution, first="Нұрлан", last="Әбенов", group=group),
        dean=role_user("dean", institution, first="Гүлнар", last="Сәтбаева", faculty=faculty),
        registrar=role_user("registrar", institution, first="Ерлан", last="Оспанов"),
        rector=role_user("rector_office", institution, first="Шаһмардан", last="Қасымов"),
        admin=role_user("admin", institution),
    )


def pdf_upload(name: str = "dkk.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def draft_make(
    world: World,
    *,
    ground: str = "temporary_health",
    starts_on: dt.date = TODAY,
    days: int = 30,
    disciplines: int = 2,
    evidence: str | None = "medical_conclusion",
    student: Student | None = None,
) -> TransferApplication:
    """A complete draft: the medical ground (ELIG-3) with a ДКК conclusion, two disciplines."""
    student = student or world.student
    actor = world.actor(student.user)
    application = services.application_create(actor=actor, student=student)
    plan = list(
        StudyPlanItem.objects.filter(student=student)
        .order_by("discipline__code")
        .values_list("discipline_id", flat=True)
    )
    services.application_draft_save(
        actor=actor,
        application=application,
        ground=ground,
        text="Ректорға: денсаулығыма байланысты қашықтықтан оқуға ауыстыруды сұраймын.",
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=days - 1),
        discipline_ids=plan[:disciplines],
    )
    if evidence:
        services.evidence_add(
            actor=actor,
            application=application,
            upload=pdf_upload(),
            kind=evidence,
            number="175/12",
            issuer="Қалалық емхана №2",
            issued_on=starts_on - dt.timedelta(days=3),
        )
    application.refresh_from_db()
    return application


def route_through(
    world: World, application: TransferApplication, *, today: dt.date = TODAY
) -> TransferApplication:
    """Submit and approve at every step of the default route."""
    owner = world.actor(application.student.user)
    services.application_submit(actor=owner, application=application, today=today)
    for user in (world.advisor, world.dean, world.registrar, world.rector):
        services.step_decide(
            actor=world.actor(user), application=application, decision="approve", today=today
        )
    application.refresh_from_db()
    return application


MakeUser = Callable[..., User | None]


def speak_english(*users: User) -> None:
    """Notices are written in the recipient's language: make it English for a test."""
    for user in users:
        user.language = "en"
        user.save(update_fields=["language"])
