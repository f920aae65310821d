"""Pages and API: permissions (another student's work 404 by URL and API), the
autosave endpoint, the grading page, the ZIP (SEC-2, SEC-5)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from qashyq.assignments import services
from qashyq.assignments.models import Submission
from qashyq.assignments.tests.conftest import client_for
from qashyq.gradebook.models import GradeEntry


@pytest.fixture
def open_assignment(make_assignment):
    return make_assignment(due_at=timezone.now() + dt.timedelta(days=3))


@pytest.fixture
def handed_in(world, open_assignment, actor_of):
    actor = actor_of(world.aigerim.user)
    services.draft_save(actor=actor, assignment=open_assignment, text="Айгерімнің жұмысы")
    services.file_add(
        actor=actor, assignment=open_assignment, upload=SimpleUploadedFile("a.txt", b"matin")
    )
    return services.submission_submit(actor=actor, assignment=open_assignment)


def test_sec5_autosave_endpoint_and_page(world, open_assignment):
    client = client_for(world.bolat.user)
    url = reverse("assignments:draft", args=[open_assignment.pk])
    response = client.post(url, {"text": "Болаттың жобасы"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["attempt"] == 1
    page = client.get(reverse("assignments:detail", args=[open_assignment.pk]))
    assert "Болаттың жобасы" in page.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("classmate", 404),
        ("outsider", 404),
        ("teacher", 200),
        ("other teacher", 404),
    ],
)
def test_sec2_submission_by_url_and_api(world, handed_in, token_client, who, status):
    user = {
        "owner": world.aigerim.user,
        "classmate": world.bolat.user,
        "outsider": world.outsider.user,
        "teacher": world.teacher.user,
        "other teacher": world.other_teacher.user,
    }[who]
    file_id = handed_in.files.get().pk
    page_status = 200 if who == "teacher" else 404
    assert (
        client_for(user).get(reverse("assignments:grading", args=[handed_in.pk])).status_code
        == page_status
    )
    assert client_for(user).get(reverse("assignments:file", args=[file_id])).status_code == status
    api = token_client(user)
    response = api.get(f"/api/v1/submissions/{handed_in.pk}")
    assert response.status_code == status
    if status == 404:
        assert "Айгерім" not in response.content.decode()


def test_classmate_cannot_grade_by_api(world, handed_in, token_client):
    response = token_client(world.bolat.user).post(
        f"/api/v1/submissions/{handed_in.pk}/grade",
        {"points": "100"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not GradeEntry.objects.exists()


def test_api_student_flow_idempotent_submit(world, open_assignment, token_client):
    api = token_client(world.dana.user)
    base = f"/api/v1/assignments/{open_assignment.pk}/my-submission"
    assert api.get(base).status_code == 204
    assert (
        api.put(
            f"{base}/text", {"text": "Дананың мәтіні"}, content_type="application/json"
        ).status_code
        == 200
    )
    up = api.post(f"{base}/files", {"file": SimpleUploadedFile("d.txt", b"dana")})
    assert up.status_code == 201
    bad = api.post(f"{base}/files", {"file": SimpleUploadedFile("d.exe", b"MZ")})
    assert bad.status_code == 422
    assert bad.json()["code"] == "file_rejected"
    first = api.post(f"{base}/submit", {}, content_type="application/json")
    second = api.post(f"{base}/submit", {}, content_type="application/json")
    assert first.status_code == second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["status"] == "submitted"
    assert [f["name"] for f in second.json()["files"]] == ["d.txt"]


def test_grading_page_and_api_flow_to_gradebook(world, handed_in, token_client):
    client = client_for(world.teacher.user)
    url = reverse("assignments:grading", args=[handed_in.pk])
    response = client.post(url, {"action": "grade", "points": "77,5", "feedback": "Жақсы"})
    assert response.status_code == 302
    entry = GradeEntry.objects.get(student_id=world.aigerim.pk)
    assert entry.points == Decimal("77.50")
    listing = token_client(world.teacher.user).get(
        f"/api/v1/assignments/{handed_in.assignment_id}/submissions?status=graded"
    )
    assert [(r["student_id"], r["final_points"]) for r in listing.json()] == [
        (world.aigerim.pk, "77.50")
    ]
    mine = token_client(world.aigerim.user).get(f"/api/v1/submissions/{handed_in.pk}")
    assert mine.json()["grade"]["final_points"] == "77.50"


def test_submissions_page_and_zip(world, handed_in):
    client = client_for(world.teacher.user)
    page = client.get(reverse("assignments:submissions", args=[handed_in.assignment_id]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Сәрсенова" in body
    assert "Нұрланов" in body
    response = client.get(reverse("assignments:zip", args=[handed_in.assignment_id]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = sorted(archive.namelist())
    assert len(names) == 2
    assert names[1].endswith("attempt-1/text.html")
    assert archive.read(names[0]) == b"matin"
    assert (
        client_for(world.aigerim.user)
        .get(reverse("assignments:zip", args=[handed_in.assignment_id]))
        .status_code
        == 404
    )


def test_unpublished_assignment_is_404_for_students(world, make_assignment):
    a = make_assignment(is_published=False)
    assert (
        client_for(world.aigerim.user).get(reverse("assignments:detail", args=[a.pk])).status_code
        == 404
    )
    assert (
        client_for(world.teacher.user).get(reverse("assignments:detail", args=[a.pk])).status_code
        == 200
    )


def test_teacher_creates_assignment_by_page(world):
    client = client_for(world.teacher.user)
    response = client.post(
        reverse("assignments:create", args=[world.course.pk]),
        {
            "title": "Есеп 2",
            "control": "current",
            "max_points": "50",
            "due_at": "2026-04-01T23:59",
            "late_penalty_percent": "5",
            "late_penalty_max": "50",
            "submission_kind": "both",
            "max_files": "3",
            "max_file_mb": "10",
            "allowed_extensions": "pdf, DOCX",
            "resubmissions": "1",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert (
        client_for(world.other_teacher.user)
        .get(reverse("assignments:create", args=[world.course.pk]))
        .status_code
        == 404
    )
    my = client_for(world.aigerim.user).get(reverse("assignments:my"))
    assert "Есеп 2" in my.content.decode()
    assert Submission.objects.count() == 0


def test_editor_pages_render_for_teacher_only(world, make_assignment):
    a = make_assignment(is_group=True)
    teacher, student = client_for(world.teacher.user), client_for(world.aigerim.user)
    for name in ("edit", "rubric", "teams", "submissions"):
        url = reverse(f"assignments:{name}", args=[a.pk])
        assert teacher.get(url).status_code == 200
        assert student.get(url).status_code == 404
    response = teacher.post(
        reverse("assignments:rubric", args=[a.pk]),
        {"c-0-title": "Мазмұны", "c-0-l-0-title": "толық", "c-0-l-0-points": "60"},
    )
    assert response.status_code == 302
    response = teacher.post(
        reverse("assignments:teams", args=[a.pk]),
        {"name": "Альфа", "members": [world.aigerim.pk, world.bolat.pk]},
    )
    assert response.status_code == 302
    page = student.get(reverse("assignments:detail", args=[a.pk]))
    assert "Альфа" in page.content.decode()
    assert "толық" in page.content.decode()
