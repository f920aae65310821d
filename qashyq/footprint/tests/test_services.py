from __future__ import annotations

import datetime as dt

import pytest

from qashyq.accounts.tests.factories import UserFactory
from qashyq.footprint import selectors, services
from qashyq.footprint.data import Action, ActivityType, Verb

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
    assert [(e.verb, e.object_type, e.object_id, e.object_name, e.occurred_at) for e in mine] == [
        ("viewed", "material", "17", "Лекция 1", at)
    ]
    assert selectors.footprint_for_actor(actor_id=user.pk).count() == 2
