"""LIM-6 in the transfer workflow: when a list of disciplines open to distance learning
approved by the rector's order is in force for the student's program, the application
form, the API and the draft service offer and accept only the disciplines on it;
without one, every planned discipline of the plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from qashyq.core.scope import ActorScope
from qashyq.distance import selectors, services
from qashyq.distance.errors import ApplicationInvalid
from qashyq.distance.models import TransferApplication
from qashyq.distance.tests.conftest import World
from qashyq.institutions.models import Program
from qashyq.institutions.tests.factories import ProgramFactory
from qashyq.regulations import services as regulations

pytestmark = pytest.mark.django_db

SYSTEM = ActorScope(user_id=None, is_superuser=True)


def approve_list(world: World, codes: list[str], *, program: Program | None = None) -> None:
    """A list approved by the rector's order, in force from 01.09.2025."""
    made = regulations.distance_list_create(
        actor=SYSTEM,
        institution=world.institution,
        program=program,
        effective_from=dt.date(2025, 9, 1),
        discipline_ids=[d.pk for d in world.disciplines if d.code in codes],
    )
    regulations.distance_list_approve(
        actor=SYSTEM, distance_list=made, order_number="45-ҚО", order_date=dt.date(2025, 8, 28)
    )


def form_codes(world: World) -> list[str]:
    client = Client()
    client.cookies["qashyq_language"] = "en"
    client.force_login(world.student.user)
    created = client.post("/distance/applications/new/", {"student": world.student.pk})
    form = client.get(created["Location"]).context["form"]
    labels = [str(label) for _value, label in form.fields["disciplines"].choices]
    return [label.split(" ")[0] for label in labels]


def test_without_a_list_every_planned_discipline_is_offered(world: World) -> None:
    assert form_codes(world) == sorted(d.code for d in world.disciplines)


def test_the_form_offers_only_the_disciplines_on_the_list(world: World) -> None:
    approve_list(world, ["INF1101", "INF1103", "INF1107"])
    assert form_codes(world) == ["INF1101", "INF1103", "INF1107"]


def test_the_programs_own_list_replaces_the_institutions(world: World) -> None:
    approve_list(world, ["INF1101", "INF1102"])
    approve_list(world, ["INF1105"], program=world.program)
    other = ProgramFactory.create(department=world.department)
    approve_list(world, ["INF1110"], program=other)
    assert form_codes(world) == ["INF1105"]


def test_a_draft_refuses_a_discipline_off_the_list(world: World) -> None:
    approve_list(world, ["INF1101", "INF1102"])
    actor = world.student_actor
    application = services.application_create(actor=actor, student=world.student)
    by_code = {d.code: d.pk for d in world.disciplines}
    with pytest.raises(ApplicationInvalid) as refused:
        services.application_draft_save(
            actor=actor,
            application=application,
            ground="",
            text="",
            starts_on=None,
            ends_on=None,
            discipline_ids=[by_code["INF1101"], by_code["INF1109"]],
        )
    assert refused.value.extra["field"] == "disciplines"
    assert refused.value.message == (
        f"These disciplines are not open to distance learning in your plan: {by_code['INF1109']}."
    )
    assert not TransferApplication.objects.get(pk=application.pk).disciplines.exists()
    saved = services.application_draft_save(
        actor=actor,
        application=application,
        ground="",
        text="",
        starts_on=None,
        ends_on=None,
        discipline_ids=[by_code["INF1101"]],
    )
    assert list(saved.disciplines.values_list("code", flat=True)) == ["INF1101"]


def test_the_api_offers_and_accepts_only_listed_disciplines(
    world: World, token_client: object
) -> None:
    approve_list(world, ["INF1104", "INF1106"])
    client = token_client(world.student.user)  # type: ignore[operator]
    offered = client.get(f"/api/v1/distance/students/{world.student.pk}/disciplines")
    assert offered.status_code == 200
    assert [(d["code"], d["semester"]) for d in offered.json()] == [
        ("INF1104", 2),
        ("INF1106", 2),
    ]
    by_code = {d.code: d.pk for d in world.disciplines}
    refused = client.post(
        "/api/v1/distance/applications",
        {"student_id": world.student.pk, "discipline_ids": [by_code["INF1101"]]},
        content_type="application/json",
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "application_invalid")
    accepted = client.post(
        "/api/v1/distance/applications",
        {"student_id": world.student.pk, "discipline_ids": [by_code["INF1104"]]},
        content_type="application/json",
    )
    assert accepted.status_code == 201
    other = token_client(world.registrar)  # type: ignore[operator]
    assert other.get(f"/api/v1/distance/students/{world.student.pk}/disciplines").status_code == 404


def test_the_selector_looks_at_the_date(world: World) -> None:
    approve_list(world, ["INF1101"])
    before = selectors.plan_items_open_to_distance(student=world.student, on=dt.date(2025, 8, 31))
    after = selectors.plan_items_open_to_distance(student=world.student, on=dt.date(2025, 9, 1))
    assert len(before) == 10
    assert [i.discipline.code for i in after] == ["INF1101"]
