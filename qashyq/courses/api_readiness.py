"""Readiness API: the complex checklist of a course (LMS-2), its submission and the
department head's decision, the dashboard of a period (ONL-5) with quality signals
(ONL-6), and the readiness act of a program's period.

Permissions are the pages': a course's checklist is seen by its teachers, tutors and
assistants, the head of the discipline's department, the dean, and the institution-wide
roles (registrar, distance-learning unit, rector's office, administrator); anyone else
gets 404. Someone who sees a complex but may not submit or decide it gets 403.

Mounted on the courses router (a surgical line in `courses/api.py`).
"""

from datetime import date, datetime
from typing import Any, TypeVar

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from qashyq.core.scope import actor_scope_of
from qashyq.courses import selectors, services
from qashyq.courses.models import ComplexApproval, ReadinessAct

router = Router(tags=["readiness"])


# ---------------------------------------------------------------- schemas


class DeadlineOut(Schema):
    period_id: int
    period_starts_on: date
    deadline: date
    working_days: int
    calendar_version: str
    days_left: int = Field(description="Calendar days to the deadline; negative: overdue.")


class ChecklistItemOut(Schema):
    part: str = Field(description="Stable key of the part of the complex (LMS-2).")
    label: str
    state: str = Field(description="done, missing or not_applicable")
    detail: str


class SignalOut(Schema):
    signal: str
    label: str
    ok: bool
    detail: str


class QualityOut(Schema):
    kinds: list[str]
    multimedia: int
    outcomes: int
    outcomes_covered: int
    uncovered_outcomes: list[str]
    empty_modules: int
    signals: list[SignalOut]


class ApprovalOut(Schema):
    status: str
    submitted_by_id: int | None
    decided_by_id: int | None
    decided_at: datetime | None
    comment: str


class CourseRefOut(Schema):
    id: int
    code: str
    discipline_id: int
    discipline_code: str
    discipline_name: str
    department_id: int
    period_id: int
    language: str


class CourseReadinessOut(Schema):
    course: CourseRefOut
    percent: int
    complete: bool
    state: str = Field(description="incomplete, complete, submitted, returned or approved")
    ready: bool
    teachers: list[str]
    items: list[ChecklistItemOut]
    quality: QualityOut
    approval: ApprovalOut | None


class CourseChecklistOut(CourseReadinessOut):
    deadline: DeadlineOut


class CompletenessOut(Schema):
    courses: int
    complete: int
    ready: int
    percent: int
    ready_percent: int
    multimedia: int
    varied: int
    outcomes_covered: int


class DepartmentSummaryOut(Schema):
    department_id: int
    code: str
    name: str
    completeness: CompletenessOut


class ProgramSummaryOut(Schema):
    program_id: int
    code: str
    name: str
    completeness: CompletenessOut
    missing: int


class MissingOut(Schema):
    program_id: int
    program_code: str
    semester: int
    discipline_id: int
    discipline_code: str
    discipline_name: str


class PeriodOut(Schema):
    id: int
    institution_id: int
    academic_year: int
    kind: str
    number: int
    starts_on: date
    ends_on: date


class DashboardOut(Schema):
    period: PeriodOut | None
    deadline: DeadlineOut | None
    total: CompletenessOut
    departments: list[DepartmentSummaryOut]
    programs: list[ProgramSummaryOut]
    missing: list[MissingOut]
    count: int = Field(description="Courses matching (before limit/offset).")
    courses: list[CourseReadinessOut]


class DashboardQuery(Schema):
    period_id: int | None = Field(None, description="Default: the next period to start.")
    department_id: int | None = None
    program_id: int | None = None
    all: bool = Field(False, description="Include ready courses too.")
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0)


class CommentIn(Schema):
    comment: str = Field("", max_length=4000)


class ActIn(Schema):
    period_id: int


class ActOut(Schema):
    id: int
    program_id: int
    period_id: int
    number: str
    issued_on: date
    pdf_url: str
    summary: dict[str, object]


# ---------------------------------------------------------------- converters


def _deadline(deadline: selectors.ReadinessDeadline) -> DeadlineOut:
    return DeadlineOut(
        period_id=deadline.period_id,
        period_starts_on=deadline.starts_on,
        deadline=deadline.deadline,
        working_days=deadline.working_days,
        calendar_version=deadline.calendar_version,
        days_left=deadline.days_left(timezone.localdate()),
    )


def _approval(approval: ComplexApproval | None) -> ApprovalOut | None:
    if approval is None:
        return None
    return ApprovalOut(
        status=approval.status,
        submitted_by_id=approval.submitted_by_id,
        decided_by_id=approval.decided_by_id,
        decided_at=approval.decided_at,
        comment=approval.comment,
    )


R = TypeVar("R", bound=CourseReadinessOut)


def _row(row: selectors.CourseReadiness, schema: type[R], **extra: Any) -> R:  # noqa: ANN401
    course, quality = row.course, row.quality
    return schema(
        course=CourseRefOut(
            id=course.pk,
            code=course.code,
            discipline_id=course.discipline_id,
            discipline_code=course.discipline.code,
            discipline_name=course.discipline.name,
            department_id=course.discipline.department_id,
            period_id=course.period_id,
            language=course.language,
        ),
        percent=row.checklist.percent,
        complete=row.checklist.complete,
        state=str(row.state),
        ready=row.ready,
        teachers=list(row.teachers),
        items=[
            ChecklistItemOut(part=str(i.part), label=i.label, state=str(i.state), detail=i.detail)
            for i in row.checklist.items
        ],
        quality=QualityOut(
            kinds=list(quality.kinds),
            multimedia=quality.multimedia,
            outcomes=quality.outcomes,
            outcomes_covered=quality.outcomes_covered,
            uncovered_outcomes=list(quality.uncovered_outcomes),
            empty_modules=quality.empty_modules,
            signals=[
                SignalOut(signal=str(s.signal), label=s.label, ok=s.ok, detail=s.detail)
                for s in quality.signals
            ],
        ),
        approval=_approval(row.approval),
        **extra,
    )


def _completeness(c: selectors.Completeness) -> CompletenessOut:
    return CompletenessOut(
        courses=c.courses,
        complete=c.complete,
        ready=c.ready,
        percent=c.percent,
        ready_percent=c.ready_percent,
        multimedia=c.multimedia,
        varied=c.varied,
        outcomes_covered=c.outcomes_covered,
    )


# ---------------------------------------------------------------- endpoints


@router.get("/courses/{course_id}/readiness", response=CourseChecklistOut)
def course_readiness_get(request: HttpRequest, course_id: int) -> CourseChecklistOut:
    """The e-learning methodological complex of a course (LMS-2): each mandatory part
    present or missing as computed from the course's content, completeness in percent,
    quality signals (ONL-6), the department head's decision and the readiness deadline
    (ONL-5: five working days before the period, Kazakh holidays skipped)."""
    actor = actor_scope_of(request)
    course = selectors.readiness_course_get_for(actor=actor, course_id=course_id)
    row = selectors.course_readiness(course=course)
    return _row(
        row,
        CourseChecklistOut,
        deadline=_deadline(selectors.readiness_deadline(period=course.period)),
    )


@router.get("/readiness/dashboard", response=DashboardOut)
def readiness_dashboard_get(request: HttpRequest, query: Query[DashboardQuery]) -> DashboardOut:
    """The courses of a period that are not ready (or all, with `all=true`), completeness
    per department and per program, and the curriculum disciplines without a course
    (ONL-5). A teacher sees their own courses; managers their department, faculty or
    institution."""
    actor = actor_scope_of(request)
    dashboard = selectors.readiness_dashboard_for(
        actor=actor,
        period_id=query.period_id,
        department_id=query.department_id,
        program_id=query.program_id,
        not_ready_only=not query.all,
        today=timezone.localdate(),
    )
    period = dashboard.period
    rows = dashboard.rows[query.offset : query.offset + query.limit]
    return DashboardOut(
        period=PeriodOut(
            id=period.pk,
            institution_id=period.academic_year.institution_id,
            academic_year=period.academic_year.start_year,
            kind=period.kind,
            number=period.number,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
        )
        if period
        else None,
        deadline=_deadline(dashboard.deadline) if dashboard.deadline else None,
        total=_completeness(dashboard.total),
        departments=[
            DepartmentSummaryOut(
                department_id=d.department.pk,
                code=d.department.code,
                name=d.department.name,
                completeness=_completeness(d.completeness),
            )
            for d in dashboard.departments
        ],
        programs=[
            ProgramSummaryOut(
                program_id=p.program.pk,
                code=p.program.code,
                name=p.program.name,
                completeness=_completeness(p.completeness),
                missing=p.missing,
            )
            for p in dashboard.programs
        ],
        missing=[
            MissingOut(
                program_id=m.program.pk,
                program_code=m.program.code,
                semester=m.item.semester,
                discipline_id=m.item.discipline_id,
                discipline_code=m.item.discipline.code,
                discipline_name=m.item.discipline.name,
            )
            for m in dashboard.missing
        ],
        count=len(dashboard.rows),
        courses=[_row(r, CourseReadinessOut) for r in rows],
    )


def _decided(request: HttpRequest, course_id: int) -> CourseReadinessOut:
    course = selectors.readiness_course_get_for(actor=actor_scope_of(request), course_id=course_id)
    return _row(selectors.course_readiness(course=course), CourseReadinessOut)


@router.post("/courses/{course_id}/complex/submit", response=CourseReadinessOut)
def complex_submit(request: HttpRequest, course_id: int) -> CourseReadinessOut:
    """Submit the course's complex to the department head (its teachers; LMS-2). 409
    `complex_incomplete` lists the missing parts in `extra.missing`."""
    actor = actor_scope_of(request)
    course = selectors.readiness_course_get_for(actor=actor, course_id=course_id)
    services.complex_submit(actor=actor, course=course)
    return _decided(request, course_id)


@router.post("/courses/{course_id}/complex/approve", response=CourseReadinessOut)
def complex_approve(request: HttpRequest, course_id: int, payload: CommentIn) -> CourseReadinessOut:
    """Approve a submitted complex (the head of the discipline's department; LMS-2)."""
    actor = actor_scope_of(request)
    course = selectors.readiness_course_get_for(actor=actor, course_id=course_id)
    services.complex_approve(actor=actor, course=course, comment=payload.comment)
    return _decided(request, course_id)


@router.post("/courses/{course_id}/complex/return", response=CourseReadinessOut)
def complex_return(request: HttpRequest, course_id: int, payload: CommentIn) -> CourseReadinessOut:
    """Return a submitted or approved complex for changes, with a comment (required)."""
    actor = actor_scope_of(request)
    course = selectors.readiness_course_get_for(actor=actor, course_id=course_id)
    services.complex_return(actor=actor, course=course, comment=payload.comment)
    return _decided(request, course_id)


@router.post("/readiness/programs/{program_id}/act", response={201: ActOut})
def readiness_act_issue(
    request: HttpRequest, program_id: int, payload: ActIn
) -> tuple[int, ActOut]:
    """Issue the readiness act of a program's period (ONL-5): every course approved and
    complete, every curriculum discipline with a course; otherwise 409
    `readiness_not_ready`. Issuing again replaces the act's PDF."""
    actor = actor_scope_of(request)
    data = selectors.program_readiness_for(
        actor=actor, program_id=program_id, period_id=payload.period_id
    )
    act = services.readiness_act_issue(
        actor=actor, program=data.program, period=data.period, on=timezone.localdate()
    )
    return 201, _act(act)


def _act(act: ReadinessAct) -> ActOut:
    return ActOut(
        id=act.pk,
        program_id=act.program_id,
        period_id=act.period_id,
        number=act.number,
        issued_on=act.issued_on,
        pdf_url=reverse("courses:readiness_act_pdf", args=[act.pk]),
        summary=dict(act.summary),
    )
