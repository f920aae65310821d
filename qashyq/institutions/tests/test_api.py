"""The institutions API: permission matrix (SEC-2), payloads, query counts."""

from __future__ import annotations

import pytest
from django.test import Client

from qashyq.institutions.models import Faculty, Program
from qashyq.institutions.tests.factories import (
    CurriculumFactory,
    CurriculumItemFactory,
    DisciplineFactory,
    ProgramFactory,
    direction,
)

pytestmark = pytest.mark.django_db

READ_MATRIX = [
    ("anonymous", None, "same", 401),
    ("student", "student", "same", 200),
    ("dean", "dean", "same", 200),
    ("registrar of another institution", "registrar", "other", 404),
    ("registrar", "registrar", "same", 200),
]


def _client(make_user, token_client, role, where, institution, other_institution, faculty):  # noqa: PLR0917
    target = institution if where == "same" else other_institution
    scope = {"faculty": faculty} if role == "dean" else {}
    return token_client(make_user(role, target, **scope))


@pytest.mark.parametrize(("_case", "role", "where", "status"), READ_MATRIX)
def test_program_detail_matrix(  # noqa: PLR0917
    make_user,
    token_client,
    institution,
    other_institution,
    faculty,
    program,
    _case,
    role,
    where,
    status,
):
    client = _client(make_user, token_client, role, where, institution, other_institution, faculty)
    response = client.get(f"/api/v1/programs/{program.pk}")
    assert response.status_code == status
    if status == 404:
        assert program.name_kk not in response.content.decode()
    if status == 200:
        body = response.json()
        assert (body["code"], body["name_ru"], body["direction"]["code"]) == (
            "6B06101",
            "Информационные системы",
            "6B061",
        )


@pytest.mark.parametrize(
    ("_case", "role", "where", "status"),
    [
        ("anonymous", None, "same", 401),
        ("student", "student", "same", 403),
        ("dean", "dean", "same", 403),
        ("registrar of another institution", "registrar", "other", 404),
        ("registrar", "registrar", "same", 201),
    ],
)
def test_faculty_create_matrix(  # noqa: PLR0917
    make_user, token_client, institution, other_institution, faculty, _case, role, where, status
):
    client = _client(make_user, token_client, role, where, institution, other_institution, faculty)
    response = client.post(
        "/api/v1/faculties",
        {"institution_id": institution.pk, "code": "PED", "name_kk": "Педагогика факультеті"},
        content_type="application/json",
    )
    assert response.status_code == status
    assert Faculty.objects.filter(code="PED").exists() is (status == 201)


def test_program_create_and_patch(make_user, token_client, institution, department):
    client = token_client(make_user("registrar", institution))
    payload = {
        "department_id": department.pk,
        "code": "7M04101",
        "level": "mba",
        "direction_id": direction("7M041").pk,
        "name_kk": "Іскерлік әкімшілендіру",
        "name_ru": "Деловое администрирование",
        "name_en": "Business administration",
        "total_credits": 90,
        "duration_years": "1.5",
        "study_form": "online",
        "language": "en",
    }
    response = client.post("/api/v1/programs", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["level"], body["direction"]["code"], body["faculty"]["code"]) == (
        "mba",
        "7M041",
        "FIT",
    )
    wrong = {**payload, "code": "X1", "direction_id": direction("6B041").pk}
    response = client.post("/api/v1/programs", wrong, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (422, "direction_level_mismatch")

    response = client.patch(
        f"/api/v1/programs/{body['id']}", {"total_credits": 60}, content_type="application/json"
    )
    assert response.status_code == 200
    program = Program.objects.get(pk=body["id"])
    assert (program.total_credits, program.level, program.name_en) == (
        60,
        "mba",
        "Business administration",
    )


def test_names_in_three_languages_and_active_language(
    make_user, token_client, program, institution
):
    client = token_client(make_user("student", institution))
    response = client.get(f"/api/v1/programs/{program.pk}", HTTP_ACCEPT_LANGUAGE="ru")
    body = response.json()
    assert (body["name"], body["name_kk"], body["name_en"]) == (
        "Информационные системы",
        "Ақпараттық жүйелер",
        "Information systems",
    )


def test_program_list_two_queries_after_auth(
    make_user, token_client, institution, department, django_assert_num_queries
):
    ProgramFactory.create_batch(5, department=department)
    client = token_client(make_user("registrar", institution))
    client.get("/api/v1/faculties")  # warm up: content types, translations
    # the token (1; the actor scope is cached after the warm-up, ADR 0014), then the
    # program list itself: count (1) + page (1)
    with django_assert_num_queries(3):
        response = client.get("/api/v1/programs?limit=3")
    assert response.json()["count"] == 5
    assert len(response.json()["items"]) == 3


def test_program_list_filters(make_user, token_client, institution, department):
    ProgramFactory.create(
        department=department, code="6B01101", direction=direction("6B011"), name_ru="Педагогика"
    )
    ProgramFactory.create(
        department=department,
        code="7M06101",
        level="master",
        direction=direction("7M061"),
        language="ru",
    )
    client = token_client(make_user("dean", institution))
    codes = lambda url: [p["code"] for p in client.get(url).json()["items"]]  # noqa: E731
    assert codes("/api/v1/programs?level=master") == ["7M06101"]
    assert codes("/api/v1/programs?language=ru") == ["7M06101"]
    assert codes("/api/v1/programs?search=едагогик")  # SQLite folds ASCII only
    assert codes("/api/v1/programs?search=Педагогика") == ["6B01101"]
    assert codes("/api/v1/programs?search=6B011") == ["6B01101"]


def test_curriculum_detail_with_items_and_totals(make_user, token_client, institution, program):
    curriculum = CurriculumFactory.create(program=program)
    CurriculumItemFactory.create(
        curriculum=curriculum, discipline=DisciplineFactory.create(department=program.department)
    )
    client = token_client(make_user("student", institution))
    body = client.get(f"/api/v1/curricula/{curriculum.pk}").json()
    assert (len(body["items"]), body["total_credits"], body["program_credits"]) == (1, 5, 240)
    assert body["semesters"] == [
        {"semester": 1, "mandatory_credits": 5, "elective_credits": 0, "credits": 5}
    ]


def test_discipline_post_rejects_wrong_hours(make_user, token_client, institution, department):
    client = token_client(make_user("registrar", institution))
    response = client.post(
        "/api/v1/disciplines",
        {
            "department_id": department.pk,
            "code": "INF1",
            "name_kk": "Информатика",
            "credits": 5,
            "hours_lecture": 30,
            "hours_independent": 100,
        },
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (422, "hours_credits_mismatch")


def test_directions_listed_for_anyone_signed_in(make_user, token_client, institution):
    client = token_client(make_user("student", institution))
    body = client.get("/api/v1/directions?level_prefix=6B&search=6B061").json()
    assert [(d["code"], d["field_code"]) for d in body["items"]] == [("6B061", "06")]
    assert Client().get("/api/v1/directions").status_code == 401
