"""Reads of the compliance pages: the dashboard over the read model (ADR 0016) and the
per-student panel. Every function takes the actor and returns only what it may see.

Who sees the dashboard (SEC-2): the Office Registrar, the rector's office, the
distance-learning unit and administrators see their whole institution; a dean the
students and programs of their faculty; a head of department those of their
department; superusers everything. Everyone else gets 404.
Who sees a student's panel: whoever may see the personal file
(people.selectors.student_get_for): the student themself, their advisor and tutor, the
staff above. Absent and not-yours answer alike.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from qashyq.core.errors import NotFound
from qashyq.core.scope import ActorScope
from qashyq.institutions import selectors as institution_selectors
from qashyq.institutions.models import Faculty, Institution, Program, StudentGroup
from qashyq.people import selectors as people_selectors
from qashyq.people.data import StudentFilter
from qashyq.people.models import CreditBasis, Delivery, PlanItemStatus, Student, StudyPlanItem
from qashyq.regulations import selectors
from qashyq.regulations.data import Outcome, Report, Verdict
from qashyq.regulations.models_compliance import (
    DASHBOARD_ROLES,
    ComplianceRow,
    ComplianceRun,
    SubjectOfRow,
)

EXPORT_CHUNK = 500  # students checked at a time while an export streams
OUTCOME_LABELS = {
    Outcome.VIOLATED.value: pgettext_lazy("outcome", "violated"),
    Outcome.ALLOWED.value: pgettext_lazy("outcome", "allowed"),
    Outcome.NOT_APPLICABLE.value: pgettext_lazy("outcome", "not applicable"),
}


def _requirement_order(requirement: str) -> tuple[str, int, str]:
    """ELIG-5 < LIM-1 < LIM-2 < … < LIM-13 < ONL-1 (numbers compared as numbers)."""
    prefix, _dash, number = requirement.partition("-")
    return (prefix, int(number), "") if number.isdigit() else (prefix, 0, number)


# ---------------------------------------------------------------- who sees what


def compliance_institutions_for(*, actor: ActorScope) -> list[Institution]:
    """Institutions whose dashboard the actor may open (in code order)."""
    queryset = Institution.objects.order_by("code")
    if actor.is_superuser:
        return list(queryset)
    ids = actor.institutions_with(*DASHBOARD_ROLES)
    return list(queryset.filter(pk__in=sorted(ids))) if ids else []


def compliance_institution_get_for(*, actor: ActorScope, institution_id: object) -> Institution:
    """One institution of `compliance_institutions_for`, or NotFound."""
    for institution in compliance_institutions_for(actor=actor):
        if str(institution.pk) == str(institution_id):
            return institution
    raise NotFound(_("Not found."))


def _is_institution_wide(actor: ActorScope, institution_id: int) -> bool:
    return actor.is_superuser or institution_id in actor.institution_wide


def _narrow_scopes(actor: ActorScope, institution_id: int) -> tuple[list[int], list[int]]:
    """The dean's faculties and the department head's departments in this institution."""
    faculties = sorted(
        {
            g.faculty_id
            for g in actor.grants
            if g.role == "dean" and g.institution_id == institution_id and g.faculty_id
        }
    )
    departments = sorted(
        {
            g.department_id
            for g in actor.grants
            if g.role == "department_head"
            and g.institution_id == institution_id
            and g.department_id
        }
    )
    return faculties, departments


def _student_scope(actor: ActorScope, institution_id: int) -> Q:
    if _is_institution_wide(actor, institution_id):
        return Q(institution_id=institution_id)
    faculties, departments = _narrow_scopes(actor, institution_id)
    return (
        Q(institution_id=institution_id)
        & (
            Q(program__department__faculty_id__in=faculties)
            | Q(program__department_id__in=departments)
        )
        if faculties or departments
        else Q(pk__in=[])
    )


def _program_scope(actor: ActorScope, institution_id: int) -> Q:
    if _is_institution_wide(actor, institution_id):
        return Q(institution_id=institution_id)
    faculties, departments = _narrow_scopes(actor, institution_id)
    return (
        Q(institution_id=institution_id)
        & (Q(department__faculty_id__in=faculties) | Q(department_id__in=departments))
        if faculties or departments
        else Q(pk__in=[])
    )


# ---------------------------------------------------------------- filters


@dataclass(frozen=True)
class ComplianceFilter:
    """The dashboard's filters; empty values mean "any". `outcome` picks the verdicts a
    subject must have (for `requirement`, or for any requirement when it is empty)."""

    faculty_id: int | None = None
    program_id: int | None = None
    group_id: int | None = None
    requirement: str = ""
    outcome: str = Outcome.VIOLATED.value
    search: str = ""

    @property
    def narrows_students(self) -> bool:
        return bool(self.faculty_id or self.program_id or self.group_id or self.search.strip())

    def shows(self, verdict: Verdict) -> bool:
        """A verdict is listed when it has the outcome asked for (and the requirement)."""
        return verdict.outcome == self.outcome and (
            not self.requirement or verdict.requirement == self.requirement
        )


@dataclass(frozen=True)
class FilterChoices:
    """What the dashboard's filter form offers to this actor."""

    faculties: list[Faculty]
    programs: list[Program]
    groups: list[StudentGroup]  # of the chosen program only (a university has hundreds)
    requirements: list[str]


def compliance_filter_choices(
    *, actor: ActorScope, institution: Institution, run: ComplianceRun, program_id: int | None
) -> FilterChoices:
    faculties = (
        Faculty.objects.filter(institution=institution).order_by("code")
        if _is_institution_wide(actor, institution.pk)
        else Faculty.objects.filter(
            Q(pk__in=_narrow_scopes(actor, institution.pk)[0])
            | Q(departments__in=_narrow_scopes(actor, institution.pk)[1])
        )
        .distinct()
        .order_by("code")
    )
    programs = Program.objects.filter(_program_scope(actor, institution.pk)).order_by("code")
    groups = (
        list(
            StudentGroup.objects.filter(
                program_id=program_id, program__in=programs.values("pk")
            ).order_by("code")
        )
        if program_id
        else []
    )
    requirements = sorted(
        {
            *run.requirements.get(SubjectOfRow.STUDENT.value, []),
            *run.requirements.get(SubjectOfRow.PROGRAM.value, []),
        },
        key=_requirement_order,
    )
    return FilterChoices(
        faculties=list(faculties),
        programs=list(programs),
        groups=groups,
        requirements=requirements,
    )


# ---------------------------------------------------------------- counts


@dataclass(frozen=True)
class RequirementCount:
    """How many subjects have a verdict of each outcome for one requirement."""

    requirement: str
    violated: int
    allowed: int
    not_applicable: int


def _counts(rows: QuerySet[ComplianceRow], names: Sequence[str]) -> list[RequirementCount]:
    """One query: the rows grouped by their three masks (few distinct combinations, as
    equal facts give equal verdicts), then the bits counted here."""
    if not names:
        return []
    totals = {name: [0, 0, 0] for name in names}
    combinations = rows.values_list("violated", "allowed", "not_applicable").annotate(n=Count("pk"))
    for violated, allowed, not_applicable, n in combinations.order_by():
        for index, name in enumerate(names):
            bit = 1 << index
            counts = totals[name]
            counts[0] += n if violated & bit else 0
            counts[1] += n if allowed & bit else 0
            counts[2] += n if not_applicable & bit else 0
    return [
        RequirementCount(requirement=name, violated=c[0], allowed=c[1], not_applicable=c[2])
        for name, c in sorted(totals.items(), key=lambda item: _requirement_order(item[0]))
    ]


def _matching(
    rows: QuerySet[ComplianceRow], run: ComplianceRun, subject: str, filters: ComplianceFilter
) -> QuerySet[ComplianceRow]:
    """Rows with a verdict of the outcome asked for (for the requirement, when given)."""
    outcome = filters.outcome if filters.outcome in OUTCOME_LABELS else Outcome.VIOLATED.value
    if not filters.requirement:
        return rows.filter(**{f"{outcome}__gt": 0})
    bit = run.requirement_bits(subject).get(filters.requirement)
    if bit is None:
        return rows.none()
    return rows.alias(hit=F(outcome).bitand(bit)).filter(hit__gt=0)


# ---------------------------------------------------------------- students


def _visible_students(
    *, actor: ActorScope, institution: Institution, filters: ComplianceFilter
) -> QuerySet[Student]:
    """Students of the institution in the actor's dashboard scope, filtered, by name."""
    return people_selectors.student_list_for(
        actor=actor,
        filters=StudentFilter(
            institution_id=institution.pk,
            faculty_id=filters.faculty_id,
            program_id=filters.program_id,
            group_id=filters.group_id,
            search=filters.search,
        ),
    ).filter(_student_scope(actor, institution.pk))


def _student_rows(
    *, actor: ActorScope, institution: Institution, run: ComplianceRun, filters: ComplianceFilter
) -> QuerySet[ComplianceRow]:
    rows = ComplianceRow.objects.filter(run=run, subject=SubjectOfRow.STUDENT)
    if _is_institution_wide(actor, institution.pk) and not filters.narrows_students:
        return rows  # the whole run: no need to ask which students the actor sees
    visible = _visible_students(actor=actor, institution=institution, filters=filters)
    return rows.filter(student_id__in=visible.order_by().values("pk"))


def compliance_student_counts(
    *, actor: ActorScope, institution: Institution, run: ComplianceRun, filters: ComplianceFilter
) -> list[RequirementCount]:
    """Per requirement: students in scope and filters with each outcome (one query)."""
    return _counts(
        _student_rows(actor=actor, institution=institution, run=run, filters=filters),
        run.requirements.get(SubjectOfRow.STUDENT.value, []),
    )


def compliance_student_list(
    *, actor: ActorScope, institution: Institution, run: ComplianceRun, filters: ComplianceFilter
) -> QuerySet[Student]:
    """Students in scope and filters with a verdict of the outcome asked for, by name,
    with user, program, faculty and group fetched (for pages and exports)."""
    rows = _matching(
        ComplianceRow.objects.filter(run=run, subject=SubjectOfRow.STUDENT),
        run,
        SubjectOfRow.STUDENT,
        filters,
    )
    return _visible_students(actor=actor, institution=institution, filters=filters).filter(
        pk__in=rows.values("student_id")
    )


@dataclass(frozen=True)
class StudentFindings:
    """A student of the list with the verdicts the filters ask for (checked again now, in
    the reader's language)."""

    student: Student
    verdicts: tuple[Verdict, ...]


def compliance_student_findings(
    *,
    institution: Institution,
    as_of: dt.date,
    students: Sequence[Student],
    filters: ComplianceFilter,
) -> list[StudentFindings]:
    """The verdicts of these students (one bulk check) that the filters show."""
    reports = selectors.check_students(
        institution=institution, as_of=as_of, student_ids=[s.pk for s in students]
    )
    return [
        StudentFindings(
            student=student,
            verdicts=_shown(reports.get(student.pk), filters),
        )
        for student in students
    ]


@dataclass(frozen=True)
class StudentLine:
    """A listed student as an export writes them (plain values, no model objects)."""

    pk: int
    number: str
    full_name: str
    faculty: str
    program: str
    group: str


def compliance_student_lines(
    *, actor: ActorScope, institution: Institution, run: ComplianceRun, filters: ComplianceFilter
) -> Iterator[tuple[StudentLine, tuple[Verdict, ...]]]:
    """The whole list of `compliance_student_list` with the verdicts the filters show,
    read and checked EXPORT_CHUNK students at a time, so that an export streams in
    bounded memory."""
    programs = {
        p.pk: p
        for p in Program.objects.filter(institution=institution).select_related(
            "department__faculty"
        )
    }
    values = compliance_student_list(
        actor=actor, institution=institution, run=run, filters=filters
    ).values_list(
        "pk",
        "student_number",
        "user__last_name",
        "user__first_name",
        "user__middle_name",
        "user__username",
        "program_id",
        "group__code",
    )
    chunk: list[StudentLine] = []
    for pk, number, last, first, middle, username, program_id, group in values.iterator(
        chunk_size=EXPORT_CHUNK
    ):
        program = programs[program_id]
        chunk.append(
            StudentLine(
                pk=pk,
                number=number,
                full_name=" ".join(p for p in (last, first, middle) if p) or username,
                faculty=program.department.faculty.code,
                program=f"{program.code} {program.name}",
                group=group or "",
            )
        )
        if len(chunk) == EXPORT_CHUNK:
            yield from _lines_checked(institution, run.as_of, chunk, filters)
            chunk = []
    if chunk:
        yield from _lines_checked(institution, run.as_of, chunk, filters)


def _lines_checked(
    institution: Institution,
    as_of: dt.date,
    lines: Sequence[StudentLine],
    filters: ComplianceFilter,
) -> Iterator[tuple[StudentLine, tuple[Verdict, ...]]]:
    reports = selectors.check_students(
        institution=institution, as_of=as_of, student_ids=[line.pk for line in lines]
    )
    for line in lines:
        yield line, _shown(reports.get(line.pk), filters)


def _shown(report: Report | None, filters: ComplianceFilter) -> tuple[Verdict, ...]:
    if report is None:
        return ()
    return tuple(v for v in report.verdicts if filters.shows(v))


# ---------------------------------------------------------------- programs


def _program_rows(
    *, actor: ActorScope, institution: Institution, run: ComplianceRun, filters: ComplianceFilter
) -> QuerySet[ComplianceRow]:
    rows = ComplianceRow.objects.filter(run=run, subject=SubjectOfRow.PROGRAM)
    if _is_institution_wide(actor, institution.pk) and not (
        filters.faculty_id or filters.program_id
    ):
        return rows
    return rows.filter(
        program_id__in=_visible_programs(
            actor=actor, institution=institution, filters=filters
        ).values("pk")
    )


def _visible_programs(
    *, actor: ActorScope, institution: Institution, filters: ComplianceFilter
) -> QuerySet[Program]:
    queryset = institution_selectors.program_list_for(
        actor=actor, institution_id=institution.pk, faculty_id=filters.faculty_id
    ).filter(_program_scope(actor, institution.pk))
    if filters.program_id:
        queryset = queryset.filter(pk=filters.program_id)
    return queryset


def compliance_program_counts(
    *, actor: ActorScope, institution: Institution, run: ComplianceRun, filters: ComplianceFilter
) -> list[RequirementCount]:
    """Per requirement: programs in scope (faculty and program filters) with each outcome."""
    return _counts(
        _program_rows(actor=actor, institution=institution, run=run, filters=filters),
        run.requirements.get(SubjectOfRow.PROGRAM.value, []),
    )


def compliance_program_list(
    *, actor: ActorScope, institution: Institution, run: ComplianceRun, filters: ComplianceFilter
) -> QuerySet[Program]:
    """Programs in scope with a verdict of the outcome asked for, by code."""
    rows = _matching(
        ComplianceRow.objects.filter(run=run, subject=SubjectOfRow.PROGRAM),
        run,
        SubjectOfRow.PROGRAM,
        filters,
    )
    return _visible_programs(actor=actor, institution=institution, filters=filters).filter(
        pk__in=rows.values("program_id")
    )


@dataclass(frozen=True)
class ProgramFindings:
    program: Program
    verdicts: tuple[Verdict, ...]


def compliance_program_findings(
    *,
    institution: Institution,
    as_of: dt.date,
    programs: Sequence[Program],
    filters: ComplianceFilter,
) -> list[ProgramFindings]:
    reports = selectors.check_programs(
        institution=institution, as_of=as_of, program_ids=[p.pk for p in programs]
    )
    return [
        ProgramFindings(program=program, verdicts=_shown(reports.get(program.pk), filters))
        for program in programs
    ]


# ---------------------------------------------------------------- the student's panel


@dataclass(frozen=True)
class BasisCredits:
    """Credits of the plan earned on one basis (LIM-7, LIM-8, LIM-10)."""

    basis: str
    label: str
    credits: int
    distance_credits: int


@dataclass(frozen=True)
class PlanOverview:
    """The individual study plan as the rules count it (dropped items left out)."""

    items: list[StudyPlanItem]
    disciplines: int
    credits: int
    distance_disciplines: int
    distance_credits: int
    by_basis: list[BasisCredits]
    program_credits: int

    @property
    def distance_share(self) -> float:
        """Share of disciplines studied at a distance, in percent (1 decimal)."""
        return (
            round(100 * self.distance_disciplines / self.disciplines, 1)
            if self.disciplines
            else 0.0
        )


def _plan_overview(student: Student) -> PlanOverview:
    items = [
        i
        for i in people_selectors.study_plan_items(student=student)
        if i.status != PlanItemStatus.DROPPED
    ]
    credits: dict[str, int] = defaultdict(int)
    distance: dict[str, int] = defaultdict(int)
    for item in items:
        credits[item.credit_basis] += item.credits
        if item.delivery == Delivery.DISTANCE:
            distance[item.credit_basis] += item.credits
    return PlanOverview(
        items=items,
        disciplines=len(items),
        credits=sum(credits.values()),
        distance_disciplines=sum(1 for i in items if i.delivery == Delivery.DISTANCE),
        distance_credits=sum(distance.values()),
        by_basis=[
            BasisCredits(
                basis=basis.value,
                label=str(basis.label),
                credits=credits[basis.value],
                distance_credits=distance[basis.value],
            )
            for basis in CreditBasis
            if credits[basis.value]
        ],
        program_credits=student.program.total_credits,
    )


@dataclass(frozen=True)
class RequirementVerdicts:
    """The verdicts of one requirement (several acts may rule on it)."""

    requirement: str
    verdicts: tuple[Verdict, ...]

    @property
    def outcome(self) -> str:
        """The worst outcome: violated over allowed over not applicable."""
        outcomes = {v.outcome for v in self.verdicts}
        for outcome in (Outcome.VIOLATED, Outcome.ALLOWED):
            if outcome in outcomes:
                return outcome.value
        return Outcome.NOT_APPLICABLE.value


def _by_requirement(report: Report) -> list[RequirementVerdicts]:
    grouped: dict[str, list[Verdict]] = defaultdict(list)
    for verdict in report.verdicts:
        grouped[verdict.requirement].append(verdict)
    return [
        RequirementVerdicts(requirement=r, verdicts=tuple(grouped[r]))
        for r in sorted(grouped, key=_requirement_order)
    ]


@dataclass(frozen=True)
class ComparisonRow:
    """One requirement on each compared date: its verdicts there, and whether the outcome
    differs between the dates (the explanations say why)."""

    requirement: str
    cells: tuple[tuple[Verdict, ...], ...]

    @property
    def outcomes(self) -> tuple[str, ...]:
        """Per date the worst outcome of the requirement, "" when no rule speaks of it."""
        return tuple(
            RequirementVerdicts(requirement=self.requirement, verdicts=cell).outcome if cell else ""
            for cell in self.cells
        )

    @property
    def differs(self) -> bool:
        return len(set(self.outcomes)) > 1


@dataclass(frozen=True)
class StudentCompliance:
    student: Student
    plan: PlanOverview
    as_of: dt.date
    report: Report
    groups: list[RequirementVerdicts]
    dates: tuple[dt.date, ...]
    comparison: list[ComparisonRow] = field(default_factory=list)

    @property
    def violated_requirements(self) -> int:
        return sum(1 for group in self.groups if group.outcome == Outcome.VIOLATED.value)

    @property
    def differences(self) -> int:
        return sum(1 for row in self.comparison if row.differs)


def _comparison(reports: Sequence[Report]) -> list[ComparisonRow]:
    requirements: set[str] = set()
    cells: list[dict[str, tuple[Verdict, ...]]] = []
    for report in reports:
        grouped = {g.requirement: g.verdicts for g in _by_requirement(report)}
        requirements.update(grouped)
        cells.append(grouped)
    return [
        ComparisonRow(requirement=r, cells=tuple(c.get(r, ()) for c in cells))
        for r in sorted(requirements, key=_requirement_order)
    ]


def student_compliance_for(
    *, actor: ActorScope, student_id: object, as_of: dt.date, dates: Sequence[dt.date]
) -> StudentCompliance:
    """The panel: the plan as the rules count it, every verdict as of `as_of` grouped by
    requirement, and the verdicts on each of `dates` side by side. PersonNotFound for a
    student the actor may not see (as the personal file, SEC-2)."""
    student = people_selectors.student_get_for(actor=actor, student_id=student_id)
    report = selectors.check(student, as_of=as_of, institution=student.institution)
    compared = [selectors.check(student, as_of=d, institution=student.institution) for d in dates]
    return StudentCompliance(
        student=student,
        plan=_plan_overview(student),
        as_of=as_of,
        report=report,
        groups=_by_requirement(report),
        dates=tuple(dates),
        comparison=_comparison(compared),
    )
