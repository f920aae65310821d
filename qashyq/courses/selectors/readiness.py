"""Reads of content readiness: the e-learning methodological complex checklist (LMS-2),
its completeness per course, department and program, the readiness deadline (ONL-5),
content quality signals (ONL-6), and who may see them.

The checklist is computed from the course's actual content, never ticked by hand: a
part is present when the syllabus, the plan, the control tasks, the literature or a
visible, non-empty material of the right kind says so. Counting runs in a fixed number
of grouped queries whatever the number of courses (dashboards show hundreds).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib.metadata import version as package_version

import holidays
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Length, Trim
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from qashyq.core.scope import ActorScope
from qashyq.courses.errors import CourseNotFound
from qashyq.courses.models import (
    ComplexApproval,
    ComplexStatus,
    ControlTask,
    Course,
    CourseGroup,
    CourseRole,
    CourseStaff,
    Delivery,
    LearningOutcome,
    LiteratureItem,
    LiteratureKind,
    Material,
    MaterialKind,
    Module,
    ReadinessAct,
    Syllabus,
    WeeklyTopic,
)
from qashyq.institutions.models import (
    AcademicPeriod,
    Component,
    CurriculumItem,
    Department,
    PeriodKind,
    Program,
    StudentGroup,
    WeekRegime,
)
from qashyq.regulations.data import ReadinessFact

__all__ = [
    "READINESS_WORKING_DAYS",
    "Checklist",
    "ChecklistItem",
    "Completeness",
    "CourseFacts",
    "CourseReadiness",
    "DeadlineStatus",
    "DepartmentReadiness",
    "DepartmentSummary",
    "Hours",
    "ItemState",
    "MissingDiscipline",
    "Part",
    "ProgramReadiness",
    "ProgramSummary",
    "Quality",
    "QualitySignal",
    "ReadinessDashboard",
    "ReadinessDeadline",
    "ReadinessState",
    "Signal",
    "WorkCalendar",
    "add_working_days",
    "can_approve_complex",
    "can_issue_readiness_act",
    "can_submit_complex",
    "complex_checklist",
    "course_readiness",
    "course_readiness_many",
    "department_readiness_for",
    "kz_calendar",
    "program_readiness_for",
    "quality_signals",
    "readiness_act_get_for",
    "readiness_completeness",
    "readiness_course_facts",
    "readiness_course_get_for",
    "readiness_dashboard_for",
    "readiness_deadline",
    "readiness_default_period",
    "readiness_facts_for_programs",
    "readiness_of_program",
    "readiness_periods_for",
    "readiness_program_get_for",
    "readiness_scope",
    "readiness_staff_links",
    "readiness_staff_roles",
    "readiness_state",
    "working_days_before",
]

# ONL-5 (S2 §6.9.2): content is on the portal 5 working days before the period starts.
READINESS_WORKING_DAYS = 5


# ---------------------------------------------------------------- working days (CAL-2…CAL-5)

# Days off that are not public holidays and are never carried to a working day (DOMAIN:
# Orthodox Christmas, the first day of Kurban Ait). Names as the `holidays` package gives
# them in en_US.
_NOT_CARRIED = ("Orthodox Christmas", "Eid al-Adha")


@dataclass(frozen=True)
class WorkCalendar:
    """The Kazakh working-day calendar of one week regime (CAL-4) over a few years.

    `days_off`: public holidays, days off carried from a holiday that fell on a rest day
    (Labour Code art. 84–85; the carry follows the regime), religious days off and days
    off transferred by the Government; `weekend_working_days`: rest days the Government
    turned into working days (Sunday 5 January 2025). `version` names the data a deadline
    was computed with, so a later correction of the calendar can be audited (CAL-5).
    """

    days_off: frozenset[dt.date]
    weekend_working_days: frozenset[dt.date]
    rest_weekdays: frozenset[int]
    version: str

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.weekend_working_days:
            return True
        return day.weekday() not in self.rest_weekdays and day not in self.days_off


def _transfers(years: Iterable[int]) -> dict[dt.date, dt.date]:
    """Days off transferred by Government decrees: {day off: the weekend day worked instead}.

    Read from the `holidays` package's table of special days (it knows past decrees only;
    future transfers and institution changes belong in the CAL-1 table, not built yet).
    """
    try:
        from holidays.countries.kazakhstan import KazakhstanStaticHolidays  # noqa: PLC0415

        table: Mapping[int, tuple[object, ...]] = KazakhstanStaticHolidays.special_public_holidays
    except (ImportError, AttributeError):  # the package changed its internals
        return {}
    result: dict[dt.date, dt.date] = {}
    for year in years:
        entries = table.get(year, ())
        rows = entries if entries and isinstance(entries[0], tuple) else (entries,)
        for row in rows:
            if not isinstance(row, tuple) or len(row) < 4:
                continue
            month, day, from_month, from_day = (int(str(v)) for v in row[:4])
            from_year = int(str(row[4])) if len(row) > 4 else year
            result[dt.date(year, month, day)] = dt.date(from_year, from_month, from_day)
    return result


@lru_cache(maxsize=32)
def _kz_calendar(years: tuple[int, ...], week_regime: int) -> WorkCalendar:
    rest = frozenset({5, 6}) if week_regime == WeekRegime.FIVE_DAY else frozenset({6})
    span = range(min(years) - 1, max(years) + 2)  # a 31 December holiday carries into January
    base = holidays.country_holidays("KZ", years=list(span), observed=False, language="en_US")
    transfers = _transfers(span)
    days_off: set[dt.date] = set(base) | set(transfers)
    for day in sorted(d for d in base if d not in transfers):
        names = base.get_list(day)
        carried = any(not any(n.startswith(x) for x in _NOT_CARRIED) for n in names)
        if day.weekday() in rest and carried:
            # The next working day of the regime that is not already a day off.
            target = day + dt.timedelta(days=1)
            while target.weekday() in rest or target in days_off:
                target += dt.timedelta(days=1)
            days_off.add(target)
    return WorkCalendar(
        days_off=frozenset(days_off),
        weekend_working_days=frozenset(transfers.values()),
        rest_weekdays=rest,
        version=f"holidays {package_version('holidays')} KZ, {week_regime}-day week",
    )


def kz_calendar(*, years: Iterable[int], week_regime: int = WeekRegime.FIVE_DAY) -> WorkCalendar:
    """The national calendar for `years` (± one year of margin) in a week regime (CAL-2, CAL-4)."""
    return _kz_calendar(tuple(sorted(set(years))), int(week_regime))


def working_days_before(day: dt.date, count: int, *, calendar: WorkCalendar) -> dt.date:
    """The `count`-th working day before `day`; `day` itself does not count (CAL-5)."""
    current, found = day, 0
    while found < count:
        current -= dt.timedelta(days=1)
        if calendar.is_working_day(current):
            found += 1
    return current


def add_working_days(day: dt.date, count: int, *, calendar: WorkCalendar) -> dt.date:
    """The `count`-th working day after `day`; `day` itself does not count (CAL-5)."""
    current, found = day, 0
    while found < count:
        current += dt.timedelta(days=1)
        if calendar.is_working_day(current):
            found += 1
    return current


@dataclass(frozen=True)
class ReadinessDeadline:
    """When a period's content must be ready (ONL-5) and with which calendar it was computed."""

    period_id: int
    starts_on: dt.date
    deadline: dt.date
    working_days: int
    calendar_version: str

    def days_left(self, today: dt.date) -> int:
        """Calendar days from `today` to the deadline (negative: overdue)."""
        return (self.deadline - today).days


@dataclass(frozen=True)
class DeadlineStatus:
    """A deadline as seen on a given day (what the pages print)."""

    deadline: ReadinessDeadline
    today: dt.date

    @property
    def days_left(self) -> int:
        return max(self.deadline.days_left(self.today), 0)

    @property
    def days_overdue(self) -> int:
        return max(-self.deadline.days_left(self.today), 0)


def readiness_deadline(
    *, period: AcademicPeriod, week_regime: int | None = None
) -> ReadinessDeadline:
    """ONL-5: 5 working days before the period's first day (Kazakh holidays and rest days of
    the institution's week regime skipped; the first day itself does not count)."""
    regime = week_regime or period.academic_year.institution.week_regime
    starts = period.starts_on
    calendar = kz_calendar(years=(starts.year - 1, starts.year), week_regime=regime)
    return ReadinessDeadline(
        period_id=period.pk,
        starts_on=starts,
        deadline=working_days_before(starts, READINESS_WORKING_DAYS, calendar=calendar),
        working_days=READINESS_WORKING_DAYS,
        calendar_version=calendar.version,
    )


# ---------------------------------------------------------------- who sees readiness (SEC-2)

# Institution-wide roles that see the readiness of every course (the deputy/vice-rector sits
# in the rector's office) and the roles that issue readiness acts.
WIDE_READERS = ("registrar", "distance_unit", "rector_office", "admin")
ACT_ISSUERS = ("distance_unit", "registrar", "admin")


def _nothing() -> Q:
    return Q(pk__in=[])


def _manager_scope(actor: ActorScope, *, institution: str, faculty: str, department: str) -> Q:
    """Department heads their department, deans their faculty, wide roles their institution
    (the arguments name the lookups of those three on the model scoped)."""
    if actor.is_superuser:
        return Q()
    if not actor.is_authenticated:
        return _nothing()
    q = _nothing()
    if wide := actor.institutions_with(*WIDE_READERS):
        q |= Q(**{f"{institution}__in": sorted(wide)})
    if faculties := actor.faculties_with("dean"):
        q |= Q(**{f"{faculty}__in": sorted(faculties)})
    if departments := actor.departments_with("department_head"):
        q |= Q(**{f"{department}__in": sorted(departments)})
    return q


def readiness_scope(actor: ActorScope) -> Q:
    """Courses whose checklist the actor sees: the managers above and the course's own
    teachers, tutors and assistants. Students never see it."""
    q = _manager_scope(
        actor,
        institution="institution_id",
        faculty="discipline__department__faculty_id",
        department="discipline__department_id",
    )
    if actor.staff_id is not None and not actor.is_superuser:
        q |= Q(pk__in=CourseStaff.objects.filter(staff_id=actor.staff_id).values("course_id"))
    return q


def _department_scope(actor: ActorScope) -> Q:
    return _manager_scope(
        actor, institution="faculty__institution_id", faculty="faculty_id", department="pk"
    )


def _program_scope(actor: ActorScope) -> Q:
    return _manager_scope(
        actor,
        institution="institution_id",
        faculty="department__faculty_id",
        department="department_id",
    )


def can_submit_complex(actor: ActorScope, *, course: Course, staff_roles: frozenset[str]) -> bool:
    """LMS-2: the course's teachers submit their complex; the department head may for them."""
    return (
        actor.is_superuser
        or CourseRole.TEACHER.value in staff_roles
        or course.discipline.department_id in actor.departments_with("department_head")
    )


def can_approve_complex(actor: ActorScope, *, course: Course) -> bool:
    """LMS-2 (S2 §4.3): the head of the department that owns the discipline decides."""
    return actor.is_superuser or course.discipline.department_id in actor.departments_with(
        "department_head"
    )


def can_issue_readiness_act(actor: ActorScope, *, program: Program) -> bool:
    """ONL-5: the readiness act of a program's period: its department head, the
    distance-learning unit, the Office Registrar or an administrator."""
    return (
        actor.is_superuser
        or program.institution_id in actor.institutions_with(*ACT_ISSUERS)
        or program.department_id in actor.departments_with("department_head")
    )


def _not_found() -> CourseNotFound:
    return CourseNotFound(_("Not found."))


def _pk(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise _not_found() from None


def readiness_course_get_for(*, actor: ActorScope, course_id: object) -> Course:
    """A course whose readiness the actor sees, or CourseNotFound (students, other teachers)."""
    course = (
        Course.objects.filter(readiness_scope(actor), pk=_pk(course_id))
        .select_related("discipline__department__faculty", "period__academic_year__institution")
        .first()
    )
    if course is None:
        raise _not_found()
    return course


def readiness_staff_roles(*, actor: ActorScope, course: Course) -> frozenset[str]:
    """The actor's roles in the course's staff (teacher, tutor, assistant)."""
    if actor.staff_id is None:
        return frozenset()
    return frozenset(
        CourseStaff.objects.filter(course=course, staff_id=actor.staff_id).values_list(
            "role", flat=True
        )
    )


# ---------------------------------------------------------------- facts of a course


@dataclass(frozen=True)
class Hours:
    lecture: int = 0
    practice: int = 0
    lab: int = 0
    independent: int = 0

    @property
    def total(self) -> int:
        return self.lecture + self.practice + self.lab + self.independent

    def __add__(self, other: Hours) -> Hours:
        return Hours(
            self.lecture + other.lecture,
            self.practice + other.practice,
            self.lab + other.lab,
            self.independent + other.independent,
        )


@dataclass(frozen=True)
class CourseFacts:
    """What a course's content holds, counted (the input of the pure checks below)."""

    course_id: int
    discipline_hours: Hours
    has_description: bool = False
    has_grading_policy: bool = False
    has_consultations: bool = False
    outcome_codes: tuple[str, ...] = ()
    uncovered_outcomes: tuple[str, ...] = ()  # outcomes no control task checks
    topics: int = 0
    plan_hours: Hours = field(default_factory=Hours)
    hours_by_delivery: Mapping[str, int] = field(default_factory=dict)
    control_tasks: int = 0
    tasks_without_outcomes: int = 0
    literature: Mapping[str, int] = field(default_factory=dict)  # LiteratureKind → count
    modules: int = 0  # visible modules
    empty_modules: int = 0  # visible modules without visible content
    materials: Mapping[str, int] = field(default_factory=dict)  # MaterialKind → visible, non-empty


def _nonempty_material(prefix: str = "") -> Q:
    """A material that holds something: text, a file or a link (an empty shell counts nothing)."""
    return ~Q(**{f"{prefix}body": ""}) | ~Q(**{f"{prefix}file": ""}) | ~Q(**{f"{prefix}url": ""})


def readiness_course_facts(*, courses: Sequence[Course]) -> dict[int, CourseFacts]:
    """Facts of many courses in seven grouped queries (courses need their discipline)."""
    ids = [c.pk for c in courses]
    if not ids:
        return {}
    syllabus = {
        row["course_id"]: row
        for row in Syllabus.objects.filter(course_id__in=ids)
        .annotate(
            d=Length(Trim("description")),
            g=Length(Trim("grading_policy")),
            c=Length(Trim("consultation_schedule")),
        )
        .values("course_id", "d", "g", "c")
    }
    outcomes: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for course_id, code, checked_by in (
        LearningOutcome.objects.filter(course_id__in=ids)
        .annotate(checked_by=Count("control_tasks"))
        .order_by("course_id", "position", "code")
        .values_list("course_id", "code", "checked_by")
    ):
        outcomes[course_id].append((code, checked_by))
    topics: dict[int, list[dict[str, int | str]]] = defaultdict(list)
    for row in (
        WeeklyTopic.objects.filter(course_id__in=ids)
        .values("course_id", "delivery")
        .annotate(
            n=Count("pk"),
            lecture=Sum("hours_lecture"),
            practice=Sum("hours_practice"),
            lab=Sum("hours_lab"),
            independent=Sum("hours_independent"),
        )
        .order_by()
    ):
        topics[row["course_id"]].append(row)
    tasks: dict[int, list[int]] = defaultdict(list)
    for course_id, linked in (
        ControlTask.objects.filter(course_id__in=ids)
        .annotate(linked=Count("outcomes"))
        .values_list("course_id", "linked")
        .order_by()
    ):
        tasks[course_id].append(linked)
    literature: dict[int, dict[str, int]] = defaultdict(dict)
    for course_id, kind, n in (
        LiteratureItem.objects.filter(course_id__in=ids)
        .values_list("course_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        literature[course_id][kind] = n
    modules: dict[int, list[int]] = defaultdict(list)
    for course_id, content in (
        Module.objects.filter(course_id__in=ids, is_hidden=False)
        .annotate(
            content=Count(
                "materials",
                filter=Q(materials__is_hidden=False) & _nonempty_material("materials__"),
            )
        )
        .values_list("course_id", "content")
        .order_by()
    ):
        modules[course_id].append(content)
    materials: dict[int, dict[str, int]] = defaultdict(dict)
    for course_id, kind, n in (
        Material.objects.filter(
            _nonempty_material(),
            module__course_id__in=ids,
            module__is_hidden=False,
            is_hidden=False,
        )
        .values_list("module__course_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        materials[course_id][kind] = n

    facts: dict[int, CourseFacts] = {}
    for course in courses:
        d = course.discipline
        syl = syllabus.get(course.pk, {})
        rows = topics.get(course.pk, [])
        plan = Hours()
        by_delivery: dict[str, int] = {}
        for row in rows:
            part = Hours(
                int(row["lecture"] or 0),
                int(row["practice"] or 0),
                int(row["lab"] or 0),
                int(row["independent"] or 0),
            )
            plan += part
            by_delivery[str(row["delivery"])] = (
                by_delivery.get(str(row["delivery"]), 0) + part.total
            )
        course_tasks = tasks.get(course.pk, [])
        course_modules = modules.get(course.pk, [])
        course_outcomes = outcomes.get(course.pk, [])
        facts[course.pk] = CourseFacts(
            course_id=course.pk,
            discipline_hours=Hours(
                d.hours_lecture, d.hours_practice, d.hours_lab, d.hours_independent
            ),
            has_description=bool(syl.get("d")),
            has_grading_policy=bool(syl.get("g")),
            has_consultations=bool(syl.get("c")),
            outcome_codes=tuple(code for code, _n in course_outcomes),
            uncovered_outcomes=tuple(code for code, n in course_outcomes if n == 0),
            topics=sum(int(r["n"]) for r in rows),
            plan_hours=plan,
            hours_by_delivery=by_delivery,
            control_tasks=len(course_tasks),
            tasks_without_outcomes=sum(1 for n in course_tasks if n == 0),
            literature=dict(literature.get(course.pk, {})),
            modules=len(course_modules),
            empty_modules=sum(1 for n in course_modules if n == 0),
            materials=dict(materials.get(course.pk, {})),
        )
    return facts


# ---------------------------------------------------------------- the checklist (LMS-2)


class Part(StrEnum):
    """The mandatory parts of the e-learning methodological complex (LMS-2: S1 §37, S2 §4.3).

    Stable keys (the API returns them); labels are translated.
    """

    PROGRAM = "program"  # the working program: its content
    OUTCOMES = "outcomes"
    PLAN = "plan"  # the calendar-thematic plan
    PLAN_HOURS = "plan_hours"  # its hours are the discipline's hours
    SPLIT = "split"  # ONL-2: the synchronous/asynchronous split of the hours
    GRADING = "grading"
    CONTROL_TASKS = "control_tasks"  # each tied to the outcomes it checks (LMS-1)
    MAIN_LITERATURE = "main_literature"
    ADDITIONAL_LITERATURE = "additional_literature"
    MODULES = "modules"
    CONSULTATIONS = "consultations"  # the consultation schedule (and ОЖСӨЖ with the teacher)
    LECTURES = "lectures"
    PRACTICAL = "practical"
    LAB = "lab"
    INDEPENDENT = "independent"  # tasks for independent work (СӨЖ/БӨЖ)
    MIDTERM = "midterm"
    FINAL = "final"


PART_LABELS: Mapping[Part, Promise] = {
    Part.PROGRAM: gettext_lazy("Working program: content of the discipline"),
    Part.OUTCOMES: gettext_lazy("Learning outcomes"),
    Part.PLAN: gettext_lazy("Calendar-thematic plan"),
    Part.PLAN_HOURS: gettext_lazy("Hours of the plan match the discipline"),
    Part.SPLIT: gettext_lazy("Synchronous and asynchronous hours stated"),
    Part.GRADING: gettext_lazy("Grading policy"),
    Part.CONTROL_TASKS: gettext_lazy("Control tasks tied to learning outcomes"),
    Part.MAIN_LITERATURE: gettext_lazy("Main literature"),
    Part.ADDITIONAL_LITERATURE: gettext_lazy("Additional literature"),
    Part.MODULES: gettext_lazy("Modules with content"),
    Part.CONSULTATIONS: gettext_lazy("Consultation schedule (independent work with the teacher)"),
    Part.LECTURES: gettext_lazy("E-lectures"),
    Part.PRACTICAL: gettext_lazy("Practical and seminar materials"),
    Part.LAB: gettext_lazy("Laboratory practicum"),
    Part.INDEPENDENT: gettext_lazy("Tasks for independent work"),
    Part.MIDTERM: gettext_lazy("Midterm control materials"),
    Part.FINAL: gettext_lazy("Final control materials (tests, questions, tickets)"),
}

# Material kinds that count as each content part.
LECTURE_KINDS = (MaterialKind.LECTURE, MaterialKind.VIDEO)  # LMS-3: pre-recorded lectures
MULTIMEDIA_KINDS = (
    MaterialKind.VIDEO,
    MaterialKind.AUDIO,
    MaterialKind.MEDIA_SERVICE,
    MaterialKind.IMAGE,
)
# ONL-6: at least this many kinds of material make a varied course.
VARIETY_MIN_KINDS = 4


class ItemState(StrEnum):
    DONE = "done"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"  # e.g. a laboratory practicum without laboratory hours


@dataclass(frozen=True)
class ChecklistItem:
    part: Part
    state: ItemState
    detail: str = ""

    @property
    def label(self) -> str:
        return str(PART_LABELS[self.part])

    @property
    def done(self) -> bool:
        return self.state == ItemState.DONE

    @property
    def applicable(self) -> bool:
        return self.state != ItemState.NOT_APPLICABLE


@dataclass(frozen=True)
class Checklist:
    course_id: int
    items: tuple[ChecklistItem, ...]

    @property
    def applicable(self) -> int:
        return sum(1 for i in self.items if i.applicable)

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.done)

    @property
    def percent(self) -> int:
        """Completeness in whole percent (floor: 99.6 % is not complete)."""
        return 100 * self.done // self.applicable if self.applicable else 0

    @property
    def complete(self) -> bool:
        return self.applicable > 0 and self.done == self.applicable

    @property
    def missing(self) -> tuple[ChecklistItem, ...]:
        return tuple(i for i in self.items if i.state == ItemState.MISSING)


def _count(n: int, singular: str, plural: str) -> str:
    return ngettext(singular, plural, n) % {"count": n}


def _hours_detail(plan: Hours, discipline: Hours) -> str:
    return _(
        "plan %(plan_l)s/%(plan_p)s/%(plan_lab)s/%(plan_i)s h, discipline "
        "%(d_l)s/%(d_p)s/%(d_lab)s/%(d_i)s h (lecture/practice/lab/independent)"
    ) % {
        "plan_l": plan.lecture,
        "plan_p": plan.practice,
        "plan_lab": plan.lab,
        "plan_i": plan.independent,
        "d_l": discipline.lecture,
        "d_p": discipline.practice,
        "d_lab": discipline.lab,
        "d_i": discipline.independent,
    }


def _split_detail(by_delivery: Mapping[str, int]) -> str:
    total = sum(by_delivery.values())
    if not total:
        return ""

    def share(key: str) -> int:
        return round(100 * by_delivery.get(key, 0) / total)

    return _("synchronous %(sync)s %%, asynchronous %(async)s %%, in person %(in_person)s %%") % {
        "sync": share(Delivery.SYNCHRONOUS),
        "async": share(Delivery.ASYNCHRONOUS),
        "in_person": share(Delivery.IN_PERSON),
    }


def _state(done: bool, *, applicable: bool = True) -> ItemState:
    if not applicable:
        return ItemState.NOT_APPLICABLE
    return ItemState.DONE if done else ItemState.MISSING


def _materials_item(
    part: Part, facts: CourseFacts, kinds: Sequence[str], *, applicable: bool = True
) -> ChecklistItem:
    n = sum(facts.materials.get(k, 0) for k in kinds)
    detail = _count(n, "%(count)s material", "%(count)s materials") if applicable else ""
    return ChecklistItem(part, _state(n > 0, applicable=applicable), detail)


def complex_checklist(facts: CourseFacts) -> Checklist:
    """LMS-2: the parts of the complex, each present or missing by the course's content.

    Practical, laboratory and independent-work parts are required only when the discipline
    (or the course's plan) has hours of that kind.
    """
    d, plan = facts.discipline_hours, facts.plan_hours
    lit_main = facts.literature.get(LiteratureKind.MAIN, 0)
    lit_add = facts.literature.get(LiteratureKind.ADDITIONAL, 0)
    tied = facts.control_tasks - facts.tasks_without_outcomes
    content_modules = facts.modules - facts.empty_modules
    hours_match = plan == d
    items = (
        ChecklistItem(Part.PROGRAM, _state(facts.has_description)),
        ChecklistItem(
            Part.OUTCOMES,
            _state(bool(facts.outcome_codes)),
            _count(len(facts.outcome_codes), "%(count)s outcome", "%(count)s outcomes"),
        ),
        ChecklistItem(
            Part.PLAN,
            _state(facts.topics > 0),
            _count(facts.topics, "%(count)s topic", "%(count)s topics"),
        ),
        ChecklistItem(
            Part.PLAN_HOURS,
            _state(hours_match, applicable=d.total > 0),
            _hours_detail(plan, d) if d.total > 0 else "",
        ),
        ChecklistItem(
            Part.SPLIT,
            _state(sum(facts.hours_by_delivery.values()) > 0),
            _split_detail(facts.hours_by_delivery),
        ),
        ChecklistItem(Part.GRADING, _state(facts.has_grading_policy)),
        ChecklistItem(
            Part.CONTROL_TASKS,
            _state(facts.control_tasks > 0 and facts.tasks_without_outcomes == 0),
            _("%(tied)s of %(total)s tied to outcomes")
            % {"tied": tied, "total": facts.control_tasks},
        ),
        ChecklistItem(
            Part.MAIN_LITERATURE,
            _state(lit_main > 0),
            _count(lit_main, "%(count)s source", "%(count)s sources"),
        ),
        ChecklistItem(
            Part.ADDITIONAL_LITERATURE,
            _state(lit_add > 0),
            _count(lit_add, "%(count)s source", "%(count)s sources"),
        ),
        ChecklistItem(
            Part.MODULES,
            _state(content_modules > 0),
            _count(content_modules, "%(count)s module", "%(count)s modules"),
        ),
        ChecklistItem(Part.CONSULTATIONS, _state(facts.has_consultations)),
        _materials_item(Part.LECTURES, facts, LECTURE_KINDS),
        _materials_item(
            Part.PRACTICAL,
            facts,
            (MaterialKind.PRACTICAL,),
            applicable=d.practice > 0 or plan.practice > 0,
        ),
        _materials_item(Part.LAB, facts, (MaterialKind.LAB,), applicable=d.lab > 0 or plan.lab > 0),
        _materials_item(
            Part.INDEPENDENT,
            facts,
            (MaterialKind.INDEPENDENT,),
            applicable=d.independent > 0 or plan.independent > 0,
        ),
        _materials_item(Part.MIDTERM, facts, (MaterialKind.MIDTERM,)),
        _materials_item(Part.FINAL, facts, (MaterialKind.FINAL,)),
    )
    return Checklist(course_id=facts.course_id, items=items)


# ---------------------------------------------------------------- quality signals (ONL-6)


class Signal(StrEnum):
    VARIETY = "variety"
    MULTIMEDIA = "multimedia"
    OUTCOMES_COVERED = "outcomes_covered"
    MODULES_FILLED = "modules_filled"


SIGNAL_LABELS: Mapping[Signal, Promise] = {
    Signal.VARIETY: gettext_lazy("Variety of material types"),
    Signal.MULTIMEDIA: gettext_lazy("Multimedia present"),
    Signal.OUTCOMES_COVERED: gettext_lazy("Learning outcomes covered by control tasks"),
    Signal.MODULES_FILLED: gettext_lazy("Every module has content"),
}


@dataclass(frozen=True)
class QualitySignal:
    signal: Signal
    ok: bool
    detail: str

    @property
    def label(self) -> str:
        return str(SIGNAL_LABELS[self.signal])


@dataclass(frozen=True)
class Quality:
    """ONL-6 (S2 §6.9.3): signals of completeness, variety, pedagogical design, multimedia."""

    course_id: int
    kinds: tuple[str, ...]  # distinct kinds of visible material
    multimedia: int
    outcomes: int
    outcomes_covered: int
    uncovered_outcomes: tuple[str, ...]
    empty_modules: int
    signals: tuple[QualitySignal, ...]

    @property
    def ok(self) -> int:
        return sum(1 for s in self.signals if s.ok)


def quality_signals(facts: CourseFacts) -> Quality:
    """ONL-6 signals from the same facts as the checklist."""
    kinds = tuple(sorted(k for k, n in facts.materials.items() if n > 0))
    multimedia = sum(facts.materials.get(k, 0) for k in MULTIMEDIA_KINDS)
    outcomes = len(facts.outcome_codes)
    covered = outcomes - len(facts.uncovered_outcomes)
    kind_labels = ", ".join(str(MaterialKind(k).label) for k in kinds)
    signals = (
        QualitySignal(
            Signal.VARIETY,
            len(kinds) >= VARIETY_MIN_KINDS,
            _("%(count)s of at least %(minimum)s kinds: %(kinds)s")
            % {"count": len(kinds), "minimum": VARIETY_MIN_KINDS, "kinds": kind_labels or "—"},
        ),
        QualitySignal(
            Signal.MULTIMEDIA,
            multimedia > 0,
            _count(
                multimedia,
                "%(count)s video, audio, image or media-service item",
                "%(count)s video, audio, image or media-service items",
            ),
        ),
        QualitySignal(
            Signal.OUTCOMES_COVERED,
            outcomes > 0 and covered == outcomes,
            _("%(covered)s of %(total)s covered") % {"covered": covered, "total": outcomes}
            + (
                "; " + _("not checked: %(codes)s") % {"codes": ", ".join(facts.uncovered_outcomes)}
                if facts.uncovered_outcomes
                else ""
            ),
        ),
        QualitySignal(
            Signal.MODULES_FILLED,
            facts.modules > 0 and facts.empty_modules == 0,
            _count(facts.empty_modules, "%(count)s empty module", "%(count)s empty modules"),
        ),
    )
    return Quality(
        course_id=facts.course_id,
        kinds=kinds,
        multimedia=multimedia,
        outcomes=outcomes,
        outcomes_covered=covered,
        uncovered_outcomes=facts.uncovered_outcomes,
        empty_modules=facts.empty_modules,
        signals=signals,
    )


# ---------------------------------------------------------------- a course's readiness (ONL-5)


class ReadinessState(StrEnum):
    INCOMPLETE = "incomplete"  # mandatory parts are missing
    COMPLETE = "complete"  # complete, not yet submitted to the department head
    SUBMITTED = "submitted"  # waiting for the department head
    RETURNED = "returned"  # the department head returned it for changes
    APPROVED = "approved"  # approved and still complete: ready


STATE_LABELS: Mapping[ReadinessState, Promise] = {
    ReadinessState.INCOMPLETE: gettext_lazy("incomplete"),
    ReadinessState.COMPLETE: gettext_lazy("complete, not submitted"),
    ReadinessState.SUBMITTED: gettext_lazy("waiting for approval"),
    ReadinessState.RETURNED: gettext_lazy("returned for changes"),
    ReadinessState.APPROVED: gettext_lazy("approved"),
}


STATE_BADGES: Mapping[ReadinessState, str] = {
    ReadinessState.INCOMPLETE: "bad",
    ReadinessState.COMPLETE: "warn",
    ReadinessState.SUBMITTED: "warn",
    ReadinessState.RETURNED: "bad",
    ReadinessState.APPROVED: "good",
}


def readiness_state(*, complete: bool, approval_status: str | None) -> ReadinessState:
    """The state the dashboard shows. Content removed after approval makes an approved
    complex incomplete again: approval alone never makes a course ready."""
    if approval_status == ComplexStatus.RETURNED:
        return ReadinessState.RETURNED
    if not complete:
        return ReadinessState.INCOMPLETE
    if approval_status == ComplexStatus.APPROVED:
        return ReadinessState.APPROVED
    if approval_status == ComplexStatus.SUBMITTED:
        return ReadinessState.SUBMITTED
    return ReadinessState.COMPLETE


@dataclass(frozen=True)
class CourseReadiness:
    course: Course
    checklist: Checklist
    quality: Quality
    approval: ComplexApproval | None
    teachers: tuple[str, ...]

    @property
    def state(self) -> ReadinessState:
        return readiness_state(
            complete=self.checklist.complete,
            approval_status=self.approval.status if self.approval else None,
        )

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def ready(self) -> bool:
        return self.state == ReadinessState.APPROVED

    @property
    def badge(self) -> str:
        """The badge class pages show the state with."""
        return STATE_BADGES[self.state]


def course_readiness_many(*, courses: Sequence[Course]) -> list[CourseReadiness]:
    """Readiness of many courses (courses need discipline fetched) in ten queries in all."""
    facts = readiness_course_facts(courses=courses)
    ids = [c.pk for c in courses]
    approvals = {a.course_id: a for a in ComplexApproval.objects.filter(course_id__in=ids)}
    teachers: dict[int, list[str]] = defaultdict(list)
    for link in (
        CourseStaff.objects.filter(course_id__in=ids, role=CourseRole.TEACHER)
        .select_related("staff__user")
        .order_by("staff__user__last_name", "staff__user__first_name", "pk")
    ):
        teachers[link.course_id].append(link.staff.user.get_full_name())
    return [
        CourseReadiness(
            course=c,
            checklist=complex_checklist(facts[c.pk]),
            quality=quality_signals(facts[c.pk]),
            approval=approvals.get(c.pk),
            teachers=tuple(teachers.get(c.pk, [])),
        )
        for c in courses
    ]


def course_readiness(*, course: Course) -> CourseReadiness:
    return course_readiness_many(courses=[course])[0]


# ---------------------------------------------------------------- completeness and summaries


@dataclass(frozen=True)
class Completeness:
    """Completeness of a set of courses (a department's, a program's, a period's)."""

    courses: int = 0
    complete: int = 0  # every mandatory part present
    ready: int = 0  # approved and complete (ONL-5)
    percent: int = 0  # mean checklist completeness
    multimedia: int = 0  # courses with multimedia (ONL-6)
    varied: int = 0  # courses with enough kinds of material (ONL-6)
    outcomes_covered: int = 0  # courses whose every outcome is checked (ONL-6)

    @property
    def ready_percent(self) -> int:
        return 100 * self.ready // self.courses if self.courses else 0


def readiness_completeness(rows: Sequence[CourseReadiness]) -> Completeness:
    if not rows:
        return Completeness()

    def signal(row: CourseReadiness, which: Signal) -> bool:
        return next(s.ok for s in row.quality.signals if s.signal == which)

    return Completeness(
        courses=len(rows),
        complete=sum(1 for r in rows if r.checklist.complete),
        ready=sum(1 for r in rows if r.ready),
        percent=sum(r.checklist.percent for r in rows) // len(rows),
        multimedia=sum(1 for r in rows if signal(r, Signal.MULTIMEDIA)),
        varied=sum(1 for r in rows if signal(r, Signal.VARIETY)),
        outcomes_covered=sum(1 for r in rows if signal(r, Signal.OUTCOMES_COVERED)),
    )


@dataclass(frozen=True)
class DepartmentSummary:
    department: Department
    completeness: Completeness


@dataclass(frozen=True)
class ProgramSummary:
    program: Program
    completeness: Completeness
    missing: int  # disciplines of the working curriculum without a course


@dataclass(frozen=True)
class MissingDiscipline:
    """A discipline of the working curriculum for the period that has no course at all."""

    item: CurriculumItem
    program: Program


def _curriculum_items(
    *, period: AcademicPeriod, program_ids: Sequence[int]
) -> list[CurriculumItem]:
    """Items of the programs' working curricula studied in this period by an intake that has
    a group: the disciplines that must have content (ONL-5: per the working curricula)."""
    if period.kind != PeriodKind.SEMESTER or not program_ids:
        return []
    # The semester an intake studies in this period: (year − intake) × 2 + period number,
    # compared in SQL so that only this period's items are read.
    semester = (
        period.academic_year.start_year * 2 + period.number - F("curriculum__admission_year") * 2
    )
    return list(
        CurriculumItem.objects.filter(
            Exists(
                StudentGroup.objects.filter(
                    program_id=OuterRef("curriculum__program_id"),
                    admission_year=OuterRef("curriculum__admission_year"),
                )
            ),
            curriculum__program_id__in=program_ids,
        )
        .alias(studied_in=semester)
        .filter(semester=F("studied_in"))
        .select_related("curriculum__program", "discipline")
        .order_by("curriculum__program__code", "semester", "discipline__code")
    )


def _program_courses(
    *, period: AcademicPeriod, program_ids: Sequence[int], courses: Sequence[Course]
) -> tuple[dict[int, set[int]], list[MissingDiscipline]]:
    """Which of `courses` belong to each program (through the course's groups, or the
    program's curriculum for the period), and the curriculum disciplines with no course."""
    by_program: dict[int, set[int]] = defaultdict(set)
    course_ids = {c.pk for c in courses}
    for course_id, program_id in CourseGroup.objects.filter(
        course_id__in=course_ids, group__program_id__in=program_ids
    ).values_list("course_id", "group__program_id"):
        by_program[program_id].add(course_id)
    by_discipline: dict[int, list[int]] = defaultdict(list)
    for c in courses:
        by_discipline[c.discipline_id].append(c.pk)
    period_disciplines = set(
        Course.objects.filter(period=period).values_list("discipline_id", flat=True)
    )
    missing: list[MissingDiscipline] = []
    for item in _curriculum_items(period=period, program_ids=program_ids):
        program = item.curriculum.program
        by_program[program.pk].update(by_discipline.get(item.discipline_id, []))
        if item.discipline_id not in period_disciplines and item.component != Component.ELECTIVE:
            missing.append(MissingDiscipline(item=item, program=program))
    return by_program, missing


# ---------------------------------------------------------------- pages' reads


def readiness_periods_for(*, actor: ActorScope) -> QuerySet[AcademicPeriod]:
    """Periods the actor has courses in or manages courses of."""
    q = Q(pk__in=Course.objects.filter(readiness_scope(actor)).values("period_id"))
    if actor.is_superuser:
        q = Q()
    elif institutions := {
        g.institution_id
        for g in actor.grants
        if g.role in (*WIDE_READERS, "dean", "department_head")
    }:
        q |= Q(academic_year__institution_id__in=sorted(institutions))
    return (
        AcademicPeriod.objects.filter(q)
        .select_related("academic_year__institution")
        .order_by("starts_on", "pk")
    )


def _default_period(periods: Sequence[AcademicPeriod], today: dt.date) -> AcademicPeriod | None:
    """The next period to start (readiness looks ahead); else the latest one."""
    upcoming = [p for p in periods if p.starts_on >= today]
    if upcoming:
        return upcoming[0]
    return periods[-1] if periods else None


def readiness_default_period(*, actor: ActorScope, today: dt.date) -> AcademicPeriod | None:
    """The period readiness pages show when none is asked for: the next to start."""
    return _default_period(list(readiness_periods_for(actor=actor)), today)


@dataclass(frozen=True)
class ReadinessDashboard:
    """ONL-5: courses of a period that are not ready, with the deadline and summaries."""

    periods: tuple[AcademicPeriod, ...]
    period: AcademicPeriod | None
    deadline: ReadinessDeadline | None
    today: dt.date
    rows: tuple[CourseReadiness, ...]  # filtered (not ready only, unless all asked)
    total: Completeness
    departments: tuple[DepartmentSummary, ...]
    programs: tuple[ProgramSummary, ...]
    missing: tuple[MissingDiscipline, ...]
    is_manager: bool

    @property
    def due(self) -> DeadlineStatus | None:
        return DeadlineStatus(self.deadline, self.today) if self.deadline else None


def _is_manager(actor: ActorScope) -> bool:
    return actor.is_superuser or bool(
        actor.institutions_with(*WIDE_READERS)
        or actor.faculties_with("dean")
        or actor.departments_with("department_head")
    )


def _courses_for(actor: ActorScope, period: AcademicPeriod) -> list[Course]:
    return list(
        Course.objects.filter(readiness_scope(actor), period=period)
        .select_related("discipline__department__faculty", "period__academic_year")
        .order_by("discipline__code", "language", "pk")
    )


def readiness_dashboard_for(
    *,
    actor: ActorScope,
    period_id: object = None,
    department_id: object = None,
    program_id: object = None,
    not_ready_only: bool = True,
    today: dt.date | None = None,
) -> ReadinessDashboard:
    """The dashboard of a period (by default the next to start): every course the actor
    sees, per department and per program, and the curriculum disciplines without a course.
    A teacher sees their own courses only; an unknown period, department or program of
    the filters answers CourseNotFound."""
    today = today or timezone.localdate()
    periods = list(readiness_periods_for(actor=actor))
    if period_id not in (None, ""):
        wanted = _pk(period_id)
        period = next((p for p in periods if p.pk == wanted), None)
        if period is None:
            raise _not_found()
    else:
        period = _default_period(periods, today)
    manager = _is_manager(actor)
    if period is None:
        return ReadinessDashboard((), None, None, today, (), Completeness(), (), (), (), manager)
    courses = _courses_for(actor, period)
    departments = {c.discipline.department_id: c.discipline.department for c in courses}
    if department_id not in (None, ""):
        wanted_department = _pk(department_id)
        courses = [c for c in courses if c.discipline.department_id == wanted_department]
        if wanted_department not in departments:
            raise _not_found()
    programs = (
        list(
            Program.objects.filter(
                _program_scope(actor), institution_id=period.academic_year.institution_id
            ).order_by("code")
        )
        if manager
        else []
    )
    program_courses, missing = _program_courses(
        period=period, program_ids=[p.pk for p in programs], courses=courses
    )
    if program_id not in (None, ""):
        wanted_program = _pk(program_id)
        if wanted_program not in {p.pk for p in programs}:
            raise _not_found()
        keep = program_courses.get(wanted_program, set())
        courses = [c for c in courses if c.pk in keep]
        programs = [p for p in programs if p.pk == wanted_program]
        missing = [m for m in missing if m.program.pk == wanted_program]
    rows = course_readiness_many(courses=courses)
    by_id = {r.course.pk: r for r in rows}
    by_department: dict[int, list[CourseReadiness]] = defaultdict(list)
    for row in rows:
        by_department[row.course.discipline.department_id].append(row)
    department_summaries = (
        tuple(
            DepartmentSummary(departments[d], readiness_completeness(by_department[d]))
            for d in sorted(by_department, key=lambda d: departments[d].code)
        )
        if manager
        else ()
    )
    program_summaries = tuple(
        ProgramSummary(
            program=p,
            completeness=readiness_completeness(
                [by_id[c] for c in sorted(program_courses.get(p.pk, set())) if c in by_id]
            ),
            missing=sum(1 for m in missing if m.program.pk == p.pk),
        )
        for p in programs
        if program_courses.get(p.pk) or any(m.program.pk == p.pk for m in missing)
    )
    shown = tuple(r for r in rows if not (not_ready_only and r.ready))
    return ReadinessDashboard(
        periods=tuple(periods),
        period=period,
        deadline=readiness_deadline(period=period),
        today=today,
        rows=shown,
        total=readiness_completeness(rows),
        departments=department_summaries,
        programs=program_summaries,
        missing=tuple(missing),
        is_manager=manager,
    )


@dataclass(frozen=True)
class DepartmentReadiness:
    """ONL-6 shown to the department: each course's checklist and quality signals."""

    department: Department
    period: AcademicPeriod
    deadline: ReadinessDeadline
    rows: tuple[CourseReadiness, ...]
    total: Completeness


def _period_get(period_id: object, *, institution_id: int) -> AcademicPeriod:
    period = (
        AcademicPeriod.objects.filter(
            pk=_pk(period_id), academic_year__institution_id=institution_id
        )
        .select_related("academic_year__institution")
        .first()
    )
    if period is None:
        raise _not_found()
    return period


def department_readiness_for(
    *, actor: ActorScope, department_id: object, period_id: object
) -> DepartmentReadiness:
    """The department's courses of a period with completeness and quality signals
    (its head, the dean, the institution-wide roles; others CourseNotFound)."""
    department = (
        Department.objects.filter(_department_scope(actor), pk=_pk(department_id))
        .select_related("faculty")
        .first()
    )
    if department is None:
        raise _not_found()
    period = _period_get(period_id, institution_id=department.faculty.institution_id)
    courses = list(
        Course.objects.filter(period=period, discipline__department=department)
        .select_related("discipline__department", "period__academic_year")
        .order_by("discipline__code", "language", "pk")
    )
    rows = tuple(course_readiness_many(courses=courses))
    return DepartmentReadiness(
        department=department,
        period=period,
        deadline=readiness_deadline(period=period),
        rows=rows,
        total=readiness_completeness(rows),
    )


@dataclass(frozen=True)
class ProgramReadiness:
    """A program's period: its courses, the curriculum disciplines without a course, the
    readiness act if issued (ONL-5)."""

    program: Program
    period: AcademicPeriod
    deadline: ReadinessDeadline
    rows: tuple[CourseReadiness, ...]
    missing: tuple[MissingDiscipline, ...]
    total: Completeness
    act: ReadinessAct | None

    @property
    def ready(self) -> bool:
        """Every course approved and complete, and no curriculum discipline without one."""
        return bool(self.rows) and not self.missing and all(r.ready for r in self.rows)


def readiness_of_program(*, program: Program, period: AcademicPeriod) -> ProgramReadiness:
    """A program's readiness for a period (no access check: services and the act use it)."""
    courses = list(
        Course.objects.filter(period=period)
        .select_related("discipline__department", "period__academic_year")
        .order_by("discipline__code", "language", "pk")
    )
    program_courses, missing = _program_courses(
        period=period, program_ids=[program.pk], courses=courses
    )
    keep = program_courses.get(program.pk, set())
    rows = tuple(course_readiness_many(courses=[c for c in courses if c.pk in keep]))
    return ProgramReadiness(
        program=program,
        period=period,
        deadline=readiness_deadline(period=period),
        rows=rows,
        missing=tuple(missing),
        total=readiness_completeness(rows),
        act=ReadinessAct.objects.filter(program=program, period=period).first(),
    )


def readiness_program_get_for(*, actor: ActorScope, program_id: object) -> Program:
    """A program whose readiness the actor sees (department head, dean, wide roles)."""
    program = (
        Program.objects.filter(_program_scope(actor), pk=_pk(program_id))
        .select_related("department__faculty", "institution")
        .first()
    )
    if program is None:
        raise _not_found()
    return program


def program_readiness_for(
    *, actor: ActorScope, program_id: object, period_id: object
) -> ProgramReadiness:
    program = readiness_program_get_for(actor=actor, program_id=program_id)
    period = _period_get(period_id, institution_id=program.institution_id)
    return readiness_of_program(program=program, period=period)


def readiness_act_get_for(*, actor: ActorScope, act_id: object) -> ReadinessAct:
    """An issued act whose program the actor sees, or CourseNotFound."""
    act = (
        ReadinessAct.objects.filter(
            pk=_pk(act_id), program__in=Program.objects.filter(_program_scope(actor))
        )
        .select_related("program", "period__academic_year")
        .first()
    )
    if act is None:
        raise _not_found()
    return act


def readiness_staff_links(*, course_ids: Sequence[int]) -> QuerySet[CourseStaff]:
    """Staff links of courses with the people (reminders' recipients)."""
    return (
        CourseStaff.objects.filter(course_id__in=course_ids)
        .select_related("staff__user")
        .order_by("course_id", "pk")
    )


# ---------------------------------------------------------------- facts for the rule engine (ONL-5)


def _period_on(periods: Sequence[AcademicPeriod], on: dt.date) -> AcademicPeriod | None:
    """The period current on `on`, else the next one to start (periods by start)."""
    current = next((p for p in periods if p.starts_on <= on <= p.ends_on), None)
    return current or next((p for p in periods if p.starts_on > on), None)


def readiness_facts_for_programs(
    *, program_ids: Sequence[int], as_of: dt.date
) -> dict[int, ReadinessFact]:
    """ONL-5 facts for the rule engine (registered in `CoursesConfig.ready()` through
    `regulations.facts.readiness_provider_register`): for each program, the academic
    period of its institution current on `as_of` (or, if none, the next to start), the
    deadline (5 working days before, Kazakh calendar), how many of the program's courses
    of the period are ready, the mandatory curriculum disciplines without a course, and
    the readiness act if issued. A fixed number of queries per period, whatever the
    number of programs; programs without such a period are left out."""
    programs = dict(
        Program.objects.filter(pk__in=list(program_ids)).values_list("pk", "institution_id")
    )
    if not programs:
        return {}
    by_institution: dict[int, list[AcademicPeriod]] = defaultdict(list)
    for period in (
        AcademicPeriod.objects.filter(
            academic_year__institution_id__in=set(programs.values()), ends_on__gte=as_of
        )
        .select_related("academic_year__institution")
        .order_by("starts_on", "pk")
    ):
        by_institution[period.academic_year.institution_id].append(period)
    chosen: dict[int, AcademicPeriod] = {}
    for institution_id, periods in by_institution.items():
        if (found := _period_on(periods, as_of)) is not None:
            chosen[institution_id] = found
    acts = {
        (program_id, period_id): (number, issued_on)
        for program_id, period_id, number, issued_on in ReadinessAct.objects.filter(
            program_id__in=list(programs), period_id__in=[p.pk for p in chosen.values()]
        ).values_list("program_id", "period_id", "number", "issued_on")
    }
    facts: dict[int, ReadinessFact] = {}
    for institution_id, period in chosen.items():
        ids = sorted(pk for pk, inst in programs.items() if inst == institution_id)
        courses = list(
            Course.objects.filter(period=period)
            .select_related("discipline__department", "period__academic_year")
            .order_by("pk")
        )
        program_courses, missing = _program_courses(period=period, program_ids=ids, courses=courses)
        wanted = set().union(*program_courses.values()) if program_courses else set()
        ready = {
            r.course.pk
            for r in course_readiness_many(courses=[c for c in courses if c.pk in wanted])
            if r.ready
        }
        deadline = readiness_deadline(period=period).deadline
        for program_id in ids:
            own = program_courses.get(program_id, set())
            number, issued_on = acts.get((program_id, period.pk), (None, None))
            facts[program_id] = ReadinessFact(
                period_id=period.pk,
                period_starts_on=period.starts_on,
                deadline=deadline,
                act_number=number,
                act_issued_on=issued_on,
                ready_courses=len(own & ready),
                total_courses=len(own),
                missing_disciplines=sum(1 for m in missing if m.program.pk == program_id),
            )
    return facts
