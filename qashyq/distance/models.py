"""Transfers to distance learning: applications with evidence (ELIG-6, ELIG-3), their
route of approvals, rector's orders (бұйрық) and the tracked period (SIS-5).

The ground and evidence kinds are the values of `regulations.models.Ground` and
`EvidenceKind`, stored as plain strings: the rule catalogue owns their labels, so a
relabelled ground never needs a migration here (ADR 0017).
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.db import models
from django.utils.translation import gettext_lazy as _

from qashyq.core.models import TimeStampedModel

# SEC-2 roles that may hold a step of the route, in their usual order.
ROUTE_ROLES = (
    "advisor",
    "department_head",
    "dean",
    "registrar",
    "distance_unit",
    "rector_office",
)
DEFAULT_ROUTE = ("advisor", "dean", "registrar", "rector_office")
DEFAULT_REMINDER_DAYS = (7, 1)


class FiledAs(models.TextChoices):
    """Who files the application (ELIG-6: the student, a parent or a legal representative)."""

    SELF = "self", _("the student")
    PARENT = "parent", _("a parent")
    REPRESENTATIVE = "representative", _("a legal representative")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    IN_REVIEW = "in_review", _("in review")
    RETURNED = "returned", _("returned for changes")
    REJECTED = "rejected", _("rejected")
    APPROVED = "approved", _("approved")
    IN_EFFECT = "in_effect", _("studying at a distance")
    ENDED = "ended", _("ended")
    CANCELLED = "cancelled", _("withdrawn")


# Statuses in which the student may still edit the application and its evidence.
EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)
# Statuses in which an approver has a step to decide.
PENDING = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)


class Decision(models.TextChoices):
    APPROVE = "approve", _("approve")
    REJECT = "reject", _("reject")
    RETURN = "return", _("return for changes")


class RouteTemplate(TimeStampedModel):
    """The route an institution's applications follow (ELIG-6): ordered steps by role,
    and how many days before a period ends reminders go out."""

    institution = models.OneToOneField(
        "institutions.Institution", on_delete=models.CASCADE, related_name="distance_route"
    )
    reminder_days = models.JSONField(_("reminders, days before the end"), default=list, blank=True)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("route of transfer applications")
        verbose_name_plural = _("routes of transfer applications")

    def __str__(self) -> str:
        return str(self.institution)


class RouteStep(models.Model):
    route = models.ForeignKey(
        "distance.RouteTemplate", on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    role = models.CharField(_("role"), max_length=20)

    class Meta:
        verbose_name = _("route step")
        verbose_name_plural = _("route steps")
        ordering = ["route", "order"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["route", "order"], name="route_step_unique_order"),
            models.UniqueConstraint(fields=["route", "role"], name="route_step_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.role}"


class StudentRepresentative(TimeStampedModel):
    """A parent or legal representative with an account, allowed to file for this
    student only (ELIG-6). Registered by the Office Registrar against a document."""

    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="representatives"
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="represented_students"
    )
    relation = models.CharField(
        _("relation"),
        max_length=20,
        choices=[
            (FiledAs.PARENT.value, FiledAs.PARENT.label),
            (FiledAs.REPRESENTATIVE.value, FiledAs.REPRESENTATIVE.label),
        ],
    )
    document = models.CharField(_("document confirming the relation"), max_length=200)
    added_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("student's representative")
        verbose_name_plural = _("students' representatives")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["student", "user"], name="representative_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.student}"


class TransferApplication(TimeStampedModel):
    """A free-form application to the rector to study at a distance (ELIG-6)."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+"
    )
    student = models.ForeignKey(
        "people.Student", on_delete=models.PROTECT, related_name="transfer_applications"
    )
    filed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    filed_as = models.CharField(
        _("filed by"), max_length=20, choices=FiledAs.choices, default=FiledAs.SELF
    )
    representative_name = models.CharField(
        _("representative's full name"), max_length=200, blank=True
    )
    representative_document = models.CharField(
        _("document confirming the representation"), max_length=200, blank=True
    )
    ground = models.CharField(_("ground"), max_length=40, blank=True)  # a regulations Ground
    text = models.TextField(_("application to the rector"), blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    disciplines = models.ManyToManyField(
        "institutions.Discipline", related_name="+", blank=True, verbose_name=_("disciplines")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    # The engine's verdicts (with citations) of the last check, as shown to the student.
    verdicts = models.JSONField(_("verdicts"), default=list, blank=True)
    verdicts_language = models.CharField(max_length=5, blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    eligible = models.BooleanField(_("eligible"), null=True, blank=True)
    # The route copied from the institution's template at submission.
    route = models.JSONField(_("route"), default=list, blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=0)
    current_step = models.PositiveSmallIntegerField(_("current step"), null=True, blank=True)
    current_role = models.CharField(_("waiting for"), max_length=20, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    order = models.ForeignKey(
        "distance.RectorOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    started_on = models.DateField(_("distance learning started on"), null=True, blank=True)
    ended_on = models.DateField(_("distance learning ended on"), null=True, blank=True)
    # ELIG-3 (S3): the student asks for academic leave when the medical period ends.
    leave_requested = models.BooleanField(_("academic leave requested"), default=False)

    class Meta:
        verbose_name = _("transfer application")
        verbose_name_plural = _("transfer applications")
        ordering = ["-created_at", "-id"]  # noqa: RUF012
        indexes = [  # noqa: RUF012
            models.Index(
                fields=["institution", "status", "current_role"], name="distance_app_inbox"
            ),
            models.Index(fields=["status", "starts_on"], name="distance_app_start"),
            models.Index(fields=["status", "ends_on"], name="distance_app_end"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.student}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def period_days(self) -> int | None:
        if self.starts_on is None or self.ends_on is None:
            return None
        return (self.ends_on - self.starts_on).days + 1


def evidence_path(instance: Evidence, filename: str) -> str:
    """An unguessable name under distance/evidence/; the original name is kept in a column."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"distance/evidence/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A document attached to an application: a medical commission conclusion (ДКК,
    form ҚР ДСМ-175/2020), an invitation, … (ELIG-3, ELIG-6: reasons and evidence are kept)."""

    application = models.ForeignKey(
        "distance.TransferApplication", on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=40)  # a regulations EvidenceKind
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size, bytes"))
    number = models.CharField(_("document number"), max_length=60, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["application", "uploaded_at", "id"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.original_name


class ApprovalStep(models.Model):
    """One step of the route in one round: who decided what, when (ELIG-6)."""

    application = models.ForeignKey(
        "distance.TransferApplication", on_delete=models.CASCADE, related_name="steps"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    order = models.PositiveSmallIntegerField(_("order"))
    role = models.CharField(_("role"), max_length=20)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["application", "round", "order"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["application", "round", "order"], name="approval_step_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} · {self.round}.{self.order} {self.role}"


class EventKind(models.TextChoices):
    CREATED = "created", _("draft created")
    CHECKED = "checked", _("eligibility checked")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved at a step")
    RETURNED = "returned", _("returned for changes")
    REJECTED = "rejected", _("rejected")
    ORDER_ISSUED = "order_issued", _("rector's order issued")
    STARTED = "started", _("distance learning started")
    ENDED = "ended", _("distance learning ended")
    REMINDER = "reminder", _("reminder sent")
    LEAVE_REQUESTED = "leave_requested", _("academic leave requested")
    LEAVE_PROCESSED = "leave_processed", _("academic leave processed")
    CANCELLED = "cancelled", _("withdrawn")


class ApplicationEvent(models.Model):
    """The history of an application, append-only: every step with who and when."""

    application = models.ForeignKey(
        "distance.TransferApplication", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["application", "at", "id"]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"


class Notification(models.Model):
    """A message to a person about an application: shown in the app, sent by e-mail."""

    recipient = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="distance_notifications"
    )
    application = models.ForeignKey(
        "distance.TransferApplication",
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.subject


class OrderKind(models.TextChoices):
    TRANSFER = "transfer", _("transfer to distance learning")


class OrderCounter(models.Model):
    """The last order number of an institution in a year; locked while a number is
    taken, inside the transaction that writes the order (no gaps, no duplicates)."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["institution", "year"], name="order_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.year}: {self.last}"


def order_pdf_path(instance: RectorOrder, filename: str) -> str:
    return f"distance/orders/{instance.year}/{uuid.uuid4().hex}-{filename}"


class RectorOrder(TimeStampedModel):
    """A rector's order (бұйрық) moving students to distance learning (ELIG-6), registered
    in the journal under a number sequential per institution and year, e.g. "12-ҚО"."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    number = models.CharField(_("number"), max_length=30)
    issued_on = models.DateField(_("date"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrderKind.choices, default=OrderKind.TRANSFER
    )
    signed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    pdf_kk = models.FileField(_("PDF in Kazakh"), upload_to=order_pdf_path, max_length=200)
    pdf_ru = models.FileField(_("PDF in Russian"), upload_to=order_pdf_path, max_length=200)
    content_hash = models.CharField(_("SHA-256 of the content"), max_length=64)
    pdf_kk_sha256 = models.CharField(_("SHA-256 of the Kazakh PDF"), max_length=64)
    pdf_ru_sha256 = models.CharField(_("SHA-256 of the Russian PDF"), max_length=64)
    token = models.UUIDField(_("verification token"), default=uuid.uuid4, unique=True)

    class Meta:
        verbose_name = _("rector's order")
        verbose_name_plural = _("rector's orders")
        ordering = ["-year", "-sequence"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["institution", "year", "sequence"], name="order_unique_sequence"
            ),
            models.UniqueConstraint(
                fields=["institution", "year", "number"], name="order_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} {self.issued_on:%d.%m.%Y}"


class RectorOrderEntry(models.Model):
    """One student of an order: the ground, the disciplines and the period."""

    order = models.ForeignKey(
        "distance.RectorOrder", on_delete=models.CASCADE, related_name="entries"
    )
    application = models.OneToOneField(
        "distance.TransferApplication", on_delete=models.PROTECT, related_name="order_entry"
    )
    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="+")
    ground = models.CharField(_("ground"), max_length=40)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    disciplines = models.ManyToManyField("institutions.Discipline", related_name="+")
    citations = models.JSONField(_("citations"), default=list, blank=True)

    class Meta:
        verbose_name = _("order entry")
        verbose_name_plural = _("order entries")
        ordering = ["order", "id"]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.order} · {self.student_id}"


class DistanceAccess(models.Model):
    """SIS-5: while a student studies at a distance they get the digital system, the
    e-schedule, the e-journal and the e-resources; granted on the first day of the
    period, revoked after the last."""

    application = models.OneToOneField(
        "distance.TransferApplication", on_delete=models.CASCADE, related_name="access"
    )
    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="distance_access"
    )
    resources = models.JSONField(_("resources"), default=list)
    granted_on = models.DateField(_("granted on"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("distance-learning access")
        verbose_name_plural = _("distance-learning access")

    def __str__(self) -> str:
        return f"{self.student_id} {self.granted_on}–{self.revoked_on or ''}"


class Reminder(models.Model):
    """A reminder that the period ends in `days_before` days: once per application and
    threshold, so running the daily processing twice sends nothing twice."""

    application = models.ForeignKey(
        "distance.TransferApplication", on_delete=models.CASCADE, related_name="reminders"
    )
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField()
    sent = models.BooleanField(default=True)  # False: passed over by a nearer one

    class Meta:
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["application", "days_before"], name="reminder_unique")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} −{self.days_before}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("open")
    LEAVE_GRANTED = "leave_granted", _("academic leave processed")
    CLOSED = "closed", _("closed: back to offline study")


class RegistrarTask(models.Model):
    """ELIG-3 (S3): a medical period has ended; the student is back at offline study,
    or the Office Registrar processes academic leave for health reasons."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+"
    )
    application = models.OneToOneField(
        "distance.TransferApplication", on_delete=models.CASCADE, related_name="registrar_task"
    )
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("period ended on"))
    leave_requested = models.BooleanField(_("academic leave requested"), default=False)
    status = models.CharField(
        _("status"), max_length=14, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    resolved_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registrar's task")
        verbose_name_plural = _("registrar's tasks")
        ordering = ["status", "due_on", "id"]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.student_id} {self.due_on}"
