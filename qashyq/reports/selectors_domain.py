"""Reports whose numbers are the other apps' records, read with indexed aggregate
queries (FP-3): the contingent of learners, courses, content units, grade distribution
and attendance statistics."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from qashyq.core.models import localized
from qashyq.courses.models import (
    Course,
    CourseGroup,
    CourseStaff,
    CourseStatus,
    Enrolment,
    Material,
    MaterialKind,
    Module,
)
from qashyq.gradebook.models import FinalGrade
from qashyq.institutions.models import AcademicPeriod, Program, StudentGroup
from qashyq.people.models import StudentStatus
from qashyq.reports.data import Cell, Chart, Column, Filters, Report, Series
from qashyq.reports.permissions import ReportScope
from qashyq.reports.selectors_common import courses_in, period_bounds, students_in
from qashyq.schedule.models import Attendance, AttendanceStatus, ClassSession

PAGE_ROWS = 200  # rows on a page; exports and the API read them all
CHART_BARS = 30
LETTERS = ("A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "FX", "F")


def num(cell: Cell) -> int:
    """A numeric cell as an integer (0 for text or an empty cell)."""
    return int(cell) if isinstance(cell, int | float | Decimal) else 0


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in percent with one decimal, None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def course_titles(course_ids: list[int]) -> dict[int, tuple[str, str, str, str]]:
    """code, discipline name, academic period, status of each course (plain values: a
    model instance per course cost more than the query on a page of 600 courses)."""
    terms = {
        p.pk: str(p)
        for p in AcademicPeriod.objects.filter(courses__in=course_ids)
        .distinct()
        .select_related("academic_year")
    }
    statuses = dict(CourseStatus.choices)
    out = {}
    for pk, code, status, kk, ru, en, term in Course.objects.filter(pk__in=course_ids).values_list(
        "pk",
        "code",
        "status",
        "discipline__name_kk",
        "discipline__name_ru",
        "discipline__name_en",
        "period_id",
    ):
        name = localized(kk=kk, ru=ru, en=en)
        out[pk] = (code, name, terms.get(term, ""), str(statuses.get(status, status)))
    return out


# ---------------------------------------------------------------- contingent


def contingent(*, scope: ReportScope, filters: Filters) -> Report:
    """Students by program (by group once a program or group is chosen) and status
    (FP-3: contingent of learners), as of today."""
    students = students_in(scope, filters)
    by_group = filters.program_id is not None or filters.group_id is not None
    key = "group_id" if by_group else "program_id"
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    online: dict[int | None, int] = defaultdict(int)
    for row in students.values(key, "status", "study_form").annotate(n=Count("id")):
        counts[row[key]][row["status"]] += row["n"]
        if row["study_form"] == "online" and row["status"] == StudentStatus.ENROLLED:
            online[row[key]] += row["n"]
    if by_group:
        names = {g.pk: g.code for g in StudentGroup.objects.filter(pk__in=list(counts))}
    else:
        names = {p.pk: f"{p.code} {p.name}" for p in Program.objects.filter(pk__in=list(counts))}
    statuses = list(StudentStatus)
    rows: list[list[Cell]] = []
    for pk in sorted(counts, key=lambda k: names.get(k or 0, "")):
        c = counts[pk]
        label = names.get(pk or 0, _("no group"))
        rows.append([label, *(c[s.value] for s in statuses), online[pk], sum(c.values())])
    columns = [
        Column("unit", _("Group") if by_group else _("Program"), numeric=False),
        *(Column(s.value, str(s.label)) for s in statuses),
        Column("online", _("of the enrolled: online")),
        Column("total", _("Total")),
    ]
    totals: list[Cell] = [_("Total")]
    totals += [sum(num(r[i]) for r in rows) for i in range(1, len(columns))]
    shown = rows[:CHART_BARS]
    chart = Chart(
        "bar",
        [str(r[0]) for r in shown],
        [
            Series(str(StudentStatus.ENROLLED.label), [float(num(r[1])) for r in shown]),
            Series(str(StudentStatus.ACADEMIC_LEAVE.label), [float(num(r[2])) for r in shown]),
        ],
    )
    return Report("contingent", "", columns, rows, chart, filters, totals=totals)


# ---------------------------------------------------------------- courses


def _count_by_course(rows: Iterable[dict[str, Any]], field: str = "course_id") -> dict[int, int]:
    return {r[field]: r["n"] for r in rows}


def courses_report(*, scope: ReportScope, filters: Filters) -> Report:
    """Courses with their teachers, groups, enrolled students, modules and materials
    (FP-3: courses)."""
    ids = list(courses_in(scope, filters).values_list("pk", flat=True))
    titles = course_titles(ids)
    teachers = _count_by_course(
        CourseStaff.objects.filter(course_id__in=ids, role="teacher")
        .values("course_id")
        .annotate(n=Count("id"))
    )
    groups = _count_by_course(
        CourseGroup.objects.filter(course_id__in=ids).values("course_id").annotate(n=Count("id"))
    )
    students = _count_by_course(
        Enrolment.objects.filter(course_id__in=ids, is_active=True)
        .values("course_id")
        .annotate(n=Count("id"))
    )
    modules = _count_by_course(
        Module.objects.filter(course_id__in=ids).values("course_id").annotate(n=Count("id"))
    )
    materials = _count_by_course(
        Material.objects.filter(module__course_id__in=ids)
        .values("module__course_id")
        .annotate(n=Count("id")),
        "module__course_id",
    )
    rows: list[list[Cell]] = []
    for pk in sorted(ids, key=lambda i: titles[i][0]):
        code, name, term, status = titles[pk]
        rows.append(
            [
                code,
                name,
                term,
                status,
                teachers.get(pk, 0),
                groups.get(pk, 0),
                students.get(pk, 0),
                modules.get(pk, 0),
                materials.get(pk, 0),
            ]
        )
    columns = [
        Column("code", _("Course"), numeric=False),
        Column("discipline", _("Discipline"), numeric=False),
        Column("term", _("Academic period"), numeric=False),
        Column("status", _("Status"), numeric=False),
        Column("teachers", _("Teachers")),
        Column("groups", _("Groups")),
        Column("students", _("Students")),
        Column("modules", _("Modules")),
        Column("materials", _("Materials")),
    ]
    totals: list[Cell] = [_("Total"), "", "", ""]
    totals += [sum(num(r[i]) for r in rows) for i in range(4, 9)]
    top = sorted(rows, key=lambda r: -num(r[6]))[:CHART_BARS]
    chart = Chart(
        "bar",
        [str(r[0]) for r in top],
        [
            Series(_("Students"), [float(num(r[6])) for r in top]),
            Series(_("Materials"), [float(num(r[8])) for r in top]),
        ],
    )
    return Report("courses", "", columns, rows, chart, filters, totals=totals)


# ---------------------------------------------------------------- content units

CONTENT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("lectures", (MaterialKind.LECTURE,)),
    ("media", (MaterialKind.VIDEO, MaterialKind.AUDIO, MaterialKind.IMAGE)),
    (
        "resources",
        (MaterialKind.FILE, MaterialKind.LINK, MaterialKind.MEDIA_SERVICE, MaterialKind.ELIBRARY),
    ),
    ("tasks", (MaterialKind.PRACTICAL, MaterialKind.LAB, MaterialKind.INDEPENDENT)),
    ("control", (MaterialKind.MIDTERM, MaterialKind.FINAL)),
)


def content_units(*, scope: ReportScope, filters: Filters) -> Report:
    """Content units of each course by kind, the hidden ones and the video minutes
    (FP-3: content units); the chart counts every kind over the courses chosen."""
    ids = list(courses_in(scope, filters).values_list("pk", flat=True))
    titles = course_titles(ids)
    by_kind: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    hidden: dict[int, int] = defaultdict(int)
    seconds: dict[int, int] = defaultdict(int)
    kinds_total: dict[str, int] = defaultdict(int)
    for row in (
        Material.objects.filter(module__course_id__in=ids)
        .values("module__course_id", "kind")
        .annotate(
            n=Count("id"),
            hidden=Count("id", filter=Q(is_hidden=True) | Q(module__is_hidden=True)),
            seconds=Sum("duration_seconds"),
        )
    ):
        course_id = row["module__course_id"]
        by_kind[course_id][row["kind"]] += row["n"]
        hidden[course_id] += row["hidden"]
        seconds[course_id] += int(row["seconds"] or 0)
        kinds_total[row["kind"]] += row["n"]
    labels = {
        "lectures": _("Lectures"),
        "media": _("Video, audio, images"),
        "resources": _("Files and links"),
        "tasks": _("Tasks"),
        "control": _("Control materials"),
    }
    rows: list[list[Cell]] = []
    for pk in sorted(ids, key=lambda i: titles[i][0]):
        kinds = by_kind[pk]
        counts = [sum(kinds[k] for k in members) for _key, members in CONTENT_GROUPS]
        rows.append(
            [titles[pk][0], titles[pk][1], *counts, sum(counts), hidden[pk], seconds[pk] // 60]
        )
    columns = [
        Column("code", _("Course"), numeric=False),
        Column("discipline", _("Discipline"), numeric=False),
        *(Column(key, labels[key]) for key, _members in CONTENT_GROUPS),
        Column("total", _("Total")),
        Column("hidden", _("Hidden")),
        Column("video_minutes", _("Minutes of video and audio")),
    ]
    totals: list[Cell] = [_("Total"), ""]
    totals += [sum(num(r[i]) for r in rows) for i in range(2, len(columns))]
    chart = Chart(
        "bar",
        [str(k.label) for k in MaterialKind],
        [Series(_("Materials"), [float(kinds_total[k.value]) for k in MaterialKind])],
    )
    return Report("content", "", columns, rows, chart, filters, totals=totals)


# ---------------------------------------------------------------- grades


def grade_distribution(*, scope: ReportScope, filters: Filters) -> Report:
    """Final letter grades by course: how many of each letter, the average final
    percent and the share that passed (FP-3: grade distribution). The period is the
    courses' academic period; a group narrows to its students."""
    ids = list(courses_in(scope, filters).values_list("pk", flat=True))
    finals = FinalGrade.objects.filter(course_id__in=ids)
    if filters.group_id is not None:
        finals = finals.filter(student__group_id=filters.group_id)
    if filters.program_id is not None:
        finals = finals.filter(student__program_id=filters.program_id)
    letters: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in finals.values("course_id", "letter").annotate(n=Count("id")).order_by():
        letters[row["course_id"]][row["letter"]] += row["n"]
    stats = {
        r["course_id"]: r
        for r in finals.values("course_id")
        .annotate(n=Count("id"), avg=Avg("percent"), passed=Count("id", filter=Q(passes=True)))
        .order_by()
    }
    extra = sorted({x for c in letters.values() for x in c} - set(LETTERS))
    scale = [*LETTERS, *extra]
    titles = course_titles(list(stats))
    rows: list[list[Cell]] = []
    for pk in sorted(stats, key=lambda i: titles[i][0]):
        s = stats[pk]
        average = None if s["avg"] is None else Decimal(s["avg"]).quantize(Decimal("0.1"))
        rows.append(
            [
                titles[pk][0],
                titles[pk][1],
                s["n"],
                *(letters[pk][x] for x in scale),
                average,
                percent(s["passed"], s["n"]),
            ]
        )
    columns = [
        Column("code", _("Course"), numeric=False),
        Column("discipline", _("Discipline"), numeric=False),
        Column("graded", _("Final grades")),
        *(Column(x, x) for x in scale),
        Column("average", _("Average final, %")),
        Column("passed", _("Passed, %")),
    ]
    totals_by_letter = [sum(letters[pk][x] for pk in letters) for x in scale]
    graded = sum(s["n"] for s in stats.values())
    passed = sum(s["passed"] for s in stats.values())
    totals: list[Cell] = [_("Total"), "", graded, *totals_by_letter, None, percent(passed, graded)]
    chart = Chart("bar", scale, [Series(_("Final grades"), [float(n) for n in totals_by_letter])])
    return Report("grades", "", columns, rows, chart, filters, totals=totals)


# ---------------------------------------------------------------- attendance


def attendance(*, scope: ReportScope, filters: Filters) -> Report:
    """Attendance marks of the classes held in the period, by course: present, late,
    absent, excused and the attendance rate (present or late of all marks); the chart
    is the rate day by day (FP-2, FP-3: attendance statistics, online and offline)."""
    start, end = period_bounds(filters)
    course_ids = courses_in(scope, filters).values("pk")
    students = Q()
    if filters.group_id is not None:
        students &= Q(student__group_id=filters.group_id)
    if filters.program_id is not None:
        students &= Q(student__program_id=filters.program_id)
    marks = Attendance.objects.filter(
        students,
        course_id__in=course_ids,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    )
    statuses = list(AttendanceStatus)
    attended = (AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value)
    # One pass over the marks: per course, day and status.
    per_course: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_day: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for row in (
        marks.annotate(d=TruncDate("session__starts_at"))
        .values("course_id", "d", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        per_course[row["course_id"]][row["status"]] += row["n"]
        per_day[row["d"]][1] += row["n"]
        if row["status"] in attended:
            per_day[row["d"]][0] += row["n"]
    # Classes held: the course's classes in the period with a mark of these students.
    sessions = {
        r["course_id"]: r["n"]
        for r in ClassSession.objects.filter(
            Exists(Attendance.objects.filter(students, session_id=OuterRef("pk"))),
            course_id__in=course_ids,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .values("course_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    titles = course_titles(list(per_course))
    rows: list[list[Cell]] = []
    for pk in sorted(per_course, key=lambda i: titles[i][0]):
        c = per_course[pk]
        total = sum(c.values())
        rows.append(
            [
                titles[pk][0],
                titles[pk][1],
                sessions.get(pk, 0),
                total,
                *(c[s.value] for s in statuses),
                percent(sum(c[s] for s in attended), total),
            ]
        )
    columns = [
        Column("code", _("Course"), numeric=False),
        Column("discipline", _("Discipline"), numeric=False),
        Column("classes", _("Classes")),
        Column("marks", _("Marks")),
        *(Column(s.value, str(s.label)) for s in statuses),
        Column("rate", _("Attendance, %")),
    ]
    sums = [sum(num(r[i]) for r in rows) for i in range(2, 4 + len(statuses))]
    present_late = sums[2] + sums[3]
    totals: list[Cell] = [_("Total"), "", *sums, percent(present_late, sums[1])]
    days = sorted(per_day)
    chart = Chart(
        "line",
        [d.isoformat() for d in days],
        [
            Series(
                _("Attendance, %"),
                [float(percent(per_day[d][0], per_day[d][1]) or 0) for d in days],
            )
        ],
    )
    return Report("attendance", "", columns, rows, chart, filters, totals=totals)
