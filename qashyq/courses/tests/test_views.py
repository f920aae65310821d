"""Course pages: light and cheap (exact query counts, < 60 KB for 60 materials), media by
range requests (206, 416), the editing flows with translated errors that keep input,
progress from the material page, my courses."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from qashyq.core.cache import generation_bump
from qashyq.courses import selectors, services
from qashyq.courses.models import (
    ControlTask,
    Course,
    Enrolment,
    LearningOutcome,
    Material,
    MaterialProgress,
    Module,
)
from qashyq.courses.tests.conftest import SUPER, World, access_of, client_for, role_user
from qashyq.footprint.models import Event
from qashyq.regulations.services import rule_pack_apply_preset

pytestmark = pytest.mark.django_db

VIDEO = b"\0\0\0\x18ftypmp42" + bytes(range(256)) * 40  # 10,252 bytes


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def fill(world: World, *, weeks: int = 15, per_week: int = 4) -> list[Material]:
    """A course of `weeks` modules × `per_week` lectures with long titles and texts."""
    access = access_of(world.teacher.user, world.course)
    made: list[Material] = []
    for week in range(1, weeks + 1):
        module = services.module_create(
            access=access, title=f"Апта {week}: деректер қорын жобалау", week=week
        )
        made.extend(
            services.material_create(
                access=access,
                module=module,
                kind="lecture",
                title=f"Дәріс {week}.{i}: реляциялық модель және қалыпты формалар",
                body="Мәтін " * 2000,
            )
            for i in range(1, per_week + 1)
        )
    return made


# ---------------------------------------------------------------- light and cheap

# A view's footprint statement: one SQL statement on PostgreSQL (ADR 0023); on SQLite a
# short transaction that reads and advances the stream's head.
FOOTPRINT = 1 if connection.vendor == "postgresql" else 6


def test_student_course_page_is_light_and_cached(world: World, django_assert_num_queries) -> None:
    materials = fill(world)
    client = client_for(world.student.user)
    url = reverse("courses:course", args=[world.course.pk])
    client.get(url)  # the session, user, actor scope and course card are cached after this
    services.material_complete(
        access=access_of(world.student.user, world.course), material=materials[0]
    )
    # Progress changed: modules, materials (without their text), progress; the footprint.
    with django_assert_num_queries(3 + FOOTPRINT):
        response = client.get(url)
    assert response.status_code == 200
    size = len(response.content)
    assert size < 60 * 1024, size  # the target, excluding media
    body = response.content.decode()
    assert body.count('<li id="i') == 60
    assert "Мәтін" not in body  # no lecture text on the course page
    assert "1 of 60 materials completed (2 %)" in body
    assert body.count(">completed<") == 1
    # Nothing changed: the rendered content comes from the cache; only the footprint.
    with django_assert_num_queries(FOOTPRINT):
        again = client.get(url)
    assert again.content.decode().count('<li id="i') == 60
    # The teacher adds a material: the student sees it at once (ADR 0018).
    teacher = access_of(world.teacher.user, world.course)
    services.material_create(
        access=teacher,
        module=materials[0].module,
        kind="link",
        title="Жаңа сілтеме",
        url="https://e.example/new",
    )
    assert "Жаңа сілтеме" in client.get(url).content.decode()


def test_a_module_appears_when_its_release_time_comes(world: World) -> None:
    teacher = access_of(world.teacher.user, world.course)
    soon = timezone.now() + dt.timedelta(seconds=1)
    services.module_create(access=teacher, title="Келесі апта", release_at=soon)
    client = client_for(world.student.user)
    url = reverse("courses:course", args=[world.course.pk])
    assert "Келесі апта" not in client.get(url).content.decode()
    page = selectors.course_page(access=access_of(world.student.user, world.course))
    assert page.next_release_at == soon
    time.sleep(max(0.0, (soon - timezone.now()).total_seconds()) + 0.05)
    assert "Келесі апта" in client.get(url).content.decode()


def test_teacher_course_page_is_not_cached(world: World, django_assert_num_queries) -> None:
    fill(world, weeks=3, per_week=2)
    client = client_for(world.teacher.user)
    url = reverse("courses:course", args=[world.course.pk])
    client.get(url)
    # Modules, materials; the footprint (forms: never cached).
    with django_assert_num_queries(2 + FOOTPRINT):
        response = client.get(url)
    body = response.content.decode()
    assert body.count('aria-label="Move up"') == 6
    assert 'hx-boost="true"' in body
    assert body.count('name="csrfmiddlewaretoken"') == 2 + 3  # language, sign-out; per module


def test_course_visit_is_recorded_once_per_page(world: World) -> None:
    Event.objects.all().delete()
    client_for(world.student.user).get(reverse("courses:course", args=[world.course.pk]))
    assert list(Event.objects.values_list("verb", "object_type", "object_id")) == [
        ("viewed", "course", str(world.course.pk))
    ]


# ---------------------------------------------------------------- range requests


@pytest.fixture
def video(world: World) -> Material:
    access = access_of(world.teacher.user, world.course)
    module = services.module_create(access=access, title="Бейнедәрістер")
    return services.material_create(
        access=access,
        module=module,
        kind="video",
        title="Дәріс жазбасы",
        upload=SimpleUploadedFile("lecture.mp4", VIDEO),
        duration_seconds=5400,
    )


def file_url(world: World, material: Material) -> str:
    return reverse("courses:material_file", args=[world.course.pk, material.pk])


def test_whole_file_with_accept_ranges(world: World, video: Material) -> None:
    response = client_for(world.student.user).get(file_url(world, video))
    assert response.status_code == 200
    assert response.streaming
    assert streamed(response) == VIDEO
    assert response["Content-Length"] == str(len(VIDEO))
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Disposition"] == (
        f"inline; filename=\"material-{video.pk}.mp4\"; filename*=UTF-8''"
        "%D0%94%D3%99%D1%80%D1%96%D1%81%20%D0%B6%D0%B0%D0%B7%D0%B1%D0%B0%D1%81%D1%8B.mp4"
    )
    assert "Content-Range" not in response


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-99", 0, 99), ("bytes=10000-", 10000, 10251), ("bytes=-52", 10200, 10251)],
)
def test_partial_content(world: World, video: Material, header: str, start: int, end: int) -> None:
    response = client_for(world.student.user).get(file_url(world, video), HTTP_RANGE=header)
    assert response.status_code == 206
    assert streamed(response) == VIDEO[start : end + 1]
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(VIDEO)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Accept-Ranges"] == "bytes"


def test_range_beyond_the_end_is_416(world: World, video: Material) -> None:
    response = client_for(world.student.user).get(
        file_url(world, video), HTTP_RANGE=f"bytes={len(VIDEO)}-"
    )
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(VIDEO)}"
    assert response.content == b""


def test_several_ranges_or_a_bad_header_give_the_whole_file(world: World, video: Material) -> None:
    client = client_for(world.student.user)
    for header in ("bytes=0-1,5-9", "bytes=9-5", "lines=1-2"):
        response = client.get(file_url(world, video), HTTP_RANGE=header)
        assert response.status_code == 200
        assert len(streamed(response)) == len(VIDEO)


def test_head_sends_no_body(world: World, video: Material) -> None:
    response = client_for(world.student.user).head(file_url(world, video), HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206
    assert response["Content-Length"] == "10"
    assert response.content == b""


def test_ranges_are_not_downloads(world: World, video: Material) -> None:  # FP-2
    Event.objects.all().delete()
    client = client_for(world.student.user)
    client.get(file_url(world, video), HTTP_RANGE="bytes=0-")
    client.get(file_url(world, video), HTTP_RANGE="bytes=100-199")
    assert Event.objects.count() == 0
    response = client.get(file_url(world, video))
    streamed(response)
    assert list(Event.objects.values_list("verb", "result")) == [
        ("downloaded", {"bytes": len(VIDEO)})
    ]
    assert MaterialProgress.objects.get(material=video, student=world.student).opened_count == 1


def test_material_page_plays_video_and_counts_progress(world: World, video: Material) -> None:
    client = client_for(world.student.user)
    url = reverse("courses:material", args=[world.course.pk, video.pk])
    body = client.get(url).content.decode()
    assert f'<video controls preload="metadata" src="{file_url(world, video)}"' in body
    assert "90 min" in body
    response = client.post(reverse("courses:material_complete", args=[world.course.pk, video.pk]))
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "You have completed this material." in body
    progress = MaterialProgress.objects.get(material=video, student=world.student)
    assert progress.opened_count == 2
    assert progress.completed_at is not None
    # Staff have no completion button.
    body = client_for(world.teacher.user).get(url).content.decode()
    assert "Mark as completed" not in body


# ---------------------------------------------------------------- editing flows


def test_new_course_in_two_steps(world: World) -> None:
    head = role_user("department_head", world.institution, department=world.department)
    client = client_for(head)
    url = reverse("courses:course_create")
    assert "Discipline" in client.get(url).content.decode()
    step2 = f"{url}?discipline={world.discipline.pk}&period={world.period.pk}&language=ru"
    body = client.get(step2).content.decode()
    assert "Databases · 2025–2026 · semester 1 · Russian" in body
    # Both groups have the discipline in semester 1; the Russian one is ticked.
    assert f'value="{world.group.pk}" id="id_groups_0">' in body
    assert f'value="{world.other_group.pk}" id="id_groups_1" checked>' in body
    response = client.post(
        step2, {"teachers": [world.teacher.pk], "groups": [world.other_group.pk], "code": ""}
    )
    course = Course.objects.get(language="ru")
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:course", args=[course.pk])
    assert course.code == "DB101-2025-1-ru"
    assert list(
        Enrolment.objects.filter(course=course).values_list("student__student_number", flat=True)
    ) == ["2500003"]


def test_new_course_page_is_404_for_those_who_cannot_open_courses(world: World) -> None:
    assert client_for(world.teacher.user).get(reverse("courses:course_create")).status_code == 404


def test_duplicate_course_shows_the_error_and_keeps_input(world: World) -> None:
    head = role_user("department_head", world.institution, department=world.department)
    step2 = (
        f"{reverse('courses:course_create')}?discipline={world.discipline.pk}"
        f"&period={world.period.pk}&language=kk"
    )
    response = client_for(head).post(step2, {"code": "MY-CODE"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "This discipline already has a course in this period and language." in body
    assert 'value="MY-CODE"' in body


def office(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<x/>")
    return buffer.getvalue()


def test_teacher_adds_materials_by_the_pages(world: World) -> None:
    client = client_for(world.teacher.user)
    client.post(reverse("courses:module_create", args=[world.course.pk]), {"title": "Апта 1"})
    module = Module.objects.get(course=world.course)
    new = reverse("courses:material_create", args=[world.course.pk, module.pk])
    assert '<a href="?kind=practical">Practical task</a>' in client.get(new).content.decode()
    response = client.post(
        f"{new}?kind=file",
        {"title": "Слайдтар", "file": SimpleUploadedFile("s.pptx", office("ppt/presentation.xml"))},
    )
    assert response.status_code == 302
    material = Material.objects.get(module=module)
    assert material.mime_type == (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    )
    # A wrong file: a translated error at the field, the title kept.
    response = client.post(
        f"{new}?kind=image",
        {"title": "Сызба", "file": SimpleUploadedFile("x.png", b"GIF89a" + b"\0" * 10)},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "The file&#x27;s content is not a PNG file." in body
    assert 'value="Сызба"' in body
    assert Material.objects.count() == 1


def test_reorder_by_the_page_buttons(world: World) -> None:
    materials = fill(world, weeks=1, per_week=3)
    client = client_for(world.teacher.user)
    url = reverse("courses:material_move", args=[world.course.pk, materials[2].pk])
    response = client.post(f"{url}?offset=-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:course", args=[world.course.pk]) + (
        f"#i{materials[2].pk}"
    )
    order = list(Material.objects.order_by("position").values_list("pk", flat=True))
    assert order == [materials[0].pk, materials[2].pk, materials[1].pk]


def test_syllabus_parts_by_the_pages(world: World) -> None:
    client = client_for(world.teacher.user)
    base = reverse("courses:syllabus", args=[world.course.pk])
    client.post(
        reverse("courses:part_create", args=[world.course.pk, "outcomes"]),
        {"code": "LO1", "text": "Деректер қорын жобалай алады"},
    )
    outcome = LearningOutcome.objects.get(course=world.course)
    response = client.post(
        reverse("courses:part_create", args=[world.course.pk, "control-tasks"]),
        {"title": "АБ1", "kind": "midterm", "week": "8", "max_points": "100"},
    )
    assert response.status_code == 422
    assert "Tie the task to the learning outcomes it checks." in response.content.decode()
    response = client.post(
        reverse("courses:part_create", args=[world.course.pk, "control-tasks"]),
        {
            "title": "АБ1",
            "kind": "midterm",
            "week": "8",
            "max_points": "100",
            "outcomes": [outcome.pk],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{base}#control"
    client.post(
        reverse("courses:part_create", args=[world.course.pk, "topics"]),
        {
            "week": "1",
            "title": "Кіріспе",
            "hours_lecture": "2",
            "hours_practice": "2",
            "hours_lab": "0",
            "hours_independent": "6",
            "delivery": "async",
        },
    )
    body = client.get(base).content.decode()
    assert "Synchronous 0 h (0.0 %), asynchronous 10 h (100.0 %), in person 0 h (0.0 %)." in body
    assert "10 of the discipline's 150 hours are planned." in body
    assert "not checked by any control task" not in body
    task = ControlTask.objects.get(course=world.course)
    client.post(reverse("courses:part_delete", args=[world.course.pk, "control-tasks", task.pk]))
    assert not ControlTask.objects.filter(pk=task.pk).exists()
    body = client.get(base).content.decode()
    assert "not checked by any control task" in body
    assert (
        client.get(reverse("courses:part_create", args=[world.course.pk, "nonsense"])).status_code
        == 404
    )


def test_syllabus_shows_the_rule_engines_verdicts(world: World) -> None:  # ONL-2
    rule_pack_apply_preset(
        actor=SUPER, institution=world.institution, preset="atyrau-066", on=dt.date(2025, 1, 1)
    )
    url = reverse("courses:syllabus", args=[world.course.pk])
    body = client_for(world.student.user).get(url).content.decode()
    assert (
        '<span class="badge">not applicable</span>\n<strong>ONL-2</strong> Synchronous classes '
        "at least 20 % of each discipline&#x27;s volume (MOOC-based excepted) "
        '<span class="muted small">The discipline is not taught in an online-form program.</span>'
    ) in body
    assert "Atyrau University, 2024, 4th edition), 6.6" in body
    # An online program and a discipline that declares 10 % synchronous: violated.
    world.program.study_form = "online"
    world.program.save()
    world.discipline.synchronous_percent = 10
    world.discipline.save()
    generation_bump("structure")  # as the institutions services do
    body = client_for(world.student.user).get(url).content.decode()
    assert '<span class="badge bad">violated</span>\n<strong>ONL-2</strong>' in body
    assert "The discipline declares 10 % synchronous." in body


def test_my_courses_for_a_student_and_a_teacher(world: World) -> None:
    fill(world, weeks=1, per_week=2)
    body = client_for(world.student.user).get(reverse("courses:my_courses")).content.decode()
    assert "Databases" in body
    assert "0 of 2 completed" in body
    body = client_for(world.teacher.user).get(reverse("courses:my_courses")).content.decode()
    assert "Databases" in body
    assert '<span class="badge">teacher</span>' in body
    body = client_for(world.other_student.user).get(reverse("courses:my_courses")).content.decode()
    assert "Databases" not in body
    assert "You have no courses yet." in body


def test_reuse_page_fills_an_empty_course(world: World) -> None:
    fill(world, weeks=2, per_week=1)
    head = role_user("department_head", world.institution, department=world.department)
    target = services.course_create(
        actor=access_of(head, world.course).actor,
        discipline=world.discipline,
        period=world.period,
        language="en",
    )
    client = client_for(head)
    response = client.post(
        reverse("courses:course_reuse", args=[target.pk]), {"source": world.course.pk}
    )
    assert response.status_code == 302
    assert Material.objects.filter(module__course=target).count() == 2
    response = client.post(
        reverse("courses:course_reuse", args=[target.pk]), {"source": world.course.pk}
    )
    assert response.status_code == 422
    assert "reuse fills an empty course only" in response.content.decode()


def test_release_dates_are_read_in_almaty_time(world: World) -> None:
    client = client_for(world.teacher.user)
    client.post(
        reverse("courses:module_create", args=[world.course.pk]),
        {"title": "Апта 2", "release_at": "2025-09-08T09:00"},
    )
    module = Module.objects.get(course=world.course)
    assert module.release_at == dt.datetime(2025, 9, 8, 4, 0, tzinfo=dt.UTC)


def test_menu_links(world: World) -> None:
    body = client_for(world.student.user).get(reverse("people:home")).content.decode()
    assert '<a href="/courses/">My courses</a>' in body
    assert '<a href="/courses/all/">Courses</a>' not in body
    dean = role_user("dean", world.institution, faculty=world.faculty)
    body = client_for(dean).get(reverse("people:home")).content.decode()
    assert '<a href="/courses/all/">Courses</a>' in body
    assert '<a href="/courses/">My courses</a>' not in body


def test_list_pages_take_a_fixed_number_of_queries(world: World, django_assert_num_queries) -> None:
    fill(world, weeks=2, per_week=2)
    for language in ("ru", "en"):
        services.course_create(
            actor=SUPER, discipline=world.discipline, period=world.period, language=language
        )
    student = client_for(world.student.user)
    student.get(reverse("courses:my_courses"))
    # enrolled courses, required materials, completed ones
    with django_assert_num_queries(3):
        assert student.get(reverse("courses:my_courses")).status_code == 200
    registrar = client_for(role_user("registrar", world.institution))
    registrar.get(reverse("courses:course_list"))
    with django_assert_num_queries(2):  # count, page of courses with their joins
        body = registrar.get(reverse("courses:course_list")).content.decode()
    assert "3 courses" in body
