"""The compliance dashboard's read model (ADR 0016): one run per institution and date,
bit masks per student and program, recomputed when a write changes the generations,
when it is an hour old, kept to eight per institution."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from qashyq.core.cache import generation_bump
from qashyq.people import services as people_services
from qashyq.people.selectors import actor_scope
from qashyq.regulations import services_compliance
from qashyq.regulations.models_compliance import ComplianceRow, ComplianceRun
from qashyq.regulations.tests.test_compliance_pages import (
    AS_OF,
    World,
    client_for,
    listed_numbers,
    world_built,
)

pytestmark = pytest.mark.django_db

DAY = dt.date.fromisoformat(AS_OF)
DASHBOARD = reverse("regulations:compliance")


@pytest.fixture(scope="module")
def world_once(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    yield from world_built(django_db_blocker)


@pytest.fixture
def world(world_once: World, db: None) -> World:
    return world_once


def test_run_masks(world: World) -> None:
    """Each current student has one row: the bit of a requirement is set in the mask of
    its outcome (LIM-1 and LIM-2 violated for the law student over 20 %)."""
    run = services_compliance.compliance_run_refresh(institution=world.institution, as_of=DAY)
    assert (run.students, run.programs) == (4, 2)
    bits = run.requirement_bits("student")
    row = ComplianceRow.objects.get(run=run, student=world.students["law_over"])
    assert row.program_id == world.law.pk
    assert {r for r, bit in bits.items() if row.violated & bit} == {"LIM-1", "LIM-2"}
    assert {r for r, bit in bits.items() if row.allowed & bit} == {"LIM-7", "LIM-8", "LIM-10"}
    assert {r for r, bit in bits.items() if row.not_applicable & bit} == {
        "LIM-3",
        "LIM-4",
        "LIM-6",  # no approved list of disciplines open to distance learning
        "LIM-9",
        "LIM-13",
    }
    within = ComplianceRow.objects.get(run=run, student=world.students["it_within"])
    assert within.violated == 0


def test_students_not_studying_are_left_out(world: World) -> None:
    """Graduates' and expelled students' plans are history (CURRENT_STATUSES)."""
    student = world.students["it_over"]
    student.status = "graduated"
    student.save(update_fields=["status"])
    run = services_compliance.compliance_run_refresh(institution=world.institution, as_of=DAY)
    assert run.students == 3
    assert not ComplianceRow.objects.filter(run=run, student=student).exists()


def test_run_reused_until_a_people_write(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    """The page reuses its run; a people service (the delivery of plan items, SIS-5)
    bumps the generation, and the page schedules a recomputation on commit (at once
    outside a transaction): the ICT student at exactly 50 % goes over with one more
    discipline at a distance (LIM-3)."""
    registrar = world.role("registrar")
    client = client_for(registrar)
    client.get(DASHBOARD, {"as_of": AS_OF})
    first = ComplianceRun.objects.get(institution=world.institution, as_of=DAY)
    client.get(DASHBOARD, {"as_of": AS_OF})
    assert ComplianceRun.objects.get(pk=first.pk).computed_at == first.computed_at

    student = world.students["it_within"]
    in_person = student.plan_items.filter(delivery="in_person").order_by("pk").first()
    assert in_person is not None
    people_services.plan_items_delivery_set(
        actor=actor_scope(user=registrar),
        student=student,
        discipline_ids=[in_person.discipline_id],
        delivery="distance",
        reason="бұйрық 12-ҚО, 01.03.2025",
    )
    with django_capture_on_commit_callbacks(execute=True) as scheduled:
        stale = client.get(DASHBOARD, {"as_of": AS_OF, "requirement": "LIM-3"})
    assert stale.context["fresh"] is False
    assert "The data changed since" in stale.content.decode()
    assert len(scheduled) == 1
    response = client.get(DASHBOARD, {"as_of": AS_OF, "requirement": "LIM-3"})
    second = ComplianceRun.objects.get(institution=world.institution, as_of=DAY)
    assert second.generation != first.generation
    assert listed_numbers(response.content.decode()) == ["2400003", "2400004"]
    assert response.context["fresh"] is True


@pytest.mark.parametrize("generation", ["structure", "regulations"])
def test_structure_and_regulations_writes_make_the_run_stale(world: World, generation: str) -> None:
    run = services_compliance.compliance_run_refresh(institution=world.institution, as_of=DAY)
    assert services_compliance.compliance_run_is_fresh(run)
    generation_bump(generation)
    assert not services_compliance.compliance_run_is_fresh(run)


def test_an_hour_old_run_is_stale(world: World) -> None:
    """Writes that bypass the services (the admin, a shell) are seen within MAX_AGE."""
    run = services_compliance.compliance_run_refresh(institution=world.institution, as_of=DAY)
    later = run.computed_at + services_compliance.MAX_AGE
    assert services_compliance.compliance_run_is_fresh(run, now=later - dt.timedelta(seconds=1))
    assert not services_compliance.compliance_run_is_fresh(run, now=later)


def test_a_stale_run_is_recomputed_by_the_task(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    """Outside a transaction (a page) the task is scheduled at once and, eager in the
    embedded default, has recomputed the run when `compliance_run_current` returns;
    here the test's transaction holds it until the callbacks run."""
    old = services_compliance.compliance_run_refresh(institution=world.institution, as_of=DAY)
    two_hours_ago = timezone.now() - dt.timedelta(hours=2)
    ComplianceRun.objects.filter(pk=old.pk).update(computed_at=two_hours_ago)
    with django_capture_on_commit_callbacks(execute=True):
        stale = services_compliance.compliance_run_current(institution=world.institution, as_of=DAY)
    assert stale.computed_at == two_hours_ago
    run = ComplianceRun.objects.get(institution=world.institution, as_of=DAY)
    assert run.computed_at > two_hours_ago
    assert services_compliance.compliance_run_is_fresh(run)


def test_a_computation_under_way_is_not_repeated(world: World) -> None:
    """The task skips a run another process is computing (a cache lock per run)."""
    old = services_compliance.compliance_run_refresh(institution=world.institution, as_of=DAY)
    key = f"regulations:compliance:lock:{world.institution.pk}:{AS_OF}"
    assert cache.add(key, 1)
    services_compliance.compliance_run_refresh_locked(institution=world.institution, as_of=DAY)
    same = ComplianceRun.objects.get(institution=world.institution, as_of=DAY)
    assert same.computed_at == old.computed_at
    cache.delete(key)
    services_compliance.compliance_run_refresh_locked(institution=world.institution, as_of=DAY)
    new = ComplianceRun.objects.get(institution=world.institution, as_of=DAY)
    assert new.computed_at > old.computed_at


def test_at_most_eight_runs_per_institution(world: World) -> None:
    for n in range(10):
        services_compliance.compliance_run_refresh(
            institution=world.institution, as_of=DAY + dt.timedelta(days=n)
        )
    dates = sorted(
        ComplianceRun.objects.filter(institution=world.institution).values_list("as_of", flat=True)
    )
    assert dates == [DAY + dt.timedelta(days=n) for n in range(2, 10)]


def test_a_cleared_cache_never_reuses_a_stamp(world: World) -> None:
    """Generations missing from the cache are bumped before a run is stamped, so a run
    computed before the cache was cleared is never taken for fresh after it."""
    run = services_compliance.compliance_run_refresh(institution=world.institution, as_of=DAY)
    assert "0" not in run.generation.split(".")
    cache.clear()
    assert not services_compliance.compliance_run_is_fresh(run)
    assert services_compliance.compliance_generation() != run.generation
