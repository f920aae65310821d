"""Readiness API: the checklist (LMS-2), the decision, the dashboard (ONL-5, ONL-6), the act;
a permission matrix per endpoint (SEC-2)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from qashyq.accounts.models import User
from qashyq.courses import services
from qashyq.courses.models import ComplexApproval, ComplexStatus, ReadinessAct
from qashyq.courses.tests.test_readiness_support import World, build_world

ClientOf = Callable[[User | None], Client]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def w(db: None) -> World:
    return build_world()


@pytest.fixture
def api(w: World, token_client: ClientOf) -> Callable[[str], Client]:
    def make(who: str) -> Client:
        client = token_client(w.users[who])
        client.cookies["qashyq_language"] = "en"
        return client

    return make


def body(response: Any) -> Any:
    return json.loads(response.content)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("student", 404),
        ("other_teacher", 404),
        ("other_department_head", 404),
        ("other_registrar", 404),
        ("teacher", 200),
        ("tutor", 200),
        ("department_head", 200),
        ("dean", 200),
        ("distance_unit", 200),
        ("rector_office", 200),
    ],
)
def test_lms2_checklist_endpoint_access(
    w: World, api: Callable[[str], Client], who: str, status: int
) -> None:
    response = api(who).get(f"/api/v1/courses/{w.complete.pk}/readiness")

    assert response.status_code == status
    if status == 404:
        assert body(response) == {"code": "course_not_found", "message": "Not found.", "extra": {}}


def test_lms2_checklist_endpoint_body(w: World, api: Callable[[str], Client]) -> None:
    data = body(api("teacher").get(f"/api/v1/courses/{w.empty.pk}/readiness"))

    assert data["course"]["code"] == "OS2202-26S"
    assert (data["percent"], data["complete"], data["state"], data["ready"]) == (
        0,
        False,
        "incomplete",
        False,
    )
    assert data["items"][0] == {
        "part": "program",
        "label": "Working program: content of the discipline",
        "state": "missing",
        "detail": "",
    }
    assert [i["part"] for i in data["items"] if i["state"] == "not_applicable"] == ["lab"]
    assert data["approval"] is None
    assert data["deadline"]["deadline"] == "2025-12-31"
    assert data["deadline"]["period_starts_on"] == "2026-01-12"
    assert data["deadline"]["working_days"] == 5
    assert [s["signal"] for s in data["quality"]["signals"]] == [
        "variety",
        "multimedia",
        "outcomes_covered",
        "modules_filled",
    ]


def test_lms2_submit_and_decide_through_the_api(w: World, api: Callable[[str], Client]) -> None:
    url = f"/api/v1/courses/{w.complete.pk}"

    submitted = api("teacher").post(f"{url}/complex/submit")
    forbidden = api("teacher").post(
        f"{url}/complex/approve", data={"comment": ""}, content_type="application/json"
    )
    hidden = api("other_department_head").post(
        f"{url}/complex/approve", data={"comment": ""}, content_type="application/json"
    )
    approved = api("department_head").post(
        f"{url}/complex/approve", data={"comment": "Дайын"}, content_type="application/json"
    )

    assert submitted.status_code == 200
    assert body(submitted)["state"] == "submitted"
    assert forbidden.status_code == 403
    assert body(forbidden)["code"] == "complex_change_forbidden"
    assert hidden.status_code == 404
    assert approved.status_code == 200
    assert body(approved)["state"] == "approved"
    assert body(approved)["approval"]["comment"] == "Дайын"
    assert ComplexApproval.objects.get().status == ComplexStatus.APPROVED


def test_lms2_incomplete_submission_answers_409_with_the_parts(
    w: World, api: Callable[[str], Client]
) -> None:
    response = api("teacher").post(f"/api/v1/courses/{w.empty.pk}/complex/submit")

    assert response.status_code == 409
    data = body(response)
    assert data["code"] == "complex_incomplete"
    assert data["extra"]["percent"] == 0
    assert data["extra"]["missing"][:3] == ["program", "outcomes", "plan"]


def test_lms2_return_needs_a_comment(w: World, api: Callable[[str], Client]) -> None:
    services.complex_submit(actor=w.actor("teacher"), course=w.complete)
    url = f"/api/v1/courses/{w.complete.pk}/complex/return"

    empty = api("department_head").post(url, data={"comment": ""}, content_type="application/json")
    returned = api("department_head").post(
        url, data={"comment": "Тесттер аз"}, content_type="application/json"
    )

    assert (empty.status_code, body(empty)["code"]) == (422, "validation_failed")
    assert (returned.status_code, body(returned)["state"]) == (200, "returned")


def test_onl5_dashboard_endpoint(w: World, api: Callable[[str], Client]) -> None:
    data = body(api("department_head").get(f"/api/v1/readiness/dashboard?period_id={w.period.pk}"))

    assert data["period"]["starts_on"] == "2026-01-12"
    assert data["deadline"]["deadline"] == "2025-12-31"
    assert data["count"] == 2
    assert [c["course"]["code"] for c in data["courses"]] == ["DB2201-26S", "OS2202-26S"]
    assert data["total"] == {
        "courses": 2,
        "complete": 1,
        "ready": 0,
        "percent": 50,
        "ready_percent": 0,
        "multimedia": 1,
        "varied": 1,
        "outcomes_covered": 1,
    }
    assert [(d["code"], d["completeness"]["courses"]) for d in data["departments"]] == [("IS", 2)]
    assert [(p["code"], p["missing"]) for p in data["programs"]] == [("6B06101", 1)]
    assert [m["discipline_code"] for m in data["missing"]] == ["NET2203"]


def test_onl5_dashboard_endpoint_pages_and_scopes(w: World, api: Callable[[str], Client]) -> None:
    page = body(api("registrar").get("/api/v1/readiness/dashboard?limit=1&offset=1"))
    teacher = body(api("teacher").get("/api/v1/readiness/dashboard"))
    stranger = body(api("other_registrar").get("/api/v1/readiness/dashboard"))
    too_many = api("registrar").get("/api/v1/readiness/dashboard?limit=101")

    assert (page["count"], [c["course"]["code"] for c in page["courses"]]) == (2, ["OS2202-26S"])
    assert (teacher["count"], teacher["departments"], teacher["programs"]) == (2, [], [])
    assert (stranger["period"], stranger["count"], stranger["courses"]) == (None, 0, [])
    assert too_many.status_code == 422


def test_onl5_act_endpoint(w: World, api: Callable[[str], Client]) -> None:
    url = f"/api/v1/readiness/programs/{w.program.pk}/act"

    not_ready = api("distance_unit").post(
        url, data={"period_id": w.period.pk}, content_type="application/json"
    )
    hidden = api("teacher").post(
        url, data={"period_id": w.period.pk}, content_type="application/json"
    )

    assert not_ready.status_code == 409
    assert body(not_ready)["extra"] == {"ready": 0, "total": 2, "missing": 1}
    assert hidden.status_code == 404
    assert not ReadinessAct.objects.exists()
