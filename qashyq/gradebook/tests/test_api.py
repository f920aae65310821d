"""The gradebook API: items, entries (paged), setting an entry with a reason, finals, a
student's grades and GPA, the transcript; the permission matrix (SEC-2)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from qashyq.accounts.models import User
from qashyq.gradebook import services
from qashyq.gradebook.models import GradeEntry
from qashyq.gradebook.tests.conftest import World
from qashyq.gradebook.tests.helpers import grade, rights, standard_items

D = Decimal
API = "/api/v1/gradebook"


@pytest.fixture
def api(token_client: Callable[[User | None], Client]) -> Callable[[User | None], Client]:
    def make(user: User | None) -> Client:
        client = token_client(user)
        client.cookies["qashyq_language"] = "en"
        return client

    return make


def test_items_entries_and_set_with_reason(
    world: World, api: Callable[[User | None], Client]
) -> None:
    items = standard_items(world)
    teacher = api(world.teacher.user)
    listed = teacher.get(f"{API}/courses/{world.course.pk}/items").json()
    assert [(i["title"], i["control"]) for i in listed] == [
        ("ТЖ 1", "current"), ("АБ1", "midterm1"), ("ТЖ 2", "current"), ("АБ2", "midterm2"),
        ("Емтихан", "exam"),
    ]  # fmt: skip
    url = f"{API}/courses/{world.course.pk}/entries"
    body = {"item_id": items["m1"].pk, "student_id": world.aigerim.pk, "points": "90"}
    response = teacher.put(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["result"]["r1"] == "45.00"  # ½ × 0 (ТЖ 1 not graded) + ½ × 90
    response = teacher.put(url, {**body, "points": "95"}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (422, "grade_reason_required")
    response = teacher.put(
        url, {**body, "points": "95", "reason": "Қате"}, content_type="application/json"
    )
    assert response.status_code == 200
    page = teacher.get(url, {"limit": 2, "offset": 0}).json()
    assert page["count"] == 3
    assert len(page["students"]) == 2
    aigerim = next(
        s for s in teacher.get(url).json()["students"] if s["student_id"] == world.aigerim.pk
    )
    assert {"item_id": items["m1"].pk, "points": "95.00", "mark": ""} in aigerim["cells"]
    # a student sees only their own row
    own = api(world.aigerim.user).get(url).json()
    assert [s["student_id"] for s in own["students"]] == [world.aigerim.pk]


@pytest.mark.parametrize(
    ("case", "read", "write"),
    [
        ("anonymous", 401, 401),
        ("student of the course", 200, 403),
        ("student not in the course", 404, 404),
        ("teacher of the course", 200, 200),
        ("tutor of the course", 200, 403),
        ("teacher of another course", 404, 404),
        ("dean of the faculty", 200, 403),
        ("dean of another faculty", 404, 404),
        ("registrar of another institution", 404, 404),
    ],
)
def test_sec2_api_matrix(  # noqa: PLR0917 - pytest fixtures and parameters
    world: World,
    api: Callable[[User | None], Client],
    matrix_user: Callable[[str], User | None],
    case: str,
    read: int,
    write: int,
) -> None:
    items = standard_items(world)
    client = api(matrix_user(case))
    url = f"{API}/courses/{world.course.pk}/entries"
    assert client.get(url).status_code == read
    body = {"item_id": items["c1"].pk, "student_id": world.dana.pk, "points": "5"}
    assert client.put(url, body, content_type="application/json").status_code == write
    assert GradeEntry.objects.count() == (1 if write == 200 else 0)


def test_finals_grades_and_transcript(
    world: World, api: Callable[[User | None], Client], matrix_user: Callable[[str], User | None]
) -> None:
    items = standard_items(world)
    grade(world, items, world.aigerim.pk, c1="10", m1="100", c2="20", m2="100", exam="94.5")
    services.statement_confirm(rights=rights(world, world.teacher.user))
    teacher = api(world.teacher.user)
    finals = teacher.get(f"{API}/courses/{world.course.pk}/finals").json()
    mine = next(f for f in finals if f["student_id"] == world.aigerim.pk)
    assert (mine["result"]["letter"], mine["result"]["confirmed"]) == ("A", True)
    assert api(world.aigerim.user).get(f"{API}/courses/{world.course.pk}/finals").status_code == 403
    student = api(world.aigerim.user)
    grades = student.get(f"{API}/students/{world.aigerim.pk}/grades").json()
    assert grades["gpa"] == "4.00"
    transcript = student.get(f"{API}/students/{world.aigerim.pk}/transcript?lang=ru").json()
    line = transcript["periods"][0]["lines"][0]
    assert (line["letter"], line["credits"], line["traditional"]) == ("A", 5, "отлично")
    assert student.get(f"{API}/students/{world.dana.pk}/transcript").status_code == 404
    registrar = api(matrix_user("registrar"))
    assert registrar.get(f"{API}/students/{world.aigerim.pk}/transcript").status_code == 200
    assert teacher.get(f"{API}/students/{world.aigerim.pk}/transcript").status_code == 404
