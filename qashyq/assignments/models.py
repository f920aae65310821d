"""Assignments and their submissions (LMS-1 control tasks, LMS-5 group work and feedback,
FP-2 timely completion of tasks, AI-2 written work kept for the originality check).

An `Assignment` belongs to a course and to one control of the gradebook (current, R1,
R2, exam). It has a deadline (`due_at`), an optional hard end (`cutoff_at`) and a late
policy (a penalty in percent for every day started after the deadline, capped). A student
(or a team, for group work) writes a `Submission`: a draft that is saved while they write
and that holds their files from the moment they are uploaded; submitting is an explicit
step. The teacher grades it (`Grade`, one row per grading: the history of regrades), by a
rubric or overall, or returns it for a resubmission (a new attempt).

Teams are per assignment (ADR in docs/assignments.md): group work changes from task to
task, and a team's grade belongs to that task only.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qashyq.core.models import TimeStampedModel
from qashyq.gradebook.models import Control

DEFAULT_EXTENSIONS = "pdf,docx,txt,odt,rtf,pptx,xlsx,png,jpg,jpeg,zip"


class SubmissionKind(models.TextChoices):
    TEXT = "text", _("text")
    FILES = "files", _("files")
    BOTH = "both", _("text and files")


class Assignment(TimeStampedModel):
    """A task of a course with a deadline and a late policy (LMS-1, FP-2)."""

    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="assignments"
    )
    title = models.CharField(_("title"), max_length=300)
    instructions = models.TextField(_("instructions"), blank=True)  # sanitized HTML
    control = models.CharField(
        _("control"), max_length=10, choices=Control.choices, default=Control.CURRENT
    )
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"))
    cutoff_at = models.DateTimeField(_("cut-off (no submissions after)"), null=True, blank=True)
    accept_late = models.BooleanField(_("accept late submissions"), default=True)
    late_penalty_percent = models.DecimalField(
        _("late penalty, percent per day started"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    late_penalty_max = models.DecimalField(
        _("maximum late penalty, percent"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    submission_kind = models.CharField(
        _("what students hand in"),
        max_length=5,
        choices=SubmissionKind.choices,
        default=SubmissionKind.BOTH,
    )
    max_files = models.PositiveSmallIntegerField(
        _("maximum number of files"), default=5, validators=[MaxValueValidator(50)]
    )
    max_file_mb = models.PositiveSmallIntegerField(
        _("maximum size of a file, MB"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    allowed_extensions = models.CharField(
        _("allowed file extensions"),
        max_length=300,
        default=DEFAULT_EXTENSIONS,
        help_text=_("Comma-separated, for example: pdf, docx, txt"),
    )
    resubmissions = models.PositiveSmallIntegerField(
        _("resubmissions allowed"),
        default=0,
        validators=[MaxValueValidator(20)],
        help_text=_("How many times a returned work may be handed in again."),
    )
    is_group = models.BooleanField(_("group work (teams)"), default=False)
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_at", "pk"]  # noqa: RUF012
        indexes = [  # noqa: RUF012
            models.Index(fields=["course", "due_at"], name="assignment_course_due"),
        ]
        constraints = [  # noqa: RUF012
            models.CheckConstraint(
                condition=Q(cutoff_at__isnull=True) | Q(cutoff_at__gte=models.F("due_at")),
                name="assignment_cutoff_after_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def extensions(self) -> list[str]:
        return [
            e.strip().lstrip(".").lower() for e in self.allowed_extensions.split(",") if e.strip()
        ]

    @property
    def takes_text(self) -> bool:
        return self.submission_kind in (SubmissionKind.TEXT, SubmissionKind.BOTH)

    @property
    def takes_files(self) -> bool:
        return self.submission_kind in (SubmissionKind.FILES, SubmissionKind.BOTH)

    @property
    def max_attempts(self) -> int:
        return 1 + self.resubmissions


class Team(models.Model):
    """A team of one group assignment (LMS-5 group work)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name", "pk"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["assignment", "name"], name="team_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A student in a team; a student is in at most one team of an assignment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["assignment", "student"], name="team_member_one_team"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}:{self.student_id}"


class Rubric(models.Model):
    """The grading rubric of an assignment: criteria, each with levels worth points."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="rubric")
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self) -> str:
        return self.title or str(self.assignment_id)


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["position", "pk"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.title


class RubricLevel(models.Model):
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="levels")
    title = models.CharField(_("level"), max_length=300)
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("rubric level")
        verbose_name_plural = _("rubric levels")
        ordering = ["position", "points", "pk"]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.title} ({self.points})"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    GRADED = "graded", _("graded")
    RETURNED = "returned", _("returned for resubmission")


class Submission(TimeStampedModel):
    """One attempt of a student (or a team) at an assignment. The latest attempt is the
    one that counts; a returned attempt stays as it was (SEC-5: nothing is lost)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="submissions"
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
    )
    text = models.TextField(_("text"), blank=True)  # sanitized HTML or plain text
    draft_saved_at = models.DateTimeField(_("draft saved at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    late_seconds = models.PositiveIntegerField(_("late by, seconds"), default=0)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Why the teacher returned it for resubmission (sanitized HTML).
    return_comment = models.TextField(_("comment on return"), blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["assignment_id", "pk"]  # noqa: RUF012
        indexes = [  # noqa: RUF012
            models.Index(fields=["assignment", "status"], name="submission_assignment_status"),
            models.Index(fields=["student", "assignment"], name="submission_student"),
        ]
        constraints = [  # noqa: RUF012
            models.CheckConstraint(
                condition=Q(student__isnull=True, team__isnull=False)
                | Q(student__isnull=False, team__isnull=True),
                name="submission_student_xor_team",
            ),
            models.UniqueConstraint(
                fields=["assignment", "student", "attempt"],
                condition=Q(student__isnull=False),
                name="submission_unique_student_attempt",
            ),
            models.UniqueConstraint(
                fields=["assignment", "team", "attempt"],
                condition=Q(team__isnull=False),
                name="submission_unique_team_attempt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}:{self.student_id or self.team_id}#{self.attempt}"

    @property
    def is_late(self) -> bool:
        return self.late_seconds > 0

    @property
    def is_editable(self) -> bool:
        return self.status == SubmissionStatus.DRAFT


def submission_upload_to(instance: SubmissionFile, filename: str) -> str:
    """Stored under the assignment's own folder (one place per task for the ZIP and the
    originality check)."""
    submission = instance.submission
    return f"assignments/{submission.assignment_id}/{submission.pk}/{filename}"


class SubmissionFile(models.Model):
    """A file of a submission, kept the moment it is uploaded (part of the draft)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=submission_upload_to, max_length=300)
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    mime_type = models.CharField(max_length=120, blank=True)
    text = models.TextField(_("extracted text"), blank=True)  # AI-2: for the originality check
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")
        ordering = ["uploaded_at", "pk"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.name


class Grade(models.Model):
    """One grading of a submission. Every regrade adds a row; the latest is the grade
    (the history of regrades)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="grades")
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2)
    penalty_percent = models.DecimalField(
        _("late penalty, percent"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    final_points = models.DecimalField(_("final points"), max_digits=7, decimal_places=2)
    feedback = models.TextField(_("feedback"), blank=True)  # sanitized HTML
    graded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    graded_at = models.DateTimeField(_("graded at"))

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["graded_at", "pk"]  # noqa: RUF012
        get_latest_by = ["graded_at", "pk"]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.final_points}"


class CriterionScore(models.Model):
    """The level a grader chose for one rubric criterion."""

    grade = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="+")
    level = models.ForeignKey(RubricLevel, on_delete=models.CASCADE, related_name="+")
    points = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["grade", "criterion"], name="score_one_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


def feedback_upload_to(instance: FeedbackFile, filename: str) -> str:
    submission = instance.submission
    return f"assignments/{submission.assignment_id}/{submission.pk}/feedback/{filename}"


class FeedbackFile(models.Model):
    """A file the teacher attaches to the feedback of a submission."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="feedback_files"
    )
    file = models.FileField(_("file"), upload_to=feedback_upload_to, max_length=300)
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback file")
        verbose_name_plural = _("feedback files")
        ordering = ["uploaded_at", "pk"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.name
