"""Writes of the reports app: folding the footprint into the daily rollups (FP-3, FP-4;
ADR 0025).

`rollups_update()` is the only writer of the rollup tables. It reads the statements
whose `stored` time lies after the watermark and at least `ROLLUP_MARGIN` in the past
(a statement committed by a slow transaction a few seconds after its `stored` time is
still counted), aggregates them in the database (one INSERT … SELECT … GROUP BY …
ON CONFLICT DO UPDATE per rollup, the same SQL on PostgreSQL and SQLite) and moves the
watermark, all in one transaction that holds the watermark row locked: two runs at once
wait for each other, and a run that finds nothing new changes nothing (idempotent).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, Count, F, Max, Min, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from qashyq.footprint.data import ActivityType, Verb
from qashyq.footprint.models import Statement
from qashyq.reports.models import ActorDay, CourseActorDay, CourseDay, ObjectDay, Watermark

ROLLUP_MARGIN = dt.timedelta(minutes=1)
WATERMARK = "footprint"
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
# FP-4 feedback given: grades and comments; the gradebook's copy of an assignment's grade
# (object "grade-item:<id>" of type assignment) repeats the assignment's own "graded".
FEEDBACK = Q(verb__in=(Verb.GRADED.value, Verb.COMMENTED.value)) & ~Q(
    object_type=ActivityType.ASSIGNMENT.value, object_id__startswith="grade-item:"
)


@dataclass(frozen=True)
class RollupRun:
    """What one run folded in: statements, and the stored-time window it covered."""

    statements: int
    since: dt.datetime
    until: dt.datetime


def _window(since: dt.datetime, until: dt.datetime) -> QuerySet[Statement]:
    """Statements stored in (since, until], not voided (the index on (stored, id))."""
    return Statement.objects.filter(stored__gt=since, stored__lte=until, voided=False).order_by()


def _upsert(
    table: type[Any], columns: list[str], query: QuerySet[Any], key: list[str], update: str
) -> None:
    """INSERT INTO table (columns) SELECT the query's columns ON CONFLICT (key) DO UPDATE."""
    sql, params = query.query.sql_with_params()
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    aliases = ", ".join(f"src.{qn('x_' + c)}" for c in columns)
    statement = (
        f"INSERT INTO {qn(table._meta.db_table)} ({cols}) "  # noqa: S608 - names are ours
        f"SELECT {aliases} FROM ({sql}) src WHERE 1 = 1 "
        f"ON CONFLICT ({', '.join(qn(k) for k in key)}) DO UPDATE SET {update}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _add(table: type[Any], *names: str) -> str:
    t = connection.ops.quote_name(table._meta.db_table)
    return ", ".join(f"{n} = {t}.{n} + excluded.{n}" for n in names)


def _object_days(rows: QuerySet[Statement]) -> None:
    query = (
        rows.exclude(verb="")
        .values(
            x_day=TruncDate("timestamp"),
            x_course_id=Coalesce("course_id", Value(0)),
            x_object_type=F("object_type"),
            x_object_id=F("object_id"),
            x_verb=F("verb"),
        )
        .annotate(x_count=Count("id"))
    )
    columns = ["day", "course_id", "object_type", "object_id", "verb", "count"]
    key = ["course_id", "object_type", "object_id", "verb", "day"]
    _upsert(ObjectDay, columns, query, key, _add(ObjectDay, "count"))


def _course_actor_days(rows: QuerySet[Statement]) -> None:
    query = (
        rows.filter(course_id__isnull=False, actor_id__isnull=False)
        .values(x_day=TruncDate("timestamp"), x_course_id=F("course_id"), x_actor_id=F("actor_id"))
        .annotate(
            x_statements=Count("id"),
            x_views=Count("id", filter=Q(verb=Verb.VIEWED.value)),
            x_completions=Count("id", filter=Q(verb=Verb.COMPLETED.value)),
            x_submissions=Count("id", filter=Q(verb=Verb.SUBMITTED.value)),
            x_published=Count("id", filter=Q(verb=Verb.PUBLISHED.value)),
            x_feedback=Count("id", filter=FEEDBACK),
        )
    )
    counters = ["statements", "views", "completions", "submissions", "published", "feedback"]
    _upsert(
        CourseActorDay,
        ["day", "course_id", "actor_id", *counters],
        query,
        ["course_id", "day", "actor_id"],
        _add(CourseActorDay, *counters),
    )


def _actor_days(rows: QuerySet[Statement]) -> None:
    signed_in = Q(verb=Verb.LOGGED_IN.value)
    query = (
        rows.filter(actor_id__isnull=False)
        .values(x_day=TruncDate("timestamp"), x_actor_id=F("actor_id"))
        .annotate(
            x_sign_ins=Count("id", filter=signed_in),
            x_first_sign_in=Min(Case(When(signed_in, then=F("timestamp")))),
            x_last_sign_in=Max(Case(When(signed_in, then=F("timestamp")))),
            x_statements=Count("id"),
        )
    )
    t = connection.ops.quote_name(ActorDay._meta.db_table)
    update = (
        f"{_add(ActorDay, 'sign_ins', 'statements')}, "
        f"first_sign_in = CASE WHEN {t}.first_sign_in IS NULL "
        f"OR excluded.first_sign_in < {t}.first_sign_in "
        f"THEN excluded.first_sign_in ELSE {t}.first_sign_in END, "
        f"last_sign_in = CASE WHEN {t}.last_sign_in IS NULL "
        f"OR excluded.last_sign_in > {t}.last_sign_in "
        f"THEN excluded.last_sign_in ELSE {t}.last_sign_in END"
    )
    columns = ["day", "actor_id", "sign_ins", "first_sign_in", "last_sign_in", "statements"]
    _upsert(ActorDay, columns, query, ["actor_id", "day"], update)


def _course_days(first: dt.date, last: dt.date) -> None:
    """Recompute the course totals of the days a run touched from CourseActorDay."""
    query = (
        CourseActorDay.objects.filter(day__gte=first, day__lte=last)
        .order_by()
        .values(x_day=F("day"), x_course_id=F("course_id"))
        .annotate(
            x_active=Count("id"),
            x_statements=Coalesce(Sum("statements"), 0),
            x_views=Coalesce(Sum("views"), 0),
            x_completions=Coalesce(Sum("completions"), 0),
            x_submissions=Coalesce(Sum("submissions"), 0),
        )
    )
    counters = ["active", "statements", "views", "completions", "submissions"]
    update = ", ".join(f"{c} = excluded.{c}" for c in counters)
    _upsert(CourseDay, ["day", "course_id", *counters], query, ["course_id", "day"], update)


@transaction.atomic
def rollups_update(*, until: dt.datetime | None = None) -> RollupRun:
    """Fold the statements stored after the watermark and up to `until` (default: a
    minute ago) into the daily rollups, and move the watermark to `until`.

    Idempotent: a second run over the same window finds nothing after the watermark.
    The beat task calls it every few minutes; the demo and the tests call it directly.
    """
    until = until or timezone.now() - ROLLUP_MARGIN
    Watermark.objects.get_or_create(name=WATERMARK, defaults={"stored_until": EPOCH})
    mark = Watermark.objects.select_for_update().get(name=WATERMARK)
    since = mark.stored_until
    if until <= since:
        return RollupRun(statements=0, since=since, until=since)
    rows = _window(since, until)
    span = rows.aggregate(n=Count("id"), first=Min("timestamp"), last=Max("timestamp"))
    if span["n"]:
        _object_days(rows)
        _course_actor_days(rows)
        _actor_days(rows)
        _course_days(timezone.localdate(span["first"]), timezone.localdate(span["last"]))
    mark.stored_until = until
    mark.statements += span["n"]
    mark.save(update_fields=["stored_until", "statements", "updated_at"])
    return RollupRun(statements=span["n"], since=since, until=until)


@transaction.atomic
def rollups_rebuild() -> RollupRun:
    """Empty the rollups and fold every statement in again (after a change of what the
    rollups count; the statements are the source of truth)."""
    for model in (ObjectDay, CourseActorDay, CourseDay, ActorDay):
        model.objects.all().delete()
    Watermark.objects.filter(name=WATERMARK).delete()
    return rollups_update()
