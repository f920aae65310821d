"""Recording the footprint: one call per action, from every app's services (FP-1)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from qashyq.footprint.data import Action
from qashyq.footprint.models import Event


def footprint_record(*, action: Action) -> Event:
    """Store one action. Call it from the service that performed the action, inside its
    transaction, so that a rolled-back action leaves no trace.

    Called outside any transaction (a page view, a download: an observation, not a change
    of state), on PostgreSQL the event commits asynchronously: the page does not wait for
    the WAL flush (~5 ms of a course page under load). A crash of the database server may
    lose the last fraction of a second of such events, never a consistent state; events
    recorded inside a service's transaction keep its durability (ADR 0021).
    """
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            return Event.objects.create(**_row(action))
    return Event.objects.create(**_row(action))


def footprint_record_many(*, actions: Iterable[Action]) -> int:
    """Store many actions at once (attendance of a whole group, imports)."""
    rows = [Event(**_row(a)) for a in actions]
    Event.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _row(action: Action) -> dict[str, object]:
    return {
        "actor_id": action.actor_id,
        "verb": action.verb.value,
        "object_type": action.object_type.value,
        "object_id": action.object_id,
        "object_name": action.object_name[:300],
        "course_id": action.course_id,
        "occurred_at": action.occurred_at or timezone.now(),
        "result": action.result,
        "context": action.context,
    }
