"""What a report is, as data: the filters asked for, the columns, the rows, the chart.

Pages, exports (XLSX, CSV, PDF) and the API render the same `Report`, so they show the
same numbers (FP-3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

Cell = str | int | float | Decimal | dt.date | dt.datetime | None

# The filters a report may offer (FP-3: by period, faculty, program, group, course).
FILTER_KEYS = ("period", "term", "faculty", "program", "group", "course")


@dataclass(frozen=True)
class Filters:
    """The filters of one request. `date_from`/`date_to` are the period (inclusive days,
    Asia/Almaty); `term_id` an academic period; the others narrow the structure."""

    date_from: dt.date
    date_to: dt.date
    term_id: int | None = None
    faculty_id: int | None = None
    program_id: int | None = None
    group_id: int | None = None
    course_id: int | None = None

    def query(self) -> dict[str, str]:
        """The filters as query parameters (for export links and the API)."""
        out = {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}
        for name in ("term", "faculty", "program", "group", "course"):
            value = getattr(self, f"{name}_id")
            if value is not None:
                out[name] = str(value)
        return out


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = True


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float]


@dataclass(frozen=True)
class Chart:
    """A chart drawn as inline SVG: `kind` "bar" (grouped bars) or "line"; one label
    per point on the x axis, one value per label in every series."""

    kind: str
    labels: list[str]
    series: list[Series]
    title: str = ""


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    chart: Chart
    filters: Filters
    totals: list[Cell] | None = None
    notes: list[str] = field(default_factory=list)
    # Rows left out of the page (the exports and the API page through all of them).
    total_rows: int | None = None

    def as_dicts(self) -> list[dict[str, Cell]]:
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]
