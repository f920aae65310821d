"""The late policy at its boundaries (FP-2): per day started, the cap, the cut-off."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qashyq.assignments import late
from qashyq.assignments.tests.conftest import DUE


@pytest.mark.parametrize(
    ("after", "days", "penalty"),
    [
        (dt.timedelta(0), 0, "0.00"),  # the deadline itself is on time
        (dt.timedelta(seconds=1), 1, "10.00"),  # one second late = one day started
        (dt.timedelta(days=1), 1, "10.00"),
        (dt.timedelta(days=1, seconds=1), 2, "20.00"),
        (dt.timedelta(days=3), 3, "30.00"),
        (dt.timedelta(days=3, seconds=1), 4, "30.00"),  # capped at 30 %
        (dt.timedelta(days=40), 40, "30.00"),
    ],
)
def test_fp2_penalty_per_day_started_with_cap(after, days, penalty):
    seconds = late.late_seconds(due_at=DUE, submitted_at=DUE + after)
    assert late.late_days(seconds) == days
    assert late.penalty_percent(
        seconds=seconds, percent_per_day=Decimal(10), max_percent=Decimal(30)
    ) == Decimal(penalty)


def test_fp2_early_is_not_late():
    assert late.late_seconds(due_at=DUE, submitted_at=DUE - dt.timedelta(hours=2)) == 0


def test_fp2_final_points_rounded_half_up():
    assert late.final_points(points=Decimal("87.5"), penalty=Decimal(10)) == Decimal("78.75")
    assert late.final_points(points=Decimal("33.35"), penalty=Decimal(10)) == Decimal("30.02")


def test_fp2_cutoff_and_no_late_work():
    cutoff = DUE + dt.timedelta(days=2)
    assert not late.is_closed(now=cutoff, due_at=DUE, cutoff_at=cutoff, accept_late=True)
    assert late.is_closed(
        now=cutoff + dt.timedelta(seconds=1), due_at=DUE, cutoff_at=cutoff, accept_late=True
    )
    assert not late.is_closed(now=DUE, due_at=DUE, cutoff_at=None, accept_late=False)
    assert late.is_closed(
        now=DUE + dt.timedelta(seconds=1), due_at=DUE, cutoff_at=None, accept_late=False
    )
    assert not late.is_closed(
        now=DUE + dt.timedelta(days=300), due_at=DUE, cutoff_at=None, accept_late=True
    )
