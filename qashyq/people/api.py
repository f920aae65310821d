"""People API: students' personal files (SIS-6), their status history, individual study
plans and electives (SIS-4, SIS-3), staff, and role assignments (SEC-2).

Permissions are the pages' (SEC-2): a file that is absent or that you may not see
answers 404, also for writes; one you may see but not change answers 403. The IIN
is masked (only its last four digits) unless you are the Office Registrar or an
administrator of the student's institution (IIN-2).
"""

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from qashyq.core.identifiers import mask_iin
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.institutions import selectors as structure
from qashyq.institutions.models import InstructionLanguage, StudyForm
from qashyq.people import selectors, services
from qashyq.people.data import PlanSummary, StudentFilter
from qashyq.people.errors import PersonNotFound
from qashyq.people.models import (
    Funding,
    PriorEducation,
    Role,
    RoleAssignment,
    Sex,
    Staff,
    Student,
    StudentStatus,
    StudentStatusChange,
)
from qashyq.people.permissions import can_see_iin

router = Router(tags=["people"])


class Pagination(LimitOffsetPagination):
    """`limit` (at most 100, default 50) and `offset`."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=100)
        offset: int = Field(0, ge=0)


# ---------------------------------------------------------------- schemas: out


class RefOut(Schema):
    id: int
    code: str
    name: str


class GroupRefOut(Schema):
    id: int
    code: str


class UserOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    middle_name: str
    full_name: str
    email: str

    @staticmethod
    def resolve_full_name(obj: Any) -> str:  # noqa: ANN401
        return str(obj.get_full_name())


class StudentOut(Schema):
    id: int
    institution_id: int
    student_number: str
    user: UserOut
    iin: str | None = Field(None, description="Masked (••••••••1234) unless you may see it.")
    birth_date: dt.date | None
    sex: str
    citizenship: str
    phone: str
    contact_email: str
    address: str
    program: RefOut
    faculty: RefOut
    group: GroupRefOut | None
    study_form: str
    language: str
    funding: str
    prior_education: str
    admission_year: int
    course_year: int
    status: str

    @staticmethod
    def resolve_iin(obj: Student, context: dict[str, Any]) -> str | None:
        if not obj.iin:
            return None
        actor = actor_scope_of(context["request"])
        return obj.iin if can_see_iin(actor, obj.institution_id) else mask_iin(obj.iin)

    @staticmethod
    def resolve_faculty(obj: Student) -> Any:  # noqa: ANN401
        return obj.program.department.faculty


class StatusChangeOut(Schema):
    id: int
    student_id: int
    status: str
    effective_on: dt.date
    reason: str
    order_number: str
    recorded_by_id: int | None
    recorded_at: dt.datetime


class DisciplineRefOut(Schema):
    id: int
    code: str
    name: str
    credits: int


class PlanItemOut(Schema):
    id: int
    discipline: DisciplineRefOut
    curriculum_item_id: int | None
    semester: int
    credits: int
    component: str
    status: str
    delivery: str
    credit_basis: str


class SemesterCreditsOut(Schema):
    semester: int
    credits: int
    disciplines: int


class ElectiveOptionOut(Schema):
    curriculum_item_id: int
    discipline: DisciplineRefOut
    chosen_plan_item_id: int | None


class ElectiveGroupOut(Schema):
    semester: int
    name: str
    choose: int
    chosen: int
    options: list[ElectiveOptionOut]


class PlanOut(Schema):
    student_id: int
    items: list[PlanItemOut]
    semesters: list[SemesterCreditsOut]
    total_credits: int
    program_credits: int
    missing_credits: int
    elective_groups: list[ElectiveGroupOut]


class PlanGenerateOut(Schema):
    added: int
    plan: PlanOut


class StaffOut(Schema):
    id: int
    institution_id: int
    user: UserOut
    department: RefOut | None
    position: str
    academic_degree: str
    academic_title: str
    phone: str


class RoleAssignmentOut(Schema):
    id: int
    user: UserOut
    role: str
    institution_id: int
    faculty_id: int | None
    department_id: int | None
    group_id: int | None
    starts_on: dt.date | None
    ends_on: dt.date | None


# ---------------------------------------------------------------- schemas: in


class StudentIn(Schema):
    program_id: int
    group_id: int | None = None
    first_name: str = Field(..., min_length=1, max_length=150)
    last_name: str = Field(..., min_length=1, max_length=150)
    middle_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    username: str = Field("", max_length=150)
    student_number: str = Field("", max_length=20)
    iin: str | None = Field(None, max_length=12)
    birth_date: dt.date | None = None
    sex: Sex | Literal[""] = ""
    citizenship: str = Field("KZ", max_length=2)
    phone: str = Field("", max_length=20)
    contact_email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)
    study_form: StudyForm | None = None
    language: InstructionLanguage | None = None
    funding: Funding = Funding.STATE_GRANT
    prior_education: PriorEducation = PriorEducation.GENERAL_SECONDARY
    admission_year: int = Field(..., ge=1990, le=2100)
    course_year: int = Field(1, ge=1, le=7)
    enrolled_on: dt.date | None = None
    order_number: str = Field("", max_length=40)


class StudentPatch(Schema):
    """Only the fields sent change; `group_id: null` takes the student out of a group."""

    program_id: int | None = None
    group_id: int | None = None
    first_name: str | None = Field(None, min_length=1, max_length=150)
    last_name: str | None = Field(None, min_length=1, max_length=150)
    middle_name: str | None = Field(None, max_length=150)
    email: str | None = Field(None, max_length=254)
    iin: str | None = Field(None, max_length=12)
    birth_date: dt.date | None = None
    sex: Sex | Literal[""] | None = None
    citizenship: str | None = Field(None, max_length=2)
    phone: str | None = Field(None, max_length=20)
    contact_email: str | None = Field(None, max_length=254)
    address: str | None = Field(None, max_length=300)
    study_form: StudyForm | None = None
    language: InstructionLanguage | None = None
    funding: Funding | None = None
    prior_education: PriorEducation | None = None
    admission_year: int | None = Field(None, ge=1990, le=2100)
    course_year: int | None = Field(None, ge=1, le=7)


class StatusIn(Schema):
    status: StudentStatus
    effective_on: dt.date
    reason: str = Field("", max_length=300)
    order_number: str = Field("", max_length=40)


class ElectiveIn(Schema):
    curriculum_item_id: int


class RoleAssignmentIn(Schema):
    user_id: int
    role: Role
    institution_id: int
    faculty_id: int | None = None
    department_id: int | None = None
    group_id: int | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class StudentFilterIn(FilterSchema):
    institution: int | None = None
    program: int | None = None
    group: int | None = None
    faculty: int | None = None
    department: int | None = None
    status: StudentStatus | None = None
    study_form: StudyForm | None = None
    search: str = Field("", max_length=100, description="Name, student number or IIN.")


class StaffFilterIn(FilterSchema):
    institution: int | None = None
    department: int | None = None
    search: str = Field("", max_length=100)


class RoleFilterIn(FilterSchema):
    institution: int | None = None
    user: int | None = None
    role: Role | None = None


# ---------------------------------------------------------------- helpers


def _plan_out(student: Student) -> dict[str, Any]:
    items = selectors.study_plan_items(student=student)
    summary: PlanSummary = selectors.plan_summary(
        items=items, program_credits=student.program.total_credits
    )
    groups = selectors.elective_groups(student=student)
    return {
        "student_id": student.pk,
        "items": items,
        "semesters": list(summary.semesters),
        "total_credits": summary.total_credits,
        "program_credits": summary.program_credits,
        "missing_credits": summary.missing_credits,
        "elective_groups": [
            {
                "semester": g.semester,
                "name": g.name,
                "choose": g.choose,
                "chosen": g.chosen_count,
                "options": [
                    {
                        "curriculum_item_id": o.item.pk,
                        "discipline": o.item.discipline,
                        "chosen_plan_item_id": o.chosen.pk if o.chosen else None,
                    }
                    for o in g.options
                ],
            }
            for g in groups
        ],
    }


def _group(actor: ActorScope, group_id: int | None) -> Any:  # noqa: ANN401
    return None if group_id is None else structure.group_get_for(actor=actor, group_id=group_id)


# ---------------------------------------------------------------- students (SIS-6)


@router.get("/students", response=list[StudentOut])
@paginate(Pagination)
def student_list(request: HttpRequest, filters: Query[StudentFilterIn]) -> QuerySet[Student]:
    """Students whose personal files you may see (SEC-2), filtered by institution,
    program, group, faculty, department, status, study form, or a search in names,
    student numbers and (for the registrar) IINs."""
    return selectors.student_list_for(
        actor=actor_scope_of(request),
        filters=StudentFilter(
            institution_id=filters.institution,
            program_id=filters.program,
            group_id=filters.group,
            faculty_id=filters.faculty,
            department_id=filters.department,
            status=filters.status or "",
            study_form=filters.study_form or "",
            search=filters.search,
        ),
    )


@router.get("/students/{student_id}", response=StudentOut)
def student_detail(request: HttpRequest, student_id: int) -> Student:
    """One personal file (SIS-6). A student sees only their own; another id answers 404."""
    return selectors.student_get_for(actor=actor_scope_of(request), student_id=student_id)


@router.post("/students", response={201: StudentOut})
def student_create(request: HttpRequest, payload: StudentIn) -> Status[Student]:
    """Open a personal file with its user account (Office Registrar, administrator).
    The IIN must pass the control digit (IIN-1) and be unique in the institution; a
    date part that differs from the birth date is allowed (IIN-2). The student
    number is generated when not given."""
    actor = actor_scope_of(request)
    program = structure.program_get_for(actor=actor, program_id=payload.program_id)
    data = payload.model_dump(exclude={"program_id", "group_id", "study_form", "language"})
    student = services.student_create(
        actor=actor,
        program=program,
        group=_group(actor, payload.group_id),
        study_form=payload.study_form or "",
        language=payload.language or "",
        **data,
    )
    return Status(201, selectors.student_get_for(actor=actor, student_id=student.pk))


@router.patch("/students/{student_id}", response=StudentOut)
def student_update(request: HttpRequest, student_id: int, payload: StudentPatch) -> Student:
    """Change some fields of a personal file (Office Registrar, administrator). The
    status changes through POST /students/{id}/status."""
    actor = actor_scope_of(request)
    student = selectors.student_get_for(actor=actor, student_id=student_id)
    changes = payload.model_dump(exclude_unset=True)
    user = student.user
    current: dict[str, Any] = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "middle_name": user.middle_name,
        "email": user.email,
        "iin": student.iin,
        "birth_date": student.birth_date,
        "sex": student.sex,
        "citizenship": student.citizenship,
        "phone": student.phone,
        "contact_email": student.contact_email,
        "address": student.address,
        "study_form": student.study_form,
        "language": student.language,
        "funding": student.funding,
        "prior_education": student.prior_education,
        "admission_year": student.admission_year,
        "course_year": student.course_year,
    }
    nullable = {"iin", "birth_date"}
    for key, value in changes.items():
        if key in current and (value is not None or key in nullable):
            current[key] = value
    program = student.program
    if changes.get("program_id") is not None and changes["program_id"] != student.program_id:
        program = structure.program_get_for(actor=actor, program_id=changes["program_id"])
    group = student.group
    if "group_id" in changes and changes["group_id"] != student.group_id:
        group = _group(actor, changes["group_id"])
    services.student_update(actor=actor, student=student, program=program, group=group, **current)
    return selectors.student_get_for(actor=actor, student_id=student.pk)


@router.post("/students/{student_id}/status", response={201: StatusChangeOut})
def student_status_change(
    request: HttpRequest, student_id: int, payload: StatusIn
) -> Status[StudentStatusChange]:
    """Record a status change (SIS-6): enrolled → academic leave → enrolled, expelled
    (reinstatement allowed), graduated (final). Impossible transitions answer 409."""
    actor = actor_scope_of(request)
    student = selectors.student_get_for(actor=actor, student_id=student_id)
    change = services.student_status_change(
        actor=actor,
        student=student,
        status=payload.status,
        effective_on=payload.effective_on,
        reason=payload.reason,
        order_number=payload.order_number,
    )
    return Status(201, change)


@router.get("/students/{student_id}/status", response=list[StatusChangeOut])
def student_status_history(request: HttpRequest, student_id: int) -> list[StudentStatusChange]:
    """The status history of a personal file, oldest first."""
    student = selectors.student_get_for(actor=actor_scope_of(request), student_id=student_id)
    return selectors.student_status_history(student=student)


# ---------------------------------------------------------------- study plans (SIS-4, SIS-3)


@router.get("/students/{student_id}/plan", response=PlanOut)
def study_plan(request: HttpRequest, student_id: int) -> dict[str, Any]:
    """The individual study plan (SIS-4): items, credits per semester and in total
    against the program, and the elective groups with what is chosen."""
    student = selectors.student_get_for(actor=actor_scope_of(request), student_id=student_id)
    return _plan_out(student)


@router.post("/students/{student_id}/plan/generate", response=PlanGenerateOut)
def study_plan_generate(request: HttpRequest, student_id: int) -> dict[str, Any]:
    """Fill the plan from the working curriculum of the program and intake year: all
    mandatory disciplines (Office Registrar, administrator). Idempotent: `added` is 0
    the second time."""
    actor = actor_scope_of(request)
    student = selectors.student_get_for(actor=actor, student_id=student_id)
    added = services.study_plan_generate(actor=actor, student=student)
    return {"added": added, "plan": _plan_out(student)}


@router.post("/students/{student_id}/plan/electives", response={201: PlanOut})
def study_plan_choose_elective(
    request: HttpRequest, student_id: int, payload: ElectiveIn
) -> Status[dict[str, Any]]:
    """Choose an elective (SIS-3): an alternative of an elective group of the
    curriculum, at most the group's number per semester (409 beyond it). The student
    themself or the Office Registrar."""
    actor = actor_scope_of(request)
    student = selectors.student_get_for(actor=actor, student_id=student_id)
    item = next(
        (
            o.item
            for g in selectors.elective_groups(student=student)
            for o in g.options
            if o.item.pk == payload.curriculum_item_id
        ),
        None,
    )
    if item is None:
        raise PersonNotFound("curriculum_item_id")
    services.study_plan_choose_elective(actor=actor, student=student, curriculum_item=item)
    return Status(201, _plan_out(student))


@router.delete("/students/{student_id}/plan/electives/{item_id}", response=PlanOut)
def study_plan_drop_elective(request: HttpRequest, student_id: int, item_id: int) -> dict[str, Any]:
    """Drop a chosen elective that is still only planned (SIS-3)."""
    actor = actor_scope_of(request)
    student = selectors.student_get_for(actor=actor, student_id=student_id)
    item = next((i for i in selectors.study_plan_items(student=student) if i.pk == item_id), None)
    if item is None:
        raise PersonNotFound("item_id")
    services.study_plan_drop_elective(actor=actor, student=student, item=item)
    return _plan_out(student)


# ---------------------------------------------------------------- staff


@router.get("/staff", response=list[StaffOut])
@paginate(Pagination)
def staff_list(request: HttpRequest, filters: Query[StaffFilterIn]) -> QuerySet[Staff]:
    """Staff you may see: the institution's for its offices, a faculty's for its dean,
    a department's for its head."""
    return selectors.staff_list_for(
        actor=actor_scope_of(request),
        institution_id=filters.institution,
        department_id=filters.department,
        search=filters.search,
    )


# ---------------------------------------------------------------- roles (SEC-2)


@router.get("/role-assignments", response=list[RoleAssignmentOut])
@paginate(Pagination)
def role_assignment_list(
    request: HttpRequest, filters: Query[RoleFilterIn]
) -> QuerySet[RoleAssignment]:
    """Role assignments: all of the institutions you administer, and your own."""
    return selectors.role_assignment_list_for(
        actor=actor_scope_of(request),
        institution_id=filters.institution,
        user_id=filters.user,
        role=filters.role or "",
    )


@router.post("/role-assignments", response={201: RoleAssignmentOut})
def role_assign(request: HttpRequest, payload: RoleAssignmentIn) -> Status[RoleAssignment]:
    """Give a person a role with its scope (administrators of the institution): dean →
    faculty_id; department head, teacher → department_id; advisor → group_id; tutor →
    group_id or department_id; every other role → the institution only."""
    actor = actor_scope_of(request)
    institution = structure.institution_get_for(actor=actor, institution_id=payload.institution_id)
    faculty = (
        None
        if payload.faculty_id is None
        else structure.faculty_get_for(actor=actor, faculty_id=payload.faculty_id)
    )
    department = (
        None
        if payload.department_id is None
        else structure.department_get_for(actor=actor, department_id=payload.department_id)
    )
    services.role_manage_check(actor=actor, institution_id=institution.pk)  # 403 or 404 first
    user = selectors.user_get_for_roles(
        actor=actor, institution_id=institution.pk, user_id=payload.user_id
    )
    assignment = services.role_assign(
        actor=actor,
        user=user,
        role=payload.role,
        institution=institution,
        faculty=faculty,
        department=department,
        group=_group(actor, payload.group_id),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, assignment)


@router.delete("/role-assignments/{assignment_id}", response={204: None})
def role_revoke(request: HttpRequest, assignment_id: int) -> Status[None]:
    """Take a role away (administrators of the institution; not your own administrator role)."""
    actor = actor_scope_of(request)
    assignment = selectors.role_assignment_get_for(actor=actor, assignment_id=assignment_id)
    services.role_revoke(actor=actor, assignment=assignment)
    return Status(204, None)
