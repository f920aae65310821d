"""Bank pages and the API: the permission matrix (SEC-2), the per-type form, the student
preview with "check", the import flow through the pages, the export, image links."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from qashyq.core.scope import ActorScope
from qashyq.questions import selectors, services
from qashyq.questions.data import QuestionInput
from qashyq.questions.models import ImportBatch, Question
from qashyq.questions.tests.conftest import World
from qashyq.questions.tests.test_services import GIFT, PNG
from qashyq.questions.tokens import file_token, file_urls_sign

READ = {
    "anonymous": 302,
    "student of the course": 404,
    "student not in the course": 404,
    "teacher of the course": 200,
    "assistant of the course": 200,
    "tutor of the course": 200,
    "teacher of another course": 404,
    "head of the department": 200,
    "head of another department": 404,
    "dean of the faculty": 200,
    "dean of another faculty": 404,
    "distance unit": 200,
    "registrar of another institution": 404,
    "superuser": 200,
}
EDIT = {
    **READ,
    "tutor of the course": 403,
    "head of the department": 403,
    "dean of the faculty": 403,
}


def browser(user: Any) -> Client:
    client = Client()
    client.cookies["qashyq_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def question(world: World, teacher_actor: ActorScope) -> Question:
    return services.question_create(
        actor=teacher_actor,
        course_id=world.course.pk,
        values=QuestionInput(
            qtype="single",
            text="<p>Қазақстанның астанасы? \\(x^2\\)</p>",
            category_id=world.category.pk,
            name="Астана",
            choices=[
                {"text": "Астана", "fraction": "1"},
                {"text": "Алматы", "fraction": "0"},
            ],
        ),
    )


@pytest.mark.parametrize(("case", "status"), list(READ.items()))
def test_sec2_bank_page_matrix(
    world: World, matrix_user: Any, question: Question, case: str, status: int
) -> None:
    response = browser(matrix_user(case)).get(f"/questions/courses/{world.course.pk}/")
    assert response.status_code == status
    if status == 200:
        assert "Астана" in response.content.decode()
    else:
        assert b"\xd0\x90\xd1\x81\xd1\x82\xd0\xb0\xd0\xbd\xd0\xb0" not in response.content


@pytest.mark.parametrize(("case", "status"), list(EDIT.items()))
def test_sec2_new_question_page_matrix(
    world: World, matrix_user: Any, case: str, status: int
) -> None:
    client = browser(matrix_user(case))
    response = client.post(
        f"/questions/courses/{world.course.pk}/new/?type=truefalse",
        {
            "qtype": "truefalse",
            "text": "Жер дөңгелек",
            "category": world.category.pk,
            "correct": "true",
            "points": "1",
        },
    )
    assert response.status_code == (302 if status == 200 else status)
    assert Question.objects.count() == (1 if status == 200 else 0)


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("teacher of the course", 200),
        ("tutor of the course", 200),
        ("student of the course", 404),
        ("anonymous", 404),
    ],
)
def test_sec2_preview_and_api_read(  # noqa: PLR0917 - pytest fixtures
    world: World, matrix_user: Any, question: Question, token_client: Any, case: str, status: int
) -> None:
    user = matrix_user(case)
    if user is not None:
        assert browser(user).get(f"/questions/{question.pk}/").status_code == status
    response = token_client(user).get(f"/api/v1/questions/{question.pk}")
    assert response.status_code == (401 if user is None else status)
    if status != 200:
        assert "Астана" not in response.content.decode()


def test_form_rows_create_a_matching_question(world: World, matrix_user: Any) -> None:
    client = browser(matrix_user("teacher of the course"))
    page = client.get(f"/questions/courses/{world.course.pk}/new/?type=matching")
    assert page.status_code == 200
    assert b'name="pair-prompt"' in page.content
    response = client.post(
        f"/questions/courses/{world.course.pk}/new/?type=matching",
        {
            "qtype": "matching",
            "text": "Сәйкестендір",
            "category": world.category.pk,
            "points": "2",
            "shuffle": "on",
            "pair-prompt": ["Абай", "Әуезов", ""],
            "pair-answer": ["Қара сөздер", "Абай жолы", "Маса"],
            "tags": "әдебиет, R1",
            "outcomes": [str(world.outcome.pk)],
        },
    )
    question = Question.objects.get()
    assert response.status_code == 302
    assert [p["answer"] for p in question.data["pairs"]] == ["Қара сөздер", "Абай жолы", "Маса"]
    assert question.points == 2
    assert sorted(t.name for t in question.tags.all()) == ["R1", "әдебиет"]


def test_form_shows_the_rule_broken(world: World, matrix_user: Any) -> None:
    client = browser(matrix_user("teacher of the course"))
    response = client.post(
        f"/questions/courses/{world.course.pk}/new/?type=single",
        {
            "qtype": "single",
            "text": "?",
            "category": world.category.pk,
            "choice-text": ["A", "B"],
            "choice-fraction": ["1", "1"],
        },
    )
    assert response.status_code == 422
    assert "Exactly one choice must give full credit" in response.content.decode()
    assert Question.objects.count() == 0


def test_preview_renders_formula_and_check_grades(
    world: World, matrix_user: Any, question: Question
) -> None:
    client = browser(matrix_user("teacher of the course"))
    page = client.get(f"/questions/{question.pk}/")
    assert "<math" in page.content.decode()
    checked = client.post(f"/questions/{question.pk}/", {"response": "c1", "seed": "3"})
    assert "Grade: 100% of the points." in checked.content.decode()
    wrong = client.post(f"/questions/{question.pk}/", {"response": "c2", "seed": "3"})
    assert "Grade: 0% of the points." in wrong.content.decode()


def test_edit_bumps_version_through_the_page(
    world: World, matrix_user: Any, question: Question
) -> None:
    client = browser(matrix_user("assistant of the course"))
    response = client.post(
        f"/questions/{question.pk}/edit/",
        {"text": "Жаңа мәтін", "category": world.category.pk, "version": "1", "points": "1",
         "choice-text": ["A", "B"], "choice-fraction": ["0", "1"]},
    )  # fmt: skip
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.version, question.text) == (2, "<p>Жаңа мәтін</p>")


def test_import_through_pages(world: World, matrix_user: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = browser(matrix_user("teacher of the course"))
    upload = SimpleUploadedFile("bank.txt", GIFT.encode())
    response = client.post(
        f"/questions/courses/{world.course.pk}/import/",
        {"file": upload, "fmt": "", "first_variant_correct": "on"},
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    page = client.get(f"/questions/imports/{batch.pk}/")  # survives a reload
    assert page.status_code == 200
    assert "3 questions can be imported." in page.content.decode()
    assert Question.objects.count() == 0
    client.post(f"/questions/imports/{batch.pk}/", {"action": "confirm"})
    assert Question.objects.count() == 3
    tutor = browser(matrix_user("tutor of the course"))
    assert tutor.get(f"/questions/imports/{batch.pk}/").status_code == 403


def test_export_download(world: World, matrix_user: Any, question: Question) -> None:
    client = browser(matrix_user("tutor of the course"))
    response = client.get(f"/questions/courses/{world.course.pk}/export/?fmt=gift")
    assert response.status_code == 200
    assert "Қазақстанның астанасы" in response.content.decode()
    assert response["Content-Disposition"].startswith(
        'attachment; filename="ALG2105-2026S-questions'
    )


def test_api_create_update_list_and_export(
    world: World, matrix_user: Any, token_client: Any
) -> None:
    api = token_client(matrix_user("teacher of the course"))
    body = {
        "qtype": "numeric",
        "category_id": world.category.pk,
        "text": "<p>π?</p>",
        "numeric": [{"value": "3.14", "tolerance": "0.01"}],
    }
    created = api.post(
        f"/api/v1/questions/courses/{world.course.pk}/questions",
        body,
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["numeric"] == [{"value": "3.14", "tolerance": "0.01", "fraction": "1"}]
    bad = api.post(
        f"/api/v1/questions/courses/{world.course.pk}/questions",
        {**body, "numeric": []},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "question_invalid"
    body["text"] = "<p>e?</p>"
    body["version"] = 1
    put = api.put(f"/api/v1/questions/{data['id']}", body, content_type="application/json")
    assert put.json()["version"] == 2
    listed = api.get(f"/api/v1/questions/courses/{world.course.pk}/questions?qtype=numeric")
    assert [q["id"] for q in listed.json()["items"]] == [data["id"]]
    categories = api.get(f"/api/v1/questions/courses/{world.course.pk}/categories").json()
    assert categories[0]["questions"] == 1
    exported = api.get(f"/api/v1/questions/courses/{world.course.pk}/export?fmt=aiken").json()
    assert exported["exported"] == 0
    assert len(exported["skipped"]) == 1
    tutor = token_client(matrix_user("tutor of the course"))
    assert (
        tutor.post(
            f"/api/v1/questions/courses/{world.course.pk}/questions",
            body,
            content_type="application/json",
        ).status_code
        == 403
    )
    student = token_client(matrix_user("student of the course"))
    assert student.get(f"/api/v1/questions/courses/{world.course.pk}/questions").status_code == 404


def test_api_import_flow(world: World, matrix_user: Any, token_client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = token_client(matrix_user("teacher of the course"))
    response = api.post(
        f"/api/v1/questions/courses/{world.course.pk}/imports",
        {"file": SimpleUploadedFile("bank.txt", GIFT.encode()), "fmt": "gift"},
    )
    assert response.status_code == 201, response.content
    batch = response.json()
    assert len(batch["preview"]) == 3
    confirmed = api.post(f"/api/v1/questions/imports/{batch['id']}/confirm")
    assert confirmed.json()["questions"] == 3
    again = api.post(f"/api/v1/questions/imports/{batch['id']}/confirm")
    assert again.status_code == 422


def test_images_only_for_readers_or_a_signed_link(
    world: World, matrix_user: Any, teacher_actor: ActorScope
) -> None:
    qfile = services.question_file_upload(
        actor=teacher_actor, course_id=world.course.pk, name="d.png", content=PNG
    )
    url = f"/questions/files/{qfile.pk}/{qfile.name}"
    assert browser(matrix_user("teacher of the course")).get(url).status_code == 200
    student_user = matrix_user("student of the course")
    student = browser(student_user)
    assert student.get(url).status_code == 404
    signed = file_urls_sign(f'<img src="{url}">', user_id=student_user.pk)
    signed_url = signed.split('"')[1]
    response = student.get(signed_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    other = browser(matrix_user("student not in the course"))
    assert other.get(signed_url).status_code == 404  # the link names its user
    assert (
        student.get(
            f"{url}?t={file_token(file_id=qfile.pk + 1, user_id=student_user.pk)}"
        ).status_code
        == 404
    )


def test_public_view_for_signs_images_and_renders_tex(world: World) -> None:
    snapshot = {
        "id": 1, "qtype": "essay", "text": '<p>\\(a\\) <img src="/questions/files/5/x.png"></p>',
        "points": "1.00", "shuffle": True, "choices": [], "answers": [], "numeric": [],
        "pairs": [], "items": [], "general_feedback": "",
    }  # fmt: skip
    view = selectors.public_view_for(snapshot, seed=1, user_id=77)
    assert "<math" in view["text"]
    assert "/questions/files/5/x.png?t=" in view["text"]


def test_menu_and_index(world: World, matrix_user: Any, question: Question) -> None:
    client = browser(matrix_user("teacher of the course"))
    index = client.get("/questions/")
    assert index.status_code == 200
    assert f"/questions/courses/{world.course.pk}/" in index.content.decode()
    student = browser(matrix_user("student of the course")).get("/questions/")
    assert f"/questions/courses/{world.course.pk}/" not in student.content.decode()
