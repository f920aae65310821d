"""What every report reads first: the actor's scope narrowed by the filters (FP-3), as
querysets of courses, students and staff, and the options of the filter form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from qashyq.courses.models import Course
from qashyq.institutions.models import AcademicPeriod, Faculty, Program, StudentGroup
from qashyq.people.models import Staff, Student
from qashyq.reports.data import Filters
from qashyq.reports.permissions import (
    ReportScope,
    course_scope,
    staff_scope,
    student_scope,
)

DEFAULT_DAYS = 30
MAX_DAYS = 366 * 2
MAX_OPTIONS = 500


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 12 else None


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def filters_from(params: Mapping[str, str], *, today: dt.date | None = None) -> Filters:
    """Read the filters of a page or an API call. The period defaults to the academic
    period chosen (its first to its last day), else the last 30 days; a period longer
    than two years is cut to its last two years."""
    today = today or timezone.localdate()
    term_id = _int(params.get("term"))
    date_from, date_to = _date(params.get("from")), _date(params.get("to"))
    if term_id is not None and (date_from is None or date_to is None):
        term = AcademicPeriod.objects.filter(pk=term_id).values("starts_on", "ends_on").first()
        if term is not None:
            date_from = date_from or term["starts_on"]
            date_to = date_to or term["ends_on"]
    date_to = date_to or today
    date_from = date_from or date_to - dt.timedelta(days=DEFAULT_DAYS - 1)
    if date_from > date_to:
        date_from, date_to = date_to, date_from
    date_from = max(date_from, date_to - dt.timedelta(days=MAX_DAYS))
    return Filters(
        date_from=date_from,
        date_to=date_to,
        term_id=term_id,
        faculty_id=_int(params.get("faculty")),
        program_id=_int(params.get("program")),
        group_id=_int(params.get("group")),
        course_id=_int(params.get("course")),
    )


def period_bounds(filters: Filters) -> tuple[dt.datetime, dt.datetime]:
    """The period as [start, end) instants in the current time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def courses_in(
    scope: ReportScope, filters: Filters, *, use_course: bool = True
) -> QuerySet[Course]:
    """Courses of the scope that match the filters: the academic period, the faculty of
    the discipline's department, a program or group that takes the course, the course."""
    q = course_scope(scope)
    if filters.term_id is not None:
        q &= Q(period_id=filters.term_id)
    if filters.faculty_id is not None:
        q &= Q(discipline__department__faculty_id=filters.faculty_id)
    if filters.program_id is not None:
        q &= Q(group_links__group__program_id=filters.program_id)
    if filters.group_id is not None:
        q &= Q(group_links__group_id=filters.group_id)
    if use_course and filters.course_id is not None:
        q &= Q(pk=filters.course_id)
    return Course.objects.filter(pk__in=Course.objects.filter(q).values("pk")).order_by("code")


def students_in(scope: ReportScope, filters: Filters) -> QuerySet[Student]:
    """Students of the scope (offices only) that match the structure filters."""
    q = student_scope(scope)
    if filters.faculty_id is not None:
        q &= Q(program__department__faculty_id=filters.faculty_id)
    if filters.program_id is not None:
        q &= Q(program_id=filters.program_id)
    if filters.group_id is not None:
        q &= Q(group_id=filters.group_id)
    if filters.course_id is not None:
        q &= Q(enrolments__course_id=filters.course_id)
    return Student.objects.filter(q).order_by()


def staff_in(scope: ReportScope, filters: Filters) -> QuerySet[Staff]:
    """Staff of the scope that match the filters (faculty of their department, a course
    they teach)."""
    q = staff_scope(scope)
    if filters.faculty_id is not None:
        q &= Q(department__faculty_id=filters.faculty_id)
    if filters.course_id is not None:
        q &= Q(courses__course_id=filters.course_id)
    if filters.term_id is not None:
        q &= Q(courses__course__period_id=filters.term_id)
    return Staff.objects.filter(pk__in=Staff.objects.filter(q).values("pk"))


@dataclass(frozen=True)
class FilterOptions:
    terms: list[tuple[int, str]]
    faculties: list[tuple[int, str]]
    programs: list[tuple[int, str]]
    groups: list[tuple[int, str]]
    courses: list[tuple[int, str]]


def filter_options(scope: ReportScope, filters: Filters) -> FilterOptions:
    """The choices of the filter form: what the scope covers, narrowed by the choices
    above each list (faculty → programs → groups; period, faculty, group → courses)."""
    courses = courses_in(scope, filters, use_course=False)
    structure = Q()
    if not scope.everything:
        structure = Q(pk__in=[])
        if scope.institutions:
            structure |= Q(institution_id__in=sorted(scope.institutions))
        if scope.faculties:
            structure |= Q(department__faculty_id__in=sorted(scope.faculties))
        if scope.departments:
            structure |= Q(department_id__in=sorted(scope.departments))
    taught = Course.objects.filter(course_scope(scope)).values("pk")
    programs = Program.objects.filter(structure | Q(groups__courses__course__in=taught))
    if filters.faculty_id is not None:
        programs = programs.filter(department__faculty_id=filters.faculty_id)
    groups = StudentGroup.objects.filter(program__in=programs.values("pk"))
    if filters.program_id is not None:
        groups = groups.filter(program_id=filters.program_id)
    faculties = Faculty.objects.filter(
        Q(departments__programs__in=programs.values("pk"))
        | Q(departments__disciplines__courses__in=taught)
    )
    terms = AcademicPeriod.objects.filter(courses__in=taught).select_related("academic_year")
    return FilterOptions(
        terms=[(t.pk, str(t)) for t in terms.distinct().order_by("-starts_on")[:MAX_OPTIONS]],
        faculties=[(f.pk, f.name) for f in faculties.distinct().order_by("code")[:MAX_OPTIONS]],
        programs=[
            (p.pk, f"{p.code} {p.name}") for p in programs.distinct().order_by("code")[:MAX_OPTIONS]
        ],
        groups=[(g.pk, g.code) for g in groups.distinct().order_by("code")[:MAX_OPTIONS]],
        courses=list(courses.values_list("pk", "code")[:MAX_OPTIONS]),
    )
