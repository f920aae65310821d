"""The courses API: the permission matrix (SEC-2), courses, syllabus, content with file
upload, reorder and hide, progress; errors as {code, message, extra}."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from qashyq.accounts.models import User
from qashyq.courses import services
from qashyq.courses.models import ControlTask, Course, Enrolment, Material, Module
from qashyq.courses.tests.conftest import World, access_of, role_user

pytestmark = pytest.mark.django_db

API = "/api/v1"
PDF = b"%PDF-1.7\n" + b"a" * 64

MATRIX = [
    ("anonymous", 401),
    ("student of the course", 200),
    ("student of another group", 404),
    ("teacher of the course", 200),
    ("tutor of the course", 200),
    ("teacher of another course", 404),
    ("head of the department", 200),
    ("head of another department", 404),
    ("dean of the faculty", 200),
    ("dean of another faculty", 404),
    ("registrar", 200),
    ("registrar of another institution", 404),
    ("distance-learning unit", 200),
    ("administrator", 200),
    ("superuser", 200),
]
FLAGS = {  # (can_edit, can_manage)
    "teacher of the course": (True, False),
    "tutor of the course": (False, False),
    "student of the course": (False, False),
    "head of the department": (False, True),
    "dean of the faculty": (False, False),
    "registrar": (False, True),
    "distance-learning unit": (True, True),
    "administrator": (True, True),
    "superuser": (True, True),
}


@pytest.fixture
def api(token_client: Callable[[User | None], Client]) -> Callable[[User | None], Client]:
    """A token client reading messages in English (the language cookie wins)."""

    def make(user: User | None) -> Client:
        client = token_client(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def module(world: World) -> Module:
    return services.module_create(access=access_of(world.teacher.user, world.course), title="M1")


@pytest.mark.parametrize(("case", "status"), MATRIX)
def test_course_detail_matrix(world: World, actor_user, api, case, status) -> None:
    response = api(actor_user(case)).get(f"{API}/courses/{world.course.pk}")
    assert response.status_code == status
    data = response.json()
    if status == 404:
        assert data == {"code": "course_not_found", "message": "Not found.", "extra": {}}
    if status == 200:
        assert data["code"] == "DB101-2025-1-kk"
        assert data["discipline"]["code"] == "DB101"
        assert [s["role"] for s in data["staff"]] == ["teacher", "tutor"]
        assert (data["can_edit"], data["can_manage"]) == FLAGS[case]
        assert data["enrolled"] is (case == "student of the course")


@pytest.mark.parametrize(("case", "status"), MATRIX)
def test_material_matrix(world: World, module: Module, actor_user, api, case, status):  # noqa: PLR0917
    material = services.material_create(
        access=access_of(world.teacher.user, world.course),
        module=module,
        kind="lecture",
        title="Дәріс",
        body="<p>Құпия мәтін</p>",
    )
    response = api(actor_user(case)).get(f"{API}/courses/{world.course.pk}/materials/{material.pk}")
    assert response.status_code == status
    assert (response.json().get("body") == "<p>Құпия мәтін</p>") is (status == 200)


def test_course_list_and_mine(world: World, api, django_assert_num_queries) -> None:
    client = api(world.student.user)
    response = client.get(f"{API}/courses")
    assert response.status_code == 200
    assert [c["code"] for c in response.json()["items"]] == ["DB101-2025-1-kk"]
    assert client.get(f"{API}/courses?limit=101").status_code == 422
    mine = client.get(f"{API}/courses/mine").json()
    assert [(m["course"]["code"], m["role"], m["required"]) for m in mine] == [
        ("DB101-2025-1-kk", "student", 0)
    ]
    assert api(world.other_student.user).get(f"{API}/courses").json()["count"] == 0


def test_course_create_by_the_api(world: World, api) -> None:
    head = role_user("department_head", world.institution, department=world.department)
    payload = {
        "discipline_id": world.discipline.pk,
        "period_id": world.period.pk,
        "language": "ru",
        "teacher_ids": [world.teacher.pk],
        "group_ids": [world.other_group.pk],
    }
    response = api(world.teacher.user).post(
        f"{API}/courses", payload, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "course_change_forbidden"
    assert Course.objects.count() == 1
    response = api(head).post(f"{API}/courses", payload, content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    assert (data["code"], data["language"], data["can_manage"]) == ("DB101-2025-1-ru", "ru", True)
    assert list(
        Enrolment.objects.filter(course_id=data["id"]).values_list(
            "student__student_number", flat=True
        )
    ) == ["2500003"]
    response = api(head).post(f"{API}/courses", payload, content_type="application/json")
    assert response.status_code == 409
    assert response.json() == {
        "code": "course_exists",
        "message": "This discipline already has a course in this period and language.",
        "extra": {"field": "discipline"},
    }


def test_syllabus_by_the_api(world: World, api, actor_user) -> None:
    client = api(world.teacher.user)
    base = f"{API}/courses/{world.course.pk}"
    outcome = client.post(
        f"{base}/outcomes", {"code": "LO1", "text": "Біледі"}, content_type="application/json"
    ).json()
    response = client.post(
        f"{base}/control-tasks",
        {"title": "АБ1", "kind": "midterm", "week": 8, "outcome_ids": [outcome["id"]]},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["outcome_ids"] == [outcome["id"]]
    client.post(
        f"{base}/topics",
        {"week": 1, "title": "Кіріспе", "hours_lecture": 2, "delivery": "sync"},
        content_type="application/json",
    )
    client.put(
        f"{base}/syllabus",
        {"grading_policy": "60 % рейтинг, 40 % емтихан"},
        content_type="application/json",
    )
    data = api(world.student.user).get(f"{base}/syllabus").json()
    assert data["grading_policy"] == "60 % рейтинг, 40 % емтихан"
    assert [o["code"] for o in data["outcomes"]] == ["LO1"]
    assert data["split"]["synchronous"] == 2
    assert data["split"]["synchronous_percent"] == 100.0
    assert data["uncovered_outcome_ids"] == []
    # A tutor reads but may not write (403); a stranger gets 404; nothing changes.
    tutor = api(world.tutor.user)
    stranger = api(actor_user("teacher of another course"))
    for who, status in ((tutor, 403), (stranger, 404)):
        response = who.post(
            f"{base}/outcomes", {"code": "LO2", "text": "x"}, content_type="application/json"
        )
        assert response.status_code == status
    task = ControlTask.objects.get()
    assert stranger.delete(f"{base}/control-tasks/{task.pk}").status_code == 404
    assert client.delete(f"{base}/control-tasks/{task.pk}").status_code == 204
    assert ControlTask.objects.count() == 0


def test_content_by_the_api(world: World, module: Module, api) -> None:
    teacher = api(world.teacher.user)
    base = f"{API}/courses/{world.course.pk}"
    response = teacher.post(
        f"{base}/modules/{module.pk}/materials",
        {"kind": "file", "title": "Слайдтар", "file": SimpleUploadedFile("s.pdf", PDF)},
    )
    assert response.status_code == 201, response.json()
    pdf = response.json()
    assert (pdf["mime_type"], pdf["size_bytes"]) == ("application/pdf", len(PDF))
    assert pdf["file_url"] == f"/courses/{world.course.pk}/materials/{pdf['id']}/file/"
    response = teacher.post(
        f"{base}/modules/{module.pk}/materials",
        {"kind": "lecture", "title": "Дәріс", "body": "<p>x</p><script>y</script>"},
    )
    lecture = response.json()
    assert lecture["body"] == "<p>x</p>"
    response = teacher.post(
        f"{base}/modules/{module.pk}/materials",
        {"kind": "image", "title": "Сурет", "file": SimpleUploadedFile("a.png", PDF)},
    )
    assert response.status_code == 422
    assert response.json()["message"] == (
        "The file's content is not a PNG file. Save it in that format and try again."
    )
    order = [lecture["id"], pdf["id"]]
    assert (
        teacher.put(
            f"{base}/modules/{module.pk}/order", {"ids": order}, content_type="application/json"
        ).status_code
        == 204
    )
    assert (
        teacher.patch(
            f"{base}/materials/{pdf['id']}", {"is_hidden": True}, content_type="application/json"
        ).json()["is_hidden"]
        is True
    )
    student = api(world.student.user)
    content = student.get(f"{base}/content").json()
    assert [[m["title"] for m in mod["materials"]] for mod in content["modules"]] == [["Дәріс"]]
    assert student.get(f"{base}/materials/{pdf['id']}").status_code == 404
    assert student.post(f"{base}/materials/{lecture['id']}/open").status_code == 204
    assert student.post(f"{base}/materials/{lecture['id']}/complete").json() == {
        "material_id": lecture["id"],
        "completed": True,
    }
    content = student.get(f"{base}/content").json()
    assert (content["required"], content["completed"]) == (1, 1)
    assert content["modules"][0]["materials"][0]["completed"] is True
    progress = teacher.get(f"{base}/progress").json()
    assert [(p["student_number"], p["completed"], p["opened"]) for p in progress["items"]] == [
        ("2500001", 1, 1),
        ("2500002", 0, 0),
    ]
    assert student.get(f"{base}/progress").status_code == 404
    assert teacher.delete(f"{base}/materials/{pdf['id']}").status_code == 204
    assert list(Material.objects.values_list("title", flat=True)) == ["Дәріс"]
