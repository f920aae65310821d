"""Regulations API: the compliance check, the rule catalogue, and the lists of
disciplines open to distance learning (LIM-6) (issue 3).

`POST /compliance/check` answers with a Report: one verdict per rule in force (allowed,
violated, not applicable), its figures and its citation (act, clause, wording). Who
may check what is the pages' rule (SEC-2): a student only themself, staff the students
they may see and the programs, disciplines and teachers of their institution; anything
else answers 404, like an absent subject. The catalogue is readable by every
authenticated caller.
"""

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from qashyq.core.errors import ValidationFailed
from qashyq.core.scope import actor_scope_of
from qashyq.institutions.models import Institution
from qashyq.regulations import selectors, services
from qashyq.regulations.data import EligibilityRequest, Report, RuleView, SubjectKind
from qashyq.regulations.errors import DistanceListInvalid, SubjectNotFound
from qashyq.regulations.models import (
    DistanceDisciplineList,
    DistanceListStatus,
    EvidenceKind,
    Ground,
    LegalAct,
)

router = Router(tags=["regulations"])


class Pagination(LimitOffsetPagination):
    """`limit` (at most 100, default 50) and `offset`."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=100)
        offset: int = Field(0, ge=0)


# ---------------------------------------------------------------- schemas


class CitationOut(Schema):
    act_code: str
    act_title: str
    clause: str
    wording: str
    original_kk: str


class VerdictOut(Schema):
    rule_code: str
    requirement: str
    outcome: Literal["allowed", "violated", "not_applicable"]
    title: str
    figures: str
    explanation: str
    citation: CitationOut
    values: dict[str, Any]


class ReportOut(Schema):
    subject_kind: str
    subject_id: int | None
    subject_label: str
    as_of: dt.date
    institution_id: int | None
    allowed: bool = Field(description="True when no verdict is `violated`.")
    verdicts: list[VerdictOut]


class CheckIn(Schema):
    subject_kind: Literal["student_plan", "program", "discipline", "teacher", "eligibility"]
    subject_id: int = Field(
        description="Student id for student_plan and eligibility; program, discipline or "
        "staff id otherwise."
    )
    as_of: dt.date | None = Field(None, description="The date to check on; default today.")
    discipline_ids: list[int] | None = Field(
        None,
        description="student_plan: check as if exactly these disciplines were at a "
        "distance (what-if); eligibility: the disciplines asked for, in addition to the "
        "plan's own.",
    )
    ground: Ground | None = Field(None, description="eligibility: the ground (ELIG-1…4).")
    starts_on: dt.date | None = Field(None, description="eligibility: first day.")
    ends_on: dt.date | None = Field(None, description="eligibility: last day, if known.")
    has_application: bool = Field(True, description="eligibility: an application is filed.")
    evidence_kinds: list[EvidenceKind] = Field(
        default_factory=list, description="eligibility: kinds of evidence attached."
    )


class RuleOut(Schema):
    code: str
    requirement: str
    act_code: str
    act_kind: str
    act_title: str
    clause: str
    title: str
    text_kk: str
    text_ru: str
    text_en: str
    original_kk: str
    evaluator: str
    effective_from: dt.date
    effective_until: dt.date | None
    wording: str
    parameters: dict[str, Any]
    published_parameters: dict[str, Any]
    scope: dict[str, Any]
    tightened: bool
    in_pack: bool
    in_force: bool | None
    replaces_code: str


class RuleFilter(Schema):
    requirement: str = Field("", description="A requirement id, e.g. LIM-3.")
    act: str = Field("", description="An act code, e.g. mon-137-2022.")
    as_of: dt.date | None = Field(
        None, description="Mark (and with in_force) keep rules in force on this date."
    )
    in_force: bool = Field(False, description="Only rules in force on `as_of`.")
    institution_id: int | None = Field(
        None,
        description="Only the rules binding this institution (national rules and its "
        "pack), with the pack's tightened parameters.",
    )


class ActOut(Schema):
    code: str
    kind: str
    number: str
    signed_on: dt.date
    in_force_from: dt.date
    in_force_until: dt.date | None
    title: str
    title_kk: str
    title_ru: str
    title_en: str
    note_en: str
    preset: str
    rule_count: int


# ---------------------------------------------------------------- endpoints


def _report_out(report: Report) -> dict[str, Any]:
    return {
        "subject_kind": report.subject_kind,
        "subject_id": report.subject_id,
        "subject_label": report.subject_label,
        "as_of": report.as_of,
        "institution_id": report.institution_id,
        "allowed": report.allowed,
        "verdicts": [
            {
                "rule_code": v.rule_code,
                "requirement": v.requirement,
                "outcome": v.outcome.value,
                "title": v.title,
                "figures": v.figures,
                "explanation": v.explanation,
                "citation": v.citation.__dict__,
                "values": dict(v.values),
            }
            for v in report.verdicts
        ],
    }


@router.post("/compliance/check", response=ReportOut)
def compliance_check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    """Check a subject against every rule in force on `as_of` for its institution
    (national rules and the institution's rule pack): a student's individual study plan
    (LIM-1…LIM-13, ELIG-5), a program (ONL-1…ONL-5, ONL-8, LIM-4), a discipline
    (ONL-2, LIM-5), a teacher (ONL-4), or a student's eligibility for distance learning
    on a ground (ELIG-1…ELIG-6 with the plan limits). Each verdict carries figures and
    the citation (act, clause, wording date)."""
    actor = actor_scope_of(request)
    as_of = payload.as_of or timezone.localdate()
    subject = selectors.subject_get_for(
        actor=actor, kind=payload.subject_kind, subject_id=payload.subject_id
    )
    ids = frozenset(payload.discipline_ids) if payload.discipline_ids is not None else None
    if payload.subject_kind == SubjectKind.ELIGIBILITY.value:
        if payload.ground is None:
            raise ValidationFailed(_("Choose the ground of distance learning."), field="ground")
        request_ = EligibilityRequest(
            student_id=subject.pk,
            ground=str(payload.ground),
            starts_on=payload.starts_on or as_of,
            ends_on=payload.ends_on,
            discipline_ids=ids or frozenset(),
            has_application=payload.has_application,
            evidence_kinds=frozenset(str(e) for e in payload.evidence_kinds),
        )
        return _report_out(selectors.check(request_, as_of=as_of))
    return _report_out(
        selectors.check(
            subject,
            as_of=as_of,
            distance_discipline_ids=ids
            if payload.subject_kind == SubjectKind.STUDENT_PLAN.value
            else None,
        )
    )


def _institution_for(request: HttpRequest, institution_id: int | None) -> Any:  # noqa: ANN401
    if institution_id is None:
        return None
    actor = actor_scope_of(request)
    for institution in selectors.institutions_for(actor=actor):
        if institution.pk == institution_id:
            return institution
    raise SubjectNotFound(_("Not found."))


@router.get("/rules", response=list[RuleOut])
@paginate(Pagination)
def rule_list(request: HttpRequest, filters: Query[RuleFilter]) -> list[RuleView]:
    """The rule catalogue: every rule of every act (or those binding one institution),
    with act, clause, dates, parameters, texts in kk/ru/en and the original Kazakh
    wording. Filter by requirement, act, date."""
    return selectors.rule_list(
        as_of=filters.as_of,
        institution=_institution_for(request, filters.institution_id),
        requirement=filters.requirement,
        act_code=filters.act,
        in_force_only=filters.in_force,
    )


@router.get("/rules/{path:code}", response=RuleOut)
def rule_detail(
    request: HttpRequest,
    code: str,
    as_of: dt.date | None = None,
    institution_id: int | None = None,
) -> RuleView:
    """One rule by its code (e.g. `mon-137-2022/lim-7`); 404 when absent."""
    return selectors.rule_get(
        code=code, as_of=as_of, institution=_institution_for(request, institution_id)
    )


@router.get("/acts", response=list[ActOut])
def act_list(request: HttpRequest) -> list[LegalAct]:
    """The legal acts of the catalogue, each wording its own act, with in-force dates
    and how they were read from the sources."""
    return list(selectors.act_list())


# ---------------------------------------------------------------- lists open to distance (LIM-6)


class DisciplineRefOut(Schema):
    id: int
    code: str
    name: str
    credits: int


class DistanceListOut(Schema):
    id: int
    institution_id: int
    program_id: int | None = Field(description="Empty: the list of the whole institution.")
    effective_from: dt.date
    effective_until: dt.date | None = Field(description="The last day; empty: until replaced.")
    status: DistanceListStatus
    order_number: str
    order_date: dt.date | None
    approved_at: dt.datetime | None
    note: str
    discipline_count: int


class DistanceListDetailOut(DistanceListOut):
    disciplines: list[DisciplineRefOut]

    @staticmethod
    def resolve_disciplines(obj: DistanceDisciplineList) -> list[Any]:
        return list(selectors.distance_list_disciplines(distance_list=obj))

    @staticmethod
    def resolve_discipline_count(obj: DistanceDisciplineList) -> int:
        return obj.disciplines.count()


class DistanceListFilter(Schema):
    institution_id: int | None = None
    program_id: int | None = None
    status: DistanceListStatus | None = None
    in_force_on: dt.date | None = Field(
        None, description="Only approved lists in force on this date."
    )


class DistanceListIn(Schema):
    institution_id: int
    program_id: int | None = Field(None, description="Empty: the whole institution.")
    effective_from: dt.date
    effective_until: dt.date | None = None
    note: str = Field("", max_length=2000)
    discipline_ids: list[int] = Field(default_factory=list)


class DistanceListApproveIn(Schema):
    order_number: str = Field(..., max_length=60)
    order_date: dt.date


def _list_detail(request: HttpRequest, list_id: int) -> DistanceDisciplineList:
    return selectors.distance_list_get_for(actor=actor_scope_of(request), list_id=list_id)


@router.get("/distance-discipline-lists", response=list[DistanceListOut])
@paginate(Pagination)
def distance_list_list(
    request: HttpRequest, filters: Query[DistanceListFilter]
) -> QuerySet[DistanceDisciplineList]:
    """Lists of disciplines open to distance learning (LIM-6) of the institutions where
    you hold a role that reads them (Office Registrar, administrators, rector's office,
    distance-learning unit, deans, department heads), newest first."""
    actor = actor_scope_of(request)
    queryset = selectors.distance_list_list_for(
        actor=actor,
        program_id=filters.program_id,
        status=filters.status or "",
        in_force_on=filters.in_force_on,
    )
    if filters.institution_id is not None:
        queryset = queryset.filter(institution_id=filters.institution_id)
    return queryset


@router.get("/distance-discipline-lists/{list_id}", response=DistanceListDetailOut)
def distance_list_detail(request: HttpRequest, list_id: int) -> DistanceDisciplineList:
    """One list with its disciplines; 404 when absent or not yours."""
    return _list_detail(request, list_id)


def _institution_of_list(request: HttpRequest, institution_id: int) -> Institution:
    actor = actor_scope_of(request)
    for institution in selectors.institutions_for(actor=actor):
        if institution.pk == institution_id:
            return institution
    raise SubjectNotFound(_("Not found."))


@router.post("/distance-discipline-lists", response={201: DistanceListDetailOut})
def distance_list_create(
    request: HttpRequest, payload: DistanceListIn
) -> Status[DistanceDisciplineList]:
    """Draw up a draft list (Office Registrar, administrators) for the whole institution
    or one program, with its disciplines; it binds nobody until the rector's office
    approves it (`POST …/{id}/approve`). 403 for other roles of the institution, 404
    outside it, 422 for a period that ends before it starts or disciplines of another
    institution."""
    actor = actor_scope_of(request)
    institution = _institution_of_list(request, payload.institution_id)
    program = None
    if payload.program_id is not None:
        program = (
            selectors.distance_list_programs(institution=institution)
            .filter(pk=payload.program_id)
            .first()
        )
        if program is None:
            raise DistanceListInvalid(
                _("The program belongs to another institution."), field="program"
            )
    created = services.distance_list_create(
        actor=actor,
        institution=institution,
        program=program,
        effective_from=payload.effective_from,
        effective_until=payload.effective_until,
        note=payload.note,
        discipline_ids=payload.discipline_ids,
    )
    return Status(201, _list_detail(request, created.pk))


@router.post("/distance-discipline-lists/{list_id}/approve", response=DistanceListDetailOut)
def distance_list_approve(
    request: HttpRequest, list_id: int, payload: DistanceListApproveIn
) -> DistanceDisciplineList:
    """Approve a draft list by the rector's order (the rector's office): from its first
    day it binds its scope and the LIM-6 rule checks plans and applications against it.
    409 when already approved; 422 without disciplines."""
    found = _list_detail(request, list_id)
    services.distance_list_approve(
        actor=actor_scope_of(request),
        distance_list=found,
        order_number=payload.order_number,
        order_date=payload.order_date,
    )
    return _list_detail(request, list_id)
