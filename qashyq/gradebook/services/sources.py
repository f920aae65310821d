"""Contract 2: grades of tests and assignments flow into the gradebook.

Called by `qashyq.assessment` and `qashyq.assignments` inside their own transactions.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from qashyq.courses.models import Course
from qashyq.footprint.services import footprint_record
from qashyq.gradebook.errors import GradeInvalid
from qashyq.gradebook.models import Control, GradeEntry, GradeItem, ItemSource
from qashyq.gradebook.services._entries import (
    bump,
    change_row,
    course_locked,
    graded_action,
    half_for,
    item_next_position,
)

SOURCES = frozenset({ItemSource.TEST.value, ItemSource.ASSIGNMENT.value})


def _check(source: str, control: str, max_points: Decimal) -> None:
    if source not in SOURCES:
        raise GradeInvalid("unknown grade source", source=source)
    if control not in Control.values:
        raise GradeInvalid("unknown control", control=control)
    if max_points <= 0:
        raise GradeInvalid("max_points must be positive", max_points=str(max_points))


def _item_upsert(
    *, course_id: int, source: str, source_id: int, title: str, control: str, max_points: Decimal
) -> GradeItem:
    _check(source, control, max_points)
    title = title[:200]
    item = GradeItem.objects.select_for_update().filter(source=source, source_id=source_id).first()
    if item is None:
        course = Course.objects.select_related("period").get(pk=course_id)
        half = half_for(
            control,
            on=timezone.localdate(),
            period_start=course.period.starts_on,
            period_end=course.period.ends_on,
        )
        bump(course_id)
        try:
            with transaction.atomic():
                return GradeItem.objects.create(
                    course_id=course_id,
                    title=title,
                    control=control,
                    half=half,
                    max_points=max_points,
                    position=item_next_position(course_id),
                    source=source,
                    source_id=source_id,
                )
        except IntegrityError:  # created by a concurrent call: use theirs
            item = GradeItem.objects.select_for_update().get(source=source, source_id=source_id)
    changed = []
    if item.title != title:
        item.title = title
        changed.append("title")
    if item.control != control:
        item.control = control
        if control == Control.MIDTERM2:
            item.half = 2
        elif control == Control.MIDTERM1:
            item.half = 1
        changed += ["control", "half"]
    if item.max_points != max_points:
        item.max_points = max_points
        changed.append("max_points")
    if changed:
        item.save(update_fields=[*changed, "updated_at"])
        bump(item.course_id)
    return item


@transaction.atomic
def grade_source_item_sync(
    *, course_id: int, source: str, source_id: int, title: str, control: str, max_points: Decimal
) -> None:
    """Create/update the grade item when a test or assignment is created/edited, before
    anyone has a grade (so the gradebook shows the column)."""
    _item_upsert(
        course_id=course_id,
        source=source,
        source_id=source_id,
        title=title,
        control=control,
        max_points=max_points,
    )


@transaction.atomic
def grade_source_item_remove(*, source: str, source_id: int) -> None:
    """The test or assignment is gone. Its column goes too when nobody has a grade in it;
    otherwise it stays as a hand-entered column, so no grade is lost."""
    item = GradeItem.objects.select_for_update().filter(source=source, source_id=source_id).first()
    if item is None:
        return
    has_grades = GradeEntry.objects.filter(item=item).exclude(points=None, mark="").exists()
    bump(item.course_id)
    if not has_grades:
        item.delete()
        return
    item.source, item.source_id = ItemSource.MANUAL, None
    item.save(update_fields=["source", "source_id", "updated_at"])


@transaction.atomic
def grade_source_record(
    *,
    course_id: int,
    student_id: int,
    source: str,
    source_id: int,
    title: str,
    control: str,
    points: Decimal,
    max_points: Decimal,
    by_user_id: int | None,
    reason: str = "",
) -> None:
    """source is "test" or "assignment"; source_id the Test/Assignment pk. Creates or
    updates the course's grade item for (source, source_id) — title, control, max — and
    the student's entry, with a history row. Idempotent: the same value twice writes no
    second history row. A grade a teacher entered by hand for that item is kept (the
    source value is recorded in history) — the teacher's word wins. Once the statement
    is confirmed the finals are locked: the value is only recorded in history."""
    item = _item_upsert(
        course_id=course_id,
        source=source,
        source_id=source_id,
        title=title,
        control=control,
        max_points=max_points,
    )
    points = Decimal(points).quantize(Decimal("0.01"))
    if points < 0:
        raise GradeInvalid("points must not be negative", points=str(points))
    now = timezone.now()
    entry = GradeEntry.objects.select_for_update().filter(item=item, student_id=student_id).first()
    locked = course_locked(course_id)
    bump(course_id)
    if entry is None:
        entry = GradeEntry.objects.create(
            item=item,
            course_id=course_id,
            student_id=student_id,
            points=None if locked else points,
            source_points=points,
            updated_by_id=by_user_id,
            updated_at=now,
        )
        change_row(
            entry,
            from_points=None,
            from_mark="",
            source=source,
            by=by_user_id,
            at=now,
            reason=reason,
            applied=not locked,
            to_points=points,
        ).save()
        if not locked:
            footprint_record(action=graded_action(entry, item=item, by=by_user_id, at=now))
        return
    kept = entry.by_hand or locked
    if entry.source_points == points and (kept or entry.points == points):
        return  # the same value again: nothing to record
    previous, previous_mark = entry.points, entry.mark
    entry.source_points = points
    if not kept:
        entry.points, entry.mark = points, ""
        entry.updated_by_id, entry.updated_at = by_user_id, now
    entry.save(update_fields=["points", "mark", "source_points", "updated_by", "updated_at"])
    change_row(
        entry,
        from_points=previous,
        from_mark=previous_mark,
        source=source,
        by=by_user_id,
        at=now,
        reason=reason,
        applied=not kept,
        to_points=points,
        to_mark="" if not kept else previous_mark,
    ).save()
    if not kept:
        footprint_record(action=graded_action(entry, item=item, by=by_user_id, at=now))
