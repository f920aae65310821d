"""Compliance pages (issue 3): who sees the dashboard and a student's panel (SEC-2), the
filters, the counts per requirement, the query count, the menu link. The world: an
institution with the Atyrau No. 066 preset, a law program (LIM-1 ≤ 20 %, LIM-2 ≤ 20 %)
and an ICT program (LIM-3 ≤ 50 %), two students in each (one over the limit), checked
as of 01.03.2025."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoDbBlocker

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
    StudentGroupFactory,
)
from qashyq.people.models import RoleAssignment, Student
from qashyq.people.tests.factories import StudentFactory
from qashyq.regulations import services
from qashyq.regulations.models_compliance import ComplianceRun
from qashyq.regulations.tests.factories import plan_make, program_with

pytestmark = pytest.mark.django_db

AS_OF = "2025-03-01"
DASHBOARD = reverse("regulations:compliance")


@dataclass
class World:
    institution: Institution
    other_institution: Institution
    law_faculty: Faculty
    it_faculty: Faculty
    law_department: Department
    it_department: Department
    law: Program
    it: Program
    law_group: StudentGroup
    it_group: StudentGroup
    students: dict[str, Student] = field(default_factory=dict)

    def role(self, role: str, where: Institution | None = None, **scope: object) -> User:
        user: User = UserFactory.create()
        RoleAssignment.objects.create(
            user=user, role=role, institution=where or self.institution, **scope
        )
        return user


def student_make(
    program: Program,
    group: StudentGroup,
    *,
    number: str,
    last_name: str,
    disciplines: int = 10,
    distance: int = 0,
) -> Student:
    student = StudentFactory.create(
        program=program,
        group=group,
        student_number=number,
        user=UserFactory.create(last_name=last_name, first_name="Айгерім"),
    )
    RoleAssignment.objects.create(
        user=student.user, role="student", institution=program.institution
    )
    plan_make(student, disciplines=disciplines, distance=distance)
    return student


def world_make() -> World:
    institution = InstitutionFactory.create(code="atyrau", name_en="Atyrau University")
    services.rule_pack_apply_preset(
        actor=ActorScope(user_id=None, is_superuser=True),
        institution=institution,
        preset="atyrau-066",
        on=dt.date(2024, 9, 1),
    )
    law_faculty = FacultyFactory.create(institution=institution, code="LAW")
    it_faculty = FacultyFactory.create(institution=institution, code="FIT")
    law_department = DepartmentFactory.create(faculty=law_faculty, code="IL")
    it_department = DepartmentFactory.create(faculty=it_faculty, code="IS")
    law = program_with("6B042", department=law_department, code="6B04201")
    it = program_with("6B061", department=it_department, code="6B06101")
    world = World(
        institution=institution,
        other_institution=InstitutionFactory.create(code="shakarim"),
        law_faculty=law_faculty,
        it_faculty=it_faculty,
        law_department=law_department,
        it_department=it_department,
        law=law,
        it=it,
        law_group=StudentGroupFactory.create(program=law, code="ХҚ-24-1"),
        it_group=StudentGroupFactory.create(program=it, code="АЖ-24-1"),
    )
    world.students = {
        # LIM-1 and LIM-2: 3 of 10 = 30 % > 20 %
        "law_over": student_make(
            law, world.law_group, number="2400001", last_name="Абенова", distance=3
        ),
        "law_within": student_make(
            law, world.law_group, number="2400002", last_name="Бекова", distance=2
        ),
        # LIM-3: 6 of 10 = 60 % > 50 %
        "it_over": student_make(
            it, world.it_group, number="2400003", last_name="Ержанова", distance=6
        ),
        "it_within": student_make(
            it, world.it_group, number="2400004", last_name="Жұмабаева", distance=5
        ),
    }
    return world


def world_built(django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    """The world of a test module, built once inside a transaction rolled back at the
    end; each test runs in a savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield world_make()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def world_once(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    yield from world_built(django_db_blocker)


@pytest.fixture
def world(world_once: World, db: None) -> World:
    return world_once


def client_for(user: User | None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def listed_numbers(body: str) -> list[str]:
    """Student numbers linked from the dashboard's list, in order."""
    return re.findall(r'/regulations/students/\d+/\?as_of=[0-9-]+">(\d+)</a>', body)


# ---------------------------------------------------------------- who sees the dashboard


DASHBOARD_MATRIX = [
    # case, status, student numbers listed (violations as of 01.03.2025)
    ("anonymous", 302, []),
    ("a student", 404, []),
    ("a teacher", 404, []),
    ("an advisor of the group", 404, []),
    ("a proctor", 404, []),
    ("the dean of the law faculty", 200, ["2400001"]),
    ("the dean of the IT faculty", 200, ["2400003"]),
    ("the head of the law department", 200, ["2400001"]),
    ("the registrar", 200, ["2400001", "2400003"]),
    ("the rector's office", 200, ["2400001", "2400003"]),
    ("the distance-learning unit", 200, ["2400001", "2400003"]),
    ("an administrator", 200, ["2400001", "2400003"]),
    ("a superuser", 200, ["2400001", "2400003"]),
    ("the registrar of another institution", 200, []),
]


def matrix_user(world: World, case: str) -> User | None:
    users = {
        "anonymous": lambda: None,
        "a student": lambda: world.students["law_over"].user,
        "a teacher": lambda: world.role("teacher", department=world.law_department),
        "an advisor of the group": lambda: world.role("advisor", group=world.law_group),
        "a proctor": lambda: world.role("proctor"),
        "the dean of the law faculty": lambda: world.role("dean", faculty=world.law_faculty),
        "the dean of the IT faculty": lambda: world.role("dean", faculty=world.it_faculty),
        "the head of the law department": lambda: world.role(
            "department_head", department=world.law_department
        ),
        "the registrar": lambda: world.role("registrar"),
        "the rector's office": lambda: world.role("rector_office"),
        "the distance-learning unit": lambda: world.role("distance_unit"),
        "an administrator": lambda: world.role("admin"),
        "a superuser": lambda: UserFactory.create(is_superuser=True),
        "the registrar of another institution": lambda: world.role(
            "registrar", world.other_institution
        ),
    }
    return users[case]()


@pytest.mark.parametrize(("case", "status", "numbers"), DASHBOARD_MATRIX)
def test_dashboard_matrix(world: World, case: str, status: int, numbers: list[str]) -> None:
    """SEC-2: institution-wide offices see the institution, a dean the faculty, a head the
    department; students, teachers, advisors and proctors get 404."""
    response = client_for(matrix_user(world, case)).get(DASHBOARD, {"as_of": AS_OF})
    assert response.status_code == status
    body = response.content.decode()
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))
    assert listed_numbers(body) == numbers
    for student in world.students.values():
        if student.student_number not in numbers:
            assert student.student_number not in body
            assert student.user.last_name not in body


def test_dashboard_other_institution_by_parameter_is_404(world: World) -> None:
    """A registrar cannot open another institution's dashboard by its id (SEC-2)."""
    registrar = world.role("registrar", world.other_institution)
    response = client_for(registrar).get(
        DASHBOARD, {"as_of": AS_OF, "institution": str(world.institution.pk)}
    )
    assert response.status_code == 404


def test_dean_counts_only_their_faculty(world: World) -> None:
    """The counts at the top cover the dean's faculty only (LIM-3 is the IT program's)."""
    dean = world.role("dean", faculty=world.law_faculty)
    response = client_for(dean).get(DASHBOARD, {"as_of": AS_OF})
    counts = {c.requirement: c for c, _link in response.context["student_counts"]}
    assert (counts["LIM-1"].violated, counts["LIM-1"].allowed) == (1, 1)
    assert (counts["LIM-3"].violated, counts["LIM-3"].allowed, counts["LIM-3"].not_applicable) == (
        0,
        0,
        2,
    )


# ---------------------------------------------------------------- what the registrar sees


def test_registrar_counts_per_requirement(world: World) -> None:
    """LIM-1 (law ≤ 20 %): one over, one at exactly 20 %, two not covered (ICT); LIM-3
    (others ≤ 50 %): one over, one at exactly 50 %, the law students not covered."""
    response = client_for(world.role("registrar")).get(DASHBOARD, {"as_of": AS_OF})
    counts = {
        c.requirement: (c.violated, c.allowed, c.not_applicable)
        for c, _link in response.context["student_counts"]
    }
    assert counts["LIM-1"] == (1, 1, 2)
    assert counts["LIM-2"] == (1, 1, 2)
    assert counts["LIM-3"] == (1, 1, 2)
    assert counts["LIM-4"] == (0, 0, 4)
    assert counts["LIM-7"] == (0, 4, 0)
    assert list(counts)[:4] == ["LIM-1", "LIM-2", "LIM-3", "LIM-4"]  # LIM-10 after LIM-9


def test_registrar_rows_show_figures_and_citation(world: World) -> None:
    """Each violation row: the rule, the figures, the act and the clause (LIM-1, LIM-3)."""
    response = client_for(world.role("registrar")).get(DASHBOARD, {"as_of": AS_OF})
    body = response.content.decode()
    assert "3 of 10 disciplines = 30 %, limit 20 %" in body
    assert "6 of 10 disciplines = 60 %, limit 50 %" in body
    assert "clause 5.4.5 (wording of 28.08.2024)" in body  # Atyrau No. 066, LIM-1
    assert "clause 5.4.7 (wording of 28.08.2024)" in body  # Atyrau No. 066, LIM-3
    assert "2 of 10 disciplines" not in body  # allowed: not listed under "violated"


def test_dashboard_defaults_to_today_in_almaty(world: World) -> None:
    response = client_for(world.role("registrar")).get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["d"].as_of == timezone.localdate()
    assert response.context["d"].run.as_of == timezone.localdate()


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("params", "numbers"),
    [
        ({}, ["2400001", "2400003"]),
        ({"requirement": "LIM-3"}, ["2400003"]),
        ({"requirement": "LIM-1"}, ["2400001"]),
        ({"requirement": "LIM-1", "outcome": "allowed"}, ["2400002"]),
        ({"requirement": "LIM-1", "outcome": "not_applicable"}, ["2400003", "2400004"]),
        ({"outcome": "allowed", "requirement": "LIM-3"}, ["2400004"]),
        ({"faculty": "law"}, ["2400001"]),
        ({"program": "it"}, ["2400003"]),
        ({"program": "it", "group": "it"}, ["2400003"]),
        ({"program": "law", "group": "law"}, ["2400001"]),
        ({"q": "Ержан"}, ["2400003"]),
        ({"q": "2400001"}, ["2400001"]),
        ({"q": "Бекова"}, []),
        ({"requirement": "ONL-1"}, []),
    ],
)
def test_dashboard_filters(world: World, params: dict[str, str], numbers: list[str]) -> None:
    ids = {
        "law": {
            "faculty": world.law_faculty.pk,
            "program": world.law.pk,
            "group": world.law_group.pk,
        },
        "it": {"faculty": world.it_faculty.pk, "program": world.it.pk, "group": world.it_group.pk},
    }
    query = {"as_of": AS_OF}
    for key, value in params.items():
        query[key] = str(ids[value][key]) if value in ids else value
    response = client_for(world.role("registrar")).get(DASHBOARD, query)
    assert response.status_code == 200
    assert listed_numbers(response.content.decode()) == numbers


def test_filter_as_of_2021_gives_the_2020_wording(world: World) -> None:
    """As of 01.03.2021 the 2020 wording of Order 137 rules: ELIG-5 (no distance learning
    on the basis of general secondary education) is violated by every student at a
    distance; the Atyrau regulation of 2024 is not yet in force."""
    response = client_for(world.role("registrar")).get(
        DASHBOARD, {"as_of": "2021-03-01", "requirement": "ELIG-5"}
    )
    assert listed_numbers(response.content.decode()) == ["2400001", "2400002", "2400003", "2400004"]
    counts = {c.requirement: c for c, _link in response.context["student_counts"]}
    assert counts["ELIG-5"].violated == 4


def test_programs_tab(world: World) -> None:
    """Programs are checked too (ONL-*, LIM-4): an ICT program in the full-time form has
    its online-form rules not applicable."""
    response = client_for(world.role("registrar")).get(
        DASHBOARD,
        {"as_of": AS_OF, "tab": "programs", "outcome": "not_applicable", "requirement": "ONL-1"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "6B04201" in body
    assert "6B06101" in body
    assert response.context["page"].paginator.count == 2


def test_pages_hold_at_most_50(world: World) -> None:
    for n in range(51):
        student_make(
            world.it,
            world.it_group,
            number=f"25{n:05d}",
            last_name=f"Я{n:02d}",
            disciplines=2,
            distance=2,
        )
    client = client_for(world.role("registrar"))
    first = client.get(DASHBOARD, {"as_of": AS_OF, "requirement": "LIM-3"})
    second = client.get(DASHBOARD, {"as_of": AS_OF, "requirement": "LIM-3", "page": "2"})
    assert len(listed_numbers(first.content.decode())) == 50
    assert listed_numbers(second.content.decode()) == ["2500049", "2500050"]


# ---------------------------------------------------------------- queries


def test_dashboard_query_count(world: World, django_assert_num_queries) -> None:
    """A fresh run: institutions, the run, faculties, programs, two counts, the page's
    count and rows (8), then the engine's bulk check of the page's students (5: the
    emergency period, students, programs, plan rows, shares; the rules are cached). The
    same number for more students."""
    client = client_for(world.role("registrar"))
    client.get(DASHBOARD, {"as_of": AS_OF})  # computes the run (and stamps the generations)
    client.get(DASHBOARD, {"as_of": AS_OF})  # caches the actor's scope of the new generation
    with django_assert_num_queries(13):
        client.get(DASHBOARD, {"as_of": AS_OF})
    for n in range(5):
        student_make(
            world.law,
            world.law_group,
            number=f"26{n:05d}",
            last_name="Ы",
            disciplines=2,
            distance=1,
        )
    ComplianceRun.objects.all().delete()
    client.get(DASHBOARD, {"as_of": AS_OF})
    client.get(DASHBOARD, {"as_of": AS_OF})
    with django_assert_num_queries(13):
        response = client.get(DASHBOARD, {"as_of": AS_OF})
    assert len(listed_numbers(response.content.decode())) == 7


# ---------------------------------------------------------------- the menu and the file


def test_menu_links(world: World) -> None:
    registrar_home = client_for(world.role("registrar")).get(reverse("people:home"))
    assert f'href="{DASHBOARD}"' in registrar_home.content.decode()
    student = world.students["law_over"]
    student_home = client_for(student.user).get(reverse("people:home"))
    panel = reverse("regulations:student_compliance", args=[student.pk])
    assert f'href="{panel}"' in student_home.content.decode()
    assert f'href="{DASHBOARD}"' not in student_home.content.decode()
    teacher = world.role("teacher", department=world.law_department)
    assert "Compliance" not in client_for(teacher).get(reverse("people:home")).content.decode()


def test_personal_file_links_the_panel(world: World) -> None:
    student = world.students["law_over"]
    response = client_for(world.role("registrar")).get(
        reverse("people:student_detail", args=[student.pk])
    )
    panel = reverse("regulations:student_compliance", args=[student.pk])
    assert f'href="{panel}"' in response.content.decode()
