"""Transfers to distance learning (ELIG-6, ELIG-3, LIM-6, SIS-5): applications with
evidence, the engine's check before anyone sees them, decisions along the route, and
the rector's orders with their PDFs.

Permissions are the pages' (SEC-2): an application that is absent or that you may
not see answers 404, also for writes; a student sees only their own, a registered
parent or legal representative those of the student they represent, an approver
those of students in their scope once submitted.
"""

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from qashyq.core.scope import actor_scope_of
from qashyq.distance import selectors, services
from qashyq.distance.errors import OrderNotFound
from qashyq.distance.models import (
    ApplicationStatus,
    Decision,
    Evidence,
    FiledAs,
    RectorOrder,
    TransferApplication,
)

router = Router(tags=["distance"])


class Pagination(LimitOffsetPagination):
    """`limit` (at most 100, default 50) and `offset`."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=100)
        offset: int = Field(0, ge=0)


# ---------------------------------------------------------------- schemas: out


class CitationOut(Schema):
    act_code: str
    act_title: str
    clause: str
    wording: str
    original_kk: str


class VerdictOut(Schema):
    rule_code: str
    requirement: str
    outcome: str
    title: str
    figures: str
    explanation: str
    citation: CitationOut


class DisciplineRefOut(Schema):
    id: int
    code: str
    name: str


class EvidenceOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int
    number: str
    issuer: str
    issued_on: dt.date | None
    valid_until: dt.date | None
    uploaded_at: dt.datetime


class StepOut(Schema):
    round: int
    order: int
    role: str
    decision: str
    reason: str
    decided_by_id: int | None
    decided_at: dt.datetime | None


class ApplicationOut(Schema):
    id: int
    institution_id: int
    student_id: int
    student_name: str
    filed_by_id: int
    filed_as: str
    representative_name: str
    ground: str
    text: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    disciplines: list[DisciplineRefOut]
    status: str
    eligible: bool | None
    checked_at: dt.datetime | None
    route: list[str]
    round: int
    current_step: int | None
    current_role: str
    submitted_at: dt.datetime | None
    order_id: int | None
    started_on: dt.date | None
    ended_on: dt.date | None
    leave_requested: bool

    @staticmethod
    def resolve_student_name(obj: TransferApplication) -> str:
        return str(obj.student.user.get_full_name())

    @staticmethod
    def resolve_disciplines(obj: TransferApplication) -> list[Any]:
        return list(obj.disciplines.all())


class ApplicationDetailOut(ApplicationOut):
    verdicts: list[VerdictOut]
    evidence: list[EvidenceOut]
    steps: list[StepOut]

    @staticmethod
    def resolve_evidence(obj: TransferApplication) -> list[Evidence]:
        return list(obj.evidence.all())

    @staticmethod
    def resolve_steps(obj: TransferApplication) -> list[Any]:
        return list(obj.steps.all())


class CheckOut(Schema):
    allowed: bool
    verdicts: list[VerdictOut]


class OrderEntryOut(Schema):
    application_id: int
    student_id: int
    student_name: str
    ground: str
    starts_on: dt.date
    ends_on: dt.date
    disciplines: list[DisciplineRefOut]

    @staticmethod
    def resolve_student_name(obj: Any) -> str:  # noqa: ANN401
        return str(obj.student.user.get_full_name())

    @staticmethod
    def resolve_disciplines(obj: Any) -> list[Any]:  # noqa: ANN401
        return list(obj.disciplines.all())


class OrderOut(Schema):
    id: int
    institution_id: int
    number: str
    year: int
    sequence: int
    issued_on: dt.date
    kind: str
    signer_name: str
    content_hash: str
    pdf_kk_sha256: str
    pdf_ru_sha256: str


class OrderDetailOut(OrderOut):
    entries: list[OrderEntryOut]

    @staticmethod
    def resolve_entries(obj: RectorOrder) -> list[Any]:
        return list(obj.entries.all())


# ---------------------------------------------------------------- schemas: in


class ApplicationIn(Schema):
    student_id: int
    filed_as: FiledAs = FiledAs.SELF
    representative_name: str = Field("", max_length=200)
    representative_document: str = Field("", max_length=200)
    ground: str = Field("", max_length=40)
    text: str = Field("", max_length=5000)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    discipline_ids: list[int] = Field(default_factory=list)


class ApplicationPatch(Schema):
    """Only the fields sent change (a draft, or an application returned for changes)."""

    ground: str | None = Field(None, max_length=40)
    text: str | None = Field(None, max_length=5000)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    discipline_ids: list[int] | None = None
    filed_as: FiledAs | None = None
    representative_name: str | None = Field(None, max_length=200)
    representative_document: str | None = Field(None, max_length=200)


class DecisionIn(Schema):
    decision: Decision
    reason: str = Field("", max_length=2000)


class EvidenceIn(Schema):
    kind: str = Field(..., max_length=40, description="An EvidenceKind value.")
    number: str = Field("", max_length=60)
    issuer: str = Field("", max_length=200)
    issued_on: dt.date | None = None
    valid_until: dt.date | None = None


class ApplicationFilterIn(Schema):
    status: ApplicationStatus | None = None
    ground: str = Field("", max_length=40)
    student: int | None = None
    waiting: bool = Field(False, description="Only those waiting for your decision.")
    search: str = Field("", max_length=100)


# ---------------------------------------------------------------- applications


def _today() -> dt.date:
    return timezone.localdate()


def _detail(request: HttpRequest, application_id: int) -> TransferApplication:
    return selectors.application_detail_for(
        actor=actor_scope_of(request), application_id=application_id
    )


@router.get("/distance/applications", response=list[ApplicationOut])
@paginate(Pagination)
def application_list(
    request: HttpRequest, filters: Query[ApplicationFilterIn]
) -> QuerySet[TransferApplication]:
    """Applications you may see, newest first (`waiting=true`: those waiting for your
    decision, oldest first), filtered by status, ground, student or a name search."""
    actor = actor_scope_of(request)
    f = selectors.ApplicationFilter(
        status=filters.status or "",
        ground=filters.ground,
        search=filters.search,
        student_id=filters.student,
    )
    queryset = (
        selectors.inbox_for(actor=actor, filters=f)
        if filters.waiting
        else selectors.application_list_for(actor=actor, filters=f)
    )
    return queryset.prefetch_related("disciplines")


class OpenDisciplineOut(Schema):
    id: int
    code: str
    name: str
    semester: int
    credits: int


@router.get("/distance/students/{student_id}/disciplines", response=list[OpenDisciplineOut])
def open_discipline_list(request: HttpRequest, student_id: int) -> list[dict[str, Any]]:
    """The disciplines of the student's plan an application may ask to study at a
    distance (`discipline_ids`): the planned ones, and when a list approved by the
    rector's order is in force for the student's program today, only those on it
    (LIM-6). For the student and their registered representative; 404 otherwise."""
    student = selectors.filing_student_get(actor=actor_scope_of(request), student_id=student_id)
    return [
        {
            "id": item.discipline_id,
            "code": item.discipline.code,
            "name": item.discipline.name,
            "semester": item.semester,
            "credits": item.credits,
        }
        for item in selectors.plan_items_open_to_distance(student=student)
    ]


@router.post("/distance/applications", response={201: ApplicationDetailOut})
def application_create(request: HttpRequest, payload: ApplicationIn) -> Status[TransferApplication]:
    """Open a draft for yourself, or (a registered parent or legal representative) for
    the student you represent, with whatever is known so far; nothing is judged until
    submission. Disciplines must be in the student's plan and, when a list approved by
    the rector's order is in force, on it (LIM-6; see `…/students/{id}/disciplines`)."""
    actor = actor_scope_of(request)
    student = selectors.filing_student_get(actor=actor, student_id=payload.student_id)
    application = services.application_create(
        actor=actor,
        student=student,
        filed_as=payload.filed_as,
        representative_name=payload.representative_name,
        representative_document=payload.representative_document,
    )
    services.application_draft_save(
        actor=actor,
        application=application,
        ground=payload.ground,
        text=payload.text,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        discipline_ids=payload.discipline_ids,
    )
    return Status(201, _detail(request, application.pk))


@router.get("/distance/applications/{application_id}", response=ApplicationDetailOut)
def application_detail(request: HttpRequest, application_id: int) -> TransferApplication:
    """One application with its verdicts (and their citations), evidence and steps."""
    return _detail(request, application_id)


@router.patch("/distance/applications/{application_id}", response=ApplicationDetailOut)
def application_update(
    request: HttpRequest, application_id: int, payload: ApplicationPatch
) -> TransferApplication:
    """Save a draft (autosave): only the fields sent change. 409 once submitted."""
    actor = actor_scope_of(request)
    application = _detail(request, application_id)
    changes = payload.model_dump(exclude_unset=True)
    current: dict[str, Any] = {
        "ground": application.ground,
        "text": application.text,
        "starts_on": application.starts_on,
        "ends_on": application.ends_on,
        "discipline_ids": [d.pk for d in application.disciplines.all()],
    }
    for key, value in changes.items():
        if key in current and (value is not None or key in {"starts_on", "ends_on"}):
            current[key] = value
    services.application_draft_save(
        actor=actor,
        application=application,
        filed_as=changes.get("filed_as"),
        representative_name=changes.get("representative_name"),
        representative_document=changes.get("representative_document"),
        **current,
    )
    return _detail(request, application_id)


@router.post("/distance/applications/{application_id}/check", response=CheckOut)
def application_check(request: HttpRequest, application_id: int) -> dict[str, Any]:
    """Run the rules on the draft as it is (ELIG-1…ELIG-6, the plan limits) without
    sending it: the verdicts with their citations. 422 with `extra.errors` per field
    when something the check needs is missing."""
    actor = actor_scope_of(request)
    application = _detail(request, application_id)
    report = services.application_check(actor=actor, application=application, today=_today())
    return {
        "allowed": report.allowed,
        "verdicts": [services.verdict_dict(v) for v in report.verdicts],
    }


@router.post("/distance/applications/{application_id}/submit", response=ApplicationDetailOut)
def application_submit(request: HttpRequest, application_id: int) -> TransferApplication:
    """Send the application on its route once the rules allow it. Not allowed → 409
    `transfer_not_allowed` with the violated verdicts in `extra.verdicts`, and nobody
    else sees the application; incomplete → 422 `application_incomplete`. A returned
    application is resubmitted the same way."""
    actor = actor_scope_of(request)
    application = _detail(request, application_id)
    services.application_submit(actor=actor, application=application, today=_today())
    return _detail(request, application_id)


@router.post("/distance/applications/{application_id}/decide", response=ApplicationDetailOut)
def application_decide(
    request: HttpRequest, application_id: int, payload: DecisionIn
) -> TransferApplication:
    """Decide the current step: `approve`, `reject` or `return` (the last two need a
    `reason`). Only the holder of the step's role in the student's scope (403 for
    others who see it). Approving the last step issues the rector's order."""
    actor = actor_scope_of(request)
    application = _detail(request, application_id)
    services.step_decide(
        actor=actor,
        application=application,
        decision=payload.decision,
        reason=payload.reason,
        today=_today(),
    )
    return _detail(request, application_id)


@router.post("/distance/applications/{application_id}/evidence", response={201: EvidenceOut})
def evidence_upload(
    request: HttpRequest,
    application_id: int,
    file: File[UploadedFile],
    payload: Form[EvidenceIn],
) -> Status[Evidence]:
    """Attach a document (multipart): a PDF, JPEG or PNG up to 10 MB with its kind
    (an EvidenceKind value), number, issuer and dates. 422 `evidence_invalid` for a
    file too large or of another type."""
    actor = actor_scope_of(request)
    application = _detail(request, application_id)
    evidence = services.evidence_add(
        actor=actor,
        application=application,
        upload=file,
        kind=payload.kind,
        number=payload.number,
        issuer=payload.issuer,
        issued_on=payload.issued_on,
        valid_until=payload.valid_until,
    )
    return Status(201, evidence)


# ---------------------------------------------------------------- orders


class OrderFilterIn(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


@router.get("/distance/orders", response=list[OrderOut])
@paginate(Pagination)
def order_list(request: HttpRequest, filters: Query[OrderFilterIn]) -> QuerySet[RectorOrder]:
    """The journal of the rector's orders: all of your institution for its offices;
    otherwise those that concern applications you may see."""
    return selectors.order_list_for(actor=actor_scope_of(request), year=filters.year)


@router.get("/distance/orders/{order_id}", response=OrderDetailOut)
def order_detail(request: HttpRequest, order_id: int) -> RectorOrder:
    """One order with its students, grounds, disciplines and periods."""
    return selectors.order_get_for(actor=actor_scope_of(request), order_id=order_id)


@router.get("/distance/orders/{order_id}/pdf", response={200: None})
def order_pdf(
    request: HttpRequest, order_id: int, language: Literal["kk", "ru"] = "kk"
) -> FileResponse:
    """The order's PDF in Kazakh (`kk`) or Russian (`ru`)."""
    order = selectors.order_get_for(actor=actor_scope_of(request), order_id=order_id)
    document = order.pdf_kk if language == "kk" else order.pdf_ru
    if not document:
        raise OrderNotFound("pdf")
    return FileResponse(
        document.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"order-{order.year}-{order.sequence}-{language}.pdf",
    )
