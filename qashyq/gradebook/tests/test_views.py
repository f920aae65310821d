"""Pages: the permission matrix (SEC-2), the journal with quick entry and reasons, the
setup, a student's page, the statement, the transcript PDF, the XLSX export, the summary,
and the journal's query count."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from qashyq.accounts.models import User
from qashyq.core.tests.pdftext import pdf_text
from qashyq.courses.models import Enrolment
from qashyq.gradebook import services
from qashyq.gradebook.models import CourseGrading, FinalGrade, GradeChange, GradeEntry, GradeItem
from qashyq.gradebook.tests.conftest import World, student_make
from qashyq.gradebook.tests.helpers import grade, rights, standard_items

D = Decimal


def client_of(user: User | None) -> Client:
    """A client signed in as `user`, with English pages (assertions read English words)."""
    client = Client()
    if user is not None:
        user.language = "en"
        user.save(update_fields=["language"])
        client.force_login(user)
    return client


JOURNAL = [
    ("anonymous", 302),
    ("student of the course", 200),  # their own grades
    ("student not in the course", 404),
    ("teacher of the course", 200),
    ("assistant of the course", 200),
    ("tutor of the course", 200),
    ("teacher of another course", 404),
    ("head of the department", 200),
    ("dean of the faculty", 200),
    ("dean of another faculty", 404),
    ("registrar", 200),
    ("registrar of another institution", 404),
    ("rector office", 200),
]


@pytest.mark.parametrize(("case", "status"), JOURNAL)
def test_sec2_journal_page_matrix(
    world: World, matrix_user: Callable[[str], User | None], case: str, status: int
) -> None:
    items = standard_items(world)
    grade(world, items, world.dana.pk, c1="9")
    response = client_of(matrix_user(case)).get(f"/grades/courses/{world.course.pk}/")
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        if case == "student of the course":
            assert "Ким Дана" not in body  # only their own grades
            assert "ТЖ 1" in body
        else:
            assert "Ким Дана" in body
            assert "data-i=" in body


CELL = [
    ("student of the course", 404),
    ("assistant of the course", 403),
    ("tutor of the course", 403),
    ("dean of the faculty", 403),
    ("teacher of another course", 404),
    ("teacher of the course", 200),
]


@pytest.mark.parametrize(("case", "status"), CELL)
def test_sec2_only_the_teacher_enters_grades(
    world: World, matrix_user: Callable[[str], User | None], case: str, status: int
) -> None:
    items = standard_items(world)
    response = client_of(matrix_user(case)).post(
        f"/grades/courses/{world.course.pk}/cell/",
        json.dumps({"item": items["c1"].pk, "student": world.aigerim.pk, "value": "7"}),
        content_type="application/json",
    )
    assert response.status_code == status
    assert GradeEntry.objects.count() == (1 if status == 200 else 0)


def test_quick_entry_asks_for_a_reason_when_a_grade_changes(world: World) -> None:
    items = standard_items(world)
    client = client_of(world.teacher.user)
    url = f"/grades/courses/{world.course.pk}/cell/"

    def post(value: str, reason: str = "") -> tuple[int, dict[str, str]]:
        body = {"item": items["m1"].pk, "student": world.aigerim.pk, "value": value}
        response = client.post(
            url, json.dumps({**body, "reason": reason}), content_type="application/json"
        )
        return response.status_code, response.json()

    status, data = post("80,5")
    assert (status, data["value"]) == (200, "80.5")
    assert "<td class=r>" in data["result"]
    status, data = post("90")
    assert (status, data["code"]) == (422, "grade_reason_required")
    status, data = post("90", "Апелляция")
    assert status == 200
    status, data = post("E", "Анықтама бар")
    assert (status, data["value"]) == (200, "E")
    assert GradeEntry.objects.get().mark == "excused"
    assert list(GradeChange.objects.order_by("id").values_list("reason", flat=True)) == [
        "",
        "Апелляция",
        "Анықтама бар",
    ]
    status, data = post("abc", "x")
    assert (status, data["code"]) == (422, "grade_invalid")


def test_journal_shows_formula_verdict_and_totals(world: World) -> None:
    items = standard_items(world)
    grade(world, items, world.aigerim.pk, c1="7", m1="90", c2="15", m2="65", exam="80")
    body = client_of(world.teacher.user).get(f"/grades/courses/{world.course.pk}/").content
    text = body.decode()
    assert "Admission rating = 0.5 × R1 + 0.5 × R2" in text
    assert "Final = 0.6 × admission rating + 0.4 × exam (GRD-3)" in text
    assert "<td class=ok title=GRD-4.combined>✓" in text
    assert "<td class=no title=GRD-4.combined>✗" in text
    assert "<td>B-" in text
    assert "Average, %" in text


def test_setup_page_items_and_weights(world: World) -> None:
    client = client_of(world.teacher.user)
    url = f"/grades/courses/{world.course.pk}/setup/"
    client.post(
        url,
        {"action": "add", "title": "Коллоквиум", "control": "current", "half": "2",
         "max_points": "15", "weight": "2"},
    )  # fmt: skip
    item = GradeItem.objects.get()
    assert (item.title, item.half, item.max_points, item.weight) == (
        "Коллоквиум", 2, D("15.00"), D("2.00")
    )  # fmt: skip
    client.post(
        url,
        {"action": "weights", "current_share": "0,4", "r1_share": "0.5",
         "admission_threshold": "55", "exam_minimum": ""},
    )  # fmt: skip
    row = CourseGrading.objects.get()
    assert (row.current_share, row.admission_threshold, row.exam_minimum) == (
        D("0.40"), D("55.00"), None
    )  # fmt: skip
    assert "Коллоквиум" in client.get(url).content.decode()
    # a tutor reads but does not change
    tutor = client_of(world.tutor.user)
    tutor.post(url, {"action": "delete", "item": str(item.pk)})
    assert GradeItem.objects.filter(pk=item.pk).exists()
    client.post(url, {"action": "delete", "item": str(item.pk)})
    assert not GradeItem.objects.exists()


def test_statement_page_flow_and_registrar_change(
    world: World, make_user: Callable[..., User | None]
) -> None:
    items = standard_items(world)
    grade(world, items, world.aigerim.pk, c1="6", m1="60", c2="12", m2="60", exam="20")
    teacher = client_of(world.teacher.user)
    teacher.post(f"/grades/courses/{world.course.pk}/confirm/")
    assert FinalGrade.objects.get(student=world.aigerim).letter == "FX"
    page = f"/grades/courses/{world.course.pk}/students/{world.aigerim.pk}/"
    # the teacher can no longer change a grade
    teacher.post(page, {"item": items["exam"].pk, "points": "90", "reason": "x"})
    assert GradeEntry.objects.get(item=items["exam"]).points == D("20.00")
    # but records the FX retake
    teacher.post(page, {"action": "retake", "exam": "70", "reason": "Қайта тапсыру"})
    assert FinalGrade.objects.get(student=world.aigerim).letter == "C-"
    registrar = client_of(make_user("registrar"))
    registrar.post(page, {"item": items["c1"].pk, "points": "10", "reason": "Бұйрық №5"})
    assert GradeEntry.objects.get(item=items["c1"]).points == D("10.00")
    text = registrar.get(page).content.decode()
    assert "Бұйрық №5" in text
    assert "Қайта тапсыру" in text


def test_transcript_pdf_in_three_languages(world: World) -> None:
    items = standard_items(world)
    grade(world, items, world.aigerim.pk, c1="10", m1="100", c2="20", m2="100", exam="100")
    services.statement_confirm(rights=rights(world, world.teacher.user))
    client = client_of(world.aigerim.user)
    url = f"/grades/students/{world.aigerim.pk}/transcript.pdf"
    expected = {"kk": "Транскрипт", "ru": "Общий GPA", "en": "Cumulative GPA"}
    for lang, word in expected.items():
        response = client.get(url, {"lang": lang})
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert word in text
        assert "Сәрсенова Айгерім" in text
        assert "4.00" in text
    assert "өте жақсы" in pdf_text(client.get(url, {"lang": "kk"}).content)
    # another student: 404; the dean's office: 200
    assert client_of(world.dana.user).get(url).status_code == 404
    html = client.get(f"/grades/students/{world.aigerim.pk}/transcript/").content.decode()
    assert "4.00" in html


def test_xlsx_export_reads_back(world: World) -> None:
    items = standard_items(world)
    grade(world, items, world.aigerim.pk, c1="7", m1="90", c2="15", m2="65", exam="80")
    response = client_of(world.teacher.user).get(f"/grades/courses/{world.course.pk}/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("Student", "Group", "ТЖ 1 (≤ 10)")
    aigerim = next(r for r in rows if r[0] == "Сәрсенова Айгерім")
    assert aigerim[2:7] == (7.0, 90.0, 15.0, 65.0, 80.0)
    assert aigerim[-7:] == (80.0, 70.0, 75.0, "yes", 80.0, 77.0, "B-")
    assert (
        client_of(world.aigerim.user)
        .get(f"/grades/courses/{world.course.pk}/export.xlsx")
        .status_code
        == 404
    )


def test_student_index_and_summary(world: World, make_user: Callable[..., User | None]) -> None:
    items = standard_items(world)
    grade(world, items, world.aigerim.pk, c1="10", m1="100", c2="20", m2="100", exam="100")
    grade(world, items, world.bolat.pk, c1="6", m1="60", c2="12", m2="60", exam="20")
    services.statement_confirm(rights=rights(world, world.teacher.user))
    text = client_of(world.aigerim.user).get("/grades/").content.decode()
    assert "Cumulative GPA: 4.00" in text
    dean = client_of(make_user("dean", faculty=world.faculty))
    summary = dean.get("/grades/summary/").content.decode()
    assert "ИС-25-1" in summary
    assert "ИС-25-2" in summary
    assert client_of(world.aigerim.user).get("/grades/summary/").status_code == 404
    other = client_of(make_user("dean", faculty=world.other_faculty))
    assert "ИС-25-1" not in other.get("/grades/summary/").content.decode()


@pytest.mark.parametrize(("students", "extra_items"), [(0, 0), (15, 6)])
def test_journal_page_query_count_is_bounded(
    world: World, django_assert_max_num_queries: Any,
    students: int, extra_items: int,
) -> None:  # fmt: skip
    items = standard_items(world)
    r = rights(world, world.teacher.user)
    for n in range(extra_items):
        services.item_create(rights=r, title=f"Q{n}", control="current", max_points=D(5))
    for n in range(students):
        student = student_make(world.program, world.group_a, f"Студент{n}", "Тест")
        Enrolment.objects.create(course=world.course, student=student)
        grade(world, items, student.pk, c1="5", m1="50")
    client = client_of(world.teacher.user)
    url = f"/grades/courses/{world.course.pk}/"
    client.get(url)
    grade(world, items, world.aigerim.pk, c1="6")  # the next read misses the cache
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_journal_is_sent_gzip_compressed(world: World) -> None:
    import gzip

    standard_items(world)
    response = client_of(world.teacher.user).get(
        f"/grades/courses/{world.course.pk}/", HTTP_ACCEPT_ENCODING="gzip, br"
    )
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"data-i=" in gzip.decompress(response.content)
