"""The reports API (mounted under /api/v1/): one endpoint per report of FP-2…FP-4,
returning the numbers of its page (the same `selectors.report_build`).

Filters are query parameters: `from`, `to` (ISO dates, the period; default: the
academic period chosen, else the last 30 days), `term` (academic period id), `faculty`,
`program`, `group`, `course` (ids); a report ignores the filters it does not offer.
Rows are paged with `limit` (at most 100) and `offset`; `count` is the number of rows.
A report the actor may not read answers 404 (SEC-2), like an unknown one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema

from qashyq.core.scope import actor_scope_of
from qashyq.reports import selectors
from qashyq.reports.data import Cell, Report

router = Router(tags=["reports"])


class ReportSummaryOut(Schema):
    key: str
    title: str
    description: str
    filters: list[str] = Field(..., description="the filters it offers")
    requirement: str


class ColumnOut(Schema):
    key: str
    label: str
    numeric: bool


class SeriesOut(Schema):
    label: str
    values: list[float]


class ChartOut(Schema):
    kind: str = Field(..., description="bar | line")
    labels: list[str]
    series: list[SeriesOut]


class FiltersOut(Schema):
    date_from: dt.date
    date_to: dt.date
    term: int | None
    faculty: int | None
    program: int | None
    group: int | None
    course: int | None


class ReportOut(Schema):
    key: str
    title: str
    filters: FiltersOut
    columns: list[ColumnOut]
    count: int
    rows: list[dict[str, Any]] = Field(..., description="one object per row, by column key")
    totals: dict[str, Any] | None
    chart: ChartOut


class ReportQuery(Schema):
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    term: int | None = None
    faculty: int | None = None
    program: int | None = None
    group: int | None = None
    course: int | None = None
    limit: int = Field(100, ge=1, le=100)
    offset: int = Field(0, ge=0)

    def params(self) -> dict[str, str]:
        out = {}
        if self.date_from is not None:
            out["from"] = self.date_from.isoformat()
        if self.date_to is not None:
            out["to"] = self.date_to.isoformat()
        for name in ("term", "faculty", "program", "group", "course"):
            value = getattr(self, name)
            if value is not None:
                out[name] = str(value)
        return out


def _json(value: Cell) -> str | int | float | dt.date | None:
    if isinstance(value, Decimal):
        return str(value)
    return value


def _out(report: Report, *, limit: int, offset: int) -> ReportOut:
    keys = [c.key for c in report.columns]
    f = report.filters
    return ReportOut(
        key=report.key,
        title=report.title,
        filters=FiltersOut(
            date_from=f.date_from,
            date_to=f.date_to,
            term=f.term_id,
            faculty=f.faculty_id,
            program=f.program_id,
            group=f.group_id,
            course=f.course_id,
        ),
        columns=[ColumnOut(key=c.key, label=c.label, numeric=c.numeric) for c in report.columns],
        count=len(report.rows),
        rows=[
            {k: _json(v) for k, v in zip(keys, row, strict=True)}
            for row in report.rows[offset : offset + limit]
        ],
        totals=(
            {k: _json(v) for k, v in zip(keys, report.totals, strict=True)}
            if report.totals is not None
            else None
        ),
        chart=ChartOut(
            kind=report.chart.kind,
            labels=report.chart.labels,
            series=[SeriesOut(label=s.label, values=s.values) for s in report.chart.series],
        ),
    )


@router.get("/reports", response=list[ReportSummaryOut])
def reports_list(request: HttpRequest) -> list[ReportSummaryOut]:
    """The reports the caller may read (FP-3, FP-4); empty for students."""
    return [
        ReportSummaryOut(
            key=s.key,
            title=str(s.title),
            description=str(s.description),
            filters=list(s.filters),
            requirement=s.requirement,
        )
        for s in selectors.reports_for(actor=actor_scope_of(request))
    ]


def _endpoint(key: str) -> None:
    spec = selectors.REPORTS[key]

    def report_get(request: HttpRequest, query: Query[ReportQuery]) -> ReportOut:
        report = selectors.report_build(
            actor=actor_scope_of(request), key=key, params=query.params(), full=True
        )
        return _out(report, limit=query.limit, offset=query.offset)

    report_get.__name__ = f"report_{key}"
    with translation.override("en"):  # the OpenAPI text is in English, like the others
        report_get.__doc__ = f"{spec.title} ({spec.requirement}): {spec.description}"
    router.get(f"/reports/{key}", response=ReportOut, operation_id=f"report_{key}")(report_get)


for _key in selectors.REPORTS:
    _endpoint(_key)
