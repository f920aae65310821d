"""Institutions API: the structure (faculties, departments, programs, disciplines,
curricula, academic periods, groups) and the classifier of directions (CLS-1).

Permissions are the pages' (SEC-2): members of an institution read its structure;
the Office Registrar and administrators change it. Not a member: 404, also for
writes. A member who may only read and tries to write: 403. Names come in all
three languages plus `name` in the request's language.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from qashyq.core.scope import actor_scope_of
from qashyq.institutions import selectors, services
from qashyq.institutions.errors import StructureNotFound
from qashyq.institutions.models import (
    AcademicPeriod,
    Component,
    Curriculum,
    CurriculumItem,
    Department,
    Direction,
    Discipline,
    Faculty,
    InstructionLanguage,
    Level,
    Program,
    StudentGroup,
    StudyForm,
)

router = Router(tags=["institutions"])


class Pagination(LimitOffsetPagination):
    """`limit` (at most 100, default 50) and `offset`."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=100)
        offset: int = Field(0, ge=0)


# ---------------------------------------------------------------- schemas: out


class NamedOut(Schema):
    id: int
    code: str
    name: str
    name_kk: str
    name_ru: str
    name_en: str


class RefOut(Schema):
    id: int
    code: str
    name: str


class FacultyOut(NamedOut):
    institution_id: int


class DepartmentOut(NamedOut):
    faculty_id: int
    epvo_id: str


class DirectionOut(Schema):
    id: int
    code: str
    level_prefix: str
    field_code: str
    field_name: str
    classifier_version: str
    name: str
    name_kk: str
    name_ru: str
    name_en: str

    @staticmethod
    def resolve_field_name(obj: Direction) -> str:
        return selectors.classifier_field_name(field_code=obj.field_code)


class DirectionRefOut(Schema):
    id: int
    code: str
    name: str


class ProgramOut(NamedOut):
    institution_id: int
    level: str
    direction: DirectionRefOut | None
    department: RefOut
    faculty: RefOut
    study_form: str
    language: str
    total_credits: int
    duration_years: Decimal
    is_active: bool
    epvo_id: str

    @staticmethod
    def resolve_faculty(obj: Program) -> Faculty:
        return obj.department.faculty


class DisciplineOut(NamedOut):
    department_id: int
    credits: int
    hours_lecture: int
    hours_practice: int
    hours_lab: int
    hours_independent: int
    total_hours: int
    control_form: str
    is_mooc_based: bool


class DisciplineRefOut(NamedOut):
    credits: int


class CurriculumItemOut(Schema):
    id: int
    discipline: DisciplineRefOut
    semester: int
    component: str
    elective_group: str
    elective_choose: int


class SemesterCreditsOut(Schema):
    semester: int
    mandatory_credits: int
    elective_credits: int
    credits: int


class CurriculumOut(Schema):
    id: int
    program: RefOut
    admission_year: int
    approved_on: date | None
    items: list[CurriculumItemOut]
    semesters: list[SemesterCreditsOut]
    mandatory_credits: int
    elective_credits: int
    total_credits: int
    program_credits: int


class AcademicPeriodOut(Schema):
    id: int
    academic_year_id: int
    academic_year: str
    kind: str
    number: int
    starts_on: date
    ends_on: date
    exam_session_starts_on: date | None

    @staticmethod
    def resolve_academic_year(obj: AcademicPeriod) -> str:
        return str(obj.academic_year)


class GroupOut(Schema):
    id: int
    code: str
    program: RefOut
    admission_year: int
    language: str


# ---------------------------------------------------------------- schemas: in


class NamesIn(Schema):
    code: str = Field(..., min_length=1, max_length=20)
    name_kk: str = Field(..., min_length=1, max_length=255)
    name_ru: str = Field("", max_length=255)
    name_en: str = Field("", max_length=255)


class FacultyIn(NamesIn):
    institution_id: int


class DepartmentIn(NamesIn):
    faculty_id: int
    epvo_id: str = Field("", max_length=40)


class ProgramIn(NamesIn):
    department_id: int
    level: Level
    direction_id: int | None = None
    study_form: StudyForm = StudyForm.FULL_TIME
    language: InstructionLanguage = InstructionLanguage.KAZAKH
    total_credits: int = Field(..., ge=1, le=600)
    duration_years: Decimal = Field(Decimal(4), gt=0, le=10, decimal_places=1)
    is_active: bool = True
    epvo_id: str = Field("", max_length=40)


class ProgramPatch(Schema):
    code: str | None = Field(None, min_length=1, max_length=20)
    name_kk: str | None = Field(None, min_length=1, max_length=255)
    name_ru: str | None = Field(None, max_length=255)
    name_en: str | None = Field(None, max_length=255)
    department_id: int | None = None
    level: Level | None = None
    direction_id: int | None = None
    study_form: StudyForm | None = None
    language: InstructionLanguage | None = None
    total_credits: int | None = Field(None, ge=1, le=600)
    duration_years: Decimal | None = Field(None, gt=0, le=10, decimal_places=1)
    is_active: bool | None = None
    epvo_id: str | None = Field(None, max_length=40)


class DisciplineIn(NamesIn):
    department_id: int
    credits: int = Field(..., ge=1, le=60)
    hours_lecture: int = Field(0, ge=0)
    hours_practice: int = Field(0, ge=0)
    hours_lab: int = Field(0, ge=0)
    hours_independent: int = Field(0, ge=0)
    control_form: str = "exam"
    is_mooc_based: bool = False


class GroupIn(Schema):
    program_id: int
    code: str = Field(..., min_length=1, max_length=30)
    admission_year: int = Field(..., ge=1990, le=2100)
    language: InstructionLanguage = InstructionLanguage.KAZAKH


class CurriculumItemIn(Schema):
    discipline_id: int
    semester: int = Field(..., ge=1, le=16)
    component: Component = Component.GENERAL_MANDATORY
    elective_group: str = Field("", max_length=40)
    elective_choose: int = Field(1, ge=1)


# ---------------------------------------------------------------- filters


class ProgramFilter(FilterSchema):
    institution: int | None = None
    level: Level | None = None
    faculty: int | None = None
    department: int | None = None
    study_form: StudyForm | None = None
    language: InstructionLanguage | None = None
    search: str = ""


def _curriculum_out(curriculum: Curriculum) -> dict[str, Any]:
    summary = selectors.curriculum_summary(curriculum=curriculum)
    return {
        "id": curriculum.pk,
        "program": curriculum.program,
        "admission_year": curriculum.admission_year,
        "approved_on": curriculum.approved_on,
        "items": list(curriculum.items.all()),
        "semesters": [
            {
                "semester": s.semester,
                "mandatory_credits": s.mandatory_credits,
                "elective_credits": s.elective_credits,
                "credits": s.credits,
            }
            for s in summary.semesters
        ],
        "mandatory_credits": summary.mandatory_credits,
        "elective_credits": summary.elective_credits,
        "total_credits": summary.total_credits,
        "program_credits": summary.program_credits,
    }


def _direction(direction_id: int | None) -> Direction | None:
    if direction_id is None:
        return None
    direction = Direction.objects.filter(pk=direction_id).first()
    if direction is None:
        raise StructureNotFound("direction_id")
    return direction


# ---------------------------------------------------------------- programs


@router.get("/programs", response=list[ProgramOut])
@paginate(Pagination)
def program_list(request: HttpRequest, filters: Query[ProgramFilter]) -> QuerySet[Program]:
    """Education programs of the institutions you belong to, filtered by level, faculty,
    department, study form, language of instruction or a search in codes and names."""
    return selectors.program_list_for(
        actor=actor_scope_of(request),
        institution_id=filters.institution,
        level=filters.level or "",
        faculty_id=filters.faculty,
        department_id=filters.department,
        study_form=filters.study_form or "",
        language=filters.language or "",
        search=filters.search.strip(),
    )


@router.get("/programs/{program_id}", response=ProgramOut)
def program_detail(request: HttpRequest, program_id: int) -> Program:
    """One education program."""
    return selectors.program_get_for(actor=actor_scope_of(request), program_id=program_id)


@router.post("/programs", response={201: ProgramOut})
def program_create(request: HttpRequest, payload: ProgramIn) -> Status[Program]:
    """Register an education program (Office Registrar, administrator). The direction's
    level prefix must match the level: 6B bachelor, 7M master/MBA/EMBA, 8D doctorate/DBA."""
    actor = actor_scope_of(request)
    department = selectors.department_get_for(actor=actor, department_id=payload.department_id)
    program = services.program_create(
        actor=actor,
        department=department,
        code=payload.code,
        level=payload.level,
        name_kk=payload.name_kk,
        name_ru=payload.name_ru,
        name_en=payload.name_en,
        direction=_direction(payload.direction_id),
        study_form=payload.study_form,
        language=payload.language,
        total_credits=payload.total_credits,
        duration_years=payload.duration_years,
        is_active=payload.is_active,
        epvo_id=payload.epvo_id,
    )
    return Status(201, selectors.program_get_for(actor=actor, program_id=program.pk))


@router.patch("/programs/{program_id}", response=ProgramOut)
def program_update(request: HttpRequest, program_id: int, payload: ProgramPatch) -> Program:
    """Change some fields of a program (Office Registrar, administrator)."""
    actor = actor_scope_of(request)
    program = selectors.program_get_for(actor=actor, program_id=program_id)
    current = ProgramIn(
        code=program.code,
        name_kk=program.name_kk,
        name_ru=program.name_ru,
        name_en=program.name_en,
        department_id=program.department_id,
        level=Level(program.level),
        direction_id=program.direction_id,
        study_form=StudyForm(program.study_form),
        language=InstructionLanguage(program.language),
        total_credits=program.total_credits,
        duration_years=program.duration_years,
        is_active=program.is_active,
        epvo_id=program.epvo_id,
    )
    changes = payload.model_dump(exclude_unset=True)
    # `direction_id: null` clears the direction; other nulls mean "unchanged".
    merged = current.model_copy(
        update={k: v for k, v in changes.items() if v is not None or k == "direction_id"}
    )
    department = program.department
    if merged.department_id != program.department_id:
        department = selectors.department_get_for(actor=actor, department_id=merged.department_id)
    services.program_update(
        actor=actor,
        program=program,
        department=department,
        code=merged.code,
        level=merged.level,
        name_kk=merged.name_kk,
        name_ru=merged.name_ru,
        name_en=merged.name_en,
        direction=_direction(merged.direction_id),
        study_form=merged.study_form,
        language=merged.language,
        total_credits=merged.total_credits,
        duration_years=merged.duration_years,
        is_active=merged.is_active,
        epvo_id=merged.epvo_id,
    )
    return selectors.program_get_for(actor=actor, program_id=program_id)


# ---------------------------------------------------------------- faculties, departments


@router.get("/faculties", response=list[FacultyOut])
@paginate(Pagination)
def faculty_list(request: HttpRequest, institution: int | None = None) -> QuerySet[Faculty]:
    """Faculties of the institutions you belong to."""
    return selectors.faculty_list_for(actor=actor_scope_of(request), institution_id=institution)


@router.post("/faculties", response={201: FacultyOut})
def faculty_create(request: HttpRequest, payload: FacultyIn) -> Status[Faculty]:
    """Add a faculty (Office Registrar, administrator); the code is unique in the institution."""
    actor = actor_scope_of(request)
    institution = selectors.institution_get_for(actor=actor, institution_id=payload.institution_id)
    return Status(
        201,
        services.faculty_create(
            actor=actor,
            institution=institution,
            code=payload.code,
            name_kk=payload.name_kk,
            name_ru=payload.name_ru,
            name_en=payload.name_en,
        ),
    )


@router.get("/departments", response=list[DepartmentOut])
@paginate(Pagination)
def department_list(
    request: HttpRequest, institution: int | None = None, faculty: int | None = None
) -> QuerySet[Department]:
    """Departments (кафедры) of the institutions you belong to."""
    return selectors.department_list_for(
        actor=actor_scope_of(request), institution_id=institution, faculty_id=faculty
    )


@router.post("/departments", response={201: DepartmentOut})
def department_create(request: HttpRequest, payload: DepartmentIn) -> Status[Department]:
    """Add a department to a faculty (Office Registrar, administrator)."""
    actor = actor_scope_of(request)
    faculty = selectors.faculty_get_for(actor=actor, faculty_id=payload.faculty_id)
    return Status(
        201,
        services.department_create(
            actor=actor,
            faculty=faculty,
            code=payload.code,
            name_kk=payload.name_kk,
            name_ru=payload.name_ru,
            name_en=payload.name_en,
            epvo_id=payload.epvo_id,
        ),
    )


# ---------------------------------------------------------------- disciplines


@router.get("/disciplines", response=list[DisciplineOut])
@paginate(Pagination)
def discipline_list(
    request: HttpRequest,
    institution: int | None = None,
    department: int | None = None,
    search: str = "",
) -> QuerySet[Discipline]:
    """Disciplines with credits and the hours split (CRD-1: 1 credit = 30 hours)."""
    return selectors.discipline_list_for(
        actor=actor_scope_of(request),
        institution_id=institution,
        department_id=department,
        search=search.strip(),
    )


@router.post("/disciplines", response={201: DisciplineOut})
def discipline_create(request: HttpRequest, payload: DisciplineIn) -> Status[Discipline]:
    """Add a discipline to a department; its hours must total credits × 30 (CRD-1)."""
    actor = actor_scope_of(request)
    department = selectors.department_get_for(actor=actor, department_id=payload.department_id)
    return Status(
        201,
        services.discipline_create(
            actor=actor,
            department=department,
            code=payload.code,
            name_kk=payload.name_kk,
            name_ru=payload.name_ru,
            name_en=payload.name_en,
            credits=payload.credits,
            hours_lecture=payload.hours_lecture,
            hours_practice=payload.hours_practice,
            hours_lab=payload.hours_lab,
            hours_independent=payload.hours_independent,
            control_form=payload.control_form,
            is_mooc_based=payload.is_mooc_based,
        ),
    )


# ---------------------------------------------------------------- classifier


@router.get("/directions", response=list[DirectionOut])
@paginate(Pagination)
def direction_list(
    request: HttpRequest, level_prefix: str = "", search: str = ""
) -> QuerySet[Direction]:
    """The classifier of directions of training (CLS-1, Order No. 569): filter by level
    prefix (6B, 7M, 7R, 8D) or search in codes and names."""
    return selectors.direction_list(level_prefix=level_prefix.strip(), search=search.strip())


# ---------------------------------------------------------------- curricula


@router.get("/curricula/{curriculum_id}", response=CurriculumOut)
def curriculum_detail(request: HttpRequest, curriculum_id: int) -> dict[str, Any]:
    """A working curriculum with its items and credits per semester and in total."""
    curriculum = selectors.curriculum_get_for(
        actor=actor_scope_of(request), curriculum_id=curriculum_id
    )
    return _curriculum_out(curriculum)


@router.post("/curricula/{curriculum_id}/items", response={201: CurriculumItemOut})
def curriculum_item_add(
    request: HttpRequest, curriculum_id: int, payload: CurriculumItemIn
) -> Status[CurriculumItem]:
    """Put a discipline into a semester of the curriculum (Office Registrar, administrator).
    The semester must lie within the program's duration."""
    actor = actor_scope_of(request)
    curriculum = selectors.curriculum_get_for(actor=actor, curriculum_id=curriculum_id)
    discipline = selectors.discipline_get_for(actor=actor, discipline_id=payload.discipline_id)
    return Status(
        201,
        services.curriculum_item_add(
            actor=actor,
            curriculum=curriculum,
            discipline=discipline,
            semester=payload.semester,
            component=payload.component,
            elective_group=payload.elective_group,
            elective_choose=payload.elective_choose,
        ),
    )


# ---------------------------------------------------------------- calendar, groups


@router.get("/academic-periods", response=list[AcademicPeriodOut])
@paginate(Pagination)
def academic_period_list(
    request: HttpRequest, institution: int | None = None, academic_year: int | None = None
) -> QuerySet[AcademicPeriod]:
    """Academic periods (semesters, summer semester) of the institutions you belong to."""
    return selectors.academic_period_list_for(
        actor=actor_scope_of(request),
        institution_id=institution,
        academic_year_id=academic_year,
    )


@router.get("/groups", response=list[GroupOut])
@paginate(Pagination)
def group_list(
    request: HttpRequest,
    institution: int | None = None,
    program: int | None = None,
    admission_year: int | None = None,
    search: str = "",
) -> QuerySet[StudentGroup]:
    """Student groups of the institutions you belong to."""
    return selectors.group_list_for(
        actor=actor_scope_of(request),
        institution_id=institution,
        program_id=program,
        admission_year=admission_year,
        search=search.strip(),
    )


@router.post("/groups", response={201: GroupOut})
def group_create(request: HttpRequest, payload: GroupIn) -> Status[StudentGroup]:
    """Form a student group of a program (Office Registrar, administrator)."""
    actor = actor_scope_of(request)
    program = selectors.program_get_for(actor=actor, program_id=payload.program_id)
    return Status(
        201,
        services.group_create(
            actor=actor,
            program=program,
            code=payload.code,
            admission_year=payload.admission_year,
            language=payload.language,
        ),
    )
