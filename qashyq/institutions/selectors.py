"""Reads of the institution's structure: each takes the actor and returns only what
the actor may see (members of an institution read its structure, SEC-2), with the
related rows the caller renders already fetched."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from qashyq.core.models import localized
from qashyq.core.scope import ActorScope
from qashyq.institutions import classifier as cls
from qashyq.institutions.errors import StructureNotFound
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
    Program,
    StudentGroup,
)
from qashyq.institutions.permissions import structure_scope

M = TypeVar("M", bound=Model)


# ---------------------------------------------------------------- classifier (CLS-1)


def classifier_fields() -> tuple[cls.ClassifierEntry, ...]:
    """The 2-digit fields 01 … 12 of the classifier (CLS-1)."""
    return cls.default_classifier().fields


def classifier_field_name(*, field_code: str, language: str | None = None) -> str:
    """The name of field `field_code` ("06") in the active or given language; "" if unknown."""
    for field in cls.default_classifier().fields:
        if field.code == field_code:
            return localized(
                kk=field.name_kk, ru=field.name_ru, en=field.name_en, language=language
            )
    return ""


def direction_list(*, level_prefix: str = "", search: str = "") -> QuerySet[Direction]:
    """Directions of training (public reference data), filtered by prefix (6B/7M/8D) or text."""
    queryset = Direction.objects.all()
    if level_prefix:
        queryset = queryset.filter(code__startswith=level_prefix.upper())
    if search:
        queryset = queryset.filter(
            Q(code__icontains=search)
            | Q(name_kk__icontains=search)
            | Q(name_ru__icontains=search)
            | Q(name_en__icontains=search)
        )
    return queryset.order_by("code", "classifier_version")


def direction_list_for_level(*, level: str) -> QuerySet[Direction]:
    """Directions a program of `level` may use (6B ↔ bachelor, 7M ↔ master/MBA/EMBA …)."""
    prefixes = cls.allowed_prefixes_for_level(level)
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(code__startswith=prefix)
    return Direction.objects.filter(condition).order_by("code")


# ---------------------------------------------------------------- helpers


def _get(queryset: QuerySet[M], pk: object) -> M:
    """The row, or StructureNotFound for absent and not-visible alike (SEC-2)."""
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise StructureNotFound(gettext("Not found.")) from None


# ---------------------------------------------------------------- institutions, faculties


def institution_list_for(*, actor: ActorScope) -> QuerySet[Institution]:
    return Institution.objects.filter(structure_scope(actor, institution_path="pk"))


def institution_get_for(*, actor: ActorScope, institution_id: object) -> Institution:
    return _get(institution_list_for(actor=actor), institution_id)


def faculty_list_for(*, actor: ActorScope, institution_id: int | None = None) -> QuerySet[Faculty]:
    queryset = Faculty.objects.filter(
        structure_scope(actor, institution_path="institution_id")
    ).select_related("institution")
    if institution_id is not None:
        queryset = queryset.filter(institution_id=institution_id)
    return queryset.order_by("institution__code", "code")


def faculty_get_for(*, actor: ActorScope, faculty_id: object) -> Faculty:
    return _get(faculty_list_for(actor=actor), faculty_id)


def department_list_for(
    *,
    actor: ActorScope,
    institution_id: int | None = None,
    faculty_id: int | None = None,
) -> QuerySet[Department]:
    queryset = Department.objects.filter(
        structure_scope(actor, institution_path="faculty__institution_id")
    ).select_related("faculty", "faculty__institution")
    if institution_id is not None:
        queryset = queryset.filter(faculty__institution_id=institution_id)
    if faculty_id is not None:
        queryset = queryset.filter(faculty_id=faculty_id)
    return queryset.order_by("faculty__code", "code")


def department_get_for(*, actor: ActorScope, department_id: object) -> Department:
    return _get(department_list_for(actor=actor), department_id)


@dataclass(frozen=True)
class InstitutionOverview:
    """An institution with its faculties → departments → programs, fetched in four queries."""

    institution: Institution
    faculties: list[Faculty]


def structure_overview_for(*, actor: ActorScope) -> list[InstitutionOverview]:
    """Faculties → departments → programs of every institution the actor reads."""
    programs = Program.objects.select_related("direction").order_by("code")
    departments = Department.objects.order_by("code").prefetch_related(
        Prefetch("programs", queryset=programs)
    )
    faculties = (
        Faculty.objects.filter(structure_scope(actor, institution_path="institution_id"))
        .order_by("code")
        .prefetch_related(Prefetch("departments", queryset=departments))
    )
    by_institution: dict[int, list[Faculty]] = defaultdict(list)
    for faculty in faculties:
        by_institution[faculty.institution_id].append(faculty)
    return [
        InstitutionOverview(institution=institution, faculties=by_institution[institution.pk])
        for institution in institution_list_for(actor=actor)
    ]


# ---------------------------------------------------------------- programs


def program_list_for(
    *,
    actor: ActorScope,
    institution_id: int | None = None,
    level: str = "",
    faculty_id: int | None = None,
    department_id: int | None = None,
    study_form: str = "",
    language: str = "",
    search: str = "",
) -> QuerySet[Program]:
    """Programs the actor reads, filtered; department, faculty and direction fetched with them."""
    queryset = Program.objects.filter(
        structure_scope(actor, institution_path="institution_id")
    ).select_related("department__faculty", "direction")
    if institution_id is not None:
        queryset = queryset.filter(institution_id=institution_id)
    if level:
        queryset = queryset.filter(level=level)
    if faculty_id is not None:
        queryset = queryset.filter(department__faculty_id=faculty_id)
    if department_id is not None:
        queryset = queryset.filter(department_id=department_id)
    if study_form:
        queryset = queryset.filter(study_form=study_form)
    if language:
        queryset = queryset.filter(language=language)
    if search:
        queryset = queryset.filter(
            Q(code__icontains=search)
            | Q(name_kk__icontains=search)
            | Q(name_ru__icontains=search)
            | Q(name_en__icontains=search)
            | Q(direction__code__icontains=search)
        )
    return queryset.order_by("code", "pk")


def program_get_for(*, actor: ActorScope, program_id: object) -> Program:
    return _get(program_list_for(actor=actor), program_id)


# ---------------------------------------------------------------- disciplines


def discipline_list_for(
    *,
    actor: ActorScope,
    institution_id: int | None = None,
    department_id: int | None = None,
    search: str = "",
) -> QuerySet[Discipline]:
    queryset = Discipline.objects.filter(
        structure_scope(actor, institution_path="department__faculty__institution_id")
    ).select_related("department__faculty")
    if institution_id is not None:
        queryset = queryset.filter(department__faculty__institution_id=institution_id)
    if department_id is not None:
        queryset = queryset.filter(department_id=department_id)
    if search:
        queryset = queryset.filter(
            Q(code__icontains=search)
            | Q(name_kk__icontains=search)
            | Q(name_ru__icontains=search)
            | Q(name_en__icontains=search)
        )
    return queryset.order_by("code", "pk")


def discipline_get_for(*, actor: ActorScope, discipline_id: object) -> Discipline:
    return _get(discipline_list_for(actor=actor), discipline_id)


# ---------------------------------------------------------------- curricula


def curriculum_list_for(
    *, actor: ActorScope, program_id: int | None = None
) -> QuerySet[Curriculum]:
    queryset = Curriculum.objects.filter(
        structure_scope(actor, institution_path="program__institution_id")
    ).select_related("program")
    if program_id is not None:
        queryset = queryset.filter(program_id=program_id)
    return queryset.order_by("program__code", "-admission_year")


def curriculum_get_for(*, actor: ActorScope, curriculum_id: object) -> Curriculum:
    """A curriculum with its program and its items (each with its discipline) prefetched."""
    items = CurriculumItem.objects.select_related("discipline").order_by(
        "semester", "elective_group", "discipline__code"
    )
    queryset = (
        curriculum_list_for(actor=actor)
        .select_related("program__department__faculty", "program__direction")
        .prefetch_related(Prefetch("items", queryset=items))
    )
    return _get(queryset, curriculum_id)


def curriculum_item_get_for(*, actor: ActorScope, item_id: object) -> CurriculumItem:
    queryset = CurriculumItem.objects.filter(
        structure_scope(actor, institution_path="curriculum__program__institution_id")
    ).select_related("curriculum__program", "discipline")
    return _get(queryset, item_id)


@dataclass(frozen=True)
class ElectiveGroupSummary:
    """A set of alternatives in one semester: the student takes `choose` of `options`."""

    name: str
    semester: int
    choose: int
    options: list[CurriculumItem]
    credits_each: int

    @property
    def credits(self) -> int:
        return self.choose * self.credits_each


@dataclass(frozen=True)
class SemesterSummary:
    semester: int
    mandatory: list[CurriculumItem]
    electives: list[CurriculumItem]  # elective-component items outside any group
    groups: list[ElectiveGroupSummary]
    mandatory_credits: int
    elective_credits: int

    @property
    def credits(self) -> int:
        return self.mandatory_credits + self.elective_credits


@dataclass(frozen=True)
class CurriculumSummary:
    """Credits of a working curriculum per semester and in total, against the program.

    Mandatory = the general and university components; elective = the elective
    component: an elective group counts `choose × credits` of its alternatives
    (they have equal credits, see services.curriculum_item_add), an elective item
    outside a group counts its own credits.
    """

    semesters: list[SemesterSummary]
    mandatory_credits: int
    elective_credits: int
    program_credits: int

    @property
    def total_credits(self) -> int:
        return self.mandatory_credits + self.elective_credits

    @property
    def difference(self) -> int:
        """Total minus the program's credits: 0 when the curriculum is complete."""
        return self.total_credits - self.program_credits

    @property
    def is_complete(self) -> bool:
        return self.difference == 0

    @property
    def missing_credits(self) -> int:
        return max(0, -self.difference)

    @property
    def excess_credits(self) -> int:
        return max(0, self.difference)


def curriculum_summary(*, curriculum: Curriculum) -> CurriculumSummary:
    """Credits per semester, mandatory vs elective, total vs the program's total credits.

    Uses the prefetched items of `curriculum_get_for` (no query when they are there).
    """
    by_semester: dict[int, list[CurriculumItem]] = defaultdict(list)
    for item in curriculum.items.all():
        by_semester[item.semester].append(item)
    semesters: list[SemesterSummary] = []
    for number in sorted(by_semester):
        items = by_semester[number]
        mandatory = [i for i in items if i.component != Component.ELECTIVE]
        electives = [i for i in items if i.component == Component.ELECTIVE and not i.elective_group]
        grouped: dict[str, list[CurriculumItem]] = defaultdict(list)
        for item in items:
            if item.component == Component.ELECTIVE and item.elective_group:
                grouped[item.elective_group].append(item)
        groups = [
            ElectiveGroupSummary(
                name=name,
                semester=number,
                choose=options[0].elective_choose,
                options=options,
                credits_each=options[0].discipline.credits,
            )
            for name, options in sorted(grouped.items())
        ]
        semesters.append(
            SemesterSummary(
                semester=number,
                mandatory=mandatory,
                electives=electives,
                groups=groups,
                mandatory_credits=sum(i.discipline.credits for i in mandatory),
                elective_credits=sum(i.discipline.credits for i in electives)
                + sum(g.credits for g in groups),
            )
        )
    return CurriculumSummary(
        semesters=semesters,
        mandatory_credits=sum(s.mandatory_credits for s in semesters),
        elective_credits=sum(s.elective_credits for s in semesters),
        program_credits=curriculum.program.total_credits,
    )


# ---------------------------------------------------------------- calendar (CAL-6)


def academic_year_list_for(
    *, actor: ActorScope, institution_id: int | None = None
) -> QuerySet[AcademicYear]:
    """Academic years with their periods prefetched, newest first."""
    queryset = (
        AcademicYear.objects.filter(structure_scope(actor, institution_path="institution_id"))
        .select_related("institution")
        .prefetch_related(
            Prefetch("periods", queryset=AcademicPeriod.objects.order_by("starts_on"))
        )
    )
    if institution_id is not None:
        queryset = queryset.filter(institution_id=institution_id)
    return queryset.order_by("institution__code", "-start_year")


def academic_year_get_for(*, actor: ActorScope, academic_year_id: object) -> AcademicYear:
    return _get(academic_year_list_for(actor=actor), academic_year_id)


def academic_period_list_for(
    *,
    actor: ActorScope,
    institution_id: int | None = None,
    academic_year_id: int | None = None,
) -> QuerySet[AcademicPeriod]:
    queryset = AcademicPeriod.objects.filter(
        structure_scope(actor, institution_path="academic_year__institution_id")
    ).select_related("academic_year")
    if institution_id is not None:
        queryset = queryset.filter(academic_year__institution_id=institution_id)
    if academic_year_id is not None:
        queryset = queryset.filter(academic_year_id=academic_year_id)
    return queryset.order_by("starts_on", "pk")


def academic_period_get_for(*, actor: ActorScope, period_id: object) -> AcademicPeriod:
    return _get(academic_period_list_for(actor=actor), period_id)


# ---------------------------------------------------------------- groups


def group_list_for(
    *,
    actor: ActorScope,
    institution_id: int | None = None,
    program_id: int | None = None,
    admission_year: int | None = None,
    search: str = "",
) -> QuerySet[StudentGroup]:
    queryset = StudentGroup.objects.filter(
        structure_scope(actor, institution_path="program__institution_id")
    ).select_related("program")
    if institution_id is not None:
        queryset = queryset.filter(program__institution_id=institution_id)
    if program_id is not None:
        queryset = queryset.filter(program_id=program_id)
    if admission_year is not None:
        queryset = queryset.filter(admission_year=admission_year)
    if search:
        queryset = queryset.filter(code__icontains=search)
    return queryset.order_by("code", "pk")


def group_get_for(*, actor: ActorScope, group_id: object) -> StudentGroup:
    return _get(group_list_for(actor=actor), group_id)
