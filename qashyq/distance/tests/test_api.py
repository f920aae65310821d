"""The transfer API: the permission matrix (SEC-2) and each operation."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from qashyq.accounts.models import User
from qashyq.distance import services
from qashyq.distance.models import ApprovalStep, TransferApplication
from qashyq.distance.tests.conftest import (
    TODAY,
    World,
    draft_make,
    pdf_upload,
    plan_make,
    role_user,
    route_through,
    student_make,
)

pytestmark = pytest.mark.django_db

Clients = Callable[[User | None], Client]


def _matrix_user(world: World, case: str) -> User | None:
    parent = role_user("student", world.other_institution)
    cases: dict[str, Callable[[], User | None]] = {
        "anonymous": lambda: None,
        "the student": lambda: world.student.user,
        "another student": lambda: student_make(world.program, world.group).user,
        "registered parent": lambda: (
            services.representative_register(
                actor=world.actor(world.registrar),
                student=world.student,
                user=parent,
                relation="parent",
                document="№ 1",
            ).user
        ),
        "parent of another student": lambda: (
            services.representative_register(
                actor=world.actor(world.registrar),
                student=student_make(world.program, world.group),
                user=parent,
                relation="parent",
                document="№ 2",
            ).user
        ),
        "advisor of the group": lambda: world.advisor,
        "advisor of another group": lambda: role_user(
            "advisor", world.institution, group=world.other_group
        ),
        "teacher": lambda: role_user("teacher", world.institution, department=world.department),
        "dean of the faculty": lambda: world.dean,
        "dean of another faculty": lambda: role_user(
            "dean", world.institution, faculty=world.other_faculty
        ),
        "registrar": lambda: world.registrar,
        "registrar of another institution": lambda: role_user("registrar", world.other_institution),
        "rector's office": lambda: world.rector,
    }
    return cases[case]()


MATRIX = [
    ("anonymous", 401, 401),
    ("the student", 200, 403),
    ("another student", 404, 404),
    ("registered parent", 200, 403),
    ("parent of another student", 404, 404),
    ("advisor of the group", 200, 200),
    ("advisor of another group", 404, 404),
    ("teacher", 404, 404),
    ("dean of the faculty", 200, 403),
    ("dean of another faculty", 404, 404),
    ("registrar", 200, 403),
    ("registrar of another institution", 404, 404),
    ("rector's office", 200, 403),
]


@pytest.mark.parametrize(("case", "read", "decide"), MATRIX)
def test_application_permission_matrix(
    world: World, token_client: Clients, case: str, read: int, decide: int
) -> None:
    """Who reads a submitted application and who decides its first step (the advisor's):
    others who see it get 403, those who do not 404, and nothing changes for them."""
    application = draft_make(world)
    services.application_submit(actor=world.student_actor, application=application, today=TODAY)
    client = token_client(_matrix_user(world, case))
    url = f"/api/v1/distance/applications/{application.pk}"

    response = client.get(url)
    assert response.status_code == read
    if read != 200:
        assert "Жұмабаева" not in response.content.decode()

    response = client.post(
        f"{url}/decide",
        data=json.dumps({"decision": "approve"}),
        content_type="application/json",
    )
    assert response.status_code == decide
    application.refresh_from_db()
    approved = ApprovalStep.objects.filter(application=application, decision="approve").count()
    if decide == 200:
        assert (application.current_role, approved) == ("dean", 1)
    else:
        assert (application.current_role, approved) == ("advisor", 0)


def test_a_draft_is_seen_by_its_student_only(world: World, token_client: Clients) -> None:
    application = draft_make(world)
    url = f"/api/v1/distance/applications/{application.pk}"
    assert token_client(world.student.user).get(url).status_code == 200
    for user in (world.advisor, world.dean, world.registrar, world.rector):
        assert token_client(user).get(url).status_code == 404


def test_list_is_scoped_and_paginated(world: World, token_client: Clients) -> None:
    mine = draft_make(world)
    services.application_submit(actor=world.student_actor, application=mine, today=TODAY)
    other = student_make(world.program, world.other_group, prior_education="higher")
    plan_make(other, world.disciplines)
    theirs = draft_make(world, student=other)
    services.application_submit(actor=world.actor(other.user), application=theirs, today=TODAY)

    def ids(user: User, query: str = "") -> list[int]:
        body = token_client(user).get(f"/api/v1/distance/applications{query}").json()
        return [item["id"] for item in body["items"]]

    assert ids(world.student.user) == [mine.pk]
    assert ids(world.advisor) == [mine.pk]  # the advisor of АЖ-25-1 only
    assert sorted(ids(world.dean)) == sorted([mine.pk, theirs.pk])
    assert ids(world.dean, "?waiting=true") == []
    assert sorted(ids(world.registrar, "?status=submitted")) == sorted([mine.pk, theirs.pk])
    body = token_client(world.registrar).get("/api/v1/distance/applications?limit=1").json()
    assert (body["count"], len(body["items"])) == (2, 1)


def test_create_save_check_and_submit_through_the_api(world: World, token_client: Clients) -> None:
    client = token_client(world.student.user)
    now = timezone.localdate()  # the API judges dates against today
    first, second = world.disciplines[0].pk, world.disciplines[1].pk
    response = client.post(
        "/api/v1/distance/applications",
        data=json.dumps(
            {
                "student_id": world.student.pk,
                "ground": "temporary_health",
                "text": "Денсаулығыма байланысты өтінемін.",
                "starts_on": now.isoformat(),
                "ends_on": (now + dt.timedelta(days=29)).isoformat(),
                "discipline_ids": [first],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], [d["id"] for d in body["disciplines"]]) == ("draft", [first])
    url = f"/api/v1/distance/applications/{body['id']}"

    patched = client.patch(
        url, data=json.dumps({"discipline_ids": [first, second]}), content_type="application/json"
    )
    assert patched.status_code == 200
    assert [d["id"] for d in patched.json()["disciplines"]] == [first, second]
    assert patched.json()["text"] == "Денсаулығыма байланысты өтінемін."

    missing = client.post(f"{url}/submit")
    assert missing.status_code == 422
    assert missing.json()["code"] == "application_incomplete"
    assert missing.json()["extra"]["field"] == "evidence"

    upload = client.post(
        f"{url}/evidence",
        data={"file": pdf_upload(), "kind": "medical_conclusion", "number": "175/12"},
    )
    assert upload.status_code == 201
    assert (upload.json()["kind"], upload.json()["content_type"]) == (
        "medical_conclusion",
        "application/pdf",
    )
    bad = client.post(
        f"{url}/evidence", data={"file": pdf_upload("x.txt", b"hello"), "kind": "other"}
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "evidence_invalid"

    check = client.post(f"{url}/check")
    assert check.status_code == 200
    assert check.json()["allowed"] is True
    assert {v["requirement"] for v in check.json()["verdicts"]} >= {"ELIG-1", "ELIG-3", "ELIG-6"}

    submitted = client.post(f"{url}/submit")
    assert submitted.status_code == 200
    assert (submitted.json()["status"], submitted.json()["current_role"]) == (
        "submitted",
        "advisor",
    )
    again = client.patch(url, data=json.dumps({"text": "x"}), content_type="application/json")
    assert again.status_code == 409


def test_submit_not_allowed_answers_409_with_the_verdicts(
    world: World, token_client: Clients
) -> None:
    application = draft_make(world, disciplines=6, starts_on=timezone.localdate())
    response = token_client(world.student.user).post(
        f"/api/v1/distance/applications/{application.pk}/submit"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "transfer_not_allowed"
    assert {v["requirement"] for v in body["extra"]["verdicts"]} == {"LIM-3"}
    assert TransferApplication.objects.get(pk=application.pk).status == "draft"


def test_decide_needs_a_reason_to_reject(world: World, token_client: Clients) -> None:
    application = draft_make(world)
    services.application_submit(actor=world.student_actor, application=application, today=TODAY)
    response = token_client(world.advisor).post(
        f"/api/v1/distance/applications/{application.pk}/decide",
        data=json.dumps({"decision": "reject"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["extra"]["field"] == "reason"


def test_orders_list_detail_and_pdf(world: World, token_client: Clients) -> None:
    application = route_through(world, draft_make(world))
    order = application.order
    assert order is not None
    registrar = token_client(world.registrar)

    listing = registrar.get("/api/v1/distance/orders?year=2026").json()
    assert [(o["number"], o["issued_on"]) for o in listing["items"]] == [("1-ҚО", "2026-03-02")]
    assert registrar.get("/api/v1/distance/orders?year=2025").json()["count"] == 0
    detail = registrar.get(f"/api/v1/distance/orders/{order.pk}").json()
    assert [(e["student_id"], e["ground"]) for e in detail["entries"]] == [
        (world.student.pk, "temporary_health")
    ]
    pdf = registrar.get(f"/api/v1/distance/orders/{order.pk}/pdf?language=ru")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]

    assert (
        token_client(world.student.user).get(f"/api/v1/distance/orders/{order.pk}").status_code
        == 200
    )
    other = student_make(world.program, world.group)
    assert token_client(other.user).get(f"/api/v1/distance/orders/{order.pk}").status_code == 404
    assert token_client(other.user).get("/api/v1/distance/orders").json()["count"] == 0
