"""The late policy as a pure function (FP-2 timely completion of tasks): no database.

A work handed in after the deadline loses `percent_per_day` percent of its points for
every day *started* after the deadline (one second late = one day), at most `max_percent`.
After the cut-off (or, when late work is not accepted, after the deadline) nothing may
be handed in at all.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

DAY = 86_400
CENT = Decimal("0.01")


def late_seconds(*, due_at: dt.datetime, submitted_at: dt.datetime) -> int:
    """How late, in whole seconds (0 when on time; the deadline itself is on time)."""
    return max(0, math.ceil((submitted_at - due_at).total_seconds()))


def late_days(seconds: int) -> int:
    """Days started after the deadline: 1 s → 1, 24 h → 1, 24 h 1 s → 2."""
    return math.ceil(seconds / DAY) if seconds > 0 else 0


def penalty_percent(*, seconds: int, percent_per_day: Decimal, max_percent: Decimal) -> Decimal:
    """The penalty in percent for a work `seconds` late, capped at `max_percent` (≤ 100)."""
    raw = Decimal(late_days(seconds)) * percent_per_day
    return min(raw, max_percent, Decimal(100)).quantize(CENT)


def final_points(*, points: Decimal, penalty: Decimal) -> Decimal:
    """Points after the penalty, rounded half up to hundredths."""
    return (points * (Decimal(100) - penalty) / Decimal(100)).quantize(CENT, ROUND_HALF_UP)


def closes_at(
    *, due_at: dt.datetime, cutoff_at: dt.datetime | None, accept_late: bool
) -> dt.datetime | None:
    """The last moment a work may be handed in (None: late work accepted for ever)."""
    if not accept_late:
        return due_at
    return cutoff_at


def is_closed(
    *, now: dt.datetime, due_at: dt.datetime, cutoff_at: dt.datetime | None, accept_late: bool
) -> bool:
    end = closes_at(due_at=due_at, cutoff_at=cutoff_at, accept_late=accept_late)
    return end is not None and now > end
