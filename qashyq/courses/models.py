"""Courses, their syllabus and their learning content (LMS-1…LMS-3, LMS-6, ONL-2,
ONL-5, ONL-6). A course is one discipline taught in one academic period."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qashyq.core.models import TimeStampedModel
from qashyq.institutions.models import InstructionLanguage


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class Course(TimeStampedModel):
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="courses"
    )
    discipline = models.ForeignKey(
        "institutions.Discipline", on_delete=models.PROTECT, related_name="courses"
    )
    period = models.ForeignKey(
        "institutions.AcademicPeriod", on_delete=models.PROTECT, related_name="courses"
    )
    code = models.CharField(_("code"), max_length=40)
    language = models.CharField(
        _("language of instruction"),
        max_length=5,
        choices=InstructionLanguage.choices,
        default=InstructionLanguage.KAZAKH,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("reused from"),
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["period", "discipline__code", "language"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["institution", "code"], name="course_unique_code"),
            models.UniqueConstraint(
                fields=["discipline", "period", "language"], name="course_unique_stream"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class CourseRole(models.TextChoices):
    TEACHER = "teacher", _("teacher")
    TUTOR = "tutor", _("tutor")
    ASSISTANT = "assistant", _("assistant")


class CourseStaff(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="staff_links")
    staff = models.ForeignKey("people.Staff", on_delete=models.CASCADE, related_name="courses")
    role = models.CharField(_("role"), max_length=10, choices=CourseRole.choices)

    class Meta:
        verbose_name = _("course teacher or tutor")
        verbose_name_plural = _("course teachers and tutors")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["course", "staff", "role"], name="course_staff_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_id}:{self.staff_id}:{self.role}"


class CourseGroup(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="group_links")
    group = models.ForeignKey(
        "institutions.StudentGroup", on_delete=models.CASCADE, related_name="courses"
    )

    class Meta:
        verbose_name = _("course group")
        verbose_name_plural = _("course groups")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["course", "group"], name="course_group_unique")
        ]

    def __str__(self) -> str:
        return f"{self.course_id}:{self.group_id}"


class Enrolment(TimeStampedModel):
    """A student taking the course: from the group's study plans (SIS-4) or added by hand."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="enrolments"
    )
    plan_item = models.ForeignKey(
        "people.StudyPlanItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["course", "student"], name="enrolment_unique")
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["student", "is_active"], name="enrolment_student_active")
        ]


# ---------------------------------------------------------------- the syllabus (LMS-2, ONL-2)


class Syllabus(TimeStampedModel):
    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="syllabus")
    description = models.TextField(_("description"), blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    grading_policy = models.TextField(_("grading policy"), blank=True)
    consultation_schedule = models.TextField(_("consultation schedule"), blank=True)

    class Meta:
        verbose_name = _("syllabus")
        verbose_name_plural = _("syllabi")


class LearningOutcome(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(_("code"), max_length=12)  # "LO1"
    text = models.TextField(_("learning outcome"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")
        ordering = ["course", "position", "code"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["course", "code"], name="outcome_unique_code")
        ]

    def __str__(self) -> str:
        return self.code


class Delivery(models.TextChoices):
    """How a topic or a class is taught (ONL-2, SIS-2)."""

    SYNCHRONOUS = "sync", _("synchronous")
    ASYNCHRONOUS = "async", _("asynchronous")
    IN_PERSON = "in_person", _("in person")


class WeeklyTopic(models.Model):
    """One line of the calendar-thematic plan; hours by delivery give the
    synchronous/asynchronous split of the discipline (ONL-2)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="topics")
    week = models.PositiveSmallIntegerField(
        _("week"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    title = models.CharField(_("topic"), max_length=300)
    hours_lecture = models.PositiveSmallIntegerField(_("lecture hours"), default=0)
    hours_practice = models.PositiveSmallIntegerField(_("practice hours"), default=0)
    hours_lab = models.PositiveSmallIntegerField(_("laboratory hours"), default=0)
    hours_independent = models.PositiveSmallIntegerField(_("independent work hours"), default=0)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.SYNCHRONOUS
    )

    class Meta:
        verbose_name = _("weekly topic")
        verbose_name_plural = _("weekly topics")
        ordering = ["course", "week", "id"]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.week}. {self.title}"


class ControlKind(models.TextChoices):
    CURRENT = "current", _("current control")
    MIDTERM = "midterm", _("midterm control")
    FINAL = "final", _("final control")


class ControlTask(models.Model):
    """A control task of the syllabus and the learning outcomes it checks (LMS-2)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="control_tasks")
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=ControlKind.choices)
    week = models.PositiveSmallIntegerField(_("week"), null=True, blank=True)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=100)
    outcomes = models.ManyToManyField(
        LearningOutcome, related_name="control_tasks", verbose_name=_("outcomes checked")
    )

    class Meta:
        verbose_name = _("control task")
        verbose_name_plural = _("control tasks")
        ordering = ["course", "week", "id"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.title


class LiteratureKind(models.TextChoices):
    MAIN = "main", _("main")
    ADDITIONAL = "additional", _("additional")


class LiteratureItem(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="literature")
    kind = models.CharField(_("kind"), max_length=10, choices=LiteratureKind.choices)
    citation = models.TextField(_("reference"))
    url = models.URLField(_("link"), blank=True)
    elibrary_id = models.CharField(_("e-library record"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("literature")
        verbose_name_plural = _("literature")
        ordering = ["course", "kind", "position", "id"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.citation[:80]


# ---------------------------------------------------------------- content (LMS-1, LMS-3)


class Module(TimeStampedModel):
    """A block of content, usually a week."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=300)
    week = models.PositiveSmallIntegerField(_("week"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    release_at = models.DateTimeField(_("opens at"), null=True, blank=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course", "position", "id"]  # noqa: RUF012


class MaterialKind(models.TextChoices):
    LECTURE = "lecture", _("lecture (text)")
    FILE = "file", _("file")
    VIDEO = "video", _("video")
    AUDIO = "audio", _("audio")
    IMAGE = "image", _("image")
    LINK = "link", _("link")
    MEDIA_SERVICE = "media_service", _("media service")
    ELIBRARY = "elibrary", _("e-library reference")
    PRACTICAL = "practical", _("practical task")
    LAB = "lab", _("laboratory task")
    INDEPENDENT = "independent", _("task for independent work")
    MIDTERM = "midterm", _("midterm control materials")
    FINAL = "final", _("final control materials")


class Material(TimeStampedModel):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("kind"), max_length=16, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)  # sanitized HTML of a lecture or a task
    file = models.FileField(_("file"), upload_to="courses/%Y/%m/", blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    mime_type = models.CharField(_("type"), max_length=100, blank=True)
    size_bytes = models.BigIntegerField(_("size"), default=0)
    duration_seconds = models.PositiveIntegerField(_("duration"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    release_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    completion_required = models.BooleanField(_("counts towards progress"), default=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["module", "position", "id"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.title


class MaterialProgress(models.Model):
    """What a student opened and completed (LMS-1 progress; FP-3)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="progress")
    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="material_progress"
    )
    first_opened_at = models.DateTimeField(_("first opened"))
    last_opened_at = models.DateTimeField(_("last opened"))
    opened_count = models.PositiveIntegerField(_("times opened"), default=1)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress")
        verbose_name_plural = _("progress")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["material", "student"], name="progress_unique")
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["student", "material"], name="progress_student_material")
        ]

    def __str__(self) -> str:
        return f"{self.student_id}:{self.material_id}"


# ---------------------------------------------------------------- readiness (LMS-2, ONL-5)


class ComplexStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted for approval")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned for changes")


class ComplexApproval(TimeStampedModel):
    """The department head's decision on a course's e-learning methodological complex."""

    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="complex")
    status = models.CharField(_("status"), max_length=10, choices=ComplexStatus.choices)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("e-learning methodological complex")
        verbose_name_plural = _("e-learning methodological complexes")


class ReadinessAct(TimeStampedModel):
    """The act of content readiness of a program for an academic period (ONL-5)."""

    program = models.ForeignKey(
        "institutions.Program", on_delete=models.PROTECT, related_name="readiness_acts"
    )
    period = models.ForeignKey(
        "institutions.AcademicPeriod", on_delete=models.PROTECT, related_name="readiness_acts"
    )
    number = models.CharField(_("number"), max_length=40)
    issued_on = models.DateField(_("issued on"))
    pdf = models.FileField(_("PDF"), upload_to="readiness/%Y/", blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.JSONField(_("summary"), default=dict)

    class Meta:
        verbose_name = _("readiness act")
        verbose_name_plural = _("readiness acts")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["program", "period"], name="readiness_act_unique")
        ]


class ReadinessReminder(models.Model):
    """A reminder that a course's content is due (ONL-5): once per course and step, so a
    daily run that repeats sends nothing twice. `step` counts working days before the
    deadline (-1: the deadline has passed); `sent` is False for a step passed over."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="readiness_reminders")
    step = models.SmallIntegerField(_("working days before the deadline"))
    sent_on = models.DateField(_("sent on"))
    sent = models.BooleanField(_("sent"), default=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("readiness reminder")
        verbose_name_plural = _("readiness reminders")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["course", "step"], name="readiness_reminder_unique_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_id} {self.step}"
