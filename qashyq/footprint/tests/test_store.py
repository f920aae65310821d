"""statements_store / statement_get / statement_render (the LRS's statements resource)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import override_settings

from qashyq.accounts.tests.factories import UserFactory
from qashyq.footprint import selectors, services
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.errors import StatementConflict, VoidingTargetInvalid
from qashyq.footprint.models import Statement, StatementLink, Stream

pytestmark = pytest.mark.django_db

AUTHORITY = {"objectType": "Agent", "account": {"homePage": "https://mooc.kz", "name": "mooc"}}
MOOC = "client:7"


def statement(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "actor": {"objectType": "Agent", "mbox": "mailto:aigerim@example.kz", "name": "Aigerim"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en": "completed"}},
        "object": {
            "id": "https://mooc.kz/courses/physics-1",
            "definition": {
                "type": "http://adlnet.gov/expapi/activities/course",
                "name": {"en": "Physics 1"},
            },
        },
    }
    values.update(overrides)
    return values


def test_a_received_statement_is_completed_stored_chained_and_returned_exactly() -> None:
    [statement_id] = services.statements_store(
        statements=[statement()], stream_key=MOOC, authority=AUTHORITY
    )
    row = Statement.objects.get(statement_id=statement_id)
    returned = selectors.statement_get(statement_id=statement_id, voided=False)
    assert returned == {
        **statement(),
        "id": str(statement_id),
        "stored": returned["stored"] if returned else None,
        "timestamp": returned["stored"] if returned else None,
        "authority": AUTHORITY,
        "version": "1.0.0",
    }
    assert returned["stored"].endswith("Z")
    assert row.stored == dt.datetime.fromisoformat(returned["stored"])
    assert (row.stream.key, row.seq, row.actor_key, row.actor_id) == (
        MOOC,
        1,
        "mbox:mailto:aigerim@example.kz",
        None,
    )
    assert (row.verb, row.object_type, row.object_iri, row.object_name) == (
        "completed",
        "course",
        "https://mooc.kz/courses/physics-1",
        "Physics 1",
    )
    assert selectors.statement_get(statement_id=statement_id, voided=True) is None
    assert selectors.statement_get(statement_id=uuid.uuid4(), voided=False) is None


def test_ids_given_are_kept_and_the_order_given_is_the_chain_order() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    ids = services.statements_store(
        statements=[statement(id=str(second)), statement(id=str(first).upper())],
        stream_key=MOOC,
        authority=AUTHORITY,
    )
    assert ids == [second, first]
    assert list(Statement.objects.order_by("seq").values_list("statement_id", "seq")) == [
        (second, 1),
        (first, 2),
    ]
    assert Stream.objects.get(key=MOOC).seq == 2


def test_the_same_statement_again_is_skipped_and_a_different_one_is_a_conflict() -> None:
    statement_id = str(uuid.uuid4())
    sent = statement(id=statement_id, timestamp="2026-11-23T15:00:00+05:00")
    services.statements_store(statements=[sent], stream_key=MOOC, authority=AUTHORITY)
    # The same instant written otherwise, another authority: the same statement.
    again = {**sent, "timestamp": "2026-11-23T10:00:00.000Z"}
    assert services.statements_store(
        statements=[again], stream_key="client:8", authority={"mbox": "mailto:x@y.kz"}
    ) == [uuid.UUID(statement_id)]
    assert Statement.objects.count() == 1
    changed = {**sent, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}}
    with pytest.raises(StatementConflict) as caught:
        services.statements_store(
            statements=[statement(), changed], stream_key=MOOC, authority=AUTHORITY
        )
    assert caught.value.statement_id == uuid.UUID(statement_id)
    assert Statement.objects.count() == 1  # the whole batch was refused


def test_a_statement_sent_again_without_a_timestamp_is_the_same_statement() -> None:
    sent = statement(id=str(uuid.uuid4()))
    services.statements_store(statements=[sent], stream_key=MOOC, authority=AUTHORITY)
    services.statements_store(statements=[sent], stream_key=MOOC, authority=AUTHORITY)
    assert Statement.objects.count() == 1


def test_voiding_marks_the_target_and_a_voiding_statement_cannot_be_voided() -> None:
    [target] = services.statements_store(
        statements=[statement()], stream_key=MOOC, authority=AUTHORITY
    )
    voiding = statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en": "voided"}},
        object={"objectType": "StatementRef", "id": str(target)},
    )
    [voiding_id] = services.statements_store(
        statements=[voiding], stream_key=MOOC, authority=AUTHORITY
    )
    assert selectors.statement_get(statement_id=target, voided=False) is None
    assert selectors.statement_get(statement_id=target, voided=True) is not None
    assert selectors.statement_get(statement_id=voiding_id, voided=False) is not None
    assert Statement.objects.get(statement_id=voiding_id).voids == target
    reference = {"objectType": "StatementRef", "id": str(voiding_id)}
    voiding_the_voiding = {**voiding, "object": reference}
    with pytest.raises(VoidingTargetInvalid):
        services.statements_store(
            statements=[voiding_the_voiding],
            stream_key=MOOC,
            authority=AUTHORITY,
        )
    assert Statement.objects.filter(voided=True).count() == 1


def test_a_statement_voided_before_it_arrives_is_stored_voided() -> None:
    later = uuid.uuid4()
    services.statements_store(
        statements=[
            statement(
                verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
                object={"objectType": "StatementRef", "id": str(later)},
            )
        ],
        stream_key=MOOC,
        authority=AUTHORITY,
    )
    services.statements_store(
        statements=[statement(id=str(later))], stream_key=MOOC, authority=AUTHORITY
    )
    assert Statement.objects.get(statement_id=later).voided is True


def test_related_agents_and_activities_are_indexed() -> None:
    sent = statement(
        context={
            "instructor": {"mbox": "mailto:teacher@example.kz"},
            "contextActivities": {"parent": [{"id": "https://mooc.kz/programs/6B05"}]},
        }
    )
    services.statements_store(statements=[sent], stream_key=MOOC, authority=AUTHORITY)
    assert sorted(StatementLink.objects.values_list("kind", "key")) == [
        ("activity", "https://mooc.kz/programs/6B05"),
        ("agent", "account:https://mooc.kz|mooc"),
        ("agent", "mbox:mailto:teacher@example.kz"),
    ]


@override_settings(SITE_URL="https://lms.example.kz")
def test_an_own_statement_renders_to_its_exact_xapi_form() -> None:
    user = UserFactory.create()
    at = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)
    row = services.footprint_record(
        action=Action(
            actor_id=user.pk,
            verb=Verb.VIEWED,
            object_type=ActivityType.MATERIAL,
            object_id="17",
            object_name="Лекция 1",
            course_id=5,
            occurred_at=at,
            result={"seconds": 30},
            context={"attempt": 2},
        )
    )
    row = Statement.objects.get(pk=row.pk)
    assert selectors.statement_render(row=row) == {
        "id": str(row.statement_id),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": "https://lms.example.kz", "name": str(user.pk)},
        },
        "verb": {
            "id": "http://id.tincanapi.com/verb/viewed",
            "display": {"kk": "қарады", "ru": "просмотрел", "en": "viewed"},
        },
        "object": {
            "objectType": "Activity",
            "id": "https://lms.example.kz/xapi/activities/material/17",
            "definition": {
                "type": "https://qashyq.kz/xapi/activities/material",
                "name": {"und": "Лекция 1"},
            },
        },
        "result": {"extensions": {"https://qashyq.kz/xapi/extensions/result": {"seconds": 30}}},
        "context": {
            "platform": "Qashyq",
            "contextActivities": {
                "parent": [
                    {
                        "objectType": "Activity",
                        "id": "https://lms.example.kz/xapi/activities/course/5",
                        "definition": {"type": "http://adlnet.gov/expapi/activities/course"},
                    }
                ]
            },
            "extensions": {"https://qashyq.kz/xapi/extensions/context": {"attempt": 2}},
        },
        "timestamp": "2026-09-01T09:00:00.000Z",
        "stored": row.stored.astimezone(dt.UTC).isoformat(timespec="milliseconds")[:-6] + "Z",
        "authority": {
            "objectType": "Agent",
            "account": {"homePage": "https://lms.example.kz", "name": "platform"},
        },
        "version": "1.0.0",
    }
    assert (row.stream.key, row.actor_key) == (
        f"user:{user.pk}",
        f"account:https://lms.example.kz|{user.pk}",
    )
