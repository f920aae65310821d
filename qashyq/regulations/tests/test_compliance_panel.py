"""A student's compliance panel (issue 3): who may open it (the personal file's rule,
SEC-2), the plan as the rules count it, the verdicts grouped by requirement, and the
same plan as of 01.03.2021, 01.09.2024 and 01.08.2026 side by side."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import reverse
from pytest_django import DjangoDbBlocker

from qashyq.accounts.models import User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.regulations.tests.test_compliance_pages import (
    AS_OF,
    World,
    client_for,
    student_make,
    world_built,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_once(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    yield from world_built(django_db_blocker)


@pytest.fixture
def world(world_once: World, db: None) -> World:
    return world_once


def panel_url(world: World, key: str = "law_over") -> str:
    return reverse("regulations:student_compliance", args=[world.students[key].pk])


PANEL_MATRIX = [
    ("anonymous", 302),
    ("the student", 200),
    ("another student", 404),
    ("the advisor of the group", 200),
    ("the advisor of another group", 404),
    ("a teacher", 404),
    ("the dean of the faculty", 200),
    ("the dean of another faculty", 404),
    ("the head of the department", 200),
    ("the registrar", 200),
    ("the registrar of another institution", 404),
    ("a superuser", 200),
]


def panel_user(world: World, case: str) -> User | None:
    users = {
        "anonymous": lambda: None,
        "the student": lambda: world.students["law_over"].user,
        "another student": lambda: world.students["law_within"].user,
        "the advisor of the group": lambda: world.role("advisor", group=world.law_group),
        "the advisor of another group": lambda: world.role("advisor", group=world.it_group),
        "a teacher": lambda: world.role("teacher", department=world.law_department),
        "the dean of the faculty": lambda: world.role("dean", faculty=world.law_faculty),
        "the dean of another faculty": lambda: world.role("dean", faculty=world.it_faculty),
        "the head of the department": lambda: world.role(
            "department_head", department=world.law_department
        ),
        "the registrar": lambda: world.role("registrar"),
        "the registrar of another institution": lambda: world.role(
            "registrar", world.other_institution
        ),
        "a superuser": lambda: UserFactory.create(is_superuser=True),
    }
    return users[case]()


@pytest.mark.parametrize(("case", "status"), PANEL_MATRIX)
def test_panel_matrix(world: World, case: str, status: int) -> None:
    """SEC-2: whoever may open the personal file; absent and not-yours alike 404, and the
    404 leaks neither the name nor the figures."""
    response = client_for(panel_user(world, case)).get(panel_url(world), {"as_of": AS_OF})
    assert response.status_code == status
    body = response.content.decode()
    if status == 200:
        assert "Абенова Айгерім" in body
        assert "3 of 10 disciplines = 30 %, limit 20 %" in body
    else:
        assert "Абенова" not in body
        assert "30 %" not in body


def test_absent_student_is_404(world: World) -> None:
    response = client_for(world.role("registrar")).get(
        reverse("regulations:student_compliance", args=[999_999])
    )
    assert response.status_code == 404


def test_plan_as_the_rules_count_it(world: World) -> None:
    response = client_for(world.role("registrar")).get(panel_url(world), {"as_of": AS_OF})
    plan = response.context["panel"].plan
    assert (plan.disciplines, plan.distance_disciplines, plan.distance_share) == (10, 3, 30.0)
    assert (plan.credits, plan.distance_credits, plan.program_credits) == (50, 15, 240)
    assert [(b.basis, b.credits, b.distance_credits) for b in plan.by_basis] == [
        ("regular", 50, 15)
    ]
    assert "3 disciplines (30.0 %)" in response.content.decode()


def test_verdicts_grouped_by_requirement(world: World) -> None:
    """As of 01.03.2025: LIM-1 (Atyrau No. 066, 5.4.5) and LIM-2 (Order 137, 2022)
    violated, LIM-3 of both acts not applicable to law (its own stricter limit)."""
    response = client_for(world.role("registrar")).get(panel_url(world), {"as_of": AS_OF})
    panel = response.context["panel"]
    groups = {g.requirement: g for g in panel.groups}
    assert [g.requirement for g in panel.groups] == [
        "LIM-1",
        "LIM-2",
        "LIM-3",
        "LIM-4",
        "LIM-6",  # Atyrau 066 §5.4.3: no approved list, not applicable
        "LIM-7",
        "LIM-8",
        "LIM-9",
        "LIM-10",
        "LIM-13",
    ]
    assert groups["LIM-1"].outcome == "violated"
    assert [v.rule_code for v in groups["LIM-1"].verdicts] == ["atyrau-066-2024/5.4.5"]
    assert groups["LIM-3"].outcome == "not_applicable"
    assert [v.rule_code for v in groups["LIM-3"].verdicts] == [
        "mon-137-2022/lim-3",
        "atyrau-066-2024/5.4.7",
    ]
    assert groups["LIM-7"].outcome == "allowed"
    body = response.content.decode()
    assert "2 requirements violated" in body
    assert "clause 5.4.5 (wording of 28.08.2024)" in body
    assert "At most 2 disciplines of this plan may be studied at a distance." in body


def test_three_dates_side_by_side(world: World) -> None:
    """01.03.2021: the 2020 wording (ELIG-5 violated: admitted on general secondary
    education; the Atyrau regulation not yet in force, so LIM-1 not applicable);
    01.09.2024 and 01.08.2026: the 2022 wording and Atyrau No. 066 (LIM-1, LIM-2
    violated). Rows whose outcome changes are marked."""
    response = client_for(world.role("registrar")).get(panel_url(world), {"as_of": AS_OF})
    panel = response.context["panel"]
    assert [d.isoformat() for d in panel.dates] == ["2021-03-01", "2024-09-01", "2026-08-01"]
    rows = {r.requirement: r for r in panel.comparison}
    assert rows["ELIG-5"].outcomes == ("violated", "", "")
    assert rows["LIM-1"].outcomes == ("not_applicable", "violated", "violated")
    assert rows["LIM-2"].outcomes == ("", "violated", "violated")
    assert rows["LIM-7"].outcomes == ("allowed", "allowed", "allowed")
    assert [v.rule_code for v in rows["LIM-7"].cells[0]] == ["mon-137-2020/26"]
    assert [v.rule_code for v in rows["LIM-7"].cells[1]] == ["mon-137-2022/lim-7"]
    assert sorted(r.requirement for r in panel.comparison if r.differs) == [
        "ELIG-5",
        "LIM-1",
        "LIM-10",
        "LIM-11",
        "LIM-12",
        "LIM-2",
    ]
    body = response.content.decode()
    assert len(re.findall(r'<tr class="differs">', body)) == 6
    assert "The verdicts differ for 6 requirements; they are highlighted." in body


def test_dates_are_editable(world: World) -> None:
    response = client_for(world.role("registrar")).get(
        panel_url(world),
        {
            "as_of": "2021-03-01",
            "date1": "2020-01-15",
            "date2": "2021-03-01",
            "date3": "2025-03-01",
        },
    )
    panel = response.context["panel"]
    assert panel.as_of.isoformat() == "2021-03-01"
    assert [d.isoformat() for d in panel.dates] == ["2020-01-15", "2021-03-01", "2025-03-01"]
    assert [g.requirement for g in panel.groups if g.outcome == "violated"] == ["ELIG-5"]


def test_a_bad_date_falls_back_to_the_default(world: World) -> None:
    response = client_for(world.role("registrar")).get(
        panel_url(world), {"as_of": AS_OF, "date1": "01.03.2021"}
    )
    assert response.status_code == 200
    assert response.context["panel"].dates[0].isoformat() == "2021-03-01"


def test_empty_plan(world: World) -> None:
    student = student_make(
        world.it, world.it_group, number="2499999", last_name="Бос", disciplines=0
    )
    response = client_for(world.role("registrar")).get(
        reverse("regulations:student_compliance", args=[student.pk]), {"as_of": AS_OF}
    )
    body = response.content.decode()
    assert "The study plan is empty." in body
    assert "The study plan has no disciplines yet." in body  # LIM-3 not applicable
