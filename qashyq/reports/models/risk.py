"""At-risk signals of students (FP-2, FP-4): the institution's thresholds, the signals
raised (once per student, reason and notification period) and the notifications they sent
to advisors, tutors and the student, shown in the app and e-mailed."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qashyq.core.models import TimeStampedModel


class RiskReason(models.TextChoices):
    NO_SIGNIN = "no_signin", _("no sign-in")
    ATTENDANCE_FALLING = "attendance_falling", _("falling attendance")
    ATTENDANCE_LOW = "attendance_low", _("low attendance")
    OVERDUE = "overdue", _("overdue tasks")


class RiskPolicy(TimeStampedModel):
    """An institution's thresholds of the at-risk signals (FP-2). Policy is data: an
    institution without a row uses the defaults below."""

    institution = models.OneToOneField(
        "institutions.Institution", on_delete=models.CASCADE, related_name="risk_policy"
    )
    no_signin_days = models.PositiveSmallIntegerField(
        _("days without a sign-in"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("A student who has not signed in for this many days is at risk."),
    )
    attendance_window_days = models.PositiveSmallIntegerField(
        _("attendance window, days"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("The last window of this many days is compared with the one before it."),
    )
    attendance_min_marked = models.PositiveSmallIntegerField(
        _("classes needed in a window"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Fewer marked classes in a window give no attendance signal."),
    )
    attendance_drop_points = models.PositiveSmallIntegerField(
        _("fall in attendance, percentage points"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    attendance_floor_percent = models.PositiveSmallIntegerField(
        _("lowest acceptable attendance, %"),
        default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    overdue_min = models.PositiveSmallIntegerField(
        _("overdue tasks that raise a signal"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    notify_every_days = models.PositiveSmallIntegerField(
        _("notify again after, days"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("A signal that persists is notified once per period of this many days."),
    )
    notify_students = models.BooleanField(_("notify the student too"), default=True)

    class Meta:
        verbose_name = _("at-risk policy")
        verbose_name_plural = _("at-risk policies")

    def __str__(self) -> str:
        return str(self.institution_id)


class RiskAlert(models.Model):
    """One signal raised for a student in one notification period (FP-2): the unique row
    makes a daily run that repeats notify nothing twice."""

    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="risk_alerts"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=RiskReason.choices)
    period_start = models.DateField(_("notification period starts"))
    detected_on = models.DateField(_("detected on"))
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("at-risk signal")
        verbose_name_plural = _("at-risk signals")
        ordering = ["-period_start", "student_id", "reason"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["student", "reason", "period_start"], name="risk_alert_unique_period"
            )
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["period_start", "student"], name="risk_alert_period_student")
        ]

    def __str__(self) -> str:
        return f"{self.student_id}:{self.reason}:{self.period_start}"


class RiskNotification(models.Model):
    """A signal told to one person: in the app (until read) and by e-mail (once)."""

    alert = models.ForeignKey(RiskAlert, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="risk_notifications"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("at-risk notification")
        verbose_name_plural = _("at-risk notifications")
        ordering = ["-created_at", "-id"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["alert", "recipient"], name="risk_notification_unique_recipient"
            )
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["recipient", "read_at"], name="risk_notif_recipient_read")
        ]

    def __str__(self) -> str:
        return f"{self.alert_id}→{self.recipient_id}"
