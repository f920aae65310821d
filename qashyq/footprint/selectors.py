"""Reading the footprint (the reports of FP-2…FP-4 come in a later issue)."""

from __future__ import annotations

from django.db.models import QuerySet

from qashyq.footprint.models import Event


def footprint_for_actor(*, actor_id: int, course_id: int | None = None) -> QuerySet[Event]:
    """A person's own actions, newest first (FP-3: a learner sees their footprint)."""
    events = Event.objects.filter(actor_id=actor_id)
    if course_id is not None:
        events = events.filter(course_id=course_id)
    return events
