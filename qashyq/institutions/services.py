"""Writes of the institution's structure: the only place it changes.

Every service takes the acting `ActorScope` and re-checks that the actor manages the
institution's structure (the Office Registrar or an administrator of that
institution): a member who only reads gets `StructureChangeForbidden` (403), anyone
else `StructureNotFound` (404, SEC-2). Validation errors are `StructureInvalid`
subclasses whose `extra["field"]` names the offending form field.

CRD-1 choice: a discipline's hours (lecture + practice + lab + independent work)
must total exactly credits × 30; anything else is rejected, because a wrong split
silently corrupts workload and LIM-5 shares computed from hours later.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from qashyq.core.cache import invalidates
from qashyq.core.scope import ActorScope
from qashyq.institutions import classifier as cls
from qashyq.institutions.errors import (
    DirectionLevelMismatch,
    DuplicateCode,
    HoursCreditsMismatch,
    PeriodOutsideYear,
    PeriodsOverlap,
    SemesterOutOfRange,
    StructureChangeForbidden,
    StructureInvalid,
    StructureNotFound,
)
from qashyq.institutions.models import (
    AcademicPeriod,
    AcademicYear,
    Component,
    Curriculum,
    CurriculumItem,
    Department,
    Direction,
    Discipline,
    Faculty,
    Institution,
    Level,
    PeriodKind,
    Program,
    StudentGroup,
)
from qashyq.institutions.permissions import can_manage_structure, can_read_structure

HOURS_PER_CREDIT = 30  # CRD-1: one credit = 30 academic hours (since 2018)
SEMESTER_WEEKS = 15  # CAL-6: a semester of 15 weeks by default
MIN_SUMMER_WEEKS = 6  # CAL-6: a summer semester of at least 6 weeks


# ---------------------------------------------------------------- classifier (CLS-1)


@invalidates("structure")
@transaction.atomic
@invalidates("structure")
def directions_load(*, path: Path | str | None = None) -> int:
    """Load the classifier of directions of training (CLS-1) from JSON; return rows changed.

    Idempotent: rows are matched by (code, classifier version); names are updated in
    place, so programs keep their directions. `path` defaults to the shipped
    `data/directions_569.json`.
    """
    return cls.directions_upsert(Direction, cls.classifier_read(path))


# ---------------------------------------------------------------- checks


def _require_manager(actor: ActorScope, institution_id: int) -> None:
    if can_manage_structure(actor, institution_id):
        return
    if can_read_structure(actor, institution_id):
        raise StructureChangeForbidden(
            _("Only the Office Registrar or an administrator may change the structure.")
        )
    raise StructureNotFound(_("Not found."))


def _names(name_kk: str, name_ru: str, name_en: str) -> tuple[str, str, str]:
    names = (name_kk.strip(), name_ru.strip(), name_en.strip())
    if not names[0]:
        raise StructureInvalid(_("Enter the name in Kazakh."), field="name_kk")
    return names


def _code(code: str) -> str:
    code = code.strip()
    if not code:
        raise StructureInvalid(_("Enter a code."), field="code")
    return code


def _code_taken(queryset: QuerySet[Any], code: str) -> bool:
    """Codes compare case-insensitively, Cyrillic included (SQLite's LOWER is ASCII-only)."""
    wanted = code.casefold()
    return any(c.casefold() == wanted for c in queryset.values_list("code", flat=True))


def _duplicate(code: str) -> DuplicateCode:
    return DuplicateCode(
        _("The code %(code)s is already taken.") % {"code": code}, field="code", code=code
    )


# ---------------------------------------------------------------- faculties, departments


@invalidates("structure")
@transaction.atomic
def faculty_create(
    *,
    actor: ActorScope,
    institution: Institution,
    code: str,
    name_kk: str,
    name_ru: str = "",
    name_en: str = "",
) -> Faculty:
    """Add a faculty to the institution; its code is unique in the institution."""
    _require_manager(actor, institution.pk)
    faculty = Faculty(institution=institution)
    return _faculty_save(faculty, code=code, names=_names(name_kk, name_ru, name_en))


@invalidates("structure")
@transaction.atomic
def faculty_update(
    *, actor: ActorScope, faculty: Faculty, code: str, name_kk: str, name_ru: str, name_en: str
) -> Faculty:
    _require_manager(actor, faculty.institution_id)
    return _faculty_save(faculty, code=code, names=_names(name_kk, name_ru, name_en))


def _faculty_save(faculty: Faculty, *, code: str, names: tuple[str, str, str]) -> Faculty:
    code = _code(code)
    taken = Faculty.objects.filter(institution_id=faculty.institution_id).exclude(pk=faculty.pk)
    if _code_taken(taken, code):
        raise _duplicate(code)
    faculty.code = code
    faculty.name_kk, faculty.name_ru, faculty.name_en = names
    faculty.save()
    return faculty


@invalidates("structure")
@transaction.atomic
def department_create(
    *,
    actor: ActorScope,
    faculty: Faculty,
    code: str,
    name_kk: str,
    name_ru: str = "",
    name_en: str = "",
    epvo_id: str = "",
) -> Department:
    """Add a department (кафедра) to a faculty; its code is unique in the faculty."""
    _require_manager(actor, faculty.institution_id)
    department = Department(faculty=faculty)
    return _department_save(
        department, code=code, names=_names(name_kk, name_ru, name_en), epvo_id=epvo_id
    )


@invalidates("structure")
@transaction.atomic
def department_update(
    *,
    actor: ActorScope,
    department: Department,
    faculty: Faculty,
    code: str,
    name_kk: str,
    name_ru: str,
    name_en: str,
    epvo_id: str = "",
) -> Department:
    """Change a department; it may move to another faculty of the same institution."""
    institution_id = department.faculty.institution_id
    _require_manager(actor, institution_id)
    if faculty.institution_id != institution_id:
        raise StructureInvalid(_("Choose a faculty of the same institution."), field="faculty")
    department.faculty = faculty
    return _department_save(
        department, code=code, names=_names(name_kk, name_ru, name_en), epvo_id=epvo_id
    )


def _department_save(
    department: Department, *, code: str, names: tuple[str, str, str], epvo_id: str
) -> Department:
    code = _code(code)
    taken = Department.objects.filter(faculty_id=department.faculty_id).exclude(pk=department.pk)
    if _code_taken(taken, code):
        raise _duplicate(code)
    department.code = code
    department.name_kk, department.name_ru, department.name_en = names
    department.epvo_id = epvo_id.strip()
    department.save()
    return department


# ---------------------------------------------------------------- programs


@invalidates("structure")
@transaction.atomic
def program_create(
    *,
    actor: ActorScope,
    department: Department,
    code: str,
    level: str,
    name_kk: str,
    name_ru: str = "",
    name_en: str = "",
    direction: Direction | None = None,
    study_form: str = "full_time",
    language: str = "kk",
    total_credits: int,
    duration_years: Decimal = Decimal(4),
    is_active: bool = True,
    epvo_id: str = "",
) -> Program:
    """Register an education program of a department (names in kk/ru/en, GOV-2)."""
    institution_id = department.faculty.institution_id
    _require_manager(actor, institution_id)
    program = Program(institution_id=institution_id, department=department)
    return _program_save(
        program,
        code=code,
        level=level,
        names=_names(name_kk, name_ru, name_en),
        direction=direction,
        study_form=study_form,
        language=language,
        total_credits=total_credits,
        duration_years=duration_years,
        is_active=is_active,
        epvo_id=epvo_id,
    )


@invalidates("structure")
@transaction.atomic
def program_update(
    *,
    actor: ActorScope,
    program: Program,
    department: Department,
    code: str,
    level: str,
    name_kk: str,
    name_ru: str,
    name_en: str,
    direction: Direction | None,
    study_form: str,
    language: str,
    total_credits: int,
    duration_years: Decimal,
    is_active: bool,
    epvo_id: str = "",
) -> Program:
    _require_manager(actor, program.institution_id)
    if department.faculty.institution_id != program.institution_id:
        raise StructureInvalid(
            _("Choose a department of the same institution."), field="department"
        )
    program.department = department
    return _program_save(
        program,
        code=code,
        level=level,
        names=_names(name_kk, name_ru, name_en),
        direction=direction,
        study_form=study_form,
        language=language,
        total_credits=total_credits,
        duration_years=duration_years,
        is_active=is_active,
        epvo_id=epvo_id,
    )


def _program_save(
    program: Program,
    *,
    code: str,
    level: str,
    names: tuple[str, str, str],
    direction: Direction | None,
    study_form: str,
    language: str,
    total_credits: int,
    duration_years: Decimal,
    is_active: bool,
    epvo_id: str,
) -> Program:
    code = _code(code)
    if level not in Level.values:
        raise StructureInvalid(_("Choose a level."), field="level")
    if direction is not None:
        allowed = cls.allowed_prefixes_for_level(level)
        if direction.level_prefix not in allowed:  # CLS-1
            raise DirectionLevelMismatch(
                _(
                    "The direction %(direction)s does not belong to the level "
                    "%(level)s: use a direction whose code starts with %(prefixes)s."
                )
                % {
                    "direction": direction.code,
                    "level": Level(level).label,
                    "prefixes": ", ".join(sorted(allowed)),
                },
                field="direction",
            )
    if total_credits < 1:
        raise StructureInvalid(_("Total credits must be at least 1."), field="total_credits")
    if duration_years <= 0:
        raise StructureInvalid(_("The duration must be positive."), field="duration_years")
    if not program._state.adding and Decimal(duration_years) < Decimal(program.duration_years):
        last = semester_count(duration_years)
        beyond = CurriculumItem.objects.filter(
            curriculum__program=program, semester__gt=last
        ).exists()
        if beyond:
            raise SemesterOutOfRange(
                _("Curricula of this program have items after semester %(last)s.") % {"last": last},
                field="duration_years",
            )
    taken = Program.objects.filter(institution_id=program.institution_id).exclude(pk=program.pk)
    if _code_taken(taken, code):
        raise _duplicate(code)
    program.code = code
    program.level = level
    program.name_kk, program.name_ru, program.name_en = names
    program.direction = direction
    program.study_form = study_form
    program.language = language
    program.total_credits = total_credits
    program.duration_years = duration_years
    program.is_active = is_active
    program.epvo_id = epvo_id.strip()
    program.save()
    return program


def semester_count(duration_years: Decimal | float | int) -> int:
    """Semesters in a program of `duration_years` (two per year; 1.5 years → 3)."""
    return math.ceil(Decimal(duration_years) * 2)


# ---------------------------------------------------------------- disciplines (CRD-1)


@invalidates("structure")
@transaction.atomic
def discipline_create(
    *,
    actor: ActorScope,
    department: Department,
    code: str,
    name_kk: str,
    name_ru: str = "",
    name_en: str = "",
    credits: int,
    hours_lecture: int = 0,
    hours_practice: int = 0,
    hours_lab: int = 0,
    hours_independent: int = 0,
    control_form: str = "exam",
    is_mooc_based: bool = False,
) -> Discipline:
    """Add a discipline to a department; its hours must total credits × 30 (CRD-1)."""
    _require_manager(actor, department.faculty.institution_id)
    discipline = Discipline(department=department)
    return _discipline_save(
        discipline,
        code=code,
        names=_names(name_kk, name_ru, name_en),
        credits=credits,
        hours=(hours_lecture, hours_practice, hours_lab, hours_independent),
        control_form=control_form,
        is_mooc_based=is_mooc_based,
    )


@invalidates("structure")
@transaction.atomic
def discipline_update(
    *,
    actor: ActorScope,
    discipline: Discipline,
    code: str,
    name_kk: str,
    name_ru: str,
    name_en: str,
    credits: int,
    hours_lecture: int,
    hours_practice: int,
    hours_lab: int,
    hours_independent: int,
    control_form: str,
    is_mooc_based: bool,
) -> Discipline:
    """Change a discipline; a change of credits must keep its elective groups equal."""
    _require_manager(actor, discipline.department.faculty.institution_id)
    if credits != discipline.credits:
        for item in CurriculumItem.objects.filter(discipline=discipline).exclude(elective_group=""):
            others = CurriculumItem.objects.filter(
                curriculum_id=item.curriculum_id, elective_group=item.elective_group
            ).exclude(pk=item.pk)
            if others.exclude(discipline__credits=credits).exists():
                raise StructureInvalid(
                    _(
                        "The discipline is in the elective group %(group)s, whose "
                        "alternatives have equal credits."
                    )
                    % {"group": item.elective_group},
                    field="credits",
                )
    return _discipline_save(
        discipline,
        code=code,
        names=_names(name_kk, name_ru, name_en),
        credits=credits,
        hours=(hours_lecture, hours_practice, hours_lab, hours_independent),
        control_form=control_form,
        is_mooc_based=is_mooc_based,
    )


def _discipline_save(
    discipline: Discipline,
    *,
    code: str,
    names: tuple[str, str, str],
    credits: int,
    hours: tuple[int, int, int, int],
    control_form: str,
    is_mooc_based: bool,
) -> Discipline:
    code = _code(code)
    if credits < 1:
        raise StructureInvalid(_("Credits must be at least 1."), field="credits")
    if min(hours) < 0:
        raise StructureInvalid(_("Hours cannot be negative."), field="hours_lecture")
    expected = credits * HOURS_PER_CREDIT
    if sum(hours) != expected:  # CRD-1
        raise HoursCreditsMismatch(
            _(
                "The hours add up to %(total)s, but %(credits)s credits are %(expected)s "
                "academic hours (1 credit = 30 hours)."
            )
            % {"total": sum(hours), "credits": credits, "expected": expected},
            field="hours_independent",
            total=sum(hours),
            expected=expected,
        )
    taken = Discipline.objects.filter(department_id=discipline.department_id).exclude(
        pk=discipline.pk
    )
    if _code_taken(taken, code):
        raise _duplicate(code)
    discipline.code = code
    discipline.name_kk, discipline.name_ru, discipline.name_en = names
    discipline.credits = credits
    (
        discipline.hours_lecture,
        discipline.hours_practice,
        discipline.hours_lab,
        discipline.hours_independent,
    ) = hours
    discipline.control_form = control_form
    discipline.is_mooc_based = is_mooc_based
    discipline.save()
    return discipline


# ---------------------------------------------------------------- curricula


@invalidates("structure")
@transaction.atomic
def curriculum_create(
    *,
    actor: ActorScope,
    program: Program,
    admission_year: int,
    approved_on: date | None = None,
) -> Curriculum:
    """Start the working curriculum of a program for one intake year."""
    _require_manager(actor, program.institution_id)
    curriculum = Curriculum(program=program)
    return _curriculum_save(curriculum, admission_year=admission_year, approved_on=approved_on)


@invalidates("structure")
@transaction.atomic
def curriculum_update(
    *,
    actor: ActorScope,
    curriculum: Curriculum,
    admission_year: int,
    approved_on: date | None,
) -> Curriculum:
    _require_manager(actor, curriculum.program.institution_id)
    return _curriculum_save(curriculum, admission_year=admission_year, approved_on=approved_on)


def _curriculum_save(
    curriculum: Curriculum, *, admission_year: int, approved_on: date | None
) -> Curriculum:
    if not 1990 <= admission_year <= 2100:
        raise StructureInvalid(_("Enter a year such as 2025."), field="admission_year")
    taken = Curriculum.objects.filter(
        program_id=curriculum.program_id, admission_year=admission_year
    ).exclude(pk=curriculum.pk)
    if taken.exists():
        raise DuplicateCode(
            _("This program already has a curriculum for the intake of %(year)s.")
            % {"year": admission_year},
            field="admission_year",
        )
    curriculum.admission_year = admission_year
    curriculum.approved_on = approved_on
    curriculum.save()
    return curriculum


def _check_semester(program: Program, semester: int) -> None:
    last = semester_count(program.duration_years)
    if not 1 <= semester <= last:
        raise SemesterOutOfRange(
            _("Choose a semester from 1 to %(last)s: the program lasts %(years)s years.")
            % {"last": last, "years": program.duration_years},
            field="semester",
        )


def _check_elective_group(
    curriculum: Curriculum,
    *,
    group: str,
    semester: int,
    credits: int,
    exclude_item_id: int | None = None,
) -> int | None:
    """Alternatives of one group share the semester and the credits; returns its `choose`."""
    others = CurriculumItem.objects.filter(
        curriculum=curriculum, elective_group=group
    ).select_related("discipline")
    if exclude_item_id is not None:
        others = others.exclude(pk=exclude_item_id)
    first = others.first()
    if first is None:
        return None
    if first.semester != semester:
        raise StructureInvalid(
            _("The elective group %(group)s is in semester %(semester)s.")
            % {"group": group, "semester": first.semester},
            field="semester",
        )
    if first.discipline.credits != credits:
        raise StructureInvalid(
            _("Alternatives of the elective group %(group)s have %(credits)s credits each.")
            % {"group": group, "credits": first.discipline.credits},
            field="discipline",
        )
    return first.elective_choose


@invalidates("structure")
@transaction.atomic
def curriculum_item_add(
    *,
    actor: ActorScope,
    curriculum: Curriculum,
    discipline: Discipline,
    semester: int,
    component: str = Component.GENERAL_MANDATORY,
    elective_group: str = "",
    elective_choose: int = 1,
) -> CurriculumItem:
    """Put a discipline of the institution into a semester of the curriculum.

    An item of an elective group belongs to the elective component; all
    alternatives of one group sit in the same semester with the same credits, and
    the group's `choose` is shared (the first item sets it).
    """
    program = curriculum.program
    _require_manager(actor, program.institution_id)
    if discipline.department.faculty.institution_id != program.institution_id:
        raise StructureInvalid(_("Choose a discipline of this institution."), field="discipline")
    if CurriculumItem.objects.filter(curriculum=curriculum, discipline=discipline).exists():
        raise DuplicateCode(
            _("%(discipline)s is already in this curriculum.") % {"discipline": discipline.code},
            field="discipline",
        )
    if component not in Component.values:
        raise StructureInvalid(_("Choose a component."), field="component")
    _check_semester(program, semester)
    elective_group = elective_group.strip()
    if elective_group:
        if component != Component.ELECTIVE:
            raise StructureInvalid(
                _("Only items of the elective component belong to an elective group."),
                field="component",
            )
        if elective_choose < 1:
            raise StructureInvalid(
                _("Students choose at least one discipline."), field="elective_choose"
            )
        shared = _check_elective_group(
            curriculum, group=elective_group, semester=semester, credits=discipline.credits
        )
        if shared is not None:
            elective_choose = shared
    else:
        elective_choose = 1
    return CurriculumItem.objects.create(
        curriculum=curriculum,
        discipline=discipline,
        semester=semester,
        component=component,
        elective_group=elective_group,
        elective_choose=elective_choose,
    )


@invalidates("structure")
@transaction.atomic
def curriculum_item_remove(*, actor: ActorScope, item: CurriculumItem) -> None:
    _require_manager(actor, item.curriculum.program.institution_id)
    item.delete()


@invalidates("structure")
@transaction.atomic
def curriculum_item_move(*, actor: ActorScope, item: CurriculumItem, semester: int) -> int:
    """Move an item to another semester; an elective group moves as a whole.

    Returns the number of items moved.
    """
    program = item.curriculum.program
    _require_manager(actor, program.institution_id)
    _check_semester(program, semester)
    if item.elective_group:
        return CurriculumItem.objects.filter(
            curriculum_id=item.curriculum_id, elective_group=item.elective_group
        ).update(semester=semester)
    item.semester = semester
    item.save(update_fields=["semester"])
    return 1


@invalidates("structure")
@transaction.atomic
def curriculum_elective_group_set(
    *, actor: ActorScope, curriculum: Curriculum, group: str, choose: int
) -> int:
    """Set how many alternatives students pick from an elective group; returns its size."""
    _require_manager(actor, curriculum.program.institution_id)
    items = CurriculumItem.objects.filter(curriculum=curriculum, elective_group=group)
    size = items.count()
    if size == 0:
        raise StructureNotFound(_("Not found."))
    if not 1 <= choose <= size:
        raise StructureInvalid(
            _("Students choose from 1 to %(size)s disciplines of this group.") % {"size": size},
            field="elective_choose",
        )
    items.update(elective_choose=choose)
    return size


# ---------------------------------------------------------------- academic calendar (CAL-6)


@invalidates("structure")
@transaction.atomic
def academic_year_create(
    *,
    actor: ActorScope,
    institution: Institution,
    start_year: int,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> AcademicYear:
    """Add an academic year: 1 September to 31 August of the next year unless given."""
    _require_manager(actor, institution.pk)
    year = AcademicYear(institution=institution)
    return _academic_year_save(
        year,
        start_year=start_year,
        starts_on=starts_on or date(start_year, 9, 1),
        ends_on=ends_on or date(start_year + 1, 8, 31),
    )


@invalidates("structure")
@transaction.atomic
def academic_year_update(
    *, actor: ActorScope, academic_year: AcademicYear, starts_on: date, ends_on: date
) -> AcademicYear:
    _require_manager(actor, academic_year.institution_id)
    outside = academic_year.periods.filter(starts_on__lt=starts_on) | (
        academic_year.periods.filter(ends_on__gt=ends_on)
    )
    if outside.exists():
        raise PeriodOutsideYear(
            _("Some periods of this year fall outside the new dates."), field="starts_on"
        )
    return _academic_year_save(
        academic_year,
        start_year=academic_year.start_year,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def _academic_year_save(
    year: AcademicYear, *, start_year: int, starts_on: date, ends_on: date
) -> AcademicYear:
    if starts_on.year != start_year:
        raise StructureInvalid(
            _("The academic year %(label)s must start in %(year)s.")
            % {"label": f"{start_year}–{start_year + 1}", "year": start_year},
            field="starts_on",
        )
    if ends_on <= starts_on:
        raise StructureInvalid(_("The year must end after it starts."), field="ends_on")
    if ends_on > starts_on + timedelta(days=366):
        raise StructureInvalid(_("An academic year lasts at most a year."), field="ends_on")
    taken = AcademicYear.objects.filter(institution_id=year.institution_id, start_year=start_year)
    if taken.exclude(pk=year.pk).exists():
        raise DuplicateCode(
            _("The academic year %(year)s already exists.") % {"year": start_year},
            field="start_year",
        )
    overlapping = AcademicYear.objects.filter(
        institution_id=year.institution_id, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exclude(pk=year.pk)
    if overlapping.exists():
        raise PeriodsOverlap(_("The dates overlap another academic year."), field="starts_on")
    year.start_year = start_year
    year.starts_on = starts_on
    year.ends_on = ends_on
    year.save()
    return year


@invalidates("structure")
@transaction.atomic
def academic_period_create(
    *,
    actor: ActorScope,
    academic_year: AcademicYear,
    kind: str,
    number: int,
    starts_on: date,
    ends_on: date,
    exam_session_starts_on: date | None = None,
) -> AcademicPeriod:
    """Add a period inside its academic year, overlapping no other period of the year."""
    _require_manager(actor, academic_year.institution_id)
    period = AcademicPeriod(academic_year=academic_year)
    return _academic_period_save(
        period,
        kind=kind,
        number=number,
        starts_on=starts_on,
        ends_on=ends_on,
        exam_session_starts_on=exam_session_starts_on,
    )


@invalidates("structure")
@transaction.atomic
def academic_period_update(
    *,
    actor: ActorScope,
    period: AcademicPeriod,
    kind: str,
    number: int,
    starts_on: date,
    ends_on: date,
    exam_session_starts_on: date | None,
) -> AcademicPeriod:
    _require_manager(actor, period.academic_year.institution_id)
    return _academic_period_save(
        period,
        kind=kind,
        number=number,
        starts_on=starts_on,
        ends_on=ends_on,
        exam_session_starts_on=exam_session_starts_on,
    )


def _academic_period_save(
    period: AcademicPeriod,
    *,
    kind: str,
    number: int,
    starts_on: date,
    ends_on: date,
    exam_session_starts_on: date | None,
) -> AcademicPeriod:
    year = period.academic_year
    if kind not in PeriodKind.values:
        raise StructureInvalid(_("Choose a kind of period."), field="kind")
    if number < 1:
        raise StructureInvalid(_("The number starts at 1."), field="number")
    if ends_on <= starts_on:
        raise StructureInvalid(_("The period must end after it starts."), field="ends_on")
    if starts_on < year.starts_on or ends_on > year.ends_on:
        raise PeriodOutsideYear(
            _("The period must lie within the academic year (%(start)s – %(end)s).")
            % {"start": year.starts_on.isoformat(), "end": year.ends_on.isoformat()},
            field="starts_on",
        )
    if kind == PeriodKind.SUMMER and (ends_on - starts_on).days + 1 < MIN_SUMMER_WEEKS * 7:
        raise StructureInvalid(  # CAL-6
            _("A summer semester lasts at least %(weeks)s weeks.") % {"weeks": MIN_SUMMER_WEEKS},
            field="ends_on",
        )
    if exam_session_starts_on is not None and not (starts_on <= exam_session_starts_on <= ends_on):
        raise StructureInvalid(
            _("The exam session starts within the period."), field="exam_session_starts_on"
        )
    siblings = AcademicPeriod.objects.filter(academic_year=year).exclude(pk=period.pk)
    if siblings.filter(kind=kind, number=number).exists():
        raise DuplicateCode(_("This year already has that period."), field="number")
    clash = siblings.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
    if clash is not None:
        raise PeriodsOverlap(
            _("The dates overlap %(period)s (%(start)s – %(end)s).")
            % {
                "period": f"{clash.get_kind_display()} {clash.number}",
                "start": clash.starts_on.isoformat(),
                "end": clash.ends_on.isoformat(),
            },
            field="starts_on",
        )
    period.kind = kind
    period.number = number
    period.starts_on = starts_on
    period.ends_on = ends_on
    period.exam_session_starts_on = exam_session_starts_on
    period.save()
    return period


def _next_monday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


@invalidates("structure")
@transaction.atomic
def academic_year_default_periods_create(
    *,
    actor: ActorScope,
    academic_year: AcademicYear,
    summer: bool = False,
    weeks: int = SEMESTER_WEEKS,
    exam_weeks: int = 2,
    break_weeks: int = 2,
    summer_weeks: int = MIN_SUMMER_WEEKS,
) -> list[AcademicPeriod]:
    """Create the default calendar of a year (CAL-6): two semesters, optionally a summer one.

    Each semester is `weeks` (15) weeks of classes followed by an exam session of
    `exam_weeks`; the autumn semester starts on the first Monday of the year, the
    spring one on the first Monday after a `break_weeks` vacation, and the summer
    semester (≥ 6 weeks) right after the spring one.
    """
    _require_manager(actor, academic_year.institution_id)
    if academic_year.periods.exists():
        raise StructureInvalid(_("This academic year already has periods."))
    if summer_weeks < MIN_SUMMER_WEEKS:
        raise StructureInvalid(  # CAL-6
            _("A summer semester lasts at least %(weeks)s weeks.") % {"weeks": MIN_SUMMER_WEEKS},
            field="summer_weeks",
        )
    plan: list[tuple[str, int, date, date, date | None]] = []
    start = _next_monday(academic_year.starts_on)
    for number in (1, 2):
        end = start + timedelta(weeks=weeks + exam_weeks, days=-1)
        plan.append((PeriodKind.SEMESTER, number, start, end, start + timedelta(weeks=weeks)))
        start = _next_monday(end + timedelta(days=1, weeks=break_weeks))
    if summer:
        summer_start = plan[-1][3] + timedelta(days=1)
        summer_end = summer_start + timedelta(weeks=summer_weeks, days=-1)
        plan.append((PeriodKind.SUMMER, 1, summer_start, summer_end, None))
    return [
        _academic_period_save(
            AcademicPeriod(academic_year=academic_year),
            kind=kind,
            number=number,
            starts_on=starts_on,
            ends_on=ends_on,
            exam_session_starts_on=exam_on,
        )
        for kind, number, starts_on, ends_on, exam_on in plan
    ]


# ---------------------------------------------------------------- student groups


@invalidates("structure")
@transaction.atomic
def group_create(
    *,
    actor: ActorScope,
    program: Program,
    code: str,
    admission_year: int,
    language: str = "kk",
) -> StudentGroup:
    """Form an academic group of a program; its code is unique in the institution."""
    _require_manager(actor, program.institution_id)
    group = StudentGroup(program=program)
    return _group_save(group, code=code, admission_year=admission_year, language=language)


@invalidates("structure")
@transaction.atomic
def group_update(
    *,
    actor: ActorScope,
    group: StudentGroup,
    program: Program,
    code: str,
    admission_year: int,
    language: str,
) -> StudentGroup:
    _require_manager(actor, group.program.institution_id)
    if program.institution_id != group.program.institution_id:
        raise StructureInvalid(_("Choose a program of the same institution."), field="program")
    group.program = program
    return _group_save(group, code=code, admission_year=admission_year, language=language)


def _group_save(
    group: StudentGroup, *, code: str, admission_year: int, language: str
) -> StudentGroup:
    code = _code(code)
    if not 1990 <= admission_year <= 2100:
        raise StructureInvalid(_("Enter a year such as 2025."), field="admission_year")
    taken = StudentGroup.objects.filter(
        program__institution_id=group.program.institution_id
    ).exclude(pk=group.pk)
    if _code_taken(taken, code):
        raise _duplicate(code)
    group.code = code
    group.admission_year = admission_year
    group.language = language
    group.save()
    return group
