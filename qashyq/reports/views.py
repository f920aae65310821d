"""Report pages under /reports/ (FP-2…FP-4): the list of the reports an actor may read,
each report with its filters, an inline-SVG chart and a table, and its exports (XLSX,
CSV, PDF). A report the actor may not read answers 404 (SEC-2), as the API does."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from qashyq.core.scope import actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.reports import selectors
from qashyq.reports.charts import chart_svg
from qashyq.reports.data import Report
from qashyq.reports.exports import CONTENT_TYPES, FORMATS, report_csv, report_pdf, report_xlsx
from qashyq.reports.render import options_html, table_html
from qashyq.reports.selectors_common import FilterOptions
from qashyq.reports.selectors_domain import PAGE_ROWS


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The reports the actor may read; none (a student): 404."""
    specs = selectors.reports_for(actor=actor_scope_of(request))
    if not specs:
        raise Http404
    return render(
        request,
        "reports/index.html",
        {"reports": specs, "watermark": selectors.rollups_watermark()},
    )


def _params(request: HttpRequest) -> dict[str, str]:
    names = ("from", "to", "term", "faculty", "program", "group", "course")
    return {k: v for k in names if isinstance(v := request.GET.get(k), str)}


def subtitle(report: Report, options: FilterOptions, filters_offered: tuple[str, ...]) -> str:
    """The filters in words, for the page and the exports."""
    f = report.filters
    parts = []
    if "period" in filters_offered:
        parts.append(
            _("Period: %(start)s – %(end)s")
            % {"start": f.date_from.strftime("%d.%m.%Y"), "end": f.date_to.strftime("%d.%m.%Y")}
        )
    named = (
        (_("Academic period"), f.term_id, options.terms),
        (_("Faculty"), f.faculty_id, options.faculties),
        (_("Program"), f.program_id, options.programs),
        (_("Group"), f.group_id, options.groups),
        (_("Course"), f.course_id, options.courses),
    )
    for label, chosen, choices in named:
        if chosen is not None:
            name = dict(choices).get(chosen, str(chosen))
            parts.append(f"{label}: {name}")
    return " · ".join(parts)


def _build(request: HttpRequest, key: str, *, full: bool) -> tuple[Any, Report, FilterOptions]:
    actor = actor_scope_of(request)
    spec, _scope = found_or_404(lambda: selectors.report_access(actor=actor, key=key))
    report = selectors.report_build(actor=actor, key=key, params=_params(request), full=full)
    options = selectors.report_options(actor=actor, key=key, filters=report.filters)
    return spec, report, options


@login_required
def report(request: HttpRequest, key: str) -> HttpResponse:
    """One report: filters, chart, table, export links."""
    spec, built, options = _build(request, key, full=False)
    query = urlencode(built.filters.query())
    shown = built.rows[:PAGE_ROWS]
    total = built.total_rows if built.total_rows is not None else len(built.rows)
    f = built.filters
    return render(
        request,
        "reports/report.html",
        {
            "spec": spec,
            "report": built,
            "subtitle": subtitle(built, options, spec.filters),
            "chart": mark_safe(chart_svg(built.chart, label=str(spec.title))),  # noqa: S308 - escaped
            "table": table_html(
                built.columns, shown, built.totals, empty=_("No data for these filters.")
            ),
            "choices": {
                "term": options_html(options.terms, f.term_id),
                "faculty": options_html(options.faculties, f.faculty_id),
                "program": options_html(options.programs, f.program_id),
                "group": options_html(options.groups, f.group_id),
                "course": options_html(options.courses, f.course_id),
            },
            "shown": len(shown),
            "more": total if total > len(shown) else None,
            "exports": [
                (fmt, f"{reverse('reports:export', args=[key, fmt])}?{query}") for fmt in FORMATS
            ],
            "api_url": f"/api/v1/reports/{key}?{query}",
        },
    )


@login_required
def export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """The report as XLSX, CSV or PDF, with every row."""
    if fmt not in FORMATS:
        raise Http404
    spec, built, options = _build(request, key, full=True)
    words = subtitle(built, options, spec.filters)
    if fmt == "xlsx":
        body = report_xlsx(built, subtitle=words)
    elif fmt == "csv":
        body = report_csv(built)
    else:
        body = report_pdf(built, subtitle=words)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"{key}-{built.filters.date_from:%Y%m%d}-{built.filters.date_to:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
