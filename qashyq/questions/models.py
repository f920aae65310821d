"""Question banks of a course (LMS-2 control materials, DOMAIN TST-1, TST-2).

A course's bank is a tree of `Category`s holding `Question`s of eight types
(`QuestionType`). What differs by type lives in `Question.data`, in the shape of the
snapshot (contract 1): `choices` (single, multiple, true/false), `answers` (short),
`numeric`, `pairs` (matching; an empty prompt is a distractor) and `items` (ordering,
in the right order). Every edit bumps `version`; an attempt keeps its own snapshot, so
an edit during an exam changes nothing there.

Images of a question are `QuestionFile`s, referenced from the HTML as
`/questions/files/<id>/<name>` (served by permission, see views.question_file).
An `ImportBatch` keeps an uploaded file, its preview and problems until the teacher
confirms: nothing from the file is saved before that.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qashyq.core.models import TimeStampedModel
from qashyq.questions.formats.base import QuestionType

QTYPE_LABELS: dict[str, Any] = {
    QuestionType.SINGLE: _("single choice"),
    QuestionType.MULTIPLE: _("multiple choice"),
    QuestionType.TRUE_FALSE: _("true/false"),
    QuestionType.SHORT: _("short answer"),
    QuestionType.NUMERIC: _("numeric"),
    QuestionType.MATCHING: _("matching"),
    QuestionType.ORDERING: _("ordering"),
    QuestionType.ESSAY: _("essay"),
}
QTYPE_CHOICES = [(t.value, QTYPE_LABELS[t]) for t in QuestionType]


def empty_data() -> dict[str, list[Any]]:
    return {"choices": [], "answers": [], "numeric": [], "pairs": [], "items": []}


class Category(models.Model):
    """A folder of a course's bank ("Module 1/Derivatives"); tests draw from it."""

    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="question_categories"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["course_id", "position", "name", "pk"]  # noqa: RUF012
        indexes = [models.Index(fields=["course", "parent"], name="qcategory_course_parent")]  # noqa: RUF012

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A course-scoped label of questions (a topic, a difficulty, an exam ticket set)."""

    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="question_tags"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("question tag")
        verbose_name_plural = _("question tags")
        ordering = ["course_id", "name"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["course", "name"], name="qtag_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Question(TimeStampedModel):
    """A question of a course's bank (TST-1)."""

    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="questions")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="questions")
    qtype = models.CharField(_("type"), max_length=12, choices=QTYPE_CHOICES)
    name = models.CharField(_("name"), max_length=255, blank=True)
    text = models.TextField(_("text"))  # sanitized HTML; TeX between \( \) or MathML
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=1)
    shuffle = models.BooleanField(_("shuffle the answers"), default=True)
    data = models.JSONField(_("answers"), default=empty_data)
    general_feedback = models.TextField(_("general feedback"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions")
    outcomes = models.ManyToManyField(
        "courses.LearningOutcome", blank=True, related_name="questions"
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["course_id", "category_id", "pk"]  # noqa: RUF012
        indexes = [  # noqa: RUF012
            models.Index(fields=["course", "category", "is_archived"], name="question_bank"),
        ]

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"


class QuestionFile(models.Model):
    """An image (or another file) shown in a question's text, choices or pairs."""

    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="question_files"
    )
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file"), upload_to="questions/%Y/%m/")
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question file")
        verbose_name_plural = _("question files")

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("waiting for confirmation")
    DONE = "done", _("imported")
    CANCELLED = "cancelled", _("cancelled")


class ImportBatch(TimeStampedModel):
    """An uploaded exchange file with what could be read from it (TST-1, TST-2): kept so
    that the preview survives a reload; the questions are saved only on confirmation."""

    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="question_imports"
    )
    category = models.ForeignKey(  # where the questions go (their paths below it)
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="questions/imports/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=255)
    fmt = models.CharField(_("format"), max_length=20)
    first_variant_correct = models.BooleanField(_("the first variant is correct"), default=True)
    preview = models.JSONField(_("preview"), default=list)  # the questions as read
    problems = models.JSONField(_("problems"), default=list)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    result = models.JSONField(_("result"), default=dict)  # counts after confirmation
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question import")
        verbose_name_plural = _("question imports")
        ordering = ["-created_at"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.filename
