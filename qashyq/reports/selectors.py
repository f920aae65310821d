"""The reports (FP-2…FP-4): which exist, who reads which, and building one for an actor.

Pages, exports and the API all go through `report_build`, so they show the same
numbers. Statement-derived reports read the daily rollups (selectors_footprint), the
others the apps' own records (selectors_domain)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qashyq.core.errors import NotFound
from qashyq.core.scope import ActorScope
from qashyq.reports import selectors_domain, selectors_footprint
from qashyq.reports.data import Filters, Report
from qashyq.reports.models import Watermark
from qashyq.reports.permissions import ReportScope, report_scope
from qashyq.reports.selectors_common import FilterOptions, filter_options, filters_from

WATERMARK = "footprint"  # services.WATERMARK: the rollups' row

Builder = Callable[..., Report]


@dataclass(frozen=True)
class ReportSpec:
    key: str
    title: Promise
    description: Promise
    build: Builder
    filters: tuple[str, ...]  # the filters it offers (data.FILTER_KEYS)
    offices_only: bool  # contingent and sign-ins: not for teachers
    requirement: str


ALL = ("period", "term", "faculty", "program", "group", "course")
REPORTS: dict[str, ReportSpec] = {
    spec.key: spec
    for spec in (
        ReportSpec(
            "contingent",
            _("Contingent of learners"),
            _("Students by program or group and status, today."),
            selectors_domain.contingent,
            ("faculty", "program", "group", "course"),
            offices_only=True,
            requirement="FP-3",
        ),
        ReportSpec(
            "courses",
            _("Courses"),
            _("Courses with their teachers, groups, students, modules and materials."),
            selectors_domain.courses_report,
            ("term", "faculty", "program", "group", "course"),
            offices_only=False,
            requirement="FP-3",
        ),
        ReportSpec(
            "content",
            _("Content units"),
            _("Materials of each course by kind."),
            selectors_domain.content_units,
            ("term", "faculty", "program", "group", "course"),
            offices_only=False,
            requirement="FP-3",
        ),
        ReportSpec(
            "access",
            _("Access to courses and materials"),
            _("Views, completions and active people per course; per material in a course."),
            selectors_footprint.access,
            ALL,
            offices_only=False,
            requirement="FP-3",
        ),
        ReportSpec(
            "signins",
            _("Platform sign-in log"),
            _("Sign-ins per day and per person."),
            selectors_footprint.sign_ins,
            ("period", "faculty", "program", "group", "course"),
            offices_only=True,
            requirement="FP-2, FP-3",
        ),
        ReportSpec(
            "activity",
            _("Activity dynamics in courses"),
            _("Activity of the courses chosen, day by day."),
            selectors_footprint.activity,
            ALL,
            offices_only=False,
            requirement="FP-3",
        ),
        ReportSpec(
            "grades",
            _("Grade distribution"),
            _("Final letter grades by course."),
            selectors_domain.grade_distribution,
            ("term", "faculty", "program", "group", "course"),
            offices_only=False,
            requirement="FP-3",
        ),
        ReportSpec(
            "attendance",
            _("Attendance statistics"),
            _("Attendance marks of the classes held in the period, by course."),
            selectors_domain.attendance,
            ALL,
            offices_only=False,
            requirement="FP-2, FP-3",
        ),
        ReportSpec(
            "teachers",
            _("Teachers' footprint"),
            _("Content published, feedback given and response times of teachers."),
            selectors_footprint.teachers,
            ("period", "term", "faculty", "course"),
            offices_only=False,
            requirement="FP-4",
        ),
    )
}


def reports_for(*, actor: ActorScope) -> list[ReportSpec]:
    """The reports an actor may read (none for students and anonymous visitors)."""
    scope = report_scope(actor)
    if scope.is_empty:
        return []
    return [s for s in REPORTS.values() if scope.is_office or not s.offices_only]


def report_access(*, actor: ActorScope, key: str) -> tuple[ReportSpec, ReportScope]:
    """The report and the actor's scope, or NotFound (absent and not yours alike)."""
    spec = REPORTS.get(key)
    scope = report_scope(actor)
    if spec is None or scope.is_empty or (spec.offices_only and not scope.is_office):
        raise NotFound(str(_("No such report.")))
    return spec, scope


def report_filters(*, spec: ReportSpec, params: dict[str, str]) -> Filters:
    """The request's filters, keeping only those the report offers."""
    filters = filters_from(params)
    return replace(
        filters,
        term_id=filters.term_id if "term" in spec.filters else None,
        faculty_id=filters.faculty_id if "faculty" in spec.filters else None,
        program_id=filters.program_id if "program" in spec.filters else None,
        group_id=filters.group_id if "group" in spec.filters else None,
        course_id=filters.course_id if "course" in spec.filters else None,
    )


def report_build(
    *, actor: ActorScope, key: str, params: dict[str, str], full: bool = False
) -> Report:
    """Build one report for an actor with the filters of `params` (query parameters:
    from, to, term, faculty, program, group, course). `full` lifts the page limit of
    the sign-in log (exports)."""
    spec, scope = report_access(actor=actor, key=key)
    filters = report_filters(spec=spec, params=params)
    kwargs: dict[str, object] = {"scope": scope, "filters": filters}
    if key == "signins" and full:
        kwargs["limit"] = None
    report = spec.build(**kwargs)
    return replace(report, title=str(spec.title))


def report_options(*, actor: ActorScope, key: str, filters: Filters) -> FilterOptions:
    _spec, scope = report_access(actor=actor, key=key)
    return filter_options(scope, filters)


def rollups_watermark() -> dt.datetime | None:
    """Statements stored up to this moment are in the rollups (None: never run)."""
    return Watermark.objects.filter(name=WATERMARK).values_list("stored_until", flat=True).first()
