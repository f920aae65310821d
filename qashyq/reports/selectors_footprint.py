"""Reports whose numbers come from the footprint, read from the daily rollups only
(FP-3, FP-4; ADR 0025): access statistics per course and per material, the platform
sign-in log, activity dynamics of courses and the teachers' footprint."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.accounts.models import User
from qashyq.assignments.models import Grade
from qashyq.courses.models import CourseStaff, Material, MaterialProgress
from qashyq.footprint.data import ActivityType, Verb
from qashyq.people.models import Staff, Student
from qashyq.reports.data import Cell, Chart, Column, Filters, Report, Series
from qashyq.reports.models import ActorDay, CourseActorDay, CourseDay, ObjectDay
from qashyq.reports.permissions import ReportScope
from qashyq.reports.selectors_common import (
    courses_in,
    period_bounds,
    staff_in,
    students_in,
)
from qashyq.reports.selectors_domain import CHART_BARS, PAGE_ROWS, course_titles, num

SIGN_IN_ROWS_MAX = 50_000  # exports of the sign-in log stop here


def _days(filters: Filters) -> Q:
    return Q(day__gte=filters.date_from, day__lte=filters.date_to)


def _learners(filters: Filters) -> QuerySet[Student] | None:
    """Students a program or group filter narrows the learners to (None: everyone)."""
    if filters.program_id is None and filters.group_id is None:
        return None
    students = Student.objects.all()
    if filters.program_id is not None:
        students = students.filter(program_id=filters.program_id)
    if filters.group_id is not None:
        students = students.filter(group_id=filters.group_id)
    return students


# ---------------------------------------------------------------- access statistics


def access(*, scope: ReportScope, filters: Filters) -> Report:
    """Per course: views, completions, submissions, the people active and the
    person-days of activity in the period; with a course chosen, per material: views,
    downloads, completions in the period and the students who ever opened and
    completed it (FP-3: statistics of access to courses and their content)."""
    if filters.course_id is not None:
        return _access_materials(scope=scope, filters=filters)
    courses = courses_in(scope, filters).values("pk")
    learners = _learners(filters)
    activity = CourseActorDay.objects.filter(_days(filters), course_id__in=courses)
    if learners is not None:
        activity = activity.filter(actor_id__in=learners.values("user_id"))
    people = {
        r["course_id"]: r["n"]
        for r in activity.values("course_id").annotate(n=Count("actor_id", distinct=True))
    }
    sums: dict[int, dict[str, int]] = {}
    source = (
        activity
        if learners is not None
        else CourseDay.objects.filter(_days(filters), course_id__in=courses)
    )
    person_days = "id" if learners is not None else "active"
    for r in source.values("course_id").annotate(
        views=Sum("views"),
        completions=Sum("completions"),
        submissions=Sum("submissions"),
        person_days=Count("id") if person_days == "id" else Sum("active"),
    ):
        sums[r["course_id"]] = r
    titles = course_titles(list(sums))
    rows: list[list[Cell]] = []
    for pk in sorted(sums, key=lambda i: titles[i][0] if i in titles else ""):
        if pk not in titles:
            continue
        s = sums[pk]
        rows.append(
            [
                titles[pk][0],
                titles[pk][1],
                s["views"] or 0,
                s["completions"] or 0,
                s["submissions"] or 0,
                people.get(pk, 0),
                s["person_days"] or 0,
            ]
        )
    columns = [
        Column("code", _("Course"), numeric=False),
        Column("discipline", _("Discipline"), numeric=False),
        Column("views", _("Views")),
        Column("completions", _("Completions")),
        Column("submissions", _("Submissions")),
        Column("people", _("Active people")),
        Column("person_days", _("Person-days of activity")),
    ]
    totals: list[Cell] = [_("Total"), ""]
    totals += [sum(num(r[i]) for r in rows) for i in range(2, 5)]
    totals += [None, sum(num(r[6]) for r in rows)]
    top = sorted(rows, key=lambda r: -num(r[2]))[:CHART_BARS]
    chart = Chart(
        "bar",
        [str(r[0]) for r in top],
        [
            Series(_("Views"), [float(num(r[2])) for r in top]),
            Series(_("Active people"), [float(num(r[5])) for r in top]),
        ],
    )
    return Report("access", "", columns, rows, chart, filters, totals=totals)


def _access_materials(*, scope: ReportScope, filters: Filters) -> Report:
    course_ids = list(courses_in(scope, filters).values_list("pk", flat=True))
    materials = list(
        Material.objects.filter(module__course_id__in=course_ids)
        .select_related("module")
        .order_by("module__position", "module_id", "position", "id")
    )
    by_object: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in (
        ObjectDay.objects.filter(
            _days(filters),
            course_id__in=course_ids,
            object_type=ActivityType.MATERIAL.value,
            verb__in=[Verb.VIEWED.value, Verb.DOWNLOADED.value, Verb.COMPLETED.value],
        )
        .values("object_id", "verb")
        .annotate(n=Sum("count"))
    ):
        by_object[r["object_id"]][r["verb"]] = r["n"]
    progress = MaterialProgress.objects.filter(material__in=[m.pk for m in materials])
    learners = _learners(filters)
    if learners is not None:
        progress = progress.filter(student__in=learners.values("pk"))
    opened = {
        r["material_id"]: r
        for r in progress.values("material_id").annotate(
            n=Count("id"), done=Count("id", filter=Q(completed_at__isnull=False))
        )
    }
    rows: list[list[Cell]] = []
    for m in materials:
        counts = by_object[str(m.pk)]
        ever = opened.get(m.pk, {})
        rows.append(
            [
                m.module.title,
                m.title,
                m.get_kind_display(),
                counts[Verb.VIEWED.value],
                counts[Verb.DOWNLOADED.value],
                counts[Verb.COMPLETED.value],
                ever.get("n", 0),
                ever.get("done", 0),
            ]
        )
    columns = [
        Column("module", _("Module"), numeric=False),
        Column("material", _("Material"), numeric=False),
        Column("kind", _("Kind"), numeric=False),
        Column("views", _("Views")),
        Column("downloads", _("Downloads")),
        Column("completions", _("Completions")),
        Column("opened_by", _("Students who opened it")),
        Column("completed_by", _("Students who completed it")),
    ]
    totals: list[Cell] = [_("Total"), "", ""]
    totals += [sum(num(r[i]) for r in rows) for i in range(3, 6)] + [None, None]
    shown = rows[:CHART_BARS]
    chart = Chart(
        "bar",
        [str(r[1])[:24] for r in shown],
        [
            Series(_("Views"), [float(num(r[3])) for r in shown]),
            Series(_("Students who opened it"), [float(num(r[6])) for r in shown]),
        ],
    )
    return Report("access", "", columns, rows, chart, filters, totals=totals)


# ---------------------------------------------------------------- sign-in log


def _people(scope: ReportScope, filters: Filters) -> tuple[QuerySet[Student], QuerySet[Staff]]:
    students = students_in(scope, filters)
    staff = staff_in(scope, filters)
    if filters.program_id is not None or filters.group_id is not None:
        staff = staff.none()
    return students, staff


def sign_ins(*, scope: ReportScope, filters: Filters, limit: int | None = PAGE_ROWS) -> Report:
    """The platform sign-in log: per day the sign-ins and the people who signed in
    (the chart), and a row per person and day with the count and the first and last
    sign-in, newest first (FP-2, FP-3: platform login logs)."""
    students, staff = _people(scope, filters)
    people = Q(actor_id__in=students.values("user_id")) | Q(actor_id__in=staff.values("user_id"))
    days = ActorDay.objects.filter(people, _days(filters), sign_ins__gt=0)
    per_day = {
        r["day"]: r
        for r in days.values("day").annotate(n=Sum("sign_ins"), people=Count("id")).order_by()
    }
    total = sum(r["people"] for r in per_day.values())
    cap = min(limit or SIGN_IN_ROWS_MAX, SIGN_IN_ROWS_MAX)
    page = list(
        days.order_by("-day", "-last_sign_in", "actor_id").values(
            "day", "actor_id", "sign_ins", "first_sign_in", "last_sign_in"
        )[:cap]
    )
    ids = {r["actor_id"] for r in page}
    names = {u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=ids)}
    units: dict[int, str] = {
        s["user_id"]: " ".join(x for x in (s["student_number"], s["group__code"]) if x)
        for s in Student.objects.filter(user_id__in=ids).values(
            "user_id", "student_number", "group__code"
        )
    }
    for s in Staff.objects.filter(user_id__in=ids).values("user_id", "department__code"):
        units.setdefault(s["user_id"], s["department__code"] or _("staff"))

    def local(moment: dt.datetime | None) -> str:
        return "" if moment is None else timezone.localtime(moment).strftime("%H:%M")

    rows: list[list[Cell]] = [
        [
            r["day"],
            names.get(r["actor_id"], str(r["actor_id"])),
            units.get(r["actor_id"], ""),
            r["sign_ins"],
            local(r["first_sign_in"]),
            local(r["last_sign_in"]),
        ]
        for r in page
    ]
    columns = [
        Column("day", _("Day"), numeric=False),
        Column("person", _("Person"), numeric=False),
        Column("unit", _("Student ID, group or department"), numeric=False),
        Column("sign_ins", _("Sign-ins")),
        Column("first", _("First"), numeric=False),
        Column("last", _("Last"), numeric=False),
    ]
    labels = sorted(per_day)
    chart = Chart(
        "line",
        [d.isoformat() for d in labels],
        [
            Series(_("Sign-ins"), [float(per_day[d]["n"]) for d in labels]),
            Series(_("People who signed in"), [float(per_day[d]["people"]) for d in labels]),
        ],
    )
    all_sign_ins = sum(r["n"] for r in per_day.values())
    totals: list[Cell] = [_("Total"), "", "", all_sign_ins, "", ""]
    return Report("signins", "", columns, rows, chart, filters, totals=totals, total_rows=total)


# ---------------------------------------------------------------- activity dynamics


def activity(*, scope: ReportScope, filters: Filters) -> Report:
    """Activity of the courses chosen day by day: the people active (summed over the
    courses), statements, views, completions and submissions (FP-3: activity dynamics
    in courses). A program or group counts its students only."""
    courses = courses_in(scope, filters).values("pk")
    learners = _learners(filters)
    rows_by_day: QuerySet[Any, dict[str, Any]]
    if learners is None:
        rows_by_day = (
            CourseDay.objects.filter(_days(filters), course_id__in=courses)
            .values("day")
            .annotate(
                people=Sum("active"),
                statements=Sum("statements"),
                views=Sum("views"),
                completions=Sum("completions"),
                submissions=Sum("submissions"),
            )
        )
    else:
        rows_by_day = (
            CourseActorDay.objects.filter(
                _days(filters), course_id__in=courses, actor_id__in=learners.values("user_id")
            )
            .values("day")
            .annotate(
                people=Count("id"),
                statements=Sum("statements"),
                views=Sum("views"),
                completions=Sum("completions"),
                submissions=Sum("submissions"),
            )
        )
    found = {r["day"]: r for r in rows_by_day.order_by()}
    keys = ("people", "statements", "views", "completions", "submissions")
    rows: list[list[Cell]] = []
    day = filters.date_from
    while day <= filters.date_to:
        r = found.get(day, {})
        rows.append([day, *(r.get(k) or 0 for k in keys)])
        day += dt.timedelta(days=1)
    columns = [
        Column("day", _("Day"), numeric=False),
        Column("people", _("Active people")),
        Column("statements", _("Statements")),
        Column("views", _("Views")),
        Column("completions", _("Completions")),
        Column("submissions", _("Submissions")),
    ]
    totals: list[Cell] = [_("Total"), *(sum(num(r[i]) for r in rows) for i in range(1, 6))]
    chart = Chart(
        "line",
        [str(r[0]) for r in rows],
        [
            Series(_("Active people"), [float(num(r[1])) for r in rows]),
            Series(_("Views"), [float(num(r[3])) for r in rows]),
        ],
    )
    return Report("activity", "", columns, rows, chart, filters, totals=totals)


# ---------------------------------------------------------------- teachers' footprint


def teachers(*, scope: ReportScope, filters: Filters) -> Report:
    """Per member of staff: the courses they teach (in the filters), content they
    published and feedback they gave in the period (from the footprint), assignment
    submissions they graded and the average time from submission to grade (FP-4:
    teachers' footprint)."""
    staff = list(
        staff_in(scope, filters)
        .filter(courses__isnull=False)
        .distinct()
        .select_related("user", "department")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    courses = courses_in(scope, filters)
    course_ids = courses.values("pk")
    taught: dict[int, int] = defaultdict(int)
    for r in (
        CourseStaff.objects.filter(staff__in=[s.pk for s in staff], course_id__in=course_ids)
        .values("staff_id")
        .annotate(n=Count("course_id", distinct=True))
    ):
        taught[r["staff_id"]] = r["n"]
    user_ids = [s.user_id for s in staff]
    footprint = {
        r["actor_id"]: r
        for r in CourseActorDay.objects.filter(
            _days(filters), actor_id__in=user_ids, course_id__in=course_ids
        )
        .values("actor_id")
        .annotate(
            published=Sum("published"), feedback=Sum("feedback"), days=Count("day", distinct=True)
        )
    }
    start, end = period_bounds(filters)
    graded = {
        r["graded_by_id"]: r
        for r in Grade.objects.filter(
            graded_by_id__in=user_ids,
            graded_at__gte=start,
            graded_at__lt=end,
            submission__assignment__course_id__in=course_ids,
            submission__submitted_at__isnull=False,
        )
        .values("graded_by_id")
        .annotate(
            n=Count("id"),
            wait=Sum(
                ExpressionWrapper(
                    F("graded_at") - F("submission__submitted_at"), output_field=DurationField()
                )
            ),
        )
        .order_by()
    }
    rows: list[list[Cell]] = []
    for s in staff:
        f = footprint.get(s.user_id, {})
        g = graded.get(s.user_id, {})
        hours: Decimal | None = None
        if g.get("n"):
            wait: dt.timedelta = g["wait"]
            hours = (Decimal(wait.total_seconds()) / 3600 / g["n"]).quantize(Decimal("0.1"))
        rows.append(
            [
                s.user.get_full_name(),
                s.department.code if s.department else "",
                taught.get(s.pk, 0),
                f.get("days") or 0,
                f.get("published") or 0,
                f.get("feedback") or 0,
                g.get("n", 0),
                hours,
            ]
        )
    columns = [
        Column("teacher", _("Teacher"), numeric=False),
        Column("department", _("Department"), numeric=False),
        Column("courses", _("Courses")),
        Column("active_days", _("Days active")),
        Column("published", _("Content published")),
        Column("feedback", _("Feedback given")),
        Column("graded", _("Submissions graded")),
        Column("response_hours", _("Average response, hours")),
    ]
    totals: list[Cell] = [_("Total"), ""]
    totals += [sum(num(r[i]) for r in rows) for i in range(2, 7)] + [None]
    top = sorted(rows, key=lambda r: -(num(r[4]) + num(r[5])))[:CHART_BARS]
    chart = Chart(
        "bar",
        [str(r[0]) for r in top],
        [
            Series(_("Content published"), [float(num(r[4])) for r in top]),
            Series(_("Feedback given"), [float(num(r[5])) for r in top]),
        ],
    )
    return Report("teachers", "", columns, rows, chart, filters, totals=totals)
