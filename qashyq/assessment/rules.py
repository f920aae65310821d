"""Pure rules of tests: the deadline of an attempt, the attempts a student has, the
test's grade from its attempts, what a student may review. No database access."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from qashyq.assessment.models import REVIEW_ORDER, GradingMethod, Review

CENTS = Decimal("0.01")


@dataclass(frozen=True)
class ExtraTime:
    """LMS-6: the accommodation's percentage (every test) and this test's override in
    minutes (None = none); the override wins for its test."""

    percent: int = 0
    override_minutes: int | None = None

    def minutes(self, time_limit_minutes: int | None) -> Decimal:
        if self.override_minutes is not None:
            return Decimal(self.override_minutes)
        if time_limit_minutes is None:
            return Decimal(0)
        return Decimal(time_limit_minutes) * Decimal(self.percent) / 100


def attempt_deadline(
    *,
    started_at: dt.datetime,
    time_limit_minutes: int | None,
    closes_at: dt.datetime | None,
    extra: ExtraTime,
) -> dt.datetime | None:
    """The server's deadline: min(start + limit + extra, window close + extra); None when
    the test has neither a limit nor a close (LMS-6: extra time moves both)."""
    extra_delta = dt.timedelta(minutes=float(extra.minutes(time_limit_minutes)))
    candidates: list[dt.datetime] = []
    if time_limit_minutes is not None:
        candidates.append(started_at + dt.timedelta(minutes=time_limit_minutes) + extra_delta)
    if closes_at is not None:
        candidates.append(closes_at + extra_delta)
    return min(candidates) if candidates else None


def remaining_seconds(deadline_at: dt.datetime | None, now: dt.datetime) -> int | None:
    if deadline_at is None:
        return None
    return max(0, int((deadline_at - now).total_seconds()))


def is_overdue(deadline_at: dt.datetime | None, grace_seconds: int, now: dt.datetime) -> bool:
    """Past the deadline and the network grace: the attempt is finalized, nothing saved."""
    return deadline_at is not None and now > deadline_at + dt.timedelta(seconds=grace_seconds)


def window_open(
    *, opens_at: dt.datetime | None, closes_at: dt.datetime | None, now: dt.datetime
) -> bool:
    return (opens_at is None or opens_at <= now) and (closes_at is None or now < closes_at)


def attempts_left(*, allowed: int, extra: int, used: int) -> int | None:
    """None = unlimited (allowed 0)."""
    if allowed == 0:
        return None
    return max(0, allowed + extra - used)


def scaled(points: Decimal, raw_max: Decimal, max_points: Decimal) -> Decimal:
    """Raw points scaled to the test's maximum (e.g. 100), to cents."""
    if raw_max <= 0:
        return Decimal(0).quantize(CENTS)
    return (points * max_points / raw_max).quantize(CENTS, rounding=ROUND_HALF_UP)


def test_grade(method: str, scores: Sequence[Decimal | None]) -> Decimal | None:
    """The test's grade from the scores of the finished attempts, in attempt order
    (None = waiting for manual grading). First/last take that attempt (None while it
    waits); best and average use the graded ones."""
    if not scores:
        return None
    if method == GradingMethod.FIRST:
        return scores[0]
    if method == GradingMethod.LAST:
        return scores[-1]
    graded = [s for s in scores if s is not None]
    if not graded:
        return None
    if method == GradingMethod.AVERAGE:
        return (sum(graded, Decimal(0)) / len(graded)).quantize(CENTS, rounding=ROUND_HALF_UP)
    return max(graded)


def review_level(*, after_submit: str, after_close: str, closed: bool) -> Review:
    """What a student sees of a finished attempt: after the window closes the wider of
    the two policies."""
    level = Review(after_submit)
    if closed and REVIEW_ORDER.index(Review(after_close)) > REVIEW_ORDER.index(level):
        level = Review(after_close)
    return level
