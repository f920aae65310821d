"""Writes of the transfer workflow (ELIG-6, ELIG-3, LIM-6, SIS-5): drafts with evidence,
the engine's check before anyone sees an application, the route of approvals, the
rector's order with its number and PDFs, the period in effect and its end.

The only place that changes this app's data. Plan items change through
`people.services.plan_items_delivery_set`, academic leave through
`people.services.student_status_change`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qashyq.accounts.models import User
from qashyq.core.http import site_url
from qashyq.core.scope import ActorScope
from qashyq.distance import documents, selectors
from qashyq.distance.errors import (
    ApplicationIncomplete,
    ApplicationInvalid,
    ApplicationNotFound,
    ApplicationStateInvalid,
    DecisionForbidden,
    DecisionInvalid,
    DistanceChangeForbidden,
    EvidenceInvalid,
    RouteInvalid,
    TransferNotAllowed,
)
from qashyq.distance.models import (
    EDITABLE,
    PENDING,
    ROUTE_ROLES,
    ApplicationEvent,
    ApplicationStatus,
    ApprovalStep,
    Decision,
    DistanceAccess,
    EventKind,
    Evidence,
    FiledAs,
    Notification,
    OrderCounter,
    OrderKind,
    RectorOrder,
    RectorOrderEntry,
    RegistrarTask,
    Reminder,
    RouteStep,
    RouteTemplate,
    StudentRepresentative,
    TaskStatus,
    TransferApplication,
)
from qashyq.distance.permissions import can_handle_tasks, can_manage_route
from qashyq.institutions.models import Institution
from qashyq.people import services as people
from qashyq.people.models import Delivery, Student, StudentStatus
from qashyq.regulations import selectors as rules
from qashyq.regulations.data import EligibilityRequest, GroundRule, Outcome, Report, Verdict
from qashyq.regulations.models import EvidenceKind

# The daily processing acts on the rector's order, as the system (no person).
SYSTEM = ActorScope(user_id=None, is_superuser=True)
MEDICAL_GROUND = "temporary_health"  # ELIG-3
# The requirement that carries a ground's own conditions, cited in the order with ELIG-1
# (the list of grounds) and ELIG-6 (the application).
GROUND_REQUIREMENT = {
    "temporary_health": "ELIG-3",
    "competition": "ELIG-2",
    "disabled_child_pmpk": "ELIG-4",
}
ORDER_SUFFIX = "ҚО"  # қашықтықтан оқыту: "12-ҚО"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE = 10
# What a file starts with, by the type we keep (the name's extension is not trusted).
SIGNATURES: dict[str, tuple[bytes, str]] = {
    "application/pdf": (b"%PDF-", ".pdf"),
    "image/jpeg": (b"\xff\xd8\xff", ".jpg"),
    "image/png": (b"\x89PNG\r\n\x1a\n", ".png"),
}
SIS5_RESOURCES = ["digital_system", "e_schedule", "e_journal", "e_resources"]


def _now() -> dt.datetime:
    return timezone.now()


def _user_id(actor: ActorScope) -> int:
    """The person acting (services that record who did something need one)."""
    if actor.user_id is None:
        raise ApplicationNotFound(_("Not found."))
    return actor.user_id


def _event(
    application: TransferApplication,
    kind: str,
    *,
    actor: ActorScope | None = None,
    role: str = "",
    note: str = "",
) -> None:
    ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        actor_id=actor.user_id if actor else None,
        role=role,
        note=note,
    )


# ---------------------------------------------------------------- notifications


def _notify(
    recipients: Iterable[User],
    application: TransferApplication | None,
    message: Callable[[], tuple[str, str]],
) -> list[Notification]:
    """One in-app notification per person, in their language; e-mailed after commit."""
    from qashyq.distance.tasks import notification_email_task  # noqa: PLC0415 (task ↔ service)

    created: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject, body = message()
        created.append(
            Notification.objects.create(
                recipient=user, application=application, subject=subject[:200], body=body
            )
        )
    for notification in created:
        pk = notification.pk
        transaction.on_commit(lambda pk=pk: notification_email_task.delay(pk))  # type: ignore[misc]
    return created


def notification_email(*, notification_id: int) -> bool:
    """Send one notification by e-mail (once: a second call sends nothing)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        from django.core.mail import send_mail  # noqa: PLC0415

        send_mail(
            notification.subject,
            notification.body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient.email],
        )
        notification.emailed_at = _now()
        notification.save(update_fields=["emailed_at"])
        return True


def _student_side_users(application: TransferApplication) -> list[User]:
    """The student, and whoever filed for them."""
    users = [application.student.user]
    if application.filed_by_id != application.student.user_id:
        users.append(application.filed_by)
    return users


def _link(application: TransferApplication) -> str:
    return site_url(reverse("distance:application_detail", args=[application.pk]))


def _student_name(application: TransferApplication) -> str:
    return str(application.student.user.get_full_name())


# ---------------------------------------------------------------- checks


def _require_student_side(actor: ActorScope, application: TransferApplication) -> None:
    if not selectors.is_student_side(actor=actor, application=application):
        raise ApplicationNotFound(_("Not found."))


def _require_editable(application: TransferApplication) -> None:
    if application.status not in EDITABLE:
        raise ApplicationStateInvalid(
            _("This application is %(status)s and can no longer be changed.")
            % {"status": ApplicationStatus(application.status).label}
        )


def _ground_rule(application: TransferApplication, today: dt.date) -> GroundRule | None:
    return selectors.ground_rule_get(
        institution=application.institution, as_of=today, ground=application.ground
    )


def _evidence_label(kind: str) -> str:
    try:
        return str(EvidenceKind(kind).label)
    except ValueError:
        return kind


def _period_problems(
    application: TransferApplication, rule: GroundRule | None, today: dt.date
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if application.starts_on is None:
        problems["starts_on"] = _("Enter the first day of the period.")
    elif application.starts_on < today:
        problems["starts_on"] = _("The period cannot start in the past.")
    if application.ends_on is None:
        problems["ends_on"] = _("Enter the last day of the period.")
    elif application.starts_on is not None and application.ends_on < application.starts_on:
        problems["ends_on"] = _("The period cannot end before it starts.")
    days = application.period_days
    if rule is not None and rule.max_days is not None and days is not None and days > rule.max_days:
        # ELIG-3 (S3 §7.5): a medical conclusion covers 30 days.
        problems["ends_on"] = _(
            "On this ground the period is at most %(max)s days (%(act)s, clause %(clause)s); "
            "it is %(days)s days."
        ) % {
            "max": rule.max_days,
            "days": days,
            "act": rule.citation.act_title,
            "clause": rule.citation.clause,
        }
    return problems


def _evidence_problems(application: TransferApplication, rule: GroundRule | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    evidence = list(application.evidence.all())
    kinds = {e.kind for e in evidence}
    missing = [k for k in rule.required_evidence if k not in kinds] if rule else []
    if rule is not None and missing:
        problems["evidence"] = _(
            "Attach %(documents)s: this ground needs it (%(act)s, clause %(clause)s)."
        ) % {
            "documents": ", ".join(_evidence_label(k) for k in missing),
            "act": rule.citation.act_title,
            "clause": rule.citation.clause,
        }
    starts_on = application.starts_on
    for item in evidence:
        if starts_on and item.valid_until is not None and item.valid_until < starts_on:
            problems["evidence"] = _(
                "The document “%(name)s” is valid only until %(date)s, before the period starts."
            ) % {"name": item.original_name, "date": f"{item.valid_until:%d.%m.%Y}"}
    return problems


def _problems(application: TransferApplication, today: dt.date) -> dict[str, str]:
    """What is missing or wrong before the engine can judge (a message per field)."""
    problems: dict[str, str] = {}
    rule = _ground_rule(application, today) if application.ground else None
    if not application.ground:
        problems["ground"] = _("Choose the ground for studying at a distance.")
    elif rule is None:
        problems["ground"] = _(
            "This ground does not apply to an individual application in your institution."
        )
    problems |= _period_problems(application, rule, today)
    if not application.text.strip():
        problems["text"] = _("Write the application to the rector.")
    if not application.disciplines.exists():
        problems["disciplines"] = _("Choose the disciplines to study at a distance.")
    if application.filed_as != FiledAs.SELF and not (
        application.representative_name.strip() and application.representative_document.strip()
    ):
        problems["representative_name"] = _(
            "A parent or legal representative gives their full name and the document "
            "that confirms the representation."
        )
    return problems | _evidence_problems(application, rule)


def _raise_problems(problems: dict[str, str]) -> None:
    if problems:
        field_name, message = next(iter(problems.items()))
        raise ApplicationIncomplete(message, field=field_name, errors=problems)


def verdict_dict(verdict: Verdict) -> dict[str, Any]:
    """A verdict as stored with the application (its citation included)."""
    return {
        "rule_code": verdict.rule_code,
        "requirement": verdict.requirement,
        "outcome": str(verdict.outcome),
        "title": verdict.title,
        "figures": verdict.figures,
        "explanation": verdict.explanation,
        "citation": asdict(verdict.citation),
    }


def _eligibility(application: TransferApplication, today: dt.date) -> Report:
    """ELIG-1…ELIG-6 and the plan limits with the requested disciplines at a distance."""
    assert application.starts_on is not None  # _problems passed
    request = EligibilityRequest(
        student_id=application.student_id,
        ground=application.ground,
        starts_on=application.starts_on,
        ends_on=application.ends_on,
        discipline_ids=frozenset(application.disciplines.values_list("pk", flat=True)),
        has_application=True,
        evidence_kinds=frozenset(application.evidence.values_list("kind", flat=True)),
    )
    return rules.check(request, as_of=today, institution=application.institution)


def _store_check(application: TransferApplication, report: Report) -> None:
    application.verdicts = [verdict_dict(v) for v in report.verdicts]
    application.verdicts_language = translation.get_language() or settings.LANGUAGE_CODE
    application.checked_at = _now()
    application.eligible = report.allowed
    application.save(
        update_fields=["verdicts", "verdicts_language", "checked_at", "eligible", "updated_at"]
    )


# ---------------------------------------------------------------- drafts (ELIG-6)


@transaction.atomic
def application_create(
    *,
    actor: ActorScope,
    student: Student,
    filed_as: str = FiledAs.SELF,
    representative_name: str = "",
    representative_document: str = "",
) -> TransferApplication:
    """Open a draft for the student: by the student, or by a registered parent or legal
    representative (then the filer is recorded with their stated relation and document;
    the student's account still owns the application)."""
    representation = selectors.representation_of(actor=actor, student_id=student.pk)
    if actor.student_id != student.pk and representation is None:
        raise ApplicationNotFound(_("Not found."))
    if student.status != StudentStatus.ENROLLED:
        raise ApplicationInvalid(
            _("Only an enrolled student can apply to study at a distance."), field="student"
        )
    if filed_as not in FiledAs.values:
        raise ApplicationInvalid(_("Choose who files the application."), field="filed_as")
    if actor.student_id != student.pk and representation is not None:
        user = User.objects.get(pk=_user_id(actor))
        filed_as = representation.relation
        representative_name = str(user.get_full_name())
        representative_document = representation.document
    application = TransferApplication.objects.create(
        institution_id=student.institution_id,
        student=student,
        filed_by_id=_user_id(actor),
        filed_as=filed_as,
        representative_name=representative_name.strip() if filed_as != FiledAs.SELF else "",
        representative_document=(
            representative_document.strip() if filed_as != FiledAs.SELF else ""
        ),
    )
    _event(application, EventKind.CREATED, actor=actor)
    return application


@transaction.atomic
def application_draft_save(
    *,
    actor: ActorScope,
    application: TransferApplication,
    ground: str,
    text: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    discipline_ids: Sequence[int],
    filed_as: str | None = None,
    representative_name: str | None = None,
    representative_document: str | None = None,
) -> TransferApplication:
    """Save what is entered so far (autosave): nothing is judged complete here, so a
    half-filled form and its uploads are never lost; `application_submit` checks."""
    _require_student_side(actor, application)
    locked = TransferApplication.objects.select_for_update().get(pk=application.pk)
    _require_editable(locked)
    open_ids = {
        i.discipline_id for i in selectors.plan_items_open_to_distance(student=locked.student)
    }
    wanted = {int(i) for i in discipline_ids}
    if stray := wanted - open_ids:
        raise ApplicationInvalid(
            _("These disciplines are not open to distance learning in your plan: %(ids)s.")
            % {"ids": ", ".join(str(i) for i in sorted(stray))},
            field="disciplines",
        )
    if ground and ground not in {
        r.ground
        for r in selectors.ground_rule_list(
            institution=locked.institution, as_of=timezone.localdate()
        )
    }:
        raise ApplicationInvalid(
            _("This ground does not apply to an individual application in your institution."),
            field="ground",
        )
    locked.ground = ground
    locked.text = text.strip()
    locked.starts_on = starts_on
    locked.ends_on = ends_on
    student_files = actor.student_id == locked.student_id
    if filed_as is not None and student_files:
        if filed_as not in FiledAs.values:
            raise ApplicationInvalid(_("Choose who files the application."), field="filed_as")
        locked.filed_as = filed_as
    if student_files:
        if representative_name is not None:
            locked.representative_name = representative_name.strip()
        if representative_document is not None:
            locked.representative_document = representative_document.strip()
        if locked.filed_as == FiledAs.SELF:
            locked.representative_name = locked.representative_document = ""
    locked.save()
    locked.disciplines.set(sorted(wanted))
    return locked


def _sniff(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, (signature, _suffix) in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


@transaction.atomic
def evidence_add(
    *,
    actor: ActorScope,
    application: TransferApplication,
    upload: UploadedFile,
    kind: str,
    number: str = "",
    issuer: str = "",
    issued_on: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> Evidence:
    """Attach a document (ELIG-3, ELIG-6): PDF, JPEG or PNG up to 10 MB, recognized by
    its content, not its name."""
    _require_student_side(actor, application)
    locked = TransferApplication.objects.select_for_update().get(pk=application.pk)
    _require_editable(locked)
    if kind not in EvidenceKind.values:
        raise EvidenceInvalid(_("Choose what kind of document this is."), field="kind")
    size = int(upload.size or 0)
    if size == 0:
        raise EvidenceInvalid(_("The file is empty."), field="file")
    if size > MAX_UPLOAD_BYTES:
        raise EvidenceInvalid(
            _("The file is %(size)s MB; attach at most %(limit)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": MAX_UPLOAD_BYTES // 1024 // 1024},
            field="file",
        )
    content_type = _sniff(upload)
    if content_type is None:
        raise EvidenceInvalid(
            _("Attach a PDF, JPEG or PNG file (a scan or a photo of the document)."),
            field="file",
        )
    if issued_on is not None and issued_on > timezone.localdate():
        raise EvidenceInvalid(_("A document cannot be issued in the future."), field="issued_on")
    if issued_on is not None and valid_until is not None and valid_until < issued_on:
        raise EvidenceInvalid(
            _("A document cannot expire before it is issued."), field="valid_until"
        )
    if locked.evidence.count() >= MAX_EVIDENCE:
        raise EvidenceInvalid(
            _("At most %(count)s documents can be attached.") % {"count": MAX_EVIDENCE},
            field="file",
        )
    name = (upload.name or "document").rsplit("/", 1)[-1][:200]
    evidence = Evidence(
        application=locked,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=size,
        number=number.strip(),
        issuer=issuer.strip(),
        issued_on=issued_on,
        valid_until=valid_until,
        uploaded_by_id=actor.user_id,
    )
    evidence.file.save(f"upload{SIGNATURES[content_type][1]}", upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, actor: ActorScope, evidence: Evidence) -> None:
    application = evidence.application
    _require_student_side(actor, application)
    _require_editable(TransferApplication.objects.select_for_update().get(pk=application.pk))
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def application_withdraw(*, actor: ActorScope, application: TransferApplication) -> None:
    """The student withdraws an application that is not yet decided."""
    _require_student_side(actor, application)
    locked = TransferApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status not in (*EDITABLE, *PENDING):
        raise ApplicationStateInvalid(
            _("This application is %(status)s and can no longer be withdrawn.")
            % {"status": ApplicationStatus(locked.status).label}
        )
    ApprovalStep.objects.filter(application=locked, decided_at__isnull=True).delete()
    locked.status = ApplicationStatus.CANCELLED
    locked.current_role, locked.current_step = "", None
    locked.save(update_fields=["status", "current_role", "current_step", "updated_at"])
    _event(locked, EventKind.CANCELLED, actor=actor)


# ---------------------------------------------------------------- the check and submission


def application_check(
    *, actor: ActorScope, application: TransferApplication, today: dt.date
) -> Report:
    """Run the engine on the draft as it is and keep its verdicts (shown to the student
    with citations before they submit); nothing is sent to anyone."""
    _require_student_side(actor, application)
    application.refresh_from_db()  # judge what is stored, not a stale copy
    _require_editable(application)
    _raise_problems(_problems(application, today))
    report = _eligibility(application, today)
    with transaction.atomic():
        _store_check(application, report)
        _event(
            application,
            EventKind.CHECKED,
            actor=actor,
            note=_("allowed") if report.allowed else _("not allowed"),
        )
    return report


def _not_allowed(report: Report) -> TransferNotAllowed:
    count = len(report.violated)
    return TransferNotAllowed(
        ngettext(
            "The rules do not allow this transfer: %(count)s check failed. The application "
            "was not sent; see the rule and its clause below.",
            "The rules do not allow this transfer: %(count)s checks failed. The application "
            "was not sent; see the rules and their clauses below.",
            count,
        )
        % {"count": count},
        verdicts=[verdict_dict(v) for v in report.violated],
    )


def application_submit(
    *, actor: ActorScope, application: TransferApplication, today: dt.date
) -> TransferApplication:
    """Send the application on its route (ELIG-6) once the engine allows it.

    Incomplete → ApplicationIncomplete (per field); not eligible or over a limit →
    TransferNotAllowed with the violated verdicts: the draft stays a draft with its
    verdicts stored, and nobody else sees it. Allowed → the first step of the
    institution's route opens and its people are notified. A returned application
    is resubmitted the same way and starts the route again (a new round).
    """
    _require_student_side(actor, application)
    application.refresh_from_db()  # judge what is stored, not a stale copy
    _require_editable(application)
    _raise_problems(_problems(application, today))
    report = _eligibility(application, today)
    with transaction.atomic():
        _store_check(application, report)
        if not report.allowed:
            _event(application, EventKind.CHECKED, actor=actor, note=_("not allowed"))
    if not report.allowed:
        raise _not_allowed(report)
    with transaction.atomic():
        locked = TransferApplication.objects.select_for_update().get(pk=application.pk)
        _require_editable(locked)
        route = selectors.route_roles(institution_id=locked.institution_id)
        resubmitted = locked.round > 0
        locked.round += 1
        locked.route = route
        locked.status = ApplicationStatus.SUBMITTED
        locked.current_step, locked.current_role = 1, route[0]
        locked.submitted_at = _now()
        locked.save()
        ApprovalStep.objects.create(application=locked, round=locked.round, order=1, role=route[0])
        _event(
            locked,
            EventKind.SUBMITTED,
            actor=actor,
            note=_("resubmitted after changes") if resubmitted else "",
        )
        _notify_step(locked, today)
        _notify(
            _student_side_users(locked),
            locked,
            lambda: (
                _("Your application to study at a distance was sent"),
                _(
                    "The application of %(name)s was checked against the rules and sent to "
                    "the first step of its route. Follow it here: %(link)s"
                )
                % {"name": _student_name(locked), "link": _link(locked)},
            ),
        )
    application.refresh_from_db()
    return application


def _role_label(role: str) -> str:
    from qashyq.people.models import Role  # noqa: PLC0415

    try:
        return str(Role(role).label)
    except ValueError:
        return role


def _notify_step(application: TransferApplication, today: dt.date) -> None:
    people_at_step = selectors.step_people(
        student=application.student, role=application.current_role, on=today
    )
    _notify(
        people_at_step,
        application,
        lambda: (
            _("An application to study at a distance waits for your decision"),
            _(
                "%(name)s (%(group)s) applies to study at a distance from %(start)s to %(end)s. "
                "It waits for your decision as %(role)s: %(link)s"
            )
            % {
                "name": _student_name(application),
                "group": application.student.group.code if application.student.group else "—",
                "start": f"{application.starts_on:%d.%m.%Y}",
                "end": f"{application.ends_on:%d.%m.%Y}",
                "role": _role_label(application.current_role),
                "link": _link(application),
            },
        ),
    )


# ---------------------------------------------------------------- the route


def step_decide(
    *,
    actor: ActorScope,
    application: TransferApplication,
    decision: str,
    reason: str = "",
    today: dt.date,
) -> TransferApplication:
    """Decide the current step: approve (the next step opens; after the last one the
    rector's order is issued), reject with a reason (final), or return for changes
    with a reason (the student edits and resubmits). Only a holder of the step's role
    in the student's scope decides; every decision is recorded with who and when."""
    with transaction.atomic():
        locked = (
            TransferApplication.objects.select_for_update()
            .select_related("student__program__department", "student__user", "institution")
            .get(pk=application.pk)
        )
        if locked.status not in PENDING:
            raise ApplicationStateInvalid(
                _("This application is %(status)s: there is no step to decide.")
                % {"status": ApplicationStatus(locked.status).label}
            )
        if not selectors.can_decide(actor=actor, application=locked):
            raise DecisionForbidden(
                _("This step waits for %(role)s; you do not hold that role for this student.")
                % {"role": _role_label(locked.current_role)}
            )
        if decision not in Decision.values:
            raise DecisionInvalid(_("Choose a decision."), field="decision")
        reason = reason.strip()
        if decision in (Decision.REJECT, Decision.RETURN) and not reason:
            raise DecisionInvalid(
                _("Give the reason: the student sees it and can act on it."), field="reason"
            )
        assert locked.current_step is not None  # PENDING has a current step
        step = ApprovalStep.objects.select_for_update().get(
            application=locked, round=locked.round, order=locked.current_step
        )
        step.decision, step.reason = decision, reason
        step.decided_by_id, step.decided_at = actor.user_id, _now()
        step.save()
        role = locked.current_role
        if decision == Decision.APPROVE:
            _approve(locked, actor=actor, role=role, reason=reason, today=today)
        else:
            _close_step(locked, actor=actor, role=role, decision=decision, reason=reason)
    if decision == Decision.APPROVE and locked.status == ApplicationStatus.APPROVED:
        application_start(application=locked, today=today)
    application.refresh_from_db()
    return application


def _approve(
    application: TransferApplication, *, actor: ActorScope, role: str, reason: str, today: dt.date
) -> None:
    _event(application, EventKind.APPROVED, actor=actor, role=role, note=reason)
    assert application.current_step is not None
    if application.current_step < len(application.route):
        application.current_step += 1
        application.current_role = application.route[application.current_step - 1]
        application.status = ApplicationStatus.IN_REVIEW
        application.save()
        ApprovalStep.objects.create(
            application=application,
            round=application.round,
            order=application.current_step,
            role=application.current_role,
        )
        _notify_step(application, today)
        return
    application.status = ApplicationStatus.APPROVED
    application.current_step, application.current_role = None, ""
    application.decided_at = _now()
    application.save()
    signer = User.objects.get(pk=_user_id(actor))
    order = order_issue(applications=[application], signer=signer, today=today)
    _notify(
        _student_side_users(application),
        application,
        lambda: (
            _("Your transfer to distance learning is approved"),
            _(
                "The rector's order No. %(number)s of %(date)s moves %(name)s to distance "
                "learning from %(start)s to %(end)s. %(link)s"
            )
            % {
                "number": order.number,
                "date": f"{order.issued_on:%d.%m.%Y}",
                "name": _student_name(application),
                "start": f"{application.starts_on:%d.%m.%Y}",
                "end": f"{application.ends_on:%d.%m.%Y}",
                "link": _link(application),
            },
        ),
    )


def _close_step(
    application: TransferApplication,
    *,
    actor: ActorScope,
    role: str,
    decision: str,
    reason: str,
) -> None:
    rejected = decision == Decision.REJECT
    application.status = ApplicationStatus.REJECTED if rejected else ApplicationStatus.RETURNED
    application.current_step, application.current_role = None, ""
    if rejected:
        application.decided_at = _now()
    application.save()
    _event(
        application,
        EventKind.REJECTED if rejected else EventKind.RETURNED,
        actor=actor,
        role=role,
        note=reason,
    )

    def message() -> tuple[str, str]:
        if rejected:
            return (
                _("Your application to study at a distance was rejected"),
                _("%(role)s rejected the application. Reason: %(reason)s %(link)s")
                % {"role": _role_label(role), "reason": reason, "link": _link(application)},
            )
        return (
            _("Your application to study at a distance was returned for changes"),
            _(
                "%(role)s returned the application for changes: %(reason)s Change it and "
                "submit it again: %(link)s"
            )
            % {"role": _role_label(role), "reason": reason, "link": _link(application)},
        )

    _notify(_student_side_users(application), application, message)


# ---------------------------------------------------------------- the rector's order


def _next_number(institution: Institution, year: int) -> int:
    """Take the next number of the institution's year: the counter row is locked until
    the order's transaction ends, so numbers never repeat, and a rolled-back order
    gives its number back (no gaps)."""
    try:
        with transaction.atomic():
            OrderCounter.objects.get_or_create(institution=institution, year=year)
    except IntegrityError:  # created by a concurrent transaction: it exists now
        pass
    counter = OrderCounter.objects.select_for_update().get(institution=institution, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _localized_citations(
    application: TransferApplication, language: str, as_of: dt.date
) -> list[str]:
    """The acts and clauses the order rests on, in `language`: the ELIG verdicts that
    allowed the transfer, from the engine run in that language."""
    with translation.override(language):
        report = _eligibility(application, as_of)
    acts: list[str] = []
    wanted = {"ELIG-1", "ELIG-6", GROUND_REQUIREMENT.get(application.ground, "ELIG-1")}
    for verdict in report.verdicts:
        if verdict.outcome != Outcome.ALLOWED or verdict.requirement not in wanted:
            continue
        wording = documents.act_wording(
            language,
            title=verdict.citation.act_title,
            clause=verdict.citation.clause,
            wording=verdict.citation.wording,
        )
        if wording not in acts:
            acts.append(wording)
    return acts


def _order_lines(
    applications: Sequence[TransferApplication], language: str, as_of: dt.date
) -> list[documents.OrderLine]:
    lines = []
    for application in applications:
        student = application.student
        program = student.program
        fallback = application.ground
        if application.ground not in documents.GROUND_WORDING:  # a ground added later
            with translation.override(language):
                fallback = selectors.ground_label(
                    institution=application.institution, as_of=as_of, ground=application.ground
                )
        assert application.starts_on is not None
        assert application.ends_on is not None
        lines.append(
            documents.OrderLine(
                full_name=str(student.user.get_full_name()),
                group=student.group.code if student.group else "—",
                program=f"{program.code} "
                + documents.name_in(
                    language, kk=program.name_kk, ru=program.name_ru, en=program.name_en
                ),
                ground=documents.ground_wording(application.ground, language, fallback),
                disciplines=tuple(
                    f"{d.code} "
                    + documents.name_in(language, kk=d.name_kk, ru=d.name_ru, en=d.name_en)
                    for d in application.disciplines.order_by("code")
                ),
                starts_on=application.starts_on,
                ends_on=application.ends_on,
            )
        )
    return lines


@transaction.atomic
def order_issue(
    *, applications: Sequence[TransferApplication], signer: User, today: dt.date
) -> RectorOrder:
    """Register the rector's order for approved applications (ELIG-6): the next number of
    the institution's year ("12-ҚО"), an entry per student (ground, disciplines,
    period, the citations), and the PDF in Kazakh and in Russian with a QR code
    linking to the public verification page."""
    institution = applications[0].institution
    if any(a.institution_id != institution.pk for a in applications):
        raise ApplicationInvalid(_("One order covers one institution."))
    sequence = _next_number(institution, today.year)
    number = f"{sequence}-{ORDER_SUFFIX}"
    order = RectorOrder.objects.create(
        institution=institution,
        year=today.year,
        sequence=sequence,
        number=number,
        issued_on=today,
        kind=OrderKind.TRANSFER,
        signed_by=signer,
        signer_name=str(signer.get_full_name()),
    )
    as_of = min((a.submitted_at.date() if a.submitted_at else today) for a in applications)
    citations: dict[int, dict[str, list[str]]] = {}
    for application in applications:
        assert application.starts_on is not None  # submitted applications have a period
        assert application.ends_on is not None
        entry = RectorOrderEntry.objects.create(
            order=order,
            application=application,
            student=application.student,
            ground=application.ground,
            starts_on=application.starts_on,
            ends_on=application.ends_on,
            citations=[v["citation"] for v in application.verdicts if v["outcome"] == "allowed"],
        )
        entry.disciplines.set(application.disciplines.all())
        application.order = order
        application.save(update_fields=["order", "updated_at"])
        citations[application.pk] = {
            language: _localized_citations(application, language, as_of)
            for language in documents.ORDER_LANGUAGES
        }
    lines = {lang: _order_lines(applications, lang, as_of) for lang in documents.ORDER_LANGUAGES}
    content = {
        "institution": institution.code,
        "number": number,
        "date": today.isoformat(),
        "kind": OrderKind.TRANSFER.value,
        "lines": documents.canonical_lines(lines["kk"]),
        "grounds": [a.ground for a in applications],
    }
    order.content_hash = hashlib.sha256(
        json.dumps(content, ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()
    verify_url = site_url(reverse("distance:order_verify", args=[order.token]))
    for language in documents.ORDER_LANGUAGES:
        acts: list[str] = []
        for application in applications:
            acts += [a for a in citations[application.pk][language] if a not in acts]
        data = documents.order_pdf(
            documents.OrderDocument(
                language=language,
                institution=documents.name_in(
                    language,
                    kk=institution.name_kk,
                    ru=institution.name_ru,
                    en=institution.name_en,
                ),
                city=institution.city or "—",
                number=number,
                issued_on=today,
                acts=tuple(acts),
                lines=tuple(lines[language]),
                signer=order.signer_name,
                verify_url=verify_url,
                content_hash=order.content_hash,
            )
        )
        target = order.pdf_kk if language == "kk" else order.pdf_ru
        target.save(f"order-{sequence}-{language}.pdf", ContentFile(data), save=False)
        setattr(order, f"pdf_{language}_sha256", hashlib.sha256(data).hexdigest())
    order.save()
    for application in applications:
        _event(
            application,
            EventKind.ORDER_ISSUED,
            actor=ActorScope(user_id=signer.pk),
            note=_("Order No. %(number)s of %(date)s")
            % {"number": number, "date": f"{today:%d.%m.%Y}"},
        )
    return order


# ---------------------------------------------------------------- the period (SIS-5, ELIG-3)


def _order_reason(application: TransferApplication) -> str:
    order = application.order
    return f"order {order.number} of {order.issued_on:%d.%m.%Y}" if order else "order"


def _disciplines_elsewhere(application: TransferApplication) -> set[int]:
    """Disciplines of the student at a distance by another application in effect."""
    others = TransferApplication.objects.filter(
        student_id=application.student_id, status=ApplicationStatus.IN_EFFECT
    ).exclude(pk=application.pk)
    return set(
        TransferApplication.disciplines.through.objects.filter(
            transferapplication__in=others
        ).values_list("discipline_id", flat=True)
    )


@transaction.atomic
def application_start(*, application: TransferApplication, today: dt.date) -> bool:
    """From the first day of the period: the ordered disciplines are studied at a distance
    and the student gets the e-schedule, e-journal and e-resources (SIS-5). Idempotent:
    False when there was nothing to do."""
    locked = TransferApplication.objects.select_for_update().get(pk=application.pk)
    if (
        locked.status != ApplicationStatus.APPROVED
        or locked.starts_on is None
        or locked.starts_on > today
    ):
        return False
    discipline_ids = set(locked.disciplines.values_list("pk", flat=True))
    people.plan_items_delivery_set(
        actor=SYSTEM,
        student=locked.student,
        discipline_ids=discipline_ids,
        delivery=Delivery.DISTANCE,
        reason=_order_reason(locked),
    )
    DistanceAccess.objects.update_or_create(
        application=locked,
        defaults={
            "student_id": locked.student_id,
            "resources": SIS5_RESOURCES,
            "granted_on": today,
            "revoked_on": None,
        },
    )
    locked.status = ApplicationStatus.IN_EFFECT
    locked.started_on = today
    locked.save(update_fields=["status", "started_on", "updated_at"])
    _event(locked, EventKind.STARTED)
    _notify(
        _student_side_users(locked),
        locked,
        lambda: (
            _("You study at a distance from today"),
            _(
                "From %(start)s to %(end)s %(count)s disciplines are studied at a distance. "
                "The e-schedule, the e-journal and the e-resources are open to you. %(link)s"
            )
            % {
                "start": f"{locked.starts_on:%d.%m.%Y}",
                "end": f"{locked.ends_on:%d.%m.%Y}",
                "count": len(discipline_ids),
                "link": _link(locked),
            },
        ),
    )
    return True


@transaction.atomic
def application_end(*, application: TransferApplication, today: dt.date) -> bool:
    """After the last day of the period: back to studying in person, access closed.
    ELIG-3 (S3): at the end of a medical period the Office Registrar gets a task: the
    student is back at offline study, or academic leave for health reasons is to be
    processed (flagged when the student asked for it). Idempotent."""
    locked = TransferApplication.objects.select_for_update().get(pk=application.pk)
    ends_on = locked.ends_on
    if locked.status != ApplicationStatus.IN_EFFECT or ends_on is None or ends_on >= today:
        return False
    back = set(locked.disciplines.values_list("pk", flat=True)) - _disciplines_elsewhere(locked)
    people.plan_items_delivery_set(
        actor=SYSTEM,
        student=locked.student,
        discipline_ids=back,
        delivery=Delivery.IN_PERSON,
        reason=_order_reason(locked) + " ended",
    )
    DistanceAccess.objects.filter(application=locked).update(revoked_on=locked.ends_on)
    locked.status = ApplicationStatus.ENDED
    locked.ended_on = locked.ends_on
    locked.save(update_fields=["status", "ended_on", "updated_at"])
    _event(locked, EventKind.ENDED)
    medical = locked.ground == MEDICAL_GROUND
    if medical:
        RegistrarTask.objects.get_or_create(
            application=locked,
            defaults={
                "institution_id": locked.institution_id,
                "student_id": locked.student_id,
                "due_on": locked.ends_on,
                "leave_requested": locked.leave_requested,
            },
        )
        _notify(
            selectors.step_people(student=locked.student, role="registrar", on=today),
            locked,
            lambda: (
                _("A medical period of distance learning has ended"),
                _(
                    "The medical period of %(name)s ended on %(end)s; the student is back at "
                    "offline study. %(leave)s See the task list: %(link)s"
                )
                % {
                    "name": _student_name(locked),
                    "end": f"{locked.ends_on:%d.%m.%Y}",
                    "leave": _("The student asks for academic leave for health reasons.")
                    if locked.leave_requested
                    else "",
                    "link": site_url(reverse("distance:tasks")),
                },
            ),
        )
    _notify(
        _student_side_users(locked),
        locked,
        lambda: (
            _("Your period of distance learning has ended"),
            _(
                "The period ended on %(end)s: from %(next)s the disciplines are studied in "
                "person again. %(link)s"
            )
            % {
                "end": f"{locked.ends_on:%d.%m.%Y}",
                "next": f"{ends_on + dt.timedelta(days=1):%d.%m.%Y}",
                "link": _link(locked),
            },
        ),
    )
    return True


@transaction.atomic
def application_remind(*, application: TransferApplication, today: dt.date) -> int:
    """Remind the student and the advisor N days before the period ends (N from the
    institution's route: 7 and 1 by default). Each threshold once: a missed one is
    passed over by the nearer one. Returns the number of reminders sent (0 or 1)."""
    locked = TransferApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.IN_EFFECT or locked.ends_on is None:
        return 0
    remaining = (locked.ends_on - today).days
    if remaining < 0:
        return 0
    days = selectors.reminder_days(institution_id=locked.institution_id)
    due = [n for n in days if remaining <= n]
    if not due:
        return 0
    done = set(Reminder.objects.filter(application=locked).values_list("days_before", flat=True))
    nearest = min(due)
    for threshold in due:
        if threshold not in done:
            Reminder.objects.create(
                application=locked,
                days_before=threshold,
                sent_on=today,
                sent=threshold == nearest,
            )
    if nearest in done:
        return 0
    recipients = _student_side_users(locked) + selectors.step_people(
        student=locked.student, role="advisor", on=today
    )
    _notify(
        recipients,
        locked,
        lambda: (
            ngettext(
                "Distance learning ends in %(count)s day",
                "Distance learning ends in %(count)s days",
                remaining,
            )
            % {"count": remaining},
            _("The period of distance learning of %(name)s ends on %(end)s. %(medical)s%(link)s")
            % {
                "name": _student_name(locked),
                "end": f"{locked.ends_on:%d.%m.%Y}",
                "medical": _(
                    "After a medical period the student returns to offline study or asks "
                    "for academic leave for health reasons. "
                )
                if locked.ground == MEDICAL_GROUND
                else "",
                "link": _link(locked),
            },
        ),
    )
    _event(
        locked,
        EventKind.REMINDER,
        note=ngettext("%(count)s day left", "%(count)s days left", remaining)
        % {"count": remaining},
    )
    return 1


@dataclass
class TickResult:
    started: list[int] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)
    reminded: list[int] = field(default_factory=list)


def distance_tick(*, today: dt.date) -> TickResult:
    """The daily processing (a Celery beat task and `qashyq distance tick`): start the
    approved periods that begin, end those that are over, send reminders. Idempotent:
    a second run on the same day changes nothing."""
    result = TickResult()
    for application in TransferApplication.objects.filter(
        status=ApplicationStatus.APPROVED, starts_on__lte=today
    ).order_by("pk"):
        if application_start(application=application, today=today):
            result.started.append(application.pk)
    for application in TransferApplication.objects.filter(
        status=ApplicationStatus.IN_EFFECT, ends_on__lt=today
    ).order_by("pk"):
        if application_end(application=application, today=today):
            result.ended.append(application.pk)
    for application in TransferApplication.objects.filter(
        status=ApplicationStatus.IN_EFFECT, ends_on__gte=today
    ).order_by("pk"):
        if application_remind(application=application, today=today):
            result.reminded.append(application.pk)
    return result


@transaction.atomic
def leave_request(*, actor: ActorScope, application: TransferApplication) -> None:
    """ELIG-3 (S3): the student asks for academic leave for health reasons when the
    medical period ends, instead of returning to offline study."""
    _require_student_side(actor, application)
    locked = TransferApplication.objects.select_for_update().get(pk=application.pk)
    if locked.ground != MEDICAL_GROUND or locked.status not in (
        ApplicationStatus.APPROVED,
        ApplicationStatus.IN_EFFECT,
    ):
        raise ApplicationStateInvalid(
            _("Academic leave can be asked for during a medical period of distance learning.")
        )
    if locked.leave_requested:
        return
    locked.leave_requested = True
    locked.save(update_fields=["leave_requested", "updated_at"])
    _event(locked, EventKind.LEAVE_REQUESTED, actor=actor)


# ---------------------------------------------------------------- the registrar's tasks


def _require_task_handler(actor: ActorScope, task: RegistrarTask) -> None:
    if not can_handle_tasks(actor, task.institution_id):
        raise ApplicationNotFound(_("Not found."))
    if task.status != TaskStatus.OPEN:
        raise ApplicationStateInvalid(_("This task is already done."))


@transaction.atomic
def task_leave_grant(
    *,
    actor: ActorScope,
    task: RegistrarTask,
    effective_on: dt.date,
    order_number: str = "",
) -> RegistrarTask:
    """Process academic leave for health reasons (ELIG-3, S3) through the student's
    status history (SIS-6), and close the task."""
    locked = RegistrarTask.objects.select_for_update().select_related("student").get(pk=task.pk)
    _require_task_handler(actor, locked)
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("academic leave for health reasons after a medical period of distance learning")
    people.student_status_change(
        actor=actor,
        student=locked.student,
        status=StudentStatus.ACADEMIC_LEAVE,
        effective_on=effective_on,
        reason=reason,
        order_number=order_number,
    )
    locked.status = TaskStatus.LEAVE_GRANTED
    locked.resolved_by_id, locked.resolved_at = actor.user_id, _now()
    locked.save()
    _event(
        locked.application,
        EventKind.LEAVE_PROCESSED,
        actor=actor,
        role="registrar",
        note=f"{effective_on:%d.%m.%Y} {order_number}".strip(),
    )
    return locked


@transaction.atomic
def task_close(*, actor: ActorScope, task: RegistrarTask) -> RegistrarTask:
    """The student is back at offline study: nothing else to process."""
    locked = RegistrarTask.objects.select_for_update().get(pk=task.pk)
    _require_task_handler(actor, locked)
    locked.status = TaskStatus.CLOSED
    locked.resolved_by_id, locked.resolved_at = actor.user_id, _now()
    locked.save()
    return locked


# ---------------------------------------------------------------- settings


@transaction.atomic
def route_set(
    *,
    actor: ActorScope,
    institution: Institution,
    roles: Sequence[str],
    reminder_days: Sequence[int],
) -> RouteTemplate:
    """Set the institution's route (administrators): ordered roles ending at the rector's
    office, which signs the order; and the reminder days before a period ends.
    Applications already on their way keep the route they were sent on."""
    if not can_manage_route(actor, institution.pk):
        if any(g.institution_id == institution.pk for g in actor.grants):
            raise DistanceChangeForbidden(_("Only an administrator sets the route."))
        raise ApplicationNotFound(_("Not found."))
    steps = [r for r in roles if r]
    if not steps:
        raise RouteInvalid(_("A route has at least one step."), field="roles")
    if unknown := [r for r in steps if r not in ROUTE_ROLES]:
        raise RouteInvalid(
            _("These roles cannot hold a step: %(roles)s.") % {"roles": ", ".join(unknown)},
            field="roles",
        )
    if len(set(steps)) != len(steps):
        raise RouteInvalid(_("Each role appears once in the route."), field="roles")
    if steps[-1] != "rector_office":
        raise RouteInvalid(
            _("The route ends at the rector's office, which signs the order."), field="roles"
        )
    days = sorted({int(d) for d in reminder_days}, reverse=True)
    if any(d < 1 or d > 60 for d in days) or len(days) > 5:
        raise RouteInvalid(
            _("Reminders go 1 to 60 days before the end, at most five of them."),
            field="reminder_days",
        )
    template, _created = RouteTemplate.objects.get_or_create(institution=institution)
    template.reminder_days = days
    template.updated_by_id = actor.user_id
    template.save()
    template.steps.all().delete()
    RouteStep.objects.bulk_create(
        RouteStep(route=template, order=index, role=role) for index, role in enumerate(steps, 1)
    )
    return template


@transaction.atomic
def representative_register(
    *, actor: ActorScope, student: Student, user: User, relation: str, document: str
) -> StudentRepresentative:
    """Register a parent or legal representative who may file for this student only
    (ELIG-6): the Office Registrar, against the document that confirms it."""
    if not can_handle_tasks(actor, student.institution_id):
        raise ApplicationNotFound(_("Not found."))
    if relation not in (FiledAs.PARENT, FiledAs.REPRESENTATIVE):
        raise ApplicationInvalid(_("Choose the relation to the student."), field="relation")
    if not document.strip():
        raise ApplicationInvalid(
            _("Give the document that confirms the relation."), field="document"
        )
    if user.pk == student.user_id:
        raise ApplicationInvalid(_("A student does not represent themself."), field="user")
    representative, _created = StudentRepresentative.objects.update_or_create(
        student=student,
        user=user,
        defaults={"relation": relation, "document": document.strip(), "added_by_id": actor.user_id},
    )
    return representative
