"""Regulations API: the compliance check and the rule catalogue (issue 3).

`POST /compliance/check` answers with a Report: one verdict per rule in force (allowed,
violated, not applicable), its figures and its citation (act, clause, wording). Who
may check what is the pages' rule (SEC-2): a student only themself, staff the students
they may see and the programs, disciplines and teachers of their institution; anything
else answers 404, like an absent subject. The catalogue is readable by every
authenticated caller.
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from qashyq.core.errors import ValidationFailed
from qashyq.core.scope import actor_scope_of
from qashyq.regulations import selectors
from qashyq.regulations.data import EligibilityRequest, Report, RuleView, SubjectKind
from qashyq.regulations.errors import SubjectNotFound
from qashyq.regulations.models import EvidenceKind, Ground, LegalAct

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
