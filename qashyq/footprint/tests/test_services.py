from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from qashyq.accounts.tests.factories import UserFactory
from qashyq.footprint import selectors, services
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.models import Event

pytestmark = pytest.mark.django_db


def test_record_and_read_back_own_actions() -> None:
    user, other = UserFactory.create(), UserFactory.create()
    at = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)
    services.footprint_record(
        action=Action(
            actor_id=user.pk,
            verb=Verb.VIEWED,
            object_type=ActivityType.MATERIAL,
            object_id="17",
            object_name="Лекция 1",
            course_id=5,
            occurred_at=at,
        )
    )
    services.footprint_record_many(
        actions=[
            Action(
                actor_id=other.pk, verb=Verb.JOINED, object_type=ActivityType.SESSION, object_id="3"
            ),
            Action(
                actor_id=user.pk,
                verb=Verb.COMPLETED,
                object_type=ActivityType.MATERIAL,
                object_id="17",
                course_id=6,
            ),
        ]
    )
    mine = list(selectors.footprint_for_actor(actor_id=user.pk, course_id=5))
    assert [(e.verb, e.object_type, e.object_id, e.object_name, e.timestamp) for e in mine] == [
        ("viewed", "material", "17", "Лекция 1", at)
    ]
    assert selectors.footprint_for_actor(actor_id=user.pk).count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_observation_outside_a_transaction_commits_without_waiting_for_the_flush() -> None:
    """ADR 0021 amendment: on PostgreSQL a page view's statement commits asynchronously, in
    one statement (one round trip) that is its own transaction, and the connection's
    setting is left as it was."""

    user = UserFactory.create()
    action = Action(
        actor_id=user.pk, verb=Verb.VIEWED, object_type=ActivityType.COURSE, object_id="9"
    )
    with CaptureQueriesContext(connection) as queries:
        services.footprint_record(action=action)
    assert Event.objects.filter(actor_id=user.pk, object_id="9").count() == 1
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    if connection.vendor == "postgresql":
        assert len(queries.captured_queries) == 1
        assert "set_config('synchronous_commit', 'off', true)" in sql
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
    else:
        assert "synchronous_commit" not in sql


@pytest.mark.django_db(transaction=True)
def test_an_action_inside_a_transaction_keeps_its_durability_and_its_rollback() -> None:

    user = UserFactory.create()
    action = Action(
        actor_id=user.pk, verb=Verb.SUBMITTED, object_type=ActivityType.COURSE, object_id="1"
    )
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        services.footprint_record(action=action)
    assert "synchronous_commit" not in " ".join(q["sql"] for q in queries.captured_queries)

    def fails_after_recording() -> None:
        with transaction.atomic():
            services.footprint_record(action=action)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fails_after_recording()
    assert Event.objects.filter(actor_id=user.pk).count() == 1
