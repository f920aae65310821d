"""Reads of the gradebook: the scale and policy in force, a course's journal (a handful
of queries whatever its size), a student's grades, GPA and transcript, the dean's
office summary, the history of grades."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q
from django.utils import translation

from qashyq.core.cache import cached, generation
from qashyq.core.scope import ActorScope
from qashyq.courses import selectors as course_selectors
from qashyq.courses.errors import CourseNotFound
from qashyq.courses.models import Course, Enrolment
from qashyq.gradebook import formula
from qashyq.gradebook.data import (
    ChangeRow,
    FinalRow,
    ItemRow,
    Journal,
    PeriodGrades,
    StudentRow,
    SummaryRow,
    Transcript,
    TranscriptLine,
)
from qashyq.gradebook.errors import GradebookNotFound
from qashyq.gradebook.models import (
    CourseGrading,
    ExamRetake,
    FinalGrade,
    GradeChange,
    GradeEntry,
    GradeItem,
    GradeScale,
    GradingPolicy,
    Statement,
)
from qashyq.gradebook.permissions import (
    WIDE_READERS,
    GradebookAccess,
    can_read_student,
    gradebook_access_of,
)
from qashyq.people.models import Student

POLICY_GENERATION = "gradebook-policy"


def course_generation(course_id: int) -> str:
    return f"gradebook-course-{course_id}"


# ---------------------------------------------------------------- access


def gradebook_access(*, actor: ActorScope, course_id: object) -> GradebookAccess:
    """The actor's rights in a course's gradebook, or GradebookNotFound (404) when they
    may read neither the journal nor their own grades (SEC-2)."""
    try:
        access = course_selectors.course_access(actor=actor, course_id=course_id)
    except CourseNotFound as error:
        raise GradebookNotFound(str(error)) from error
    rights = gradebook_access_of(access)
    if not (rights.read_journal or rights.own):
        raise GradebookNotFound("not found")
    return rights


# ---------------------------------------------------------------- scale and policy


def _scale_from_row(row: GradeScale) -> formula.Scale:
    return formula.Scale(
        name=row.name,
        rounding=row.rounding,
        bands=tuple(
            formula.Band(
                letter=b.letter,
                points=b.points,
                lower=b.lower,
                upper=b.upper,
                traditional_kk=b.traditional_kk,
                traditional_ru=b.traditional_ru,
                traditional_en=b.traditional_en,
                passes=b.passes,
                counts_in_gpa=b.counts_in_gpa,
                exam_retake_allowed=b.exam_retake_allowed,
            )
            for b in row.bands.all()
        ),
    )


def scale_in_force(*, institution_id: int, on: dt.date) -> formula.Scale:
    """GRD-1: the institution's scale version in force on `on`; the "KZ-current" preset
    when the institution has none yet."""

    def compute() -> formula.Scale:
        row = (
            GradeScale.objects.filter(institution_id=institution_id, effective_from__lte=on)
            .order_by("-effective_from")
            .prefetch_related("bands")
            .first()
        )
        return formula.preset_scale() if row is None else _scale_from_row(row)

    key = f"gradebook:scale:{institution_id}:{on}:{generation(POLICY_GENERATION)}"
    return cached(key, compute, local=True)


def policy_of(row: GradingPolicy | None) -> formula.Policy:
    if row is None:
        return formula.Policy()
    return formula.Policy(
        weight_admission=row.weight_admission,
        weight_exam=row.weight_exam,
        admission_threshold=row.admission_threshold,
        admission_rule=row.admission_rule,
        exam_minimum=row.exam_minimum,
        fx_retakes=row.fx_retakes,
        retake_in_gpa=row.retake_in_gpa,
        honours_gpa=row.honours_gpa,
        honours_lowest_letter=row.honours_lowest_letter,
        honours_final_letters=tuple(
            x.strip() for x in row.honours_final_letters.split(",") if x.strip()
        ),
        honours_no_retakes=row.honours_no_retakes,
        transfer_gpa=dict(row.transfer_gpa or {}),
    )


def policy_in_force(*, institution_id: int, on: dt.date) -> formula.Policy:
    """GRD-3…GRD-5, GPA-1, GPA-2: the institution's policy in force on `on` (the
    defaults when it has none)."""

    def compute() -> formula.Policy:
        row = (
            GradingPolicy.objects.filter(institution_id=institution_id, effective_from__lte=on)
            .order_by("-effective_from")
            .first()
        )
        return policy_of(row)

    key = f"gradebook:policy:{institution_id}:{on}:{generation(POLICY_GENERATION)}"
    return cached(key, compute, local=True)


def course_weights(*, course_id: int) -> formula.CourseWeights:
    row = CourseGrading.objects.filter(course_id=course_id).first()
    if row is None:
        return formula.CourseWeights()
    return formula.CourseWeights(
        current_share=row.current_share,
        r1_share=row.r1_share,
        admission_threshold=row.admission_threshold,
        exam_minimum=row.exam_minimum,
    )


def course_rules(course: Course) -> tuple[formula.Scale, formula.Policy, formula.CourseWeights]:
    """What grades a course: the versions in force on its period's first day."""
    on = course.period.starts_on
    return (
        scale_in_force(institution_id=course.institution_id, on=on),
        policy_in_force(institution_id=course.institution_id, on=on),
        course_weights(course_id=course.pk),
    )


# ---------------------------------------------------------------- the journal


def course_items(*, course_id: int) -> list[ItemRow]:
    return [
        ItemRow(*row)
        for row in GradeItem.objects.filter(course_id=course_id)
        .order_by("position", "pk")
        .values_list("pk", "title", "control", "half", "max_points", "weight", "position", "source")
    ]


def as_formula_items(items: Iterable[ItemRow]) -> list[formula.Item]:
    return [formula.Item(i.id, i.control, i.half, i.max_points, i.weight) for i in items]


def _final_row(final: FinalGrade) -> FinalRow:
    return FinalRow(
        letter=final.letter,
        points=final.points,
        percent=final.percent,
        passes=final.passes,
        clause=final.clause,
        retakes=final.retakes,
        gpa_points=final.gpa_points,
    )


def course_journal(
    *, course: Course, student_ids: Iterable[int] | None = None, group_id: int | None = None
) -> Journal:
    """The e-journal of a course: items × active students with each one's admission
    rating, verdict and final. Queries: items, students, entries, weights, statement,
    finals (and the scale and policy, cached) — whatever the number of cells."""
    scale, policy, weights = course_rules(course)
    items = course_items(course_id=course.pk)
    students = Student.objects.filter(
        pk__in=Enrolment.objects.filter(course_id=course.pk, is_active=True).values("student_id")
    )
    if student_ids is not None:
        students = students.filter(pk__in=list(student_ids))
    if group_id is not None:
        students = students.filter(group_id=group_id)
    student_rows = list(
        students.order_by("group__code", "user__last_name", "user__first_name", "pk").values_list(
            "pk", "user__last_name", "user__first_name", "user__middle_name", "group__code"
        )
    )
    wanted = {row[0] for row in student_rows}
    by_student: dict[int, dict[int, formula.Entry]] = defaultdict(dict)
    if items and student_rows:
        entries = GradeEntry.objects.filter(course_id=course.pk)
        if student_ids is not None or group_id is not None:
            entries = entries.filter(student_id__in=sorted(wanted))
        for item_id, student_id, points, mark in entries.values_list(
            "item_id", "student_id", "points", "mark"
        ):
            by_student[student_id][item_id] = formula.Entry(points, mark)
    statement = Statement.objects.filter(course_id=course.pk).first()
    finals: dict[int, FinalRow] = {}
    if statement is not None:
        finals = {
            f.student_id: _final_row(f)
            for f in FinalGrade.objects.filter(course_id=course.pk, student_id__in=sorted(wanted))
        }
    f_items = as_formula_items(items)
    rows = []
    sums = [Decimal(0)] * len(items)
    counts = [0] * len(items)
    for pk, last, first, middle, group_code in student_rows:
        mine = by_student.get(pk, {})
        cells: list[tuple[Decimal | None, str]] = []
        for n, item in enumerate(items):
            entry = mine.get(item.id)
            if entry is None:
                cells.append((None, ""))
                continue
            cells.append((entry.points, entry.mark))
            if entry.points is not None:
                sums[n] += entry.points * 100 / item.max_points
                counts[n] += 1
        result = formula.final_compute(
            items=f_items, entries=mine, weights=weights, policy=policy, scale=scale
        )
        rows.append(
            StudentRow(
                id=pk,
                full_name=" ".join(p for p in (last, first, middle) if p),
                group_code=group_code or "",
                cells=tuple(cells),
                result=result,
                final=finals.get(pk),
            )
        )
    averages = tuple(formula.q2(s / c) if c else None for s, c in zip(sums, counts, strict=True))
    return Journal(
        course_id=course.pk,
        items=tuple(items),
        rows=tuple(rows),
        weights=weights,
        policy=policy,
        scale=scale,
        confirmed_at=statement.confirmed_at if statement else None,
        averages=averages,
    )


def entry_history(
    *, course_id: int, student_id: int | None = None, limit: int = 200
) -> list[ChangeRow]:
    """The history of a course's grades (newest first), optionally of one student."""
    changes = GradeChange.objects.filter(entry__course_id=course_id)
    if student_id is not None:
        changes = changes.filter(entry__student_id=student_id)
    rows = changes.order_by("-changed_at", "-pk").values_list(
        "entry__item__title",
        "entry__student_id",
        "from_points",
        "to_points",
        "from_mark",
        "to_mark",
        "source",
        "applied",
        "changed_by__last_name",
        "changed_by__first_name",
        "changed_at",
        "reason",
    )[:limit]
    return [
        ChangeRow(
            item_title=title,
            student_id=sid,
            from_points=fp,
            to_points=tp,
            from_mark=fm,
            to_mark=tm,
            source=source,
            applied=applied,
            by=" ".join(p for p in (last, first) if p),
            at=at,
            reason=reason,
        )
        for title, sid, fp, tp, fm, tm, source, applied, last, first, at, reason in rows
    ]


# ---------------------------------------------------------------- a student's grades and GPA


def student_for(*, actor: ActorScope, student_id: int) -> Student:
    """A student whose grades the actor may read, or GradebookNotFound (SEC-2)."""
    student = (
        Student.objects.select_related("user", "program__department", "group")
        .filter(pk=student_id)
        .first()
    )
    if student is None or not can_read_student(
        actor,
        student_id=student.pk,
        institution_id=student.institution_id,
        faculty_id=student.program.department.faculty_id,
        department_id=student.program.department_id,
        group_id=student.group_id,
    ):
        raise GradebookNotFound("not found")
    return student


def student_transcript(*, student: Student, language: str | None = None) -> Transcript:
    """The student's confirmed finals by academic period with credits, letter, points,
    traditional grade and GPA per period and cumulative (GPA-1); the honours check
    (GPA-2). Three queries plus the scale and policy (cached)."""
    language = language or translation.get_language() or "kk"
    finals = list(
        FinalGrade.objects.filter(student_id=student.pk)
        .select_related("course__discipline", "period__academic_year")
        .order_by("period__starts_on", "course__discipline__code", "pk")
    )
    retakes = sum(f.retakes for f in finals)
    periods: list[PeriodGrades] = []
    lines_all: list[formula.GpaLine] = []
    by_period: dict[int, list[FinalGrade]] = defaultdict(list)
    for final in finals:
        by_period[final.period_id].append(final)
    scale = None
    for period_id, rows in by_period.items():
        period = rows[0].period
        scale = scale_in_force(institution_id=student.institution_id, on=period.starts_on)
        lines = []
        gpa_lines = []
        for f in rows:
            band = scale.by_letter(f.letter)
            discipline = f.course.discipline
            lines.append(
                TranscriptLine(
                    course_id=f.course_id,
                    discipline_code=discipline.code,
                    discipline_name=_name(discipline, language),
                    credits=f.credits,
                    letter=f.letter,
                    points=f.points,
                    percent=f.percent,
                    traditional=band.traditional(language) if band else "",
                    passes=f.passes,
                    counts_in_gpa=f.counts_in_gpa,
                    retakes=f.retakes,
                )
            )
            gpa_lines.append(formula.GpaLine(f.credits, f.gpa_points, f.counts_in_gpa))
        lines_all += gpa_lines
        periods.append(
            PeriodGrades(
                period_id=period_id,
                title=_period_title(period, language),
                lines=tuple(lines),
                credits=sum(f.credits for f in rows if f.passes),
                gpa=formula.gpa(gpa_lines),
            )
        )
    cumulative = formula.gpa(lines_all)
    policy = policy_in_force(
        institution_id=student.institution_id, on=finals[-1].period.starts_on
    ) if finals else formula.Policy()  # fmt: skip
    honours = formula.honours_check(
        gpa_value=cumulative,
        letters=[f.letter for f in finals],
        retakes=retakes,
        final_letters=[],
        policy=policy,
        scale=scale or formula.preset_scale(),
    )
    return Transcript(
        student_id=student.pk,
        full_name=student.user.get_full_name(),
        student_number=student.student_number,
        program=f"{student.program.code} {_name(student.program, language)}",
        group_code=student.group.code if student.group else "",
        institution=_name(student.institution, language),
        periods=tuple(periods),
        credits=sum(p.credits for p in periods),
        gpa=cumulative,
        honours_eligible=honours.eligible,
        honours_failed=honours.failed,
    )


def _name(obj: object, language: str) -> str:
    kk, ru, en = (getattr(obj, f"name_{x}", "") for x in ("kk", "ru", "en"))
    by = {"kk": kk, "ru": ru, "en": en}
    return str(by.get(language[:2]) or kk or ru or en or getattr(obj, "name", ""))


def _period_title(period: object, language: str) -> str:
    with translation.override(language):
        return str(period)


def student_courses(*, student_id: int) -> list[Course]:
    """The published courses a student is actively enrolled in, newest period first."""
    return list(
        Course.objects.filter(
            enrolments__student_id=student_id, enrolments__is_active=True, status="published"
        )
        .select_related("discipline", "period")
        .order_by("-period__starts_on", "discipline__code")
    )


def retakes_of(*, course_id: int, student_id: int) -> list[ExamRetake]:
    return list(ExamRetake.objects.filter(final__course_id=course_id, final__student_id=student_id))


# ---------------------------------------------------------------- the dean's office summary


def summary_scope(actor: ActorScope) -> Q | None:
    """Students whose finals the actor's summary covers (None: none)."""
    if actor.is_superuser:
        return Q()
    parts = Q(pk__in=[])
    found = False
    wide = actor.institutions_with(*WIDE_READERS)
    if wide:
        parts |= Q(student__institution_id__in=sorted(wide))
        found = True
    faculties = actor.faculties_with("dean")
    if faculties:
        parts |= Q(student__program__department__faculty_id__in=sorted(faculties))
        found = True
    departments = actor.departments_with("department_head")
    if departments:
        parts |= Q(student__program__department_id__in=sorted(departments))
        found = True
    return parts if found else None


def summary_periods(*, actor: ActorScope) -> list[tuple[int, str]]:
    scope = summary_scope(actor)
    if scope is None:
        return []
    ids = (
        FinalGrade.objects.filter(scope)
        .values_list("period_id", flat=True)
        .distinct()
        .order_by("period_id")
    )
    from qashyq.institutions.models import AcademicPeriod  # noqa: PLC0415 - read only here

    periods = AcademicPeriod.objects.filter(pk__in=list(ids)).select_related("academic_year")
    return [(p.pk, str(p)) for p in sorted(periods, key=lambda p: p.starts_on, reverse=True)]


def grades_summary(*, actor: ActorScope, period_id: int, by: str = "group") -> list[SummaryRow]:
    """The dean's office summary of a period per group or program: the letter
    distribution, not admitted, FX and F, the average of the students' period GPA."""
    scope = summary_scope(actor)
    if scope is None:
        return []
    key_field = "student__group__code" if by == "group" else "student__program__code"
    rows = FinalGrade.objects.filter(scope, period_id=period_id).values_list(
        key_field, "student_id", "letter", "admitted", "credits", "gpa_points", "counts_in_gpa"
    )
    groups: dict[str, dict[str, object]] = {}
    per_student: dict[tuple[str, int], list[formula.GpaLine]] = defaultdict(list)
    for key, student_id, letter, admitted, credits, points, counts in rows:
        code = key or "—"
        g = groups.setdefault(code, {"letters": defaultdict(int), "finals": 0, "not_admitted": 0})
        g["finals"] = int(g["finals"]) + 1  # type: ignore[call-overload]
        g["letters"][letter] += 1  # type: ignore[index]
        if not admitted:
            g["not_admitted"] = int(g["not_admitted"]) + 1  # type: ignore[call-overload]
        per_student[(code, student_id)].append(formula.GpaLine(credits, points, counts))
    out = []
    for code in sorted(groups):
        g = groups[code]
        gpas = [
            v
            for (c, _s), lines in per_student.items()
            if c == code and (v := formula.gpa(lines)) is not None
        ]
        letters: dict[str, int] = dict(g["letters"])  # type: ignore[call-overload]
        out.append(
            SummaryRow(
                key=code,
                students=sum(1 for c, _s in per_student if c == code),
                finals=int(g["finals"]),  # type: ignore[call-overload]
                letters=letters,
                not_admitted=int(g["not_admitted"]),  # type: ignore[call-overload]
                fx=letters.get("FX", 0),
                f=letters.get("F", 0),
                average_gpa=formula.q2(sum(gpas, Decimal(0)) / len(gpas)) if gpas else None,
            )
        )
    return out
