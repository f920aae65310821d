"""Exports of the compliance dashboard: CSV (UTF-8 with a BOM) and XLSX of the current
filtered list, one line per verdict shown, exact cells (issue 3)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django import DjangoDbBlocker

from qashyq.regulations.exports import BOM, cell_text
from qashyq.regulations.tests.test_compliance_pages import (
    AS_OF,
    World,
    client_for,
    world_built,
)

pytestmark = pytest.mark.django_db

EXPORT = reverse("regulations:compliance_export")


@pytest.fixture(scope="module")
def world_once(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    yield from world_built(django_db_blocker)


@pytest.fixture
def world(world_once: World, db: None) -> World:
    return world_once


STUDENT_HEADER = [
    "Student ID number",
    "Full name",
    "Faculty",
    "Program",
    "Group",
    "Requirement",
    "Outcome",
    "Rule",
    "Rule statement",
    "Figures",
    "Explanation",
    "Act",
    "Clause",
    "Wording",
    "As of",
]
ATYRAU_ACT = (
    "Regulation No. 066 on organizing the educational process by distance learning and in "
    "the online form in higher and postgraduate programs (Kh. Dosmukhamedov Atyrau "
    "University, 2024, 4th edition)"
)


def body_of(response: Any) -> bytes:
    """A response's bytes, streamed (CSV) or not (XLSX)."""
    return b"".join(response.streaming_content) if response.streaming else bytes(response.content)


def export(world: World, **params: str) -> bytes:
    response = client_for(world.role("registrar")).get(EXPORT, {"as_of": AS_OF, **params})
    assert response.status_code == 200
    return body_of(response)


def test_csv_has_bom_english_header_and_exact_rows(world: World) -> None:
    """LIM-3 filter: the ICT student over 50 % under both the national 2022 wording and
    the Atyrau regulation, one line each, with figures, act and clause."""
    body = export(world, format="csv", requirement="LIM-3")
    assert body.startswith(BOM.encode("utf-8"))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8").removeprefix(BOM))))
    assert rows[0] == STUDENT_HEADER
    assert len(rows) == 3
    atyrau = next(r for r in rows[1:] if r[7] == "atyrau-066-2024/5.4.7")
    assert atyrau == [
        "2400003",
        "Ержанова Айгерім",
        "FIT",
        f"6B06101 {world.it.name}",
        "АЖ-24-1",
        "LIM-3",
        "violated",
        "atyrau-066-2024/5.4.7",
        "All other directions: at most 50 % of disciplines at a distance",
        "6 of 10 disciplines = 60 %, limit 50 %",
        "At most 5 disciplines of this plan may be studied at a distance.",
        ATYRAU_ACT,
        "5.4.7",
        "wording of 28.08.2024",
        "01.03.2025",
    ]
    assert {r[0] for r in rows[1:]} == {"2400003"}


def test_csv_content_type_and_file_name(world: World) -> None:
    response = client_for(world.role("registrar")).get(EXPORT, {"as_of": AS_OF, "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="compliance-students-atyrau-2025-03-01.csv"'
    )


def test_xlsx_cells(world: World) -> None:
    """The same list as XLSX: a bold header row, one row per verdict violated: LIM-1
    (Atyrau) and LIM-2 (Order 137) of the law student, LIM-3 of both acts for the ICT
    student."""
    body = export(world, format="xlsx")
    sheet = load_workbook(io.BytesIO(body)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == STUDENT_HEADER
    assert sheet["A1"].font.bold
    assert sorted((r[0], r[5], r[7]) for r in rows[1:]) == [
        ("2400001", "LIM-1", "atyrau-066-2024/5.4.5"),
        ("2400001", "LIM-2", "mon-137-2022/lim-2"),
        ("2400003", "LIM-3", "atyrau-066-2024/5.4.7"),
        ("2400003", "LIM-3", "mon-137-2022/lim-3"),
    ]
    law = next(r for r in rows[1:] if r[7] == "atyrau-066-2024/5.4.5")
    assert law[9] == "3 of 10 disciplines = 30 %, limit 20 %"
    assert law[12] == "5.4.5"


def test_programs_export(world: World) -> None:
    body = export(
        world, format="csv", tab="programs", outcome="not_applicable", requirement="ONL-1"
    )
    rows = list(csv.reader(io.StringIO(body.decode("utf-8").removeprefix(BOM))))
    assert rows[0][:4] == ["Program code", "Program", "Faculty", "Requirement"]
    assert sorted(r[0] for r in rows[1:]) == ["6B04201", "6B06101"]


def test_export_respects_the_deans_scope(world: World) -> None:
    dean = world.role("dean", faculty=world.law_faculty)
    response = client_for(dean).get(EXPORT, {"as_of": AS_OF, "format": "csv"})
    body = body_of(response).decode("utf-8")
    assert "2400001" in body
    assert "2400003" not in body


@pytest.mark.parametrize(("user", "status"), [("anonymous", 302), ("student", 404)])
def test_export_matrix(world: World, user: str, status: int) -> None:
    who = None if user == "anonymous" else world.students["law_over"].user
    response = client_for(who).get(EXPORT, {"as_of": AS_OF, "format": "csv"})
    assert response.status_code == status


def test_unknown_format_is_404(world: World) -> None:
    response = client_for(world.role("registrar")).get(EXPORT, {"format": "pdf"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+7 701", "'+7 701"),
        ("-1", "'-1"),
        ("@SUM", "'@SUM"),
        ("Ержанова", "Ержанова"),
        ("a\x00b\x1fc", "abc"),
        ("14.6 %", "14.6 %"),
    ],
)
def test_cell_text_never_a_formula(value: str, text: str) -> None:
    assert cell_text(value) == text
