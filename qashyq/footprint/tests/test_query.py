"""statements_query (GET /xapi/statements filters), activity_definition, statements_between."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from uuid import UUID

import pytest
from django.test import override_settings

from qashyq.accounts.tests.factories import UserFactory
from qashyq.footprint import selectors, services
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.models import Statement

pytestmark = pytest.mark.django_db

AUTHORITY = {"objectType": "Agent", "account": {"homePage": "https://mooc.kz", "name": "mooc"}}
AIGERIM = {"mbox": "mailto:aigerim@example.kz"}
ERLAN = {"mbox": "mailto:erlan@example.kz"}
TEACHER = {"mbox": "mailto:teacher@example.kz"}
COMPLETED = {"id": "http://adlnet.gov/expapi/verbs/completed"}
ATTEMPTED = {"id": "http://adlnet.gov/expapi/verbs/attempted"}
PHYSICS = "https://mooc.kz/physics"
QUIZ = "https://mooc.kz/physics/quiz-1"


def store(actor: dict[str, Any], verb: dict[str, Any], target: str, **extra: Any) -> UUID:
    [statement_id] = services.statements_store(
        statements=[{"actor": actor, "verb": verb, "object": {"id": target}, **extra}],
        stream_key="client:1",
        authority=AUTHORITY,
    )
    return statement_id


def ids(rows: list[Statement]) -> list[UUID]:
    return [r.statement_id for r in rows]


@pytest.fixture
def world() -> dict[str, UUID]:
    registration = uuid.UUID("6d1f4d3c-0000-4000-8000-000000000001")
    return {
        "a": store(AIGERIM, COMPLETED, PHYSICS),
        "b": store(
            ERLAN,
            ATTEMPTED,
            QUIZ,
            context={
                "registration": str(registration),
                "instructor": TEACHER,
                "contextActivities": {"parent": [{"id": PHYSICS}]},
            },
        ),
        "c": store(AIGERIM, ATTEMPTED, QUIZ),
        "registration": registration,
    }


def test_newest_first_oldest_first_and_the_cursor(world: dict[str, UUID]) -> None:
    assert ids(selectors.statements_query()) == [world["c"], world["b"], world["a"]]
    assert ids(selectors.statements_query(ascending=True)) == [world["a"], world["b"], world["c"]]
    first = selectors.statements_query(limit=2)
    assert ids(first) == [world["c"], world["b"]]
    rest = selectors.statements_query(limit=2, after=(first[-1].stored, first[-1].id))
    assert ids(rest) == [world["a"]]


def test_each_filter(world: dict[str, UUID]) -> None:
    aigerim = selectors.agent_key(AIGERIM)
    assert ids(selectors.statements_query(agent_key=aigerim)) == [world["c"], world["a"]]
    assert ids(selectors.statements_query(verb_iri=ATTEMPTED["id"])) == [world["c"], world["b"]]
    assert ids(selectors.statements_query(activity_iri=PHYSICS)) == [world["a"]]
    assert ids(selectors.statements_query(activity_iri=PHYSICS, related_activities=True)) == [
        world["b"],
        world["a"],
    ]
    teacher = selectors.agent_key(TEACHER)
    assert selectors.statements_query(agent_key=teacher) == []
    assert ids(selectors.statements_query(agent_key=teacher, related_agents=True)) == [world["b"]]
    assert ids(selectors.statements_query(registration=world["registration"])) == [world["b"]]
    assert ids(selectors.statements_query(agent_key=aigerim, verb_iri=COMPLETED["id"])) == [
        world["a"]
    ]


def test_one_stream_only(world: dict[str, UUID]) -> None:
    other = store(ERLAN, COMPLETED, PHYSICS)
    Statement.objects.filter(statement_id=other).update(
        stream=services.footprint_record(
            action=Action(
                actor_id=None, verb=Verb.VIEWED, object_type=ActivityType.COURSE, object_id="1"
            )
        ).stream
    )
    assert ids(selectors.statements_query(stream_key="client:1", limit=3)) == [
        world["c"],
        world["b"],
        world["a"],
    ]
    assert selectors.statements_query(stream_key="client:404") == []


def test_since_is_exclusive_and_until_inclusive(world: dict[str, UUID]) -> None:
    rows = selectors.statements_query(ascending=True)
    Statement.objects.filter(statement_id=world["b"]).update(
        stored=rows[0].stored + dt.timedelta(seconds=1)
    )
    Statement.objects.filter(statement_id=world["c"]).update(
        stored=rows[0].stored + dt.timedelta(seconds=2)
    )
    since = rows[0].stored
    until = since + dt.timedelta(seconds=1)
    assert ids(selectors.statements_query(since=since, until=until)) == [world["b"]]


def test_voided_statements_are_left_out_and_statements_about_matching_ones_kept_in(
    world: dict[str, UUID],
) -> None:
    voiding = store(
        ERLAN,
        {"id": "http://adlnet.gov/expapi/verbs/voided"},
        "",
        object={"objectType": "StatementRef", "id": str(world["a"])},
    )
    assert ids(selectors.statements_query()) == [voiding, world["c"], world["b"]]
    # The voiding statement targets a statement by Aigerim about Physics: it matches both
    # filters although its own actor and object are others (xAPI 1.0.3 §2.1.3).
    aigerim = selectors.agent_key(AIGERIM)
    assert ids(selectors.statements_query(agent_key=aigerim)) == [voiding, world["c"]]
    assert ids(selectors.statements_query(activity_iri=PHYSICS)) == [voiding]
    assert selectors.statements_query(activity_iri=PHYSICS, verb_iri=ATTEMPTED["id"]) == []


def test_the_merged_definition_of_an_activity() -> None:
    assert selectors.activity_definition(activity_iri=PHYSICS) is None
    store(
        AIGERIM,
        COMPLETED,
        "",
        object={"id": PHYSICS, "definition": {"name": {"en": "Physics"}, "type": "x:course"}},
    )
    store(
        ERLAN,
        COMPLETED,
        "",
        object={
            "id": PHYSICS,
            "definition": {"name": {"ru": "Физика"}, "description": {"en": "Mechanics"}},
        },
    )
    assert selectors.activity_definition(activity_iri=PHYSICS) == {
        "objectType": "Activity",
        "id": PHYSICS,
        "definition": {
            "name": {"en": "Physics", "ru": "Физика"},
            "description": {"en": "Mechanics"},
            "type": "x:course",
        },
    }
    store(ERLAN, ATTEMPTED, QUIZ, context={"contextActivities": {"grouping": {"id": "x:g"}}})
    assert selectors.activity_definition(activity_iri="x:g") == {
        "objectType": "Activity",
        "id": "x:g",
    }


@override_settings(SITE_URL="https://lms.example.kz")
def test_own_statements_answer_the_same_filters() -> None:
    user = UserFactory.create()
    row = services.footprint_record(
        action=Action(
            actor_id=user.pk,
            verb=Verb.COMPLETED,
            object_type=ActivityType.MATERIAL,
            object_id="4",
            course_id=9,
        )
    )
    key = f"account:https://lms.example.kz|{user.pk}"
    assert ids(selectors.statements_query(agent_key=key)) == [row.statement_id]
    course = "https://lms.example.kz/xapi/activities/course/9"
    assert selectors.statements_query(activity_iri=course) == []
    assert ids(selectors.statements_query(activity_iri=course, related_activities=True)) == [
        row.statement_id
    ]
    platform = "account:https://lms.example.kz|platform"
    assert ids(selectors.statements_query(agent_key=platform, related_agents=True)) == [
        row.statement_id
    ]
    assert selectors.activity_definition(
        activity_iri="https://lms.example.kz/xapi/activities/material/4"
    ) == {
        "objectType": "Activity",
        "id": "https://lms.example.kz/xapi/activities/material/4",
        "definition": {"type": "https://qashyq.kz/xapi/activities/material"},
    }


def test_statements_between_reads_a_window_in_stored_order(world: dict[str, UUID]) -> None:
    rows = selectors.statements_query(ascending=True)
    window = list(
        selectors.statements_between(
            since=rows[1].stored, until=rows[2].stored + dt.timedelta(microseconds=1)
        )
    )
    expected = [r.statement_id for r in rows if rows[1].stored <= r.stored <= rows[2].stored]
    assert [r.statement_id for r in window] == expected
    assert world["c"] in expected
