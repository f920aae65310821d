"""Tests (quizzes and exams), attempts that lose nothing, and exam tickets (LMS-7, LMS-2).

A `Test` of a course is made of sections (`TestSection`): random draws from a category of
the question bank, or fixed questions. A student's `Attempt` stores the snapshot of every
drawn question (`AttemptQuestion`, contract 1), so an edit of the bank during an exam
changes nothing; its deadline is computed by the server when it starts (LMS-6 extra time
included) and enforced by the server. An `Answer` per (attempt, position) is autosaved on
every change with the client's sequence number: an older or repeated resend never
overwrites a newer answer.

Exam tickets (билеттер, LMS-2 final control): a `TicketSet` of a course holds `Ticket`s;
each student draws one at random once (`TicketDraw`); a redraw is the teacher's, with a
reason, and the earlier draw is kept.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qashyq.core.models import TimeStampedModel
from qashyq.gradebook.models import Control


class GradingMethod(models.TextChoices):
    """Which attempts make the test's grade."""

    BEST = "best", _("best attempt")
    LAST = "last", _("last attempt")
    FIRST = "first", _("first attempt")
    AVERAGE = "average", _("average of the attempts")


class Review(models.TextChoices):
    """What the student sees of a finished attempt."""

    NOTHING = "nothing", _("nothing")
    SCORE = "score", _("the score only")
    RESPONSES = "responses", _("the score and own responses")
    CORRECT = "correct", _("the score, own responses and the right answers")


REVIEW_ORDER = (Review.NOTHING, Review.SCORE, Review.RESPONSES, Review.CORRECT)


class Test(TimeStampedModel):
    """A quiz or an exam of a course (LMS-7: computer testing)."""

    __test__ = False  # not a pytest class

    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="tests")
    title = models.CharField(_("title"), max_length=300)
    instructions = models.TextField(_("instructions"), blank=True)
    control = models.CharField(
        _("control"), max_length=10, choices=Control.choices, default=Control.CURRENT
    )
    published = models.BooleanField(_("published"), default=False)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, help_text=_("0 = unlimited")
    )
    grading_method = models.CharField(
        _("grading method"), max_length=8, choices=GradingMethod.choices, default=GradingMethod.BEST
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_answers = models.BooleanField(_("shuffle answers"), default=True)
    review_after_submit = models.CharField(
        _("after submitting the student sees"),
        max_length=10,
        choices=Review.choices,
        default=Review.SCORE,
    )
    review_after_close = models.CharField(
        _("after the window closes the student sees"),
        max_length=10,
        choices=Review.choices,
        default=Review.RESPONSES,
    )
    max_points = models.DecimalField(
        _("points scaled to"), max_digits=6, decimal_places=2, default=100
    )
    grace_seconds = models.PositiveSmallIntegerField(
        _("network grace (seconds)"),
        default=60,
        help_text=_("Answers sent before the deadline and arriving this late are still saved."),
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("course_id", "opens_at", "pk")
        verbose_name = _("test")
        verbose_name_plural = _("tests")

    def __str__(self) -> str:
        return self.title


class SectionKind(models.TextChoices):
    DRAW = "draw", _("random questions from a category")
    FIXED = "fixed", _("a fixed question")


class TestSection(models.Model):
    """One part of a test: `count` random questions of a category (and optionally of some
    tags), or one fixed question. Sections keep their order; inside a draw the order is
    random."""

    test = models.ForeignKey(Test, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=5, choices=SectionKind.choices)
    category = models.ForeignKey(
        "questions.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    include_subcategories = models.BooleanField(_("include subcategories"), default=True)
    tag_ids = models.JSONField(_("tags"), default=list, blank=True)
    count = models.PositiveSmallIntegerField(_("questions"), default=1)
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question"),
    )
    points_each = models.DecimalField(
        _("points each"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: the question's own points."),
    )

    class Meta:
        ordering = ("test_id", "position", "pk")
        verbose_name = _("test section")
        verbose_name_plural = _("test sections")

    def __str__(self) -> str:
        return f"{self.test_id}/{self.position}"


class StudentAccommodation(TimeStampedModel):
    """LMS-6: a student with special educational needs gets more time in every test."""

    student = models.OneToOneField(
        "people.Student", on_delete=models.CASCADE, related_name="test_accommodation"
    )
    extra_time_percent = models.PositiveSmallIntegerField(_("extra time (%)"), default=0)
    reason = models.CharField(_("reason"), max_length=300)
    set_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("test accommodation")
        verbose_name_plural = _("test accommodations")

    def __str__(self) -> str:
        return f"{self.student_id}: +{self.extra_time_percent}%"


class TestAllowance(TimeStampedModel):
    """What one student gets in one test beyond the rules: extra minutes (overriding the
    accommodation's percentage for this test) and extra attempts, with the reason."""

    test = models.ForeignKey(Test, on_delete=models.CASCADE, related_name="allowances")
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="+")
    extra_minutes = models.PositiveIntegerField(_("extra minutes"), null=True, blank=True)
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), default=0)
    reason = models.CharField(_("reason"), max_length=300)
    set_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("test", "student"), name="assessment_allowance_once"),
        )
        verbose_name = _("test allowance")
        verbose_name_plural = _("test allowances")

    def __str__(self) -> str:
        return f"{self.test_id}/{self.student_id}"


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    SUBMITTED = "submitted", _("submitted")
    NEEDS_GRADING = "needs_grading", _("needs grading")
    GRADED = "graded", _("graded")


class EndedBy(models.TextChoices):
    STUDENT = "student", pgettext_lazy("attempt ended by", "the student")
    DEADLINE = "deadline", pgettext_lazy("attempt ended by", "the deadline")
    TEACHER = "teacher", pgettext_lazy("attempt ended by", "the teacher")


class Attempt(models.Model):
    """One student's attempt at a test. `deadline_at` is the server's (LMS-6 extra time
    included); None = no time limit and no window close."""

    test = models.ForeignKey(Test, on_delete=models.CASCADE, related_name="attempts")
    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="test_attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    grace_seconds = models.PositiveSmallIntegerField(default=60)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=13, choices=AttemptState.choices, default=AttemptState.IN_PROGRESS
    )
    ended_by = models.CharField(_("ended by"), max_length=8, choices=EndedBy.choices, blank=True)
    seed = models.BigIntegerField()
    raw_points = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    raw_max = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    score = models.DecimalField(
        _("score"), max_digits=7, decimal_places=2, null=True, blank=True
    )  # scaled to the test's max_points
    note = models.TextField(_("note"), blank=True)  # reopenings, with their reasons

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("test", "student", "number"), name="assessment_attempt_number"
            ),
        )
        indexes = (
            models.Index(fields=("state", "deadline_at"), name="assessment_attempt_due"),
            models.Index(fields=("student", "test"), name="assessment_attempt_student"),
        )
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")

    def __str__(self) -> str:
        return f"{self.test_id}/{self.student_id}#{self.number}"

    @property
    def is_open(self) -> bool:
        return self.state == AttemptState.IN_PROGRESS


class AttemptQuestion(models.Model):
    """A drawn question as it was when the attempt started (contract 1's snapshot)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    question_id = models.IntegerField()
    points = models.DecimalField(max_digits=6, decimal_places=2)
    snapshot = models.JSONField()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("attempt", "position"), name="assessment_attempt_question_position"
            ),
        )

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.position}"


class Answer(models.Model):
    """The student's response at a position, autosaved (seq: the client's sequence number;
    a save with a seq not newer than the stored one changes nothing)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    response = models.JSONField(null=True, blank=True)
    seq = models.BigIntegerField(default=0)
    saved_at = models.DateTimeField()
    fraction = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    manual_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    graded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("attempt", "position"), name="assessment_answer_position"
            ),
        )

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.position}"


class TicketSet(TimeStampedModel):
    """Exam tickets of a course (LMS-2: final control materials)."""

    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="ticket_sets"
    )
    title = models.CharField(_("title"), max_length=300)
    open_for_drawing = models.BooleanField(_("students may draw"), default=False)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("course_id", "pk")
        verbose_name = _("ticket set")
        verbose_name_plural = _("ticket sets")

    def __str__(self) -> str:
        return self.title


class Ticket(models.Model):
    """One exam ticket: its numbered tasks (`items`: [{"text", "question_id"}])."""

    ticket_set = models.ForeignKey(TicketSet, on_delete=models.CASCADE, related_name="tickets")
    number = models.PositiveSmallIntegerField(_("number"))
    items = models.JSONField(default=list)

    class Meta:
        ordering = ("ticket_set_id", "number")
        constraints = (
            models.UniqueConstraint(fields=("ticket_set", "number"), name="assessment_ticket_no"),
        )
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")

    def __str__(self) -> str:
        return f"{self.ticket_set_id}#{self.number}"


class TicketDraw(models.Model):
    """A student's draw of a ticket (server-side random). A redraw by the teacher keeps
    this row (active=False) with the reason."""

    ticket_set = models.ForeignKey(TicketSet, on_delete=models.CASCADE, related_name="draws")
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="+")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="draws")
    drawn_at = models.DateTimeField(_("drawn at"))
    active = models.BooleanField(default=True)
    replaced_reason = models.CharField(_("reason for the redraw"), max_length=300, blank=True)
    replaced_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("ticket_set_id", "drawn_at", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=("ticket_set", "student"),
                condition=models.Q(active=True),
                name="assessment_ticket_draw_once",
            ),
        )

    def __str__(self) -> str:
        return f"{self.ticket_set_id}/{self.student_id}"
