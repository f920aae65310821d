"""Writing one entry with its history row and its footprint (shared by the services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from qashyq.core.cache import generation_bump
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.gradebook.models import (
    Control,
    GradeChange,
    GradeEntry,
    GradeItem,
    ItemSource,
    Statement,
)


def bump(course_id: int) -> None:
    """Cached journals of the course are stale (ADR 0014: generations)."""
    name = f"gradebook-course-{course_id}"
    generation_bump(name)
    transaction.on_commit(lambda: generation_bump(name))


def item_next_position(course_id: int) -> int:
    top = GradeItem.objects.filter(course_id=course_id).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def course_locked(course_id: int) -> bool:
    return Statement.objects.filter(course_id=course_id).exists()


def change_row(
    entry: GradeEntry,
    *,
    from_points: Decimal | None,
    from_mark: str,
    source: str,
    by: int | None,
    at: dt.datetime,
    reason: str,
    applied: bool = True,
    to_points: Decimal | None = None,
    to_mark: str | None = None,
) -> GradeChange:
    return GradeChange(
        entry=entry,
        from_points=from_points,
        to_points=entry.points if to_points is None and applied else to_points,
        from_mark=from_mark,
        to_mark=entry.mark if to_mark is None else to_mark,
        source=source,
        applied=applied,
        changed_by_id=by,
        changed_at=at,
        reason=reason[:300],
    )


def graded_action(entry: GradeEntry, *, item: GradeItem, by: int | None, at: dt.datetime) -> Action:
    """The footprint of a grade change (FP-1, ADR 0021): who graded, whose grade."""
    kind = (
        ActivityType.ASSIGNMENT if item.source == ItemSource.ASSIGNMENT else ActivityType.ASSESSMENT
    )
    return Action(
        actor_id=by,
        verb=Verb.GRADED,
        object_type=kind,
        object_id=f"grade-item:{item.pk}",
        object_name=item.title,
        course_id=item.course_id,
        occurred_at=at,
        result={
            "points": None if entry.points is None else str(entry.points),
            "max_points": str(item.max_points),
            "mark": entry.mark,
            "control": item.control,
        },
        context={"student_id": entry.student_id, "entry_id": entry.pk},
    )


def half_for(control: str, *, on: dt.date, period_start: dt.date, period_end: dt.date) -> int:
    """The half an item counts in: R1/R2 by their control; current control by the date
    against the middle of the academic period."""
    if control == Control.MIDTERM2:
        return 2
    if control in (Control.MIDTERM1, Control.EXAM):
        return 1
    middle = period_start + (period_end - period_start) / 2
    return 1 if on <= middle else 2
