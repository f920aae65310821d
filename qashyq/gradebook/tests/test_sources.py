"""Contract 2: grades of tests and assignments flow into the gradebook."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qashyq.footprint.models import Event
from qashyq.gradebook.errors import GradeInvalid
from qashyq.gradebook.models import Control, GradeChange, GradeEntry, GradeItem, ItemSource
from qashyq.gradebook.services import (
    grade_source_item_remove,
    grade_source_item_sync,
    grade_source_record,
)
from qashyq.gradebook.tests.conftest import World

D = Decimal


def record(world: World, points: str, **over: object) -> None:
    values: dict[str, object] = {
        "course_id": world.course.pk,
        "student_id": world.aigerim.pk,
        "source": "test",
        "source_id": 7,
        "title": "Тест 1",
        "control": Control.CURRENT,
        "points": D(points),
        "max_points": D("20"),
        "by_user_id": None,
    }
    values.update(over)
    grade_source_record(**values)  # type: ignore[arg-type]


def test_item_sync_creates_then_updates_the_column(world: World) -> None:
    grade_source_item_sync(
        course_id=world.course.pk,
        source="assignment",
        source_id=3,
        title="Эссе",
        control="midterm1",
        max_points=D("30"),
    )
    grade_source_item_sync(
        course_id=world.course.pk,
        source="assignment",
        source_id=3,
        title="Эссе (жаңа)",
        control="midterm2",
        max_points=D("40"),
    )
    item = GradeItem.objects.get(source="assignment", source_id=3)
    assert (item.title, item.control, item.half, item.max_points) == (
        "Эссе (жаңа)",
        "midterm2",
        2,
        D("40.00"),
    )
    assert GradeItem.objects.count() == 1


def test_record_creates_item_entry_history_and_footprint(world: World) -> None:
    record(world, "15")
    entry = GradeEntry.objects.get()
    assert (entry.points, entry.source_points, entry.by_hand) == (D("15.00"), D("15.00"), False)
    assert entry.item.source == ItemSource.TEST
    change = GradeChange.objects.get()
    assert (change.from_points, change.to_points, change.applied) == (None, D("15.00"), True)
    event = Event.objects.get(verb="graded")
    assert event.context["student_id"] == world.aigerim.pk


def test_record_is_idempotent(world: World) -> None:
    record(world, "15")
    record(world, "15")
    assert GradeChange.objects.count() == 1
    record(world, "18")
    assert GradeEntry.objects.get().points == D("18.00")
    assert list(GradeChange.objects.values_list("from_points", "to_points")) == [
        (None, D("15.00")),
        (D("15.00"), D("18.00")),
    ]


def test_a_hand_grade_wins_over_the_source(world: World) -> None:
    record(world, "15")
    entry = GradeEntry.objects.get()
    entry.points, entry.by_hand = D("19"), True
    entry.save()
    record(world, "12")
    entry.refresh_from_db()
    assert (entry.points, entry.source_points) == (D("19.00"), D("12.00"))
    last = GradeChange.objects.order_by("id").last()
    assert last is not None
    assert (last.to_points, last.applied) == (D("12.00"), False)
    record(world, "12")
    assert GradeChange.objects.count() == 2


def test_remove_deletes_an_empty_column_and_keeps_a_graded_one(world: World) -> None:
    grade_source_item_sync(
        course_id=world.course.pk,
        source="test",
        source_id=1,
        title="Empty",
        control="current",
        max_points=D("10"),
    )
    grade_source_item_remove(source="test", source_id=1)
    assert not GradeItem.objects.filter(title="Empty").exists()
    record(world, "15")
    grade_source_item_remove(source="test", source_id=7)
    item = GradeItem.objects.get()
    assert (item.source, item.source_id) == (ItemSource.MANUAL, None)
    assert GradeEntry.objects.get().points == D("15.00")
    grade_source_item_remove(source="test", source_id=99)  # unknown: harmless


def test_bad_source_or_control_is_refused(world: World) -> None:
    with pytest.raises(GradeInvalid):
        record(world, "1", source="quiz")
    with pytest.raises(GradeInvalid):
        record(world, "1", control="final")
    with pytest.raises(GradeInvalid):
        record(world, "-1")
