"""Reads of regulations: gather facts from people and institutions, pick the rules in
force for an institution on a date (national rules, plus its pack), and call the pure
engine (`engine.evaluate`).

`check` answers for one subject; `check_students` / `check_programs` answer for many
with a handful of queries whatever their number (the dashboard, the bench), and give
the same verdicts as `check` for each one. These functions do not filter by actor:
pages and the API decide who may ask (see `permissions`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from qashyq.core.cache import cached, generation
from qashyq.core.scope import ActorScope
from qashyq.institutions.models import (
    AcademicPeriod,
    ControlForm,
    CurriculumItem,
    Department,
    Discipline,
    Institution,
    Program,
    StudyForm,
)
from qashyq.people.models import (
    Delivery,
    PlanItemStatus,
    Staff,
    Student,
    StudentStatus,
    StudyPlanItem,
    TeacherTraining,
)
from qashyq.regulations import engine
from qashyq.regulations.data import (
    Citation,
    DisciplineFacts,
    DistanceListFacts,
    EligibilityFacts,
    EligibilityRequest,
    EmergencyInfo,
    GroundRule,
    PlanFacts,
    ProgramFacts,
    ProgramProfile,
    Report,
    RuleSpec,
    RuleView,
    SubjectKind,
    TeacherFacts,
    Verdict,
)
from qashyq.regulations.errors import DistanceListNotFound, RuleNotFound, SubjectNotFound
from qashyq.regulations.facts import readiness_facts
from qashyq.regulations.models import (
    ActKind,
    DistanceDisciplineList,
    DistanceListStatus,
    EmergencyPeriod,
    Evaluator,
    Ground,
    LegalAct,
    Rule,
    RulePack,
    RulePackItem,
)
from qashyq.regulations.permissions import (
    can_check_structure,
    can_manage_regulations,
    can_view_distance_lists,
    distance_list_scope,
    emergency_period_scope,
)

Subject = Student | Program | Discipline | Staff | EligibilityRequest


# ---------------------------------------------------------------- rules for an institution


class _Params(dict[str, Any]):
    """format_map() helper: lists joined, unknown names kept as they are."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, params: Mapping[str, Any]) -> str:
    """A rule title/text with its parameters in it: "at most {limit_percent} %"."""
    values = _Params(
        {k: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in params.items()}
    )
    try:
        return template.format_map(values)
    except (ValueError, IndexError, KeyError, AttributeError):
        return template


def wording_label(act: LegalAct) -> str:
    return _("wording of %(date)s") % {"date": engine.day(act.signed_on)}


def citation_of(rule: Rule) -> Citation:
    act = rule.act
    return Citation(
        act_code=act.code,
        act_title=act.title,
        clause=rule.clause,
        wording=wording_label(act),
        original_kk=rule.original_kk,
    )


def _previous_note(rule: Rule) -> str:
    old = rule.replaces
    if old is None:
        return ""
    return _(
        "In force from %(date)s; until then (%(wording)s, clause %(clause)s): %(previous)s."
    ) % {
        "date": engine.day(rule.starts_on()),
        "wording": wording_label(old.act),
        "clause": old.clause,
        "previous": render(old.title, old.parameters),
    }


@dataclass(frozen=True)
class _Entry:
    """A catalogue rule as it stands for an institution: with its pack item, if any."""

    rule: Rule
    item: RulePackItem | None
    in_pack: bool


def _catalogue() -> list[Rule]:
    return list(
        Rule.objects.select_related("act", "replaces__act").order_by(
            "act__in_force_from", "act__code", "position", "code"
        )
    )


def _entries(institution: Institution | None, rules: Iterable[Rule] | None = None) -> list[_Entry]:
    """National and historical rules always; the institution's own regulation; and the
    rules of a preset regulation only when they are in the institution's pack."""
    items: dict[int, RulePackItem] = {}
    if institution is not None:
        items = {i.rule_id: i for i in RulePackItem.objects.filter(pack__institution=institution)}
    entries = []
    for rule in _catalogue() if rules is None else rules:
        act = rule.act
        item = items.get(rule.pk)
        if act.kind != ActKind.INSTITUTIONAL:
            entries.append(_Entry(rule, item, in_pack=False))
        elif institution is not None and (act.institution_id == institution.pk or item is not None):
            entries.append(_Entry(rule, item, in_pack=True))
    order: dict[str, int] = {ActKind.NATIONAL: 0, ActKind.INSTITUTIONAL: 1, ActKind.HISTORICAL: 2}
    entries.sort(key=lambda e: (order.get(e.rule.act.kind, 3), e.rule.act.in_force_from))
    return entries


def _params_on(entry: _Entry, as_of: dt.date | None) -> tuple[dict[str, Any], bool]:
    published = dict(entry.rule.parameters)
    item = entry.item
    if item is None or not item.parameters:
        return published, False
    if as_of is not None and item.effective_from is not None and as_of < item.effective_from:
        return published, False
    return engine.tightened(published, item.parameters), True


def _spec(entry: _Entry, as_of: dt.date) -> RuleSpec:
    rule = entry.rule
    params, tight = _params_on(entry, as_of)
    return RuleSpec(
        code=rule.code,
        requirement=rule.requirement,
        evaluator=rule.evaluator,
        params=params,
        scope=dict(rule.scope),
        title=render(rule.title, params),
        citation=citation_of(rule),
        starts_on=rule.starts_on(),
        ends_on=rule.ends_on(),
        act_kind=rule.act.kind,
        in_pack=entry.in_pack,
        previous=_previous_note(rule),
        tightened=tight,
    )


def rule_specs(*, institution: Institution | None, as_of: dt.date) -> list[RuleSpec]:
    """The rules that bind an institution (national + its pack), as the engine takes
    them, with the pack's tightened parameters where they apply on `as_of`.

    Cached per institution, date and language until a regulations service writes
    (ADR 0014); an edit in the Django admin is seen within the cache's TTL."""
    key = ":".join(
        (
            "regulations:specs",
            str(institution.pk if institution is not None else 0),
            as_of.isoformat(),
            translation.get_language() or "kk",
            generation("regulations"),
        )
    )
    return cached(key, lambda: [_spec(e, as_of) for e in _entries(institution)])


def emergency_on(*, institution: Institution | None, on: dt.date) -> EmergencyInfo | None:
    """The emergency period in force at the institution on a date (LIM-9, LIM-13)."""
    if institution is None:
        return None
    period = (
        EmergencyPeriod.objects.filter(institution=institution, starts_on__lte=on, ends_on__gte=on)
        .order_by("starts_on")
        .first()
    )
    if period is None:
        return None
    return EmergencyInfo(starts_on=period.starts_on, ends_on=period.ends_on, reason=period.reason)


def emergency_active(*, institution: Institution, on: dt.date) -> bool:
    """Is an emergency period in force at the institution on this date? (LIM-9, LIM-13)"""
    return emergency_on(institution=institution, on=on) is not None


# ---------------------------------------------------------------- facts


def _profile(program: Program) -> ProgramProfile:
    return ProgramProfile(
        level=program.level,
        direction_code=program.direction.code if program.direction is not None else "",
        study_form=program.study_form,
        institution_id=program.institution_id,
    )


def student_label(student: Student) -> str:
    return f"{student.user.get_full_name()} ({student.student_number})"


_ITEM_FIELDS = (
    "discipline_id",
    "credits",
    "delivery",
    "credit_basis",
    "discipline__code",
    "discipline__distance_percent",
    "discipline__is_mooc_based",
    "discipline__hours_lab",
    "discipline__control_form",
)


def _is_practice(hours_lab: int, control_form: str) -> bool:
    """LIM-13: disciplines with labs or a practice report cannot be done fully online."""
    return hours_lab > 0 or control_form == ControlForm.PRACTICE_REPORT


def plan_facts(
    *,
    student: Student,
    distance_discipline_ids: frozenset[int] | None = None,
    extra_distance_ids: frozenset[int] = frozenset(),
    grounds: frozenset[str] = frozenset(),
    distance_list: DistanceListFacts | None = None,
) -> PlanFacts:
    """The counted plan of one student (one query). With `distance_discipline_ids`,
    exactly those disciplines count as studied at a distance (a what-if); with
    `extra_distance_ids`, those count in addition to the plan's own. `distance_list`:
    the approved list in force for the student's program (LIM-6)."""
    rows = (
        StudyPlanItem.objects.filter(student=student)
        .exclude(status=PlanItemStatus.DROPPED)
        .values_list(*_ITEM_FIELDS)
    )
    total = distance = 0
    distance_credits: dict[str, int] = defaultdict(int)
    basis_credits: dict[str, int] = defaultdict(int)
    percents: list[int] = []
    practice: list[str] = []
    at_distance_codes: list[tuple[int, str]] = []
    for discipline_id, credits, delivery, basis, code, d_percent, mooc, lab, form in rows:
        total += 1
        basis_credits[basis] += credits
        if distance_discipline_ids is not None:
            at_distance = discipline_id in distance_discipline_ids
        else:
            at_distance = delivery == Delivery.DISTANCE or discipline_id in extra_distance_ids
        if at_distance:
            distance += 1
            distance_credits[basis] += credits
            at_distance_codes.append((discipline_id, code))
            if _is_practice(lab, form):
                practice.append(code)
        if d_percent > 0 and not mooc:
            percents.append(d_percent)
    return PlanFacts(
        student_id=student.pk,
        label=student_label(student),
        profile=_profile(student.program),
        program_credits=student.program.total_credits,
        prior_education=student.prior_education,
        disciplines_total=total,
        disciplines_distance=distance,
        distance_credits=dict(distance_credits),
        basis_credits=dict(basis_credits),
        distance_percents=tuple(sorted(percents)),
        practice_at_distance=tuple(sorted(practice)),
        grounds=grounds,
        distance_disciplines=_by_code(at_distance_codes),
        distance_list=distance_list,
    )


def _by_code(disciplines: Iterable[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    return tuple(sorted(disciplines, key=lambda d: (d[1], d[0])))


def _latest_curriculum_items(program_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Disciplines of each program's latest working curriculum (one query)."""
    rows = (
        CurriculumItem.objects.filter(curriculum__program_id__in=program_ids)
        .values(
            "curriculum__program_id",
            "curriculum__admission_year",
            "discipline__credits",
            "discipline__is_mooc_based",
            "discipline__synchronous_percent",
            "discipline__distance_percent",
        )
        .order_by("curriculum__program_id", "-curriculum__admission_year")
    )
    latest: dict[int, int] = {}
    by_program: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        pid = row["curriculum__program_id"]
        year = latest.setdefault(pid, row["curriculum__admission_year"])
        if row["curriculum__admission_year"] == year:
            by_program[pid].append(dict(row))
    return by_program


def _vacation(institution_id: int, on: dt.date) -> tuple[bool | None, dt.date | None]:
    """ONL-8: is `on` outside every academic period? None when no calendar covers it."""
    periods = list(
        AcademicPeriod.objects.filter(
            academic_year__institution_id=institution_id,
            academic_year__starts_on__lte=on,
            academic_year__ends_on__gte=on,
        ).values_list("starts_on", "ends_on")
    )
    if not periods:
        return None, None
    for starts, ends in periods:
        if starts <= on <= ends:
            return False, ends + dt.timedelta(days=1)
    return True, None


def _checks_readiness(specs: Sequence[RuleSpec], as_of: dt.date) -> bool:
    """Does an ONL-5 content-readiness rule bind on the date? (Else its facts are not read.)"""
    return any(s.evaluator == Evaluator.CONTENT_READINESS and s.in_force_on(as_of) for s in specs)


def program_facts_many(
    *, programs: Sequence[Program], as_of: dt.date, readiness: bool = False
) -> dict[int, ProgramFacts]:
    """Facts of many programs in a few queries (ONL-1 … ONL-5, ONL-8, LIM-4).

    `readiness`: also ask the registered ONL-5 provider (`facts.readiness_facts`, kept
    by `courses`) about the online-form programs, in one call for all of them.
    """
    ids = [p.pk for p in programs]
    ready = (
        readiness_facts(
            program_ids=[p.pk for p in programs if p.study_form == StudyForm.ONLINE],
            as_of=as_of,
        )
        if readiness
        else {}
    )
    curricula = _latest_curriculum_items(ids)
    at_distance = dict(
        StudyPlanItem.objects.filter(student__program_id__in=ids, delivery=Delivery.DISTANCE)
        .exclude(status=PlanItemStatus.DROPPED)
        .values("student__program_id")
        .annotate(n=Count("id"))
        .values_list("student__program_id", "n")
    )
    enrolled = dict(
        Student.objects.filter(program_id__in=ids, status=StudentStatus.ENROLLED)
        .values("program_id")
        .annotate(n=Count("id"))
        .values_list("program_id", "n")
    )
    teachers = dict(
        Staff.objects.filter(department_id__in={p.department_id for p in programs})
        .values("department_id")
        .annotate(n=Count("id"))
        .values_list("department_id", "n")
    )
    vacations = {i: _vacation(i, as_of) for i in {p.institution_id for p in programs}}
    facts = {}
    for program in programs:
        rows = curricula.get(program.pk, [])
        in_vacation, next_vacation = vacations[program.institution_id]
        facts[program.pk] = ProgramFacts(
            program_id=program.pk,
            label=f"{program.code} {program.name}",
            profile=_profile(program),
            total_credits=program.total_credits,
            mooc_credits=sum(
                r["discipline__credits"] for r in rows if r["discipline__is_mooc_based"]
            ),
            disciplines_total=len(rows),
            synchronous_percents=tuple(
                r["discipline__synchronous_percent"]
                for r in rows
                if not r["discipline__is_mooc_based"]
            ),
            disciplines_with_distance=sum(1 for r in rows if r["discipline__distance_percent"] > 0),
            plan_items_at_distance=at_distance.get(program.pk, 0),
            in_vacation=in_vacation,
            next_vacation_on=next_vacation,
            students=enrolled.get(program.pk, 0),
            teachers=teachers.get(program.department_id, 0),
            readiness=ready.get(program.pk),
        )
    return facts


def discipline_facts(*, discipline: Discipline) -> DisciplineFacts:
    online = CurriculumItem.objects.filter(
        discipline=discipline, curriculum__program__study_form=StudyForm.ONLINE
    ).exists()
    return DisciplineFacts(
        discipline_id=discipline.pk,
        label=f"{discipline.code} {discipline.name}",
        is_mooc=discipline.is_mooc_based,
        synchronous_percent=discipline.synchronous_percent,
        distance_percent=discipline.distance_percent,
        online_form=online,
    )


def teacher_facts(*, staff: Staff) -> TeacherFacts:
    trainings = tuple(
        TeacherTraining.objects.filter(staff=staff, online_pedagogy=True)
        .order_by("completed_on")
        .values_list("completed_on", "hours")
    )
    return TeacherFacts(staff_id=staff.pk, label=staff.user.get_full_name(), trainings=trainings)


# ---------------------------------------------------------------- lists open to distance (LIM-6)


def _lists_in_force(institution_id: int, on: dt.date) -> dict[int | None, DistanceListFacts]:
    """The approved lists in force at an institution on a date, by scope: program id →
    the program's list, None → the institution-wide list; the newest of each scope
    (latest effective_from, then order date, then the latest created). Two queries,
    cached per institution and date until a regulations service writes (ADR 0014)."""

    def compute() -> dict[int | None, DistanceListFacts]:
        rows = list(
            DistanceDisciplineList.objects.filter(
                Q(effective_until__isnull=True) | Q(effective_until__gte=on),
                institution_id=institution_id,
                status=DistanceListStatus.APPROVED,
                effective_from__lte=on,
            )
            .order_by("-effective_from", F("order_date").desc(nulls_last=True), "-pk")
            .values_list(
                "pk",
                "program_id",
                "order_number",
                "order_date",
                "effective_from",
                "effective_until",
            )
        )
        newest: dict[int | None, tuple[Any, ...]] = {}
        for row in rows:
            newest.setdefault(row[1], row)
        ids: dict[int, set[int]] = {row[0]: set() for row in newest.values()}
        through = DistanceDisciplineList.disciplines.through.objects.filter(
            distancedisciplinelist_id__in=sorted(ids)
        ).values_list("distancedisciplinelist_id", "discipline_id")
        for list_id, discipline_id in through:
            ids[list_id].add(discipline_id)
        return {
            scope: DistanceListFacts(
                list_id=pk,
                order_number=number,
                order_date=order_date,
                effective_from=starts,
                effective_until=ends,
                program_id=program_id,
                discipline_ids=frozenset(ids[pk]),
            )
            for scope, (pk, program_id, number, order_date, starts, ends) in newest.items()
        }

    key = f"regulations:lists:{institution_id}:{on.isoformat()}:{generation('regulations')}"
    return cached(key, compute)


def distance_list_in_force(
    *, institution: Institution | None, program_id: int | None, on: dt.date
) -> DistanceListFacts | None:
    """The approved list of disciplines open to distance learning that binds a program
    on a date (LIM-6): the program's own list if one is in force, else the list of the
    whole institution; None when neither is."""
    if institution is None:
        return None
    lists = _lists_in_force(institution.pk, on)
    return lists.get(program_id) if program_id in lists else lists.get(None)


def _checks_lists(specs: Sequence[RuleSpec], as_of: dt.date) -> bool:
    return any(s.evaluator == Evaluator.DISCIPLINE_LIST and s.in_force_on(as_of) for s in specs)


def _list_for_plan(
    specs: Sequence[RuleSpec], institution: Institution | None, program_id: int, as_of: dt.date
) -> DistanceListFacts | None:
    """The list for a plan's LIM-6 verdict; not even looked up when no LIM-6 rule binds."""
    if not _checks_lists(specs, as_of):
        return None
    return distance_list_in_force(institution=institution, program_id=program_id, on=as_of)


def disciplines_open_to_distance(*, student: Student, on: dt.date) -> frozenset[int] | None:
    """The disciplines a student may study at a distance under the approved list in
    force for their program on a date (LIM-6); None when no list is in force (then the
    list does not narrow the choice: the engine's limits still apply). For `distance`'s
    application form and API."""
    lists = _lists_in_force(student.institution_id, on)
    listed = lists.get(student.program_id) if student.program_id in lists else lists.get(None)
    return listed.discipline_ids if listed is not None else None


def distance_list_list_for(
    *,
    actor: ActorScope,
    institution: Institution | None = None,
    program_id: int | None = None,
    status: str = "",
    in_force_on: dt.date | None = None,
) -> QuerySet[DistanceDisciplineList]:
    """Lists the actor may read, newest first, with their number of disciplines.
    `in_force_on`: only approved lists in force on that date."""
    queryset = DistanceDisciplineList.objects.filter(distance_list_scope(actor))
    if institution is not None:
        queryset = queryset.filter(institution=institution)
    if program_id is not None:
        queryset = queryset.filter(program_id=program_id)
    if status:
        queryset = queryset.filter(status=status)
    if in_force_on is not None:
        queryset = queryset.filter(
            Q(effective_until__isnull=True) | Q(effective_until__gte=in_force_on),
            status=DistanceListStatus.APPROVED,
            effective_from__lte=in_force_on,
        )
    return (
        queryset.select_related("institution", "program", "approved_by")
        .annotate(discipline_count=Count("disciplines"))
        .order_by("-effective_from", "-pk")
    )


def distance_list_get_for(*, actor: ActorScope, list_id: object) -> DistanceDisciplineList:
    """One list the actor may read, or DistanceListNotFound for absent and not yours."""
    try:
        pk = int(str(list_id))
    except ValueError:
        raise DistanceListNotFound(_("Not found.")) from None
    found = (
        DistanceDisciplineList.objects.filter(distance_list_scope(actor), pk=pk)
        .select_related("institution", "program", "approved_by", "created_by")
        .first()
    )
    if found is None or not can_view_distance_lists(actor, found.institution_id):
        raise DistanceListNotFound(_("Not found."))
    return found


def distance_list_ids_in_force(*, institution: Institution, on: dt.date) -> frozenset[int]:
    """Ids of the lists that bind on a date (the newest approved list of each scope)."""
    return frozenset(f.list_id for f in _lists_in_force(institution.pk, on).values())


def distance_list_programs(*, institution: Institution) -> QuerySet[Program]:
    """Programs a list may be drawn up for, by code."""
    return Program.objects.filter(institution=institution).order_by("code", "pk")


def distance_list_departments(*, institution: Institution) -> QuerySet[Department]:
    """Departments whose disciplines may be put on a list, by code."""
    return Department.objects.filter(faculty__institution=institution).order_by("code", "pk")


def distance_list_disciplines(*, distance_list: DistanceDisciplineList) -> QuerySet[Discipline]:
    """The disciplines of a list, by code, with their department."""
    return distance_list.disciplines.select_related("department").order_by("code", "pk")


def distance_list_candidates(
    *,
    distance_list: DistanceDisciplineList,
    search: str = "",
    department_id: int | None = None,
) -> QuerySet[Discipline]:
    """Disciplines of the institution not yet on the list, by code: those whose code or
    name (any language) contains every word of `search`, of one department if given."""
    queryset = Discipline.objects.filter(
        department__faculty__institution_id=distance_list.institution_id
    ).exclude(pk__in=distance_list.disciplines.values("pk"))
    if department_id is not None:
        queryset = queryset.filter(department_id=department_id)
    for word in search.split():
        queryset = queryset.filter(
            Q(code__icontains=word)
            | Q(name_kk__icontains=word)
            | Q(name_ru__icontains=word)
            | Q(name_en__icontains=word)
        )
    return queryset.select_related("department").order_by("code", "pk")


# ---------------------------------------------------------------- check


def _student(pk: int) -> Student:
    student = (
        Student.objects.select_related("user", "program__direction", "institution")
        .filter(pk=pk)
        .first()
    )
    if student is None:
        raise SubjectNotFound(_("Not found."))
    return student


def _institution_of(subject: Subject) -> Institution | None:
    if isinstance(subject, Student | Program | Staff):
        return subject.institution
    if isinstance(subject, Discipline):
        return subject.department.faculty.institution
    return _student(subject.student_id).institution


def check(
    subject: Subject,
    *,
    as_of: dt.date,
    institution: Institution | None = None,
    distance_discipline_ids: frozenset[int] | None = None,
    grounds: frozenset[str] = frozenset(),
) -> Report:
    """Verdicts of every rule in force on `as_of` for the subject's institution (its
    pack included), with figures and citations.

    Student → the individual study plan (LIM-1 … LIM-13, ELIG-5); with
    `distance_discipline_ids`, as if exactly those disciplines were at a distance;
    `grounds`: the grounds the student already studies at a distance on (approved
    transfers, known to `distance`), for the exceptions of LIM-4 and ELIG-5.
    Program → ONL-1 … ONL-5, ONL-8, LIM-4; Discipline → ONL-2, LIM-5; Staff → ONL-4;
    EligibilityRequest → ELIG-1 … ELIG-6 and the plan limits with the requested
    disciplines at a distance in addition to the plan's own.
    """
    if institution is None:
        institution = _institution_of(subject)
    specs = rule_specs(institution=institution, as_of=as_of)
    emergency = emergency_on(institution=institution, on=as_of)
    inst_id = institution.pk if institution is not None else None
    kind: SubjectKind
    facts: engine.Facts
    if isinstance(subject, Student):
        kind, facts = (
            SubjectKind.STUDENT_PLAN,
            plan_facts(
                student=subject,
                distance_discipline_ids=distance_discipline_ids,
                grounds=grounds,
                distance_list=_list_for_plan(specs, institution, subject.program_id, as_of),
            ),
        )
        subject_id, label = subject.pk, facts.label
    elif isinstance(subject, Program):
        kind = SubjectKind.PROGRAM
        facts = program_facts_many(
            programs=[subject], as_of=as_of, readiness=_checks_readiness(specs, as_of)
        )[subject.pk]
        subject_id, label = subject.pk, facts.label
    elif isinstance(subject, Discipline):
        kind, facts = SubjectKind.DISCIPLINE, discipline_facts(discipline=subject)
        subject_id, label = subject.pk, facts.label
    elif isinstance(subject, Staff):
        kind, facts = SubjectKind.TEACHER, teacher_facts(staff=subject)
        subject_id, label = subject.pk, facts.label
    else:
        student = _student(subject.student_id)
        plan = plan_facts(
            student=student,
            extra_distance_ids=frozenset(subject.discipline_ids),
            grounds=frozenset({subject.ground}),
            distance_list=_list_for_plan(specs, institution, student.program_id, as_of),
        )
        kind = SubjectKind.ELIGIBILITY
        facts = EligibilityFacts(request=subject, plan=plan, level=student.program.level)
        subject_id, label = student.pk, plan.label
    verdicts = engine.evaluate(
        kind=kind, rules=specs, facts=facts, as_of=as_of, emergency=emergency
    )
    return Report(
        subject_kind=kind.value,
        subject_id=subject_id,
        subject_label=label,
        as_of=as_of,
        institution_id=inst_id,
        verdicts=verdicts,
    )


# ---------------------------------------------------------------- bulk


def _plan_aggregates(
    *, institution: Institution, student_ids: Sequence[int]
) -> dict[int, dict[str, Any]]:
    """Per student: disciplines, at a distance, and credits per basis, from one GROUP BY
    (student, delivery, credit basis): a few rows per student."""
    items = _per_student(
        StudyPlanItem.objects.all(), institution=institution, student_ids=student_ids
    )
    rows = items.values_list("student_id", "delivery", "credit_basis").annotate(
        n=Count("id"), c=Sum("credits")
    )
    out: dict[int, dict[str, Any]] = {}
    for student_id, delivery, basis, n, credits in rows.order_by():
        row = out.setdefault(
            student_id, {"total": 0, "distance": 0, "distance_credits": {}, "basis_credits": {}}
        )
        row["total"] += n
        row["basis_credits"][basis] = row["basis_credits"].get(basis, 0) + credits
        if delivery == Delivery.DISTANCE:
            row["distance"] += n
            row["distance_credits"][basis] = credits
    return out


def _per_student(
    queryset: QuerySet[StudyPlanItem], *, institution: Institution, student_ids: Sequence[int]
) -> QuerySet[StudyPlanItem]:
    queryset = queryset.exclude(status=PlanItemStatus.DROPPED)
    if len(student_ids) > 500:
        return queryset.filter(student__institution_id=institution.pk)
    return queryset.filter(student_id__in=student_ids)


def check_students(
    *,
    institution: Institution,
    as_of: dt.date,
    student_ids: Sequence[int],
    grounds: Mapping[int, frozenset[str]] | None = None,
) -> dict[int, Report]:
    """`check(student)` for many students of one institution, in a few queries whatever
    their number; verdicts are computed once per distinct set of facts. `grounds`:
    student id → grounds they study at a distance on (as `check(..., grounds=)`)."""

    kind = SubjectKind.STUDENT_PLAN
    # Only the rules a plan report can show: the same verdicts, less work per plan.
    specs = [
        s
        for s in rule_specs(institution=institution, as_of=as_of)
        if engine.speaks_about(s, kind) and (s.in_force_on(as_of) or s.in_pack)
    ]
    emergency = emergency_on(institution=institution, on=as_of)
    wanted = set(student_ids)
    base = Student.objects.filter(institution=institution)
    if len(student_ids) <= 500:
        base = base.filter(pk__in=student_ids)
    students = [
        row
        for row in base.values_list(
            "pk",
            "student_number",
            "program_id",
            "prior_education",
            "user__last_name",
            "user__first_name",
            "user__middle_name",
            "user__username",
        )
        if row[0] in wanted
    ]
    programs = {
        p.pk: (p, _profile(p))
        for p in Program.objects.filter(pk__in={row[2] for row in students}).select_related(
            "direction"
        )
    }
    aggregates = _plan_aggregates(institution=institution, student_ids=student_ids)
    percents: dict[int, list[int]] = defaultdict(list)
    shared = list(
        Discipline.objects.filter(
            department__faculty__institution=institution,
            distance_percent__gt=0,
            is_mooc_based=False,
        ).values_list("pk", flat=True)
    )
    if shared:  # LIM-5: only plans holding such disciplines
        for sid, d_percent in _per_student(
            StudyPlanItem.objects.filter(discipline_id__in=shared),
            institution=institution,
            student_ids=student_ids,
        ).values_list("student_id", "discipline__distance_percent"):
            percents[sid].append(d_percent)
    # LIM-6: the list in force per program (once per program, not per student), and
    # each plan's disciplines at a distance: only when a LIM-6 rule binds and a list
    # is in force.
    lists = _lists_in_force(institution.pk, as_of) if _checks_lists(specs, as_of) else {}
    list_of = {pk: lists.get(pk) if pk in lists else lists.get(None) for pk in programs}
    at_distance: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if lists:
        for sid, discipline_id, code in _per_student(
            StudyPlanItem.objects.filter(delivery=Delivery.DISTANCE),
            institution=institution,
            student_ids=student_ids,
        ).values_list("student_id", "discipline_id", "discipline__code"):
            at_distance[sid].append((discipline_id, code))
    practice: dict[int, list[str]] = defaultdict(list)
    if emergency is not None:  # LIM-13: labs and practice at a distance
        for sid, code in _per_student(
            StudyPlanItem.objects.filter(delivery=Delivery.DISTANCE).filter(
                Q(discipline__hours_lab__gt=0)
                | Q(discipline__control_form=ControlForm.PRACTICE_REPORT)
            ),
            institution=institution,
            student_ids=student_ids,
        ).values_list("student_id", "discipline__code"):
            practice[sid].append(code)

    memo: dict[tuple[Any, ...], tuple[Verdict, ...]] = {}
    per_rule: dict[tuple[Any, ...], Verdict] = {}
    reports: dict[int, Report] = {}
    for pk, number, program_id, prior, last, first, middle, username in students:
        program, profile = programs[program_id]
        row = aggregates.get(pk)
        distance_credits = row["distance_credits"] if row else {}
        basis_credits = row["basis_credits"] if row else {}
        name = " ".join(x for x in (last, first, middle) if x) or username
        label = f"{name} ({number})"
        facts = PlanFacts(
            student_id=pk,
            label=label,
            profile=profile,
            program_credits=program.total_credits,
            prior_education=prior,
            disciplines_total=row["total"] if row else 0,
            disciplines_distance=row["distance"] if row else 0,
            distance_credits=distance_credits,
            basis_credits=basis_credits,
            distance_percents=tuple(sorted(percents.get(pk, ()))),
            practice_at_distance=tuple(sorted(practice.get(pk, ()))),
            grounds=(grounds or {}).get(pk, frozenset()),
            distance_disciplines=_by_code(at_distance.get(pk, ())),
            distance_list=list_of[program_id],
        )
        listed = facts.distance_list
        key = (
            facts.profile,
            facts.program_credits,
            facts.prior_education,
            facts.disciplines_total,
            facts.disciplines_distance,
            tuple(sorted(distance_credits.items())),
            tuple(sorted(basis_credits.items())),
            facts.distance_percents,
            facts.practice_at_distance,
            facts.grounds,
            listed.list_id if listed is not None else None,
            len(facts.distance_disciplines),
            engine.not_listed(facts),
        )
        verdicts = memo.get(key)
        if verdicts is None:
            verdicts = engine.evaluate(
                kind=kind,
                rules=specs,
                facts=facts,
                as_of=as_of,
                emergency=emergency,
                memo=per_rule,
            )
            memo[key] = verdicts
        reports[pk] = Report(
            subject_kind=SubjectKind.STUDENT_PLAN.value,
            subject_id=pk,
            subject_label=label,
            as_of=as_of,
            institution_id=institution.pk,
            verdicts=verdicts,
        )
    return reports


def check_programs(
    *, institution: Institution, as_of: dt.date, program_ids: Sequence[int]
) -> dict[int, Report]:
    """`check(program)` for many programs of one institution in a few queries."""
    specs = rule_specs(institution=institution, as_of=as_of)
    emergency = emergency_on(institution=institution, on=as_of)
    programs = list(
        Program.objects.filter(pk__in=program_ids, institution=institution).select_related(
            "direction"
        )
    )
    facts = program_facts_many(
        programs=programs, as_of=as_of, readiness=_checks_readiness(specs, as_of)
    )
    return {
        p.pk: Report(
            subject_kind=SubjectKind.PROGRAM.value,
            subject_id=p.pk,
            subject_label=facts[p.pk].label,
            as_of=as_of,
            institution_id=institution.pk,
            verdicts=engine.evaluate(
                kind=SubjectKind.PROGRAM,
                rules=specs,
                facts=facts[p.pk],
                as_of=as_of,
                emergency=emergency,
            ),
        )
        for p in programs
    }


# ---------------------------------------------------------------- grounds (ELIG)


def ground_rules(*, institution: Institution | None, as_of: dt.date) -> list[GroundRule]:
    """The grounds for distance learning in force for an institution on a date, each with
    whether an application is needed (ELIG-6), the evidence to attach (ELIG-3, ELIG-4)
    and the longest period (S3: 30 days for a medical conclusion), in Ground order."""
    specs = [s for s in rule_specs(institution=institution, as_of=as_of) if s.in_force_on(as_of)]
    applications = [s for s in specs if s.evaluator == Evaluator.APPLICATION]
    out = []
    for ground, label in Ground.choices:
        listing = [
            s
            for s in specs
            if s.evaluator == Evaluator.GROUNDS and ground in s.params.get("grounds", {})
        ]
        if not listing:
            continue
        evidence: list[str] = []
        for s in listing:
            evidence.extend(s.params["grounds"][ground].get("evidence", ()))
        limits = []
        for s in specs:
            if s.evaluator == Evaluator.GROUND_EVIDENCE and s.params.get("ground") == ground:
                evidence.extend(s.params.get("evidence", ()))
                if s.params.get("max_days") is not None:
                    limits.append(int(s.params["max_days"]))
        out.append(
            GroundRule(
                ground=ground,
                label=str(label),
                requires_application=any(
                    ground not in s.params.get("exempt_grounds", ()) for s in applications
                ),
                required_evidence=tuple(dict.fromkeys(evidence)),
                max_days=min(limits) if limits else None,
                citation=listing[0].citation,
            )
        )
    return out


# ---------------------------------------------------------------- the catalogue


def _view(entry: _Entry, as_of: dt.date | None) -> RuleView:
    rule = entry.rule
    params, tight = _params_on(entry, as_of)
    return RuleView(
        code=rule.code,
        requirement=rule.requirement,
        act_code=rule.act.code,
        act_kind=rule.act.kind,
        act_title=rule.act.title,
        clause=rule.clause,
        title=render(rule.title, params),
        text=rule.text,
        text_kk=rule.text_kk,
        text_ru=rule.text_ru,
        text_en=rule.text_en,
        original_kk=rule.original_kk,
        evaluator=rule.evaluator,
        evaluator_label=str(Evaluator(rule.evaluator).label),
        effective_from=rule.starts_on(),
        effective_until=rule.ends_on(),
        wording=wording_label(rule.act),
        parameters=params,
        published_parameters=dict(rule.parameters),
        scope=dict(rule.scope),
        tightened=tight,
        in_pack=entry.in_pack,
        in_force=None
        if as_of is None
        else (rule.starts_on() <= as_of and (rule.ends_on() is None or as_of <= rule.ends_on())),  # type: ignore[operator]
        replaces_code=rule.replaces.code if rule.replaces is not None else "",
    )


def rule_list(
    *,
    as_of: dt.date | None = None,
    institution: Institution | None = None,
    requirement: str = "",
    act_code: str = "",
    in_force_only: bool = False,
) -> list[RuleView]:
    """The catalogue for the browser and the API. With an institution: the rules that bind
    it (national and historical rules, plus its pack), with the pack's parameters; without:
    every rule of every act. `as_of` marks what is in force on that date."""
    if institution is None:
        entries = [_Entry(r, None, in_pack=False) for r in _catalogue()]
    else:
        entries = _entries(institution)
    views = [_view(e, as_of) for e in entries]
    if requirement:
        views = [v for v in views if v.requirement.upper() == requirement.strip().upper()]
    if act_code:
        views = [v for v in views if v.act_code == act_code]
    if in_force_only and as_of is not None:
        views = [v for v in views if v.in_force]
    return views


def rule_get(
    *, code: str, as_of: dt.date | None = None, institution: Institution | None = None
) -> RuleView:
    """One rule by its code (RuleNotFound when absent)."""
    rule = Rule.objects.select_related("act", "replaces__act").filter(code=code).first()
    if rule is None:
        raise RuleNotFound(_("There is no rule %(code)s.") % {"code": code})
    item = None
    in_pack = False
    if institution is not None:
        item = RulePackItem.objects.filter(pack__institution=institution, rule=rule).first()
        in_pack = rule.act.kind == ActKind.INSTITUTIONAL and (
            item is not None or rule.act.institution_id == institution.pk
        )
    return _view(_Entry(rule, item, in_pack=in_pack), as_of)


def rule_replaced_by(*, code: str) -> list[str]:
    """Codes of the rules whose wording replaced this one."""
    return list(Rule.objects.filter(replaces__code=code).values_list("code", flat=True))


def act_list() -> QuerySet[LegalAct]:
    """Every act of the catalogue with its number of rules."""
    return LegalAct.objects.annotate(rule_count=Count("rules")).order_by(
        "kind", "in_force_from", "code"
    )


def requirement_ids() -> list[str]:
    """The requirement ids the catalogue covers, in REQUIREMENTS order (ELIG, LIM, ONL …)."""
    prefixes = [
        "ELIG",
        "LIM",
        "ONL",
        "LMS",
        "SIS",
        "FP",
        "PR",
        "AI",
        "MOOC",
        "SEC",
        "GOV",
        "CLS",
        "HIST",
    ]
    ids = set(Rule.objects.values_list("requirement", flat=True))

    def key(rid: str) -> tuple[int, int, str]:
        prefix, _sep, number = rid.partition("-")
        rank = prefixes.index(prefix) if prefix in prefixes else len(prefixes)
        return rank, int(number) if number.isdigit() else 0, rid

    return sorted(ids, key=key)


def presets() -> list[LegalAct]:
    """The regulations an administrator can apply as a pack in one click."""
    return list(LegalAct.objects.exclude(preset="").order_by("preset"))


def pack_of(*, institution: Institution) -> RulePack | None:
    return (
        RulePack.objects.filter(institution=institution)
        .select_related("updated_by")
        .prefetch_related("items__rule__act")
        .first()
    )


# ---------------------------------------------------------------- emergency periods


def emergency_period_list_for(
    *, actor: ActorScope, institution: Institution | None = None
) -> QuerySet[EmergencyPeriod]:
    queryset = EmergencyPeriod.objects.filter(emergency_period_scope(actor)).select_related(
        "institution", "created_by", "ended_by"
    )
    if institution is not None:
        queryset = queryset.filter(institution=institution)
    return queryset.order_by("-starts_on", "-pk")


def emergency_period_get_for(*, actor: ActorScope, period_id: object) -> EmergencyPeriod:
    try:
        pk = int(str(period_id))
    except ValueError:
        raise SubjectNotFound(_("Not found.")) from None
    period = emergency_period_list_for(actor=actor).filter(pk=pk).first()
    if period is None:
        raise SubjectNotFound(_("Not found."))
    return period


# ---------------------------------------------------------------- who may check what


def institutions_for(*, actor: ActorScope, manage: bool = False) -> list[Institution]:
    """Institutions where the actor holds a role (or manages rules), superusers: all."""
    queryset = Institution.objects.order_by("code")
    if actor.is_superuser:
        return list(queryset)
    ids = {g.institution_id for g in actor.grants}
    if manage:
        ids = {i for i in ids if can_manage_regulations(actor, i)}
    return list(queryset.filter(pk__in=sorted(ids)))


def _not_found() -> SubjectNotFound:
    return SubjectNotFound(_("Not found."))


def subject_get_for(
    *, actor: ActorScope, kind: str, subject_id: object
) -> Student | Program | Discipline | Staff:
    """The subject of a check, or SubjectNotFound for absent and not-yours alike (SEC-2):
    a student only themself, staff the students they may see (people's scopes) and the
    programs, disciplines and teachers of their institutions."""
    from qashyq.people import selectors as people  # noqa: PLC0415
    from qashyq.people.errors import PersonNotFound  # noqa: PLC0415

    try:
        pk = int(str(subject_id))
    except ValueError:
        raise _not_found() from None
    if kind in {SubjectKind.STUDENT_PLAN, SubjectKind.ELIGIBILITY}:
        try:
            student = people.student_get_for(actor=actor, student_id=pk)
        except PersonNotFound:
            raise _not_found() from None
        return (
            Student.objects.select_related("user", "program__direction", "institution")
            .filter(pk=student.pk)
            .get()
        )
    subject: Program | Discipline | Staff | None
    if kind == SubjectKind.PROGRAM:
        subject = Program.objects.select_related("direction", "institution").filter(pk=pk).first()
        institution_id = subject.institution_id if subject else None
    elif kind == SubjectKind.DISCIPLINE:
        subject = (
            Discipline.objects.select_related("department__faculty__institution")
            .filter(pk=pk)
            .first()
        )
        institution_id = subject.department.faculty.institution_id if subject else None
    elif kind == SubjectKind.TEACHER:
        subject = Staff.objects.select_related("user", "institution").filter(pk=pk).first()
        institution_id = subject.institution_id if subject else None
        if subject is not None and actor.staff_id == subject.pk:
            return subject
    else:
        raise _not_found()
    if subject is None or institution_id is None or not can_check_structure(actor, institution_id):
        raise _not_found()
    return subject
