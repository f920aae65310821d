"""The daily rollups of the footprint (ADR 0025): hand-counted statements folded in by
day (Asia/Almaty), incrementally, idempotently, behind a one-minute margin."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qashyq.footprint.data import ActivityType, Verb
from qashyq.reports import services
from qashyq.reports.models import ActorDay, CourseActorDay, CourseDay, ObjectDay, Watermark
from qashyq.reports.tests.conftest import Uni, at, fold, record

D = dt.date


def _first_batch(uni: Uni) -> None:
    a, b, s, t = uni.aigerim.user, uni.bolat.user, uni.serik.user, uni.timur.user
    platform = ActivityType.PLATFORM
    material = ActivityType.MATERIAL
    record(a, Verb.LOGGED_IN, platform, "qashyq", when=at(2, 9, 0))
    record(a, Verb.LOGGED_IN, platform, "qashyq", when=at(2, 18, 30))
    record(a, Verb.VIEWED, material, 11, course=uni.alg, when=at(2, 9, 5))
    record(a, Verb.VIEWED, material, 11, course=uni.alg, when=at(2, 9, 40))
    record(a, Verb.COMPLETED, material, 11, course=uni.alg, when=at(2, 9, 41))
    # 23:30 and 00:10 in Almaty: two local days, one UTC day (18:30 and 19:10 UTC).
    record(b, Verb.LOGGED_IN, platform, "qashyq", when=at(2, 23, 30))
    record(b, Verb.LOGGED_IN, platform, "qashyq", when=at(3, 0, 10))
    record(s, Verb.PUBLISHED, material, 11, course=uni.alg, when=at(1, 15, 0))
    record(s, Verb.GRADED, ActivityType.ASSIGNMENT, 7, course=uni.alg, when=at(3, 11, 0))
    # The gradebook's copy of that grade: a statement, not a second piece of feedback.
    record(s, Verb.GRADED, ActivityType.ASSIGNMENT, "grade-item:3", course=uni.alg, when=at(3, 11))
    record(t, Verb.VIEWED, ActivityType.COURSE, uni.psy.pk, course=uni.psy, when=at(2, 12, 0))
    record(None, Verb.PUBLISHED, ActivityType.SESSION, 5, course=uni.psy, when=at(2, 8, 0))


def _object_days() -> set[tuple[object, ...]]:
    return set(
        ObjectDay.objects.values_list(
            "day", "course_id", "object_type", "object_id", "verb", "count"
        )
    )


def test_statements_are_folded_by_local_day(uni: Uni) -> None:
    _first_batch(uni)
    assert fold() == 12
    alg, psy = uni.alg.pk, uni.psy.pk
    assert _object_days() == {
        (D(2026, 3, 2), alg, "material", "11", "viewed", 2),
        (D(2026, 3, 2), alg, "material", "11", "completed", 1),
        (D(2026, 3, 2), 0, "platform", "qashyq", "logged-in", 3),
        (D(2026, 3, 3), 0, "platform", "qashyq", "logged-in", 1),
        (D(2026, 3, 1), alg, "material", "11", "published", 1),
        (D(2026, 3, 3), alg, "assignment", "7", "graded", 1),
        (D(2026, 3, 3), alg, "assignment", "grade-item:3", "graded", 1),
        (D(2026, 3, 2), psy, "course", str(psy), "viewed", 1),
        (D(2026, 3, 2), psy, "session", "5", "published", 1),
    }
    a, b = uni.aigerim.user_id, uni.bolat.user_id
    s, t = uni.serik.user_id, uni.timur.user_id
    assert set(
        ActorDay.objects.values_list(
            "day", "actor_id", "sign_ins", "first_sign_in", "last_sign_in", "statements"
        )
    ) == {
        (D(2026, 3, 2), a, 2, at(2, 9, 0), at(2, 18, 30), 5),
        (D(2026, 3, 2), b, 1, at(2, 23, 30), at(2, 23, 30), 1),
        (D(2026, 3, 3), b, 1, at(3, 0, 10), at(3, 0, 10), 1),
        (D(2026, 3, 1), s, 0, None, None, 1),
        (D(2026, 3, 3), s, 0, None, None, 2),
        (D(2026, 3, 2), t, 0, None, None, 1),
    }
    assert set(
        CourseActorDay.objects.values_list(
            "day",
            "course_id",
            "actor_id",
            "statements",
            "views",
            "completions",
            "submissions",
            "published",
            "feedback",
        )
    ) == {
        (D(2026, 3, 2), alg, a, 3, 2, 1, 0, 0, 0),
        (D(2026, 3, 1), alg, s, 1, 0, 0, 0, 1, 0),
        (D(2026, 3, 3), alg, s, 2, 0, 0, 0, 0, 1),
        (D(2026, 3, 2), psy, t, 1, 1, 0, 0, 0, 0),
    }
    assert set(
        CourseDay.objects.values_list(
            "day", "course_id", "active", "statements", "views", "completions", "submissions"
        )
    ) == {
        (D(2026, 3, 1), alg, 1, 1, 0, 0, 0),
        (D(2026, 3, 2), alg, 1, 3, 2, 1, 0),
        (D(2026, 3, 3), alg, 1, 2, 0, 0, 0),
        (D(2026, 3, 2), psy, 1, 1, 1, 0, 0),
    }


def test_a_second_batch_adds_to_the_same_days_and_a_repeat_changes_nothing(uni: Uni) -> None:
    _first_batch(uni)
    fold()
    a, d = uni.aigerim.user, uni.dana.user
    record(d, Verb.VIEWED, ActivityType.MATERIAL, 11, course=uni.alg, when=at(2, 14, 0))
    record(a, Verb.VIEWED, ActivityType.MATERIAL, 11, course=uni.alg, when=at(2, 20, 0))
    record(a, Verb.LOGGED_IN, ActivityType.PLATFORM, "qashyq", when=at(2, 7, 15))
    assert fold() == 3
    viewed = ObjectDay.objects.get(course_id=uni.alg.pk, verb="viewed", day=D(2026, 3, 2))
    assert viewed.count == 4
    day = CourseDay.objects.get(course_id=uni.alg.pk, day=D(2026, 3, 2))
    assert (day.active, day.statements, day.views) == (2, 5, 4)
    aigerim = ActorDay.objects.get(actor_id=a.pk, day=D(2026, 3, 2))
    assert (aigerim.sign_ins, aigerim.first_sign_in, aigerim.last_sign_in) == (
        3,
        at(2, 7, 15),
        at(2, 18, 30),
    )
    assert aigerim.statements == 7
    before = (
        _object_days(),
        set(ActorDay.objects.values_list()),
        set(CourseDay.objects.values_list()),
    )
    assert fold() == 0
    after = (
        _object_days(),
        set(ActorDay.objects.values_list()),
        set(CourseDay.objects.values_list()),
    )
    assert before == after
    assert Watermark.objects.get(name="footprint").statements == 15


def test_statements_younger_than_the_margin_wait_for_the_next_run(uni: Uni) -> None:
    record(uni.aigerim.user, Verb.LOGGED_IN, ActivityType.PLATFORM, "qashyq", when=at(2))
    run = services.rollups_update()  # until a minute ago: the statement is too fresh
    assert run.statements == 0
    assert not ActorDay.objects.exists()
    run = services.rollups_update(until=timezone.now())
    assert run.statements == 1
    assert ActorDay.objects.get().sign_ins == 1


def test_rebuild_counts_everything_again(uni: Uni) -> None:
    _first_batch(uni)
    fold()
    ObjectDay.objects.update(count=99)  # a rollup gone wrong
    services.rollups_rebuild()
    services.rollups_update(until=timezone.now())
    assert ObjectDay.objects.get(verb="completed").count == 1
    assert sum(ObjectDay.objects.values_list("count", flat=True)) == 12


def test_the_beat_task_folds_in(uni: Uni) -> None:
    from qashyq.reports.tasks import rollups_update_task

    record(uni.aigerim.user, Verb.LOGGED_IN, ActivityType.PLATFORM, "q", when=at(2))
    Watermark.objects.create(name="footprint", stored_until=timezone.now() - dt.timedelta(hours=1))
    # The statement is stored now: the task (a minute behind) leaves it for later.
    assert rollups_update_task() == 0
