"""Writes of the at-risk monitoring (FP-2, FP-4): the daily run that raises signals and
notifies advisors, tutors and the student (in the app and by e-mail), reading
notifications, and an institution's thresholds.

Like the courses' readiness reminders (ONL-5), a signal is recorded once per student,
reason and notification period (a unique RiskAlert row), so a run that repeats notifies
nothing twice; e-mail leaves after the rows are committed, one digest per person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qashyq.accounts.models import User
from qashyq.core.errors import PermissionDenied
from qashyq.core.http import site_url
from qashyq.core.scope import ActorScope
from qashyq.people.models import Student
from qashyq.reports import selectors_students as sel
from qashyq.reports.models.risk import RiskAlert, RiskNotification, RiskPolicy


@dataclass
class RiskRun:
    """What one run did: signals raised (student, reason) and notifications created."""

    alerts: list[tuple[int, str]] = field(default_factory=list)
    notifications: int = 0
    recipients: list[int] = field(default_factory=list)


def _alert_create(alert: RiskAlert) -> bool:
    """Record one signal; False when another run recorded it first."""
    try:
        with transaction.atomic():
            alert.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def _chunk_alerts(
    *, students: Sequence[Student], now: dt.datetime, policies: dict[int, sel.PolicyData]
) -> list[RiskAlert]:
    """The signals of the students not yet recorded in their notification period."""
    today = timezone.localdate(now)
    risks = [
        r for r in sel.risk_signals_many(students=students, now=now, policies=policies) if r.signals
    ]
    if not risks:
        return []
    starts = {
        r.student.pk: sel.notification_period_start(
            today=today, every_days=policies[r.student.institution_id].notify_every_days
        )
        for r in risks
    }
    existing = set(
        RiskAlert.objects.filter(
            student_id__in=sorted(starts), period_start__in=sorted(set(starts.values()))
        ).values_list("student_id", "reason", "period_start")
    )
    return [
        RiskAlert(
            student=r.student,
            reason=signal.reason,
            period_start=starts[r.student.pk],
            detected_on=today,
            detail=signal.detail,
        )
        for r in risks
        for signal in r.signals
        if (r.student.pk, signal.reason.value, starts[r.student.pk]) not in existing
    ]


def risk_alerts_run(*, now: dt.datetime | None = None) -> RiskRun:
    """FP-2: raise the at-risk signals of every enrolled student and notify them.

    For each new (student, reason) of the notification period: one RiskAlert, and one
    RiskNotification for each advisor and tutor of the student's group, tutor of the
    department as a whole, tutor of their current courses, and the student themself when
    the institution's policy says so. Each recipient then gets one e-mail digest (after
    commit). Idempotent: a second run in the same period creates and sends nothing.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    run = RiskRun()
    institution_ids = sel.institutions_with_students()
    policies = sel.risk_policies(institution_ids=institution_ids)
    told: set[int] = set()
    for institution_id in institution_ids:
        policy = policies[institution_id]
        for students in sel.enrolled_student_chunks(institution_id=institution_id):
            candidates = _chunk_alerts(students=students, now=now, policies=policies)
            if not candidates:
                continue
            by_pk = {s.pk: s for s in students}
            recipients = sel.risk_recipients(
                students=[by_pk[pk] for pk in sorted({a.student_id for a in candidates})],
                today=today,
            )
            with transaction.atomic():
                notes: list[RiskNotification] = []
                for alert in candidates:
                    if not _alert_create(alert):
                        continue
                    run.alerts.append((alert.student_id, alert.reason))
                    users = list(recipients.get(alert.student_id, []))
                    student = by_pk[alert.student_id]
                    if policy.notify_students and student.user.is_active:
                        users.append(student.user_id)
                    notes.extend(RiskNotification(alert=alert, recipient_id=u) for u in users)
                RiskNotification.objects.bulk_create(notes, ignore_conflicts=True)
            run.notifications += len(notes)
            told.update(n.recipient_id for n in notes)
    run.recipients = sorted(told)
    for user_id in run.recipients:
        transaction.on_commit(lambda pk=user_id: _digest_schedule(pk))  # type: ignore[misc]
    return run


def _digest_schedule(recipient_id: int) -> None:
    from qashyq.reports.tasks_risk import risk_digest_email_task  # noqa: PLC0415 (task ↔ service)

    risk_digest_email_task.delay(recipient_id)


def _student_label(student: Student) -> str:
    group = f", {student.group.code}" if student.group_id and student.group else ""
    return f"{student.user.get_full_name()} ({student.student_number}{group})"


def _digest_message(user: User, notes: Sequence[RiskNotification]) -> tuple[str, str]:
    """The subject and text of a person's digest, in their language."""
    own = [n for n in notes if n.alert.student.user_id == user.pk]
    others = [n for n in notes if n.alert.student.user_id != user.pk]
    lines: list[str] = []
    if others:
        by_student: dict[int, list[RiskNotification]] = defaultdict(list)
        for n in others:
            by_student[n.alert.student_id].append(n)
        subject = ngettext(
            "Qashyq: %(count)d student needs attention",
            "Qashyq: %(count)d students need attention",
            len(by_student),
        ) % {"count": len(by_student)}
        lines.append(_("New at-risk signals of the students you look after:"))
        for items in by_student.values():
            lines.append("")
            lines.append(_student_label(items[0].alert.student))
            lines.extend(
                f"- {sel.risk_reason_text(reason=n.alert.reason, detail=n.alert.detail)}"
                for n in items
            )
        lines.append("")
        lines.append(site_url(reverse("reports:students_at_risk")))
    if own:
        if not others:
            subject = _("Qashyq: your studies need attention")
        if lines:
            lines.append("")
        lines.append(_("Signals about your own studies:"))
        lines.extend(
            f"- {sel.risk_reason_text(reason=n.alert.reason, detail=n.alert.detail)}" for n in own
        )
        lines.append(_("Your advisor or tutor can help; your footprint is here:"))
        lines.append(site_url(reverse("reports:students_me")))
    return subject[:200], "\n".join(lines)


def risk_digest_email(*, recipient_id: int) -> int:
    """E-mail a person the notifications not e-mailed yet, in one message in their
    language; returns how many it carried (0: nothing to send, or no address). Once: the
    notifications sent are marked, a second call sends nothing."""
    with transaction.atomic():
        notes = list(
            RiskNotification.objects.select_for_update(of=("self",))
            .filter(recipient_id=recipient_id, emailed_at__isnull=True)
            .select_related("alert__student__user", "alert__student__group", "recipient")
            .order_by("created_at", "pk")
        )
        if not notes:
            return 0
        user = notes[0].recipient
        if not user.email or not user.is_active:
            return 0
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject, body = _digest_message(user, notes)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        RiskNotification.objects.filter(pk__in=[n.pk for n in notes]).update(
            emailed_at=timezone.now()
        )
        return len(notes)


def risk_notifications_read(*, user_id: int) -> int:
    """Mark every unread notification of a person read (the in-app list)."""
    return RiskNotification.objects.filter(recipient_id=user_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def risk_policy_save(
    *, actor: ActorScope, institution_id: int, values: sel.PolicyData
) -> RiskPolicy:
    """Set an institution's at-risk thresholds (FP-2; policy is data)."""
    if not sel.can_edit_policy(actor=actor, institution_id=institution_id):
        raise PermissionDenied(_("Only administrators may change the at-risk thresholds."))
    policy, _created = RiskPolicy.objects.update_or_create(
        institution_id=institution_id,
        defaults={
            "no_signin_days": values.no_signin_days,
            "attendance_window_days": values.attendance_window_days,
            "attendance_min_marked": values.attendance_min_marked,
            "attendance_drop_points": values.attendance_drop_points,
            "attendance_floor_percent": values.attendance_floor_percent,
            "overdue_min": values.overdue_min,
            "notify_every_days": values.notify_every_days,
            "notify_students": values.notify_students,
        },
    )
    return policy
