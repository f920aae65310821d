"""The permission matrix of course pages and files (SEC-2): a student of another group
cannot open the course or its files by URL (404, the same as for a course that does not
exist); edits answer 404 to everyone who may not make them, with no side effect."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qashyq.accounts.models import User
from qashyq.courses import services
from qashyq.courses.models import Material, Module
from qashyq.courses.tests.conftest import SUPER, World, access_of, client_for
from qashyq.footprint.models import Event

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n" + b"p" * 200

READERS = [
    ("anonymous", 302),
    ("student of the course", 200),
    ("student of another group", 404),
    ("teacher of the course", 200),
    ("tutor of the course", 200),
    ("teacher of another course", 404),
    ("head of the department", 200),
    ("head of another department", 404),
    ("dean of the faculty", 200),
    ("dean of another faculty", 404),
    ("advisor of the group", 404),
    ("registrar", 200),
    ("registrar of another institution", 404),
    ("distance-learning unit", 200),
    ("administrator", 200),
    ("superuser", 200),
]


@pytest.fixture
def material(world: World) -> Material:
    access = access_of(world.teacher.user, world.course)
    module = services.module_create(access=access, title="Кіріспе апта")
    return services.material_create(
        access=access,
        module=module,
        kind="file",
        title="Слайдтар",
        upload=SimpleUploadedFile("s.pdf", PDF),
    )


@pytest.mark.parametrize(("case", "status"), READERS)
def test_course_page_matrix(
    world: World, material: Material, actor_user: Callable[[str], User | None], case, status
) -> None:
    response = client_for(actor_user(case)).get(reverse("courses:course", args=[world.course.pk]))
    assert response.status_code == status
    body = response.content.decode()
    assert ("Кіріспе апта" in body) is (status == 200)
    assert ("Databases" in body) is (status == 200)


@pytest.mark.parametrize(("case", "status"), READERS)
def test_syllabus_and_material_pages_matrix(
    world: World, material: Material, actor_user: Callable[[str], User | None], case, status
) -> None:
    client = client_for(actor_user(case))
    for url in (
        reverse("courses:syllabus", args=[world.course.pk]),
        reverse("courses:material", args=[world.course.pk, material.pk]),
    ):
        response = client.get(url)
        assert response.status_code == status
        assert ("Databases" in response.content.decode()) is (status == 200)


@pytest.mark.parametrize(("case", "status"), READERS)
def test_file_matrix(
    world: World, material: Material, actor_user: Callable[[str], User | None], case, status
) -> None:  # the issue: "cannot open the course or its files by URL"
    Event.objects.all().delete()
    response = client_for(actor_user(case)).get(
        reverse("courses:material_file", args=[world.course.pk, material.pk])
    )
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    else:
        assert not getattr(response, "streaming", False)
        assert b"%PDF" not in response.content
    downloads = Event.objects.filter(verb="downloaded").count()
    participant = case in {"student of the course", "teacher of the course", "tutor of the course"}
    assert downloads == (1 if participant else 0)


def test_a_material_of_another_course_is_not_reachable_through_this_one(
    world: World, material: Material
) -> None:
    other = services.course_create(
        actor=SUPER,
        discipline=world.discipline,
        period=world.period,
        language="ru",
    )
    client = client_for(world.teacher.user)
    assert client.get(reverse("courses:material", args=[other.pk, material.pk])).status_code == 404
    response = client.get(reverse("courses:material_file", args=[other.pk, material.pk]))
    assert response.status_code == 404


def test_hidden_and_unreleased_content_is_404_for_students(
    world: World, material: Material
) -> None:
    teacher = access_of(world.teacher.user, world.course)
    services.material_hide(access=teacher, material=material, hidden=True)
    student, staff = client_for(world.student.user), client_for(world.teacher.user)
    for name in ("courses:material", "courses:material_file"):
        url = reverse(name, args=[world.course.pk, material.pk])
        assert student.get(url).status_code == 404
        assert staff.get(url).status_code == 200
    services.material_hide(access=teacher, material=material, hidden=False)
    services.module_update(
        access=teacher,
        module=material.module,
        title="Кіріспе апта",
        week=None,
        is_hidden=False,
        release_at=dt.datetime(2100, 1, 1, 4, 0, tzinfo=dt.UTC),
    )
    url = reverse("courses:material_file", args=[world.course.pk, material.pk])
    assert student.get(url).status_code == 404
    page = student.get(reverse("courses:course", args=[world.course.pk])).content.decode()
    assert "Кіріспе апта" not in page
    page = staff.get(reverse("courses:course", args=[world.course.pk])).content.decode()
    assert "opens 1 January, 09:00" in page  # Almaty time


def test_a_draft_course_is_invisible_to_its_students(world: World) -> None:
    world.course.status = "draft"
    world.course.save()
    url = reverse("courses:course", args=[world.course.pk])
    assert client_for(world.student.user).get(url).status_code == 404
    assert client_for(world.teacher.user).get(url).status_code == 200


PROGRESS = [
    ("student of the course", 404),
    ("teacher of the course", 200),
    ("tutor of the course", 200),
    ("head of the department", 200),
    ("dean of the faculty", 200),
    ("student of another group", 404),
]


@pytest.mark.parametrize(("case", "status"), PROGRESS)
def test_progress_table_matrix(world: World, actor_user, case, status) -> None:
    response = client_for(actor_user(case)).get(reverse("courses:progress", args=[world.course.pk]))
    assert response.status_code == status
    assert ("2500002" in response.content.decode()) is (status == 200)


MANAGERS = [
    ("anonymous", 302),
    ("student of the course", 404),
    ("teacher of the course", 404),
    ("tutor of the course", 404),
    ("dean of the faculty", 404),
    ("head of another department", 404),
    ("registrar of another institution", 404),
    ("head of the department", 200),
    ("registrar", 200),
    ("distance-learning unit", 200),
    ("administrator", 200),
]


@pytest.mark.parametrize(("case", "status"), MANAGERS)
def test_settings_matrix(world: World, actor_user, case, status) -> None:
    client = client_for(actor_user(case))
    response = client.get(reverse("courses:course_settings", args=[world.course.pk]))
    assert response.status_code == status
    response = client.post(reverse("courses:enrolments_sync", args=[world.course.pk]))
    assert response.status_code == (302 if status == 200 else status)


EDITORS = [
    ("anonymous", 302),
    ("student of the course", 404),
    ("student of another group", 404),
    ("tutor of the course", 404),
    ("head of the department", 404),
    ("dean of the faculty", 404),
    ("registrar", 404),
    ("teacher of another course", 404),
    ("teacher of the course", 302),
    ("distance-learning unit", 302),
    ("administrator", 302),
]


@pytest.mark.parametrize(("case", "status"), EDITORS)
def test_module_create_matrix_and_no_side_effect(world: World, actor_user, case, status) -> None:
    response = client_for(actor_user(case)).post(
        reverse("courses:module_create", args=[world.course.pk]), {"title": "Жаңа модуль"}
    )
    assert response.status_code == status
    assert Module.objects.filter(title="Жаңа модуль").count() == (
        1 if status == 302 and case != "anonymous" else 0
    )


@pytest.mark.parametrize(("case", "status"), EDITORS)
def test_material_delete_matrix_and_no_side_effect(
    world: World, material: Material, actor_user, case, status
) -> None:
    response = client_for(actor_user(case)).post(
        reverse("courses:material_delete", args=[world.course.pk, material.pk])
    )
    assert response.status_code == status
    assert Material.objects.filter(pk=material.pk).exists() is not (
        status == 302 and case != "anonymous"
    )
