"""Demo grades (SIS-1; GRD-1…GRD-5, GPA-1) for the courses of the current period.

`demo_gradebook(institution=, today=)`:

- gives the institution the scale presets and the default policy (GRD-1);
- gives every published course of the period `demo_courses` filled seven items: two
  current-control items per half (10 points each), R1 and R2 (100 each) and the exam;
- grades every active student: an ability per student (mean 72, sd 14) plus noise per
  item, about 3 % of current-control cells absent, so some students are not admitted
  and some end with FX or F;
- the demo teacher's courses stay open (the exam not held yet, the statement not
  confirmed) so the e-journal can be tried; every other course is graded through the
  exam and its statement confirmed, with its finals stored (FX included), so the
  student's GPA, the transcript and the dean's office summary have data.

Rows go in with COPY (PostgreSQL) or executemany (SQLite); the finals are computed with
the same formula the pages use. Demo grades carry no change history (nothing was
changed). Idempotent: an institution whose courses already have grade items is left
as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from qashyq.core.cache import generation_bump
from qashyq.courses.models import Course, CourseStaff, CourseStatus, Enrolment
from qashyq.demo.builder import fixed_username
from qashyq.demo.bulk import Table, db_timestamp, reserve_ids
from qashyq.demo.courses import demo_period
from qashyq.gradebook import formula, selectors, services
from qashyq.gradebook.models import (
    ExamRetake,
    FinalGrade,
    GradeChange,
    GradeEntry,
    GradeItem,
    Statement,
)
from qashyq.institutions.models import Institution
from qashyq.people.models import Staff

# title, control, half, max
ITEMS = (
    ("Тапсырма 1", "current", 1, 10),
    ("Тапсырма 2", "current", 1, 10),
    ("АБ1 / РК1", "midterm1", 1, 100),
    ("Тапсырма 3", "current", 2, 10),
    ("Тапсырма 4", "current", 2, 10),
    ("АБ2 / РК2", "midterm2", 2, 100),
    ("Емтихан / Экзамен", "exam", 1, 100),
)
ABSENT_SHARE = 0.03


@dataclass(frozen=True)
class DemoGradebookSummary:
    period_id: int | None = None
    courses: int = 0
    items: int = 0
    entries: int = 0
    finals: int = 0


def _open_courses(institution: Institution, course_ids: list[int]) -> set[int]:
    """The demo teacher's courses: left open for trying the e-journal."""
    teacher = Staff.objects.filter(
        user__username=fixed_username("teacher", institution.code)
    ).first()
    if teacher is None:
        return set()
    return set(
        CourseStaff.objects.filter(staff=teacher, course_id__in=course_ids).values_list(
            "course_id", flat=True
        )
    )


@transaction.atomic
def demo_gradebook(*, institution: Institution, today: dt.date) -> DemoGradebookSummary:
    """Items, grades, statements and finals of the current period (see the module doc)."""
    services.grading_defaults_install(institution_id=institution.pk)
    period = demo_period(institution, today)
    if period is None:
        return DemoGradebookSummary()
    courses = list(
        Course.objects.filter(institution=institution, period=period, status=CourseStatus.PUBLISHED)
        .select_related("discipline", "period")
        .order_by("pk")
    )
    if not courses or GradeItem.objects.filter(course__institution=institution).exists():
        return DemoGradebookSummary(period_id=period.pk)
    now = timezone.now()
    rng = random.Random(f"gradebook:{institution.code}:{period.pk}")  # noqa: S311 - demo data
    course_ids = [c.pk for c in courses]
    open_ids = _open_courses(institution, course_ids)
    items, item_count = _items_insert(courses, now=now)
    # students
    students: dict[int, list[int]] = defaultdict(list)
    for course_id, student_id in (
        Enrolment.objects.filter(course_id__in=course_ids, is_active=True)
        .order_by("course_id", "student_id")
        .values_list("course_id", "student_id")
    ):
        students[course_id].append(student_id)
    ability: dict[int, float] = {}
    scale = selectors.scale_in_force(institution_id=institution.pk, on=period.starts_on)
    policy = selectors.policy_in_force(institution_id=institution.pk, on=period.starts_on)
    weights = formula.CourseWeights()
    finals: list[tuple[Any, ...]] = []
    stamp = db_timestamp(now)

    def entries() -> Iterator[tuple[Any, ...]]:
        for course in courses:
            closed = course.pk not in open_ids
            for student_id in students[course.pk]:
                base = ability.setdefault(student_id, min(99.0, rng.gauss(72, 14)))
                mine: dict[int, formula.Entry] = {}
                for item in items[course.pk]:
                    if item.control == "exam" and not closed:
                        continue
                    if item.control == "current" and rng.random() < ABSENT_SHARE:
                        mine[item.id] = formula.Entry(None, "absent")
                        yield (item.id, course.pk, student_id, None, "absent", stamp)
                        continue
                    spread = 12 if item.control == "exam" else 8
                    percent = max(0.0, min(100.0, rng.gauss(base, spread)))
                    points = Decimal(round(percent * float(item.max_points) / 100))
                    mine[item.id] = formula.Entry(points, "")
                    yield (item.id, course.pk, student_id, str(points), "", stamp)
                if closed:
                    finals.append(
                        _final_row(
                            course=course,
                            student_id=student_id,
                            entries=mine,
                            items=items[course.pk],
                            weights=weights,
                            policy=policy,
                            scale=scale,
                            stamp=stamp,
                        )
                    )

    written = Table(
        GradeEntry, ["item", "course", "student", "points", "mark", "updated_at"], now=now
    ).insert(entries())
    Table(
        FinalGrade,
        ["course", "student", "period", "credits", "r1", "r2", "admission", "admitted", "exam",
         "percent", "letter", "points", "passes", "counts_in_gpa", "clause", "gpa_points",
         "updated_at"],
        now=now,
    ).insert(finals)  # fmt: skip
    Statement.objects.bulk_create(
        [Statement(course_id=pk, confirmed_at=now) for pk in course_ids if pk not in open_ids]
    )
    for pk in course_ids:
        generation_bump(selectors.course_generation(pk))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE gradebook_gradeentry")
            cursor.execute("ANALYZE gradebook_finalgrade")
    return DemoGradebookSummary(
        period_id=period.pk,
        courses=len(courses),
        items=item_count,
        entries=written,
        finals=len(finals),
    )


def _items_insert(
    courses: list[Course], *, now: dt.datetime
) -> tuple[dict[int, list[formula.Item]], int]:
    """The seven items of every course, in one insert."""
    ids = iter(reserve_ids(GradeItem, len(courses) * len(ITEMS)))
    items: dict[int, list[formula.Item]] = {}
    rows: list[tuple[Any, ...]] = []
    for course in courses:
        made = []
        for position, (title, control, half, top) in enumerate(ITEMS, start=1):
            pk = next(ids)
            made.append(formula.Item(pk, control, half, Decimal(top)))
            rows.append((pk, course.pk, title, control, half, top, position))
        items[course.pk] = made
    Table(
        GradeItem, ["id", "course", "title", "control", "half", "max_points", "position"], now=now
    ).insert(rows)
    return items, len(rows)


def _final_row(
    *,
    course: Course,
    student_id: int,
    entries: dict[int, formula.Entry],
    items: list[formula.Item],
    weights: formula.CourseWeights,
    policy: formula.Policy,
    scale: formula.Scale,
    stamp: object,
) -> tuple[Any, ...]:
    r = formula.final_compute(
        items=items,
        entries=entries,
        weights=weights,
        policy=policy,
        scale=scale,
        exam_required=True,
    )
    band = r.band or scale.fail_without_retake
    return (
        course.pk, student_id, course.period_id, course.discipline.credits,
        str(r.r1 or 0), str(r.r2 or 0), str(r.admission), r.admitted, str(r.exam or 0),
        str(r.percent or 0), band.letter, str(band.points), band.passes, band.counts_in_gpa,
        r.clause, str(band.points), stamp,
    )  # fmt: skip


@transaction.atomic
def demo_gradebook_delete(*, institution: Institution) -> int:
    """Remove the institution's gradebook rows with single DELETE statements (before its
    courses go); returns the grade items removed. Scales and policies stay."""
    ExamRetake.objects.filter(final__course__institution=institution)._raw_delete(connection.alias)
    FinalGrade.objects.filter(course__institution=institution)._raw_delete(connection.alias)
    Statement.objects.filter(course__institution=institution)._raw_delete(connection.alias)
    GradeChange.objects.filter(entry__course__institution=institution)._raw_delete(connection.alias)
    GradeEntry.objects.filter(course__institution=institution)._raw_delete(connection.alias)
    return int(
        GradeItem.objects.filter(course__institution=institution)._raw_delete(connection.alias)
    )
