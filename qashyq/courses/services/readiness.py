"""Writes of content readiness: the e-learning methodological complex submitted by the
teachers and decided by the department head (LMS-2), the readiness act of a program's
period (ONL-5), and reminders to the teachers before the deadline (ONL-5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qashyq.accounts.models import User
from qashyq.core.cache import invalidates
from qashyq.core.errors import DomainError, PermissionDenied, ValidationFailed
from qashyq.core.http import site_url
from qashyq.core.scope import ActorScope
from qashyq.courses import readiness_pdf
from qashyq.courses.models import (
    ComplexApproval,
    ComplexStatus,
    Course,
    CourseRole,
    ReadinessAct,
    ReadinessReminder,
)
from qashyq.courses.selectors import readiness as sel
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.services import footprint_record
from qashyq.institutions.models import AcademicPeriod, Program
from qashyq.people.models import RoleAssignment

__all__ = [
    "REMINDER_STEPS",
    "WAITING_OR_DONE",
    "ComplexChangeForbidden",
    "ComplexIncomplete",
    "ComplexStateInvalid",
    "ReadinessNotReady",
    "ReminderRun",
    "complex_approve",
    "complex_return",
    "complex_submit",
    "readiness_act_issue",
    "readiness_reminders_send",
]


# A complex waiting for the department head, or approved: not submitted again.
WAITING_OR_DONE = (ComplexStatus.SUBMITTED, ComplexStatus.APPROVED)


class ComplexChangeForbidden(PermissionDenied):
    """The actor sees the complex but may not submit or decide it."""

    code = "complex_change_forbidden"


class ComplexIncomplete(DomainError):
    """Mandatory parts of the complex are missing (LMS-2); `extra["missing"]` lists them."""

    code = "complex_incomplete"
    status = 409


class ComplexStateInvalid(DomainError):
    """The complex is not in a state that allows this step (e.g. approving an unsubmitted one)."""

    code = "complex_state_invalid"
    status = 409


class ReadinessNotReady(DomainError):
    """A readiness act needs every course of the program's period approved (ONL-5)."""

    code = "readiness_not_ready"
    status = 409


def _now() -> dt.datetime:
    return timezone.now()


def _locked(course: Course) -> tuple[Course, ComplexApproval | None]:
    """The course row locked (one decision at a time) with its approval, if any."""
    locked = (
        Course.objects.select_for_update()
        .select_related("discipline__department", "period__academic_year")
        .get(pk=course.pk)
    )
    return locked, ComplexApproval.objects.filter(course=locked).first()


def _record(actor: ActorScope, verb: Verb, course: Course, **result: object) -> None:
    footprint_record(
        action=Action(
            actor_id=actor.user_id,
            verb=verb,
            object_type=ActivityType.COMPLEX,
            object_id=str(course.pk),
            object_name=course.code,
            course_id=course.pk,
            result=dict(result),
        )
    )


def _require_complete(course: Course) -> sel.CourseReadiness:
    readiness = sel.course_readiness(course=course)
    if not readiness.checklist.complete:
        missing = readiness.checklist.missing
        raise ComplexIncomplete(
            _("The complex is missing: %(parts)s.")
            % {"parts": "; ".join(i.label for i in missing)},
            missing=[str(i.part) for i in missing],
            percent=readiness.checklist.percent,
        )
    return readiness


@transaction.atomic
def complex_submit(*, actor: ActorScope, course: Course) -> ComplexApproval:
    """LMS-2: the teachers submit a complete complex to the department head.

    Only a complex whose every mandatory part is present goes (ComplexIncomplete lists
    what is missing); a submitted or approved one cannot be submitted again.
    """
    course, approval = _locked(course)
    roles = sel.readiness_staff_roles(actor=actor, course=course)
    if not sel.can_submit_complex(actor, course=course, staff_roles=roles):
        raise ComplexChangeForbidden(_("Only the course's teachers submit its complex."))
    if approval is not None and approval.status in WAITING_OR_DONE:
        raise ComplexStateInvalid(
            _("The complex is already %(status)s.")
            % {"status": ComplexStatus(approval.status).label}
        )
    _require_complete(course)
    approval = approval or ComplexApproval(course=course)
    approval.status = ComplexStatus.SUBMITTED
    approval.submitted_by_id = actor.user_id
    approval.decided_by = None
    approval.decided_at = None
    approval.comment = ""
    approval.save()
    _record(actor, Verb.SUBMITTED, course, status=approval.status)
    return approval


def _require_decider(actor: ActorScope, course: Course) -> None:
    if not sel.can_approve_complex(actor, course=course):
        raise ComplexChangeForbidden(
            _("Only the head of the department that owns the discipline decides on its complex.")
        )


@invalidates("regulations")  # ONL-5 verdicts read approvals and acts
@transaction.atomic
def complex_approve(*, actor: ActorScope, course: Course, comment: str = "") -> ComplexApproval:
    """LMS-2 (S2 §4.3): the department head approves a submitted, still complete complex."""
    course, approval = _locked(course)
    _require_decider(actor, course)
    if approval is None or approval.status != ComplexStatus.SUBMITTED:
        raise ComplexStateInvalid(_("Only a submitted complex can be approved."))
    _require_complete(course)
    approval.status = ComplexStatus.APPROVED
    approval.decided_by_id = actor.user_id
    approval.decided_at = _now()
    approval.comment = comment.strip()
    approval.save()
    _record(actor, Verb.APPROVED, course, status=approval.status)
    return approval


@invalidates("regulations")  # ONL-5 verdicts read approvals and acts
@transaction.atomic
def complex_return(*, actor: ActorScope, course: Course, comment: str) -> ComplexApproval:
    """LMS-2: the department head returns a submitted (or approved) complex with a comment
    saying what to change."""
    course, approval = _locked(course)
    _require_decider(actor, course)
    if approval is None or approval.status not in (ComplexStatus.SUBMITTED, ComplexStatus.APPROVED):
        raise ComplexStateInvalid(_("Only a submitted or approved complex can be returned."))
    if not comment.strip():
        raise ValidationFailed(_("Say what has to change."), field="comment")
    approval.status = ComplexStatus.RETURNED
    approval.decided_by_id = actor.user_id
    approval.decided_at = _now()
    approval.comment = comment.strip()
    approval.save()
    _record(actor, Verb.COMMENTED, course, status=approval.status, comment=approval.comment)
    return approval


# ---------------------------------------------------------------- the readiness act (ONL-5)


def _act_number(program: Program, period: AcademicPeriod) -> str:
    """RA-2025-SE1-6B06101: year, period kind and number, program code."""
    kind = f"{period.kind[:2].upper()}{period.number}"
    return f"RA-{period.academic_year.start_year}-{kind}-{program.code}"[:40]


@invalidates("regulations")  # ONL-5 verdicts read approvals and acts
@transaction.atomic
def readiness_act_issue(
    *, actor: ActorScope, program: Program, period: AcademicPeriod, on: dt.date
) -> ReadinessAct:
    """ONL-5: the act that a program's content for the period is ready: every course of the
    period approved and complete, every discipline of the working curriculum with a course.
    Issuing again replaces the act's PDF and summary (one act per program and period)."""
    if not sel.can_issue_readiness_act(actor, program=program):
        raise ComplexChangeForbidden(_("You may not issue the readiness act of this program."))
    readiness = sel.readiness_of_program(program=program, period=period)
    if not readiness.ready:
        raise ReadinessNotReady(
            _(
                "Not every course is ready: %(ready)s of %(total)s approved; "
                "curriculum disciplines without a course: %(missing)s."
            )
            % {
                "ready": readiness.total.ready,
                "total": readiness.total.courses,
                "missing": len(readiness.missing),
            },
            ready=readiness.total.ready,
            total=readiness.total.courses,
            missing=len(readiness.missing),
        )
    deadline = readiness.deadline
    summary: dict[str, object] = {
        "period_starts_on": deadline.starts_on.isoformat(),
        "deadline": deadline.deadline.isoformat(),
        "working_days": deadline.working_days,
        "calendar": deadline.calendar_version,
        "issued_on": on.isoformat(),
        "on_time": on <= deadline.deadline,
        "courses": [
            {
                "id": r.course.pk,
                "code": r.course.code,
                "discipline": r.course.discipline.code,
                "language": r.course.language,
                "percent": r.checklist.percent,
                "teachers": list(r.teachers),
                "approved_at": r.approval.decided_at.isoformat()
                if r.approval and r.approval.decided_at
                else None,
            }
            for r in readiness.rows
        ],
    }
    act, _created = ReadinessAct.objects.select_for_update().get_or_create(
        program=program,
        period=period,
        defaults={"number": _act_number(program, period), "issued_on": on},
    )
    act.issued_on = on
    act.created_by_id = actor.user_id
    act.summary = summary
    document = readiness_pdf.readiness_act_document(
        readiness=readiness,
        number=act.number,
        issued_on=on,
        verify_url=site_url(reverse("courses:readiness_act_pdf", args=[act.pk])),
    )
    act.pdf.save(
        f"readiness-{program.code}-{period.pk}.pdf",
        ContentFile(readiness_pdf.readiness_act_pdf(document)),
        save=False,
    )
    act.save()
    return act


# ---------------------------------------------------------------- reminders (ONL-5)

# Working days before the deadline on which the teachers are reminded, and -1: the first
# day after a missed deadline. Each step goes once per course (ReadinessReminder).
REMINDER_STEPS = (10, 5, 2, 0)
OVERDUE = -1
REMINDER_HORIZON_DAYS = 60  # periods starting later than this are not looked at yet


@dataclass(frozen=True)
class ReminderRun:
    """What one daily run did: courses reminded (their step), steps passed over, e-mails."""

    reminded: list[tuple[int, int]] = field(default_factory=list)
    passed_over: int = 0
    emails: int = 0


def _due_step(
    deadline: sel.ReadinessDeadline, today: dt.date, calendar: sel.WorkCalendar
) -> int | None:
    """The reminder step due today: the nearest step whose day has come."""
    if today > deadline.deadline:
        return OVERDUE
    due = None
    for step in REMINDER_STEPS:  # descending
        if today >= sel.working_days_before(deadline.deadline, step, calendar=calendar):
            due = step
    return due


def _department_heads(department_id: int, today: dt.date) -> list[User]:
    in_force = (Q(starts_on__isnull=True) | Q(starts_on__lte=today)) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            in_force, role="department_head", department_id=department_id
        )
        .select_related("user")
        .order_by("pk")
    ]


def _reminder_message(
    user: User, row: sel.CourseReadiness, deadline: sel.ReadinessDeadline, step: int
) -> EmailMessage:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        names = {
            "course": row.course.code,
            "discipline": row.course.discipline.name,
            "deadline": deadline.deadline.strftime("%d.%m.%Y"),
            "start": deadline.starts_on.strftime("%d.%m.%Y"),
        }
        if step == OVERDUE:
            subject = _("Course %(course)s: the content deadline %(deadline)s has passed") % names
        else:
            subject = _("Course %(course)s: content is due by %(deadline)s") % names
        lines = [
            _(
                "The content of %(discipline)s (%(course)s) must be on the portal by "
                "%(deadline)s, five working days before the period starts on %(start)s."
            )
            % names,
            _("State: %(state)s, %(percent)s %% complete.")
            % {"state": row.state_label, "percent": row.checklist.percent},
        ]
        if row.checklist.missing:
            lines.append(_("Missing:"))
            lines.extend(f"- {item.label}" for item in row.checklist.missing)
        if row.approval and row.approval.status == ComplexStatus.RETURNED and row.approval.comment:
            lines.append(
                _("The department head's comment: %(comment)s") % {"comment": row.approval.comment}
            )
        lines.append(site_url(reverse("courses:readiness_course", args=[row.course.pk])))
        return EmailMessage(
            subject=subject[:200],
            body="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )


def _recipients(
    row: sel.CourseReadiness,
    teachers: Sequence[User],
    heads: Callable[[int], list[User]],
) -> list[User]:
    """Teachers for a complex they have to finish or submit; the department head for one
    that waits for a decision (or when the course has no teacher)."""
    if row.state == sel.ReadinessState.SUBMITTED or not teachers:
        return heads(row.course.discipline.department_id)
    return list(teachers)


def _record_step(course: Course, step: int, today: dt.date, recipients: int) -> int | None:
    """Record that `step` went to the course (and the larger steps it passed over); None when
    another run recorded it first. Returns the number of steps passed over."""
    try:
        with transaction.atomic():
            ReadinessReminder.objects.create(
                course=course, step=step, sent_on=today, recipients=recipients
            )
            done = set(
                ReadinessReminder.objects.filter(course=course).values_list("step", flat=True)
            )
            skipped = [
                ReadinessReminder(course=course, step=s, sent_on=today, sent=False)
                for s in REMINDER_STEPS
                if (s > step or step == OVERDUE) and s not in done
            ]
            ReadinessReminder.objects.bulk_create(skipped)
    except IntegrityError:
        return None
    return len(skipped)


def readiness_reminders_send(*, today: dt.date) -> ReminderRun:
    """ONL-5: remind the teachers of courses not ready as the deadline comes near.

    Idempotent: each step goes once per course (a unique ReadinessReminder row); a run
    that missed days sends only the nearest due step and records the skipped ones as
    passed over. Mail leaves after the rows are committed.
    """
    reminded: list[tuple[int, int]] = []
    passed_over = emails = 0
    heads_cache: dict[int, list[User]] = {}

    def heads(department_id: int) -> list[User]:
        if department_id not in heads_cache:
            heads_cache[department_id] = _department_heads(department_id, today)
        return heads_cache[department_id]

    periods = AcademicPeriod.objects.filter(
        ends_on__gte=today, starts_on__lte=today + dt.timedelta(days=REMINDER_HORIZON_DAYS)
    ).select_related("academic_year__institution")
    for period in periods:
        deadline = sel.readiness_deadline(period=period)
        calendar = sel.kz_calendar(
            years=(period.starts_on.year - 1, period.starts_on.year),
            week_regime=period.academic_year.institution.week_regime,
        )
        step = _due_step(deadline, today, calendar)
        if step is None:
            continue
        courses = list(
            Course.objects.filter(period=period)
            .exclude(readiness_reminders__step=step)
            .select_related("discipline__department", "period__academic_year")
            .order_by("pk")
        )
        rows = [r for r in sel.course_readiness_many(courses=courses) if not r.ready]
        teachers: dict[int, list[User]] = {}
        for link in sel.readiness_staff_links(course_ids=[r.course.pk for r in rows]):
            if link.role == CourseRole.TEACHER:
                teachers.setdefault(link.course_id, []).append(link.staff.user)
        for row in rows:
            messages = [
                _reminder_message(user, row, deadline, step)
                for user in _recipients(row, teachers.get(row.course.pk, []), heads)
                if user.email and user.is_active
            ]
            skipped = _record_step(row.course, step, today, len(messages))
            if skipped is None:  # another run recorded this step first: nothing to send
                continue
            if messages:
                transaction.on_commit(lambda m=messages: _send(m))  # type: ignore[misc]
            reminded.append((row.course.pk, step))
            passed_over += skipped
            emails += len(messages)
    return ReminderRun(reminded=reminded, passed_over=passed_over, emails=emails)


def _send(messages: list[EmailMessage]) -> None:
    get_connection().send_messages(messages)
