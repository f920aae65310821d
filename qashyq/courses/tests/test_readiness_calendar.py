"""ONL-5 deadlines and the working-day calendar (CAL-2, CAL-4, CAL-5) with exact dates."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from qashyq.courses.selectors.readiness import (
    add_working_days,
    kz_calendar,
    working_days_before,
)
from qashyq.institutions.models import WeekRegime

D = dt.date


def deadline(starts_on: dt.date, regime: int = WeekRegime.FIVE_DAY) -> dt.date:
    calendar = kz_calendar(years=(starts_on.year - 1, starts_on.year), week_regime=regime)
    return working_days_before(starts_on, 5, calendar=calendar)


@pytest.mark.parametrize(
    ("_case", "starts_on", "expected"),
    [
        # Nauryz 2026: 21–23 March (Sat–Mon), the weekend days carried to 24–25 March.
        ("ONL-5: a period starting right after Nauryz", D(2026, 3, 26), D(2026, 3, 16)),
        # Independence Day is 16 December only since 2022: 17 December is a working day.
        ("ONL-5: across 16 December, 17 December works", D(2025, 12, 22), D(2025, 12, 12)),
        # 1–2 January holidays, 7 January Orthodox Christmas (a day off, not carried).
        ("ONL-5: across New Year and Christmas", D(2026, 1, 12), D(2025, 12, 31)),
        # Sunday 5 January 2025 was a working day (Friday 3 January off in exchange).
        ("ONL-5: a transferred weekend working day counts", D(2025, 1, 13), D(2025, 1, 5)),
        # 1 September 2025 is itself a day off (Constitution Day carried from Saturday).
        ("ONL-5: the first day is a day off", D(2025, 9, 1), D(2025, 8, 25)),
        # No holiday in the window: five weekdays back, the weekend skipped.
        ("ONL-5: an ordinary week", D(2026, 2, 2), D(2026, 1, 26)),
        # From 2027 Constitution Day is 15 March (Monday).
        ("ONL-5: 2027 Constitution Day", D(2027, 3, 19), D(2027, 3, 11)),
        # Nauryz 2027: 21 (Sunday)–23 March, the Sunday carried to Wednesday 24 March.
        ("ONL-5: Nauryz 2027", D(2027, 3, 29), D(2027, 3, 17)),
    ],
)
def test_deadline_five_working_days_before(
    _case: str, starts_on: dt.date, expected: dt.date
) -> None:
    assert deadline(starts_on) == expected


def test_six_day_week_carries_only_sunday_holidays() -> None:
    """CAL-4: in a six-day week Saturday is a working day; Nauryz 2026 on Saturday is a day
    off but is not carried, Sunday's is carried to Tuesday 24 March (23rd is a holiday)."""
    calendar = kz_calendar(years=(2026,), week_regime=WeekRegime.SIX_DAY)

    off = sorted(d for d in calendar.days_off if D(2026, 3, 20) <= d <= D(2026, 3, 28))

    assert off == [D(2026, 3, 21), D(2026, 3, 22), D(2026, 3, 23), D(2026, 3, 24)]
    assert calendar.is_working_day(D(2026, 3, 28))  # a Saturday
    assert deadline(D(2026, 3, 26), WeekRegime.SIX_DAY) == D(2026, 3, 17)


def test_five_day_calendar_matches_the_holidays_package() -> None:
    """CAL-2: our carry rule gives the same days off as the package's observed calendar."""
    calendar = kz_calendar(years=(2025, 2026, 2027))
    package = holidays.country_holidays("KZ", years=[2025, 2026, 2027])

    ours = {d for d in calendar.days_off if 2025 <= d.year <= 2027}

    assert ours == set(package)
    assert calendar.weekend_working_days >= {D(2025, 1, 5)}


def test_the_target_day_itself_does_not_count() -> None:
    """CAL-5: one working day before Monday 10 November 2025 is Friday 7 November."""
    calendar = kz_calendar(years=(2025,))

    assert working_days_before(D(2025, 11, 10), 1, calendar=calendar) == D(2025, 11, 7)
    assert working_days_before(D(2025, 11, 7), 0, calendar=calendar) == D(2025, 11, 7)
    assert add_working_days(D(2025, 12, 12), 2, calendar=calendar) == D(2025, 12, 17)


def test_calendar_records_its_version() -> None:
    """CAL-5: a deadline records the calendar version it used."""
    version = kz_calendar(years=(2026,), week_regime=WeekRegime.SIX_DAY).version

    assert version.startswith("holidays ")
    assert version.endswith(" KZ, 6-day week")
