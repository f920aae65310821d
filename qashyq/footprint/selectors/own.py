"""A person's own footprint."""

from __future__ import annotations

from django.db.models import QuerySet

from qashyq.footprint.models import Statement


def footprint_for_actor(*, actor_id: int, course_id: int | None = None) -> QuerySet[Statement]:
    """A person's own actions, newest first (FP-3: a learner sees their footprint)."""
    statements = Statement.objects.filter(actor_id=actor_id).order_by("-timestamp", "-id")
    if course_id is not None:
        statements = statements.filter(course_id=course_id)
    return statements
