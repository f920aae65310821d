"""Report pages, exports and the API: who reads what (SEC-2), the chart and the table on
the page, the files read back, the API's numbers equal to the page's (FP-3)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from qashyq.accounts.models import User
from qashyq.core.tests.pdftext import pdf_text
from qashyq.reports.selectors import REPORTS
from qashyq.reports.tests.conftest import Uni

EVERY = sorted(REPORTS)
COURSE_REPORTS = sorted(k for k, s in REPORTS.items() if not s.offices_only)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def page(user: User | None, url: str) -> Any:
    client = Client()
    client.cookies["qashyq_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.fixture
def actors(world: Uni, office: Callable[..., User]) -> dict[str, User | None]:
    w = world
    return {
        "anonymous": None,
        "student": w.aigerim.user,
        "teacher of ALG": w.serik.user,
        "dean of FIT": office("dean", faculty=w.fit),
        "dean of PED": office("dean", faculty=w.ped),
        "head of IS": office("department_head", department=w.is_dept),
        "registrar": office("registrar"),
        "registrar elsewhere": office("registrar", w.other_institution),
        "rector office": office("rector_office"),
        "distance unit": office("distance_unit"),
    }


@pytest.mark.parametrize(
    ("who", "reports", "courses"),
    [
        ("student", [], None),
        ("teacher of ALG", COURSE_REPORTS, ["ALG-2026S"]),
        ("dean of FIT", EVERY, ["ALG-2026S"]),
        ("dean of PED", EVERY, ["PSY-2026S"]),
        ("head of IS", EVERY, ["ALG-2026S"]),
        ("registrar", EVERY, ["ALG-2026S", "PSY-2026S"]),
        ("registrar elsewhere", EVERY, []),
        ("rector office", EVERY, ["ALG-2026S", "PSY-2026S"]),
        ("distance unit", EVERY, ["ALG-2026S", "PSY-2026S"]),
    ],
)
def test_who_reads_which_report_over_what(
    actors: dict[str, User | None],
    who: str,
    reports: list[str],
    courses: list[str] | None,
    token_client: Callable[[User | None], Client],
) -> None:
    user = actors[who]
    index = page(user, "/reports/")
    assert index.status_code == (200 if reports else 404)
    api = token_client(user)
    assert sorted(r["key"] for r in api.get("/api/v1/reports").json()) == reports
    for key in EVERY:
        expected = 200 if key in reports else 404
        assert page(user, f"/reports/{key}/").status_code == expected, key
        assert page(user, f"/reports/{key}/export.csv").status_code == expected, key
        assert api.get(f"/api/v1/reports/{key}").status_code == expected, key
    if courses is not None:
        rows = api.get("/api/v1/reports/courses").json()["rows"]
        assert [r["code"] for r in rows] == courses


def test_anonymous_visitors_sign_in_first(
    actors: dict[str, User | None], token_client: Callable[[User | None], Client]
) -> None:
    assert page(None, "/reports/").status_code == 302
    assert page(None, "/reports/courses/").status_code == 302
    assert token_client(None).get("/api/v1/reports/courses").status_code == 401


def test_a_teacher_sees_only_their_own_course_even_when_asking_for_another(
    world: Uni, actors: dict[str, User | None], token_client: Callable[[User | None], Client]
) -> None:
    api = token_client(actors["teacher of ALG"])
    body = api.get(f"/api/v1/reports/attendance?course={world.psy.pk}&from=2026-03-01").json()
    assert body["rows"] == []
    assert body["filters"]["course"] == world.psy.pk


def test_the_page_draws_the_chart_and_the_table(world: Uni, actors: dict[str, User | None]) -> None:
    response = page(actors["registrar"], "/reports/attendance/?from=2026-03-01&to=2026-03-31")
    html = response.content.decode()
    assert '<svg class="chart"' in html
    assert html.count("<polyline") == 1
    assert "ALG-2026S" in html
    assert "PSY-2026S" in html
    assert "57.1" in html  # the total attendance rate
    assert "/reports/attendance/export.xlsx?from=2026-03-01&amp;to=2026-03-31" in html
    assert "/api/v1/reports/attendance?from=2026-03-01&amp;to=2026-03-31" in html
    bars = page(actors["registrar"], "/reports/grades/").content.decode()
    assert bars.count("<rect") > 12


def test_the_menu_links_the_reports_for_staff_not_students(
    world: Uni, actors: dict[str, User | None]
) -> None:
    assert 'href="/reports/"' in page(actors["dean of FIT"], "/").content.decode()
    assert 'href="/reports/"' not in page(actors["student"], "/").content.decode()


def test_exports_read_back_with_the_numbers_of_the_page(
    world: Uni, actors: dict[str, User | None], token_client: Callable[[User | None], Client]
) -> None:
    registrar = actors["registrar"]
    query = "?from=2026-03-01&to=2026-03-31"
    api_rows = token_client(registrar).get(f"/api/v1/reports/attendance{query}").json()["rows"]
    assert [(r["code"], r["marks"], r["rate"]) for r in api_rows] == [
        ("ALG-2026S", 6, "50.0"),
        ("PSY-2026S", 1, "100.0"),
    ]

    xlsx = page(registrar, f"/reports/attendance/export.xlsx{query}")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="attendance-20260301-20260331.xlsx"' in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Attendance statistics"
    assert values[1][0] == "Period: 01.03.2026 – 31.03.2026"
    assert values[2][:4] == ["Course", "Discipline", "Classes", "Marks"]
    assert [(r[0], r[3], r[-1]) for r in values[3:5]] == [
        ("ALG-2026S", 6, 50.0),
        ("PSY-2026S", 1, 100.0),
    ]
    assert values[5][0] == "Total"
    assert values[5][-1] == 57.1

    raw = page(registrar, f"/reports/attendance/export.csv{query}").content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "code", "discipline", "classes", "marks", "present", "late", "absent", "excused", "rate",
    ]  # fmt: skip
    assert [r[:1] + r[2:] for r in rows[1:]] == [
        ["ALG-2026S", "2", "6", "2", "1", "2", "1", "50.0"],
        ["PSY-2026S", "1", "1", "1", "0", "0", "0", "100.0"],
    ]

    pdf = page(registrar, f"/reports/attendance/export.pdf{query}")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Attendance statistics" in text
    assert "ALG-2026S" in text
    assert "57.1" in text


def test_the_pdf_writes_kazakh_letters(world: Uni, actors: dict[str, User | None]) -> None:
    pdf = page(actors["registrar"], f"/reports/access/export.pdf?course={world.alg.pk}")
    text = pdf_text(pdf.content)
    assert "1-апта" in text
    assert "Жиындар" in text


def test_every_report_renders_and_exports_for_the_registrar(
    world: Uni, actors: dict[str, User | None]
) -> None:
    registrar = actors["registrar"]
    for key in EVERY:
        assert page(registrar, f"/reports/{key}/?from=2026-03-01").status_code == 200, key
        for fmt in ("xlsx", "csv", "pdf"):
            response = page(registrar, f"/reports/{key}/export.{fmt}?from=2026-03-01")
            assert response.status_code == 200, (key, fmt)
    assert page(registrar, "/reports/courses/export.docx").status_code == 404


def test_the_api_pages_the_rows(
    world: Uni, actors: dict[str, User | None], token_client: Callable[[User | None], Client]
) -> None:
    api = token_client(actors["registrar"])
    body = api.get("/api/v1/reports/signins?from=2026-03-01&to=2026-03-31&limit=2").json()
    assert body["count"] == 3
    assert [r["sign_ins"] for r in body["rows"]] == [1, 1]
    rest = api.get("/api/v1/reports/signins?from=2026-03-01&to=2026-03-31&limit=2&offset=2")
    assert [r["sign_ins"] for r in rest.json()["rows"]] == [2]
    assert body["totals"]["sign_ins"] == 4
    assert body["chart"]["labels"] == ["2026-03-02", "2026-03-03"]
    assert api.get("/api/v1/reports/signins?limit=101").status_code == 422
