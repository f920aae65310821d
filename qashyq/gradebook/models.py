"""The gradebook of the credit system (SIS-1; DOMAIN GRD-1…GRD-5, GPA-1, GPA-2).

- `GradeScale` + `GradeBand`: the letter scale, versioned per institution (GRD-1, GRD-2).
- `GradingPolicy`: weights, admission threshold and rule, minimum exam score, FX retakes,
  GPA and honours settings, versioned per institution (GRD-3…GRD-5, GPA-1, GPA-2).
- `CourseGrading`: a course's own weights within the admission rating and thresholds.
- `GradeItem`: a column of the e-journal (current control, R1, R2, exam), entered by hand
  or fed by a test or an assignment (contract 2).
- `GradeEntry` + `GradeChange`: a student's points for an item and their history.
- `Statement`, `FinalGrade`, `ExamRetake`: the confirmed statement (ведомость) of a
  course with its finals, locked once confirmed, and FX exam retakes.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from qashyq.core.models import TimeStampedModel, localized


class Control(models.TextChoices):
    """The kind of control an item belongs to (contract 2)."""

    CURRENT = "current", _("current control")
    MIDTERM1 = "midterm1", _("midterm control 1 (R1)")
    MIDTERM2 = "midterm2", _("midterm control 2 (R2)")
    EXAM = "exam", _("exam")


class ItemSource(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    TEST = "test", _("test")
    ASSIGNMENT = "assignment", _("assignment")


class Rounding(models.TextChoices):
    """How a percent is rounded before it is looked up in the bands (GRD-2)."""

    HALF_UP = "half_up", _("half up to an integer")
    HALF_EVEN = "half_even", _("half to even, to an integer")
    DOWN = "down", _("down to an integer")
    NONE = "none", _("no rounding (two decimals)")


class AdmissionRule(models.TextChoices):
    """GRD-4: which rating must reach the admission threshold."""

    EACH_MIDTERM = "each_midterm", _("each midterm rating (R1 and R2) ≥ threshold")
    COMBINED = "combined", _("the combined admission rating ≥ threshold")


class RetakeInGpa(models.TextChoices):
    """GPA-1: how a retaken FX counts in GPA."""

    REPLACE = "replace", _("the retake replaces the FX")
    AVERAGE = "average", _("the FX and the retakes are averaged")


class GradeScale(TimeStampedModel):
    """A version of an institution's letter scale, in force from `effective_from` (GRD-1)."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="grade_scales"
    )
    name = models.CharField(_("name"), max_length=60)
    effective_from = models.DateField(_("in force from"))
    rounding = models.CharField(
        _("rounding"), max_length=10, choices=Rounding.choices, default=Rounding.HALF_UP
    )

    class Meta:
        verbose_name = _("grade scale")
        verbose_name_plural = _("grade scales")
        ordering = ["institution_id", "-effective_from"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["institution", "effective_from"], name="gradebook_scale_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from})"


class GradeBand(models.Model):
    """One letter of a scale: percent `lower`…`upper` (GRD-1). A rounded percent p falls
    in the band with the greatest `lower` ≤ p, so the bands cover 0–100 without gaps."""

    scale = models.ForeignKey(GradeScale, on_delete=models.CASCADE, related_name="bands")
    letter = models.CharField(_("letter"), max_length=3)
    points = models.DecimalField(_("digital equivalent"), max_digits=3, decimal_places=2)
    lower = models.DecimalField(_("lower percent"), max_digits=5, decimal_places=2)
    upper = models.DecimalField(_("upper percent"), max_digits=5, decimal_places=2)
    traditional_kk = models.CharField(_("traditional grade (Kazakh)"), max_length=60)
    traditional_ru = models.CharField(_("traditional grade (Russian)"), max_length=60)
    traditional_en = models.CharField(_("traditional grade (English)"), max_length=60)
    passes = models.BooleanField(_("passes"), default=True)
    counts_in_gpa = models.BooleanField(_("counts in GPA"), default=True)
    exam_retake_allowed = models.BooleanField(_("exam-only retake allowed"), default=False)

    class Meta:
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")
        ordering = ["scale_id", "-lower"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["scale", "letter"], name="gradebook_band_letter"),
            models.UniqueConstraint(fields=["scale", "lower"], name="gradebook_band_lower"),
        ]

    def __str__(self) -> str:
        return f"{self.letter} {self.lower}–{self.upper}"

    def traditional(self, language: str | None = None) -> str:
        return localized(
            kk=self.traditional_kk,
            ru=self.traditional_ru,
            en=self.traditional_en,
            language=language,
        )


class GradingPolicy(TimeStampedModel):
    """An institution's grading rules in force from `effective_from` (GRD-3…GRD-5, GPA-1,
    GPA-2). Where an institution has none, the defaults of this model apply."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="grading_policies"
    )
    effective_from = models.DateField(_("in force from"))
    weight_admission = models.DecimalField(
        _("weight of the admission rating"), max_digits=3, decimal_places=2, default=Decimal("0.60")
    )
    weight_exam = models.DecimalField(
        _("weight of the exam"), max_digits=3, decimal_places=2, default=Decimal("0.40")
    )
    admission_threshold = models.DecimalField(
        _("admission threshold, %"), max_digits=5, decimal_places=2, default=Decimal("50")
    )
    admission_rule = models.CharField(
        _("admission rule"),
        max_length=14,
        choices=AdmissionRule.choices,
        default=AdmissionRule.COMBINED,
    )
    exam_minimum = models.DecimalField(
        _("minimum exam score, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    fx_retakes = models.PositiveSmallIntegerField(_("FX exam retakes allowed"), default=1)
    retake_in_gpa = models.CharField(
        _("a retaken FX in GPA"),
        max_length=8,
        choices=RetakeInGpa.choices,
        default=RetakeInGpa.REPLACE,
    )
    honours_gpa = models.DecimalField(
        _("honours: minimum GPA"), max_digits=3, decimal_places=2, default=Decimal("3.50")
    )
    honours_lowest_letter = models.CharField(
        _("honours: lowest letter allowed"), max_length=3, default="B"
    )
    honours_final_letters = models.CharField(
        _("honours: letters of the final attestation"), max_length=30, default="A,A-"
    )
    honours_no_retakes = models.BooleanField(_("honours: no retakes"), default=True)
    transfer_gpa = models.JSONField(
        _("transfer GPA by course year"), default=dict, blank=True
    )  # GPA-2: {"1": "1.50", "2": "1.75", …}

    class Meta:
        verbose_name = _("grading policy")
        verbose_name_plural = _("grading policies")
        ordering = ["institution_id", "-effective_from"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["institution", "effective_from"], name="gradebook_policy_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} @ {self.effective_from}"


class CourseGrading(models.Model):
    """A course's own weights within the admission rating (GRD-3) and thresholds (GRD-4).

    Default (common Kazakh practice): admission rating = (R1 + R2) / 2, where
    Rk = `current_share` × current control of half k + (1 − `current_share`) × midterm k,
    with `current_share` = 0.5 and `r1_share` = 0.5.
    """

    course = models.OneToOneField(
        "courses.Course", on_delete=models.CASCADE, related_name="grading", primary_key=True
    )
    current_share = models.DecimalField(
        _("share of current control in a midterm rating"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
    )
    r1_share = models.DecimalField(
        _("share of R1 in the admission rating"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
    )
    admission_threshold = models.DecimalField(
        _("admission threshold, % (empty: the institution's)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    exam_minimum = models.DecimalField(
        _("minimum exam score, % (empty: the institution's)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("course grading")
        verbose_name_plural = _("course grading")

    def __str__(self) -> str:
        return str(self.course_id)


class GradeItem(TimeStampedModel):
    """A column of a course's e-journal."""

    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="grade_items"
    )
    title = models.CharField(_("title"), max_length=200)
    control = models.CharField(_("control"), max_length=10, choices=Control.choices)
    # Current control belongs to the first or the second half (R1 or R2).
    half = models.PositiveSmallIntegerField(
        _("half"), choices=[(1, _("first half (R1)")), (2, _("second half (R2)"))], default=1
    )
    max_points = models.DecimalField(
        _("maximum points"), max_digits=7, decimal_places=2, default=Decimal("100")
    )
    weight = models.DecimalField(
        _("weight within its control"), max_digits=5, decimal_places=2, default=Decimal("1")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    source = models.CharField(
        _("source"), max_length=10, choices=ItemSource.choices, default=ItemSource.MANUAL
    )
    source_id = models.PositiveIntegerField(_("source id"), null=True, blank=True)

    class Meta:
        verbose_name = _("grade item")
        verbose_name_plural = _("grade items")
        ordering = ["course_id", "position", "id"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=models.Q(source_id__isnull=False),
                name="gradebook_item_unique_source",
            ),
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0), name="gradebook_item_max_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Mark(models.TextChoices):
    NONE = "", _("—")
    EXCUSED = "excused", _("excused")
    ABSENT = "absent", _("absent")


class GradeEntry(models.Model):
    """A student's points for one item; `by_hand` when a teacher entered them (the
    teacher's word wins over a test or an assignment, contract 2)."""

    item = models.ForeignKey(GradeItem, on_delete=models.CASCADE, related_name="entries")
    # The item's course, copied so that a course's journal reads one index range.
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="grade_entries"
    )
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2, null=True, blank=True)
    mark = models.CharField(_("mark"), max_length=8, choices=Mark.choices, blank=True)
    by_hand = models.BooleanField(_("entered by hand"), default=False)
    source_points = models.DecimalField(
        _("points from the source"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["item", "student"], name="gradebook_entry_unique")
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["course", "student"], name="gradebook_entry_course"),
            models.Index(fields=["student", "course"], name="gradebook_entry_student"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.student_id}={self.points}{self.mark}"


class GradeChange(models.Model):
    """The history of an entry (append-only): who, when, from what to what, why.
    `applied` is false where a source's value was recorded but a hand grade was kept."""

    entry = models.ForeignKey(GradeEntry, on_delete=models.CASCADE, related_name="changes")
    from_points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    to_points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    from_mark = models.CharField(max_length=8, choices=Mark.choices, blank=True)
    to_mark = models.CharField(max_length=8, choices=Mark.choices, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=ItemSource.choices)
    applied = models.BooleanField(_("applied"), default=True)
    changed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("grade change")
        verbose_name_plural = _("grade changes")
        ordering = ["entry_id", "changed_at", "id"]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.from_points} → {self.to_points}"


class Statement(models.Model):
    """The course's examination statement (ведомость): once the teacher confirms it, the
    finals are stored and locked; only the registrar changes them, with a reason."""

    course = models.OneToOneField(
        "courses.Course", on_delete=models.CASCADE, related_name="statement", primary_key=True
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return str(self.course_id)


class FinalGrade(models.Model):
    """A student's final grade in a course, stored when the statement is confirmed (and
    recomputed on a registrar's change or an FX retake)."""

    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="final_grades"
    )
    period = models.ForeignKey(
        "institutions.AcademicPeriod", on_delete=models.PROTECT, related_name="+"
    )
    credits = models.PositiveSmallIntegerField(_("credits"))
    r1 = models.DecimalField(max_digits=5, decimal_places=2)
    r2 = models.DecimalField(max_digits=5, decimal_places=2)
    admission = models.DecimalField(_("admission rating"), max_digits=5, decimal_places=2)
    admitted = models.BooleanField(_("admitted"))
    exam = models.DecimalField(_("exam"), max_digits=5, decimal_places=2)
    percent = models.DecimalField(_("final percent"), max_digits=5, decimal_places=2)
    letter = models.CharField(_("letter"), max_length=3)
    points = models.DecimalField(_("digital equivalent"), max_digits=3, decimal_places=2)
    passes = models.BooleanField(_("passes"))
    counts_in_gpa = models.BooleanField(_("counts in GPA"), default=True)
    clause = models.CharField(_("clause"), max_length=40)
    # GPA-1: the points GPA uses — `points`, or with "average" the mean over the FX and
    # its retakes.
    gpa_points = models.DecimalField(_("points in GPA"), max_digits=3, decimal_places=2)
    retakes = models.PositiveSmallIntegerField(_("retakes"), default=0)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("final grade")
        verbose_name_plural = _("final grades")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["course", "student"], name="gradebook_final_unique")
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["student", "period"], name="gradebook_final_student")
        ]

    def __str__(self) -> str:
        return f"{self.course_id}:{self.student_id}={self.letter}"


class ExamRetake(models.Model):
    """An FX exam retake (GRD-5): only the exam component changes."""

    final = models.ForeignKey(FinalGrade, on_delete=models.CASCADE, related_name="retake_rows")
    number = models.PositiveSmallIntegerField(_("retake number"))
    exam = models.DecimalField(_("exam, %"), max_digits=5, decimal_places=2)
    letter = models.CharField(_("letter"), max_length=3)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("exam retake")
        verbose_name_plural = _("exam retakes")
        ordering = ["final_id", "number"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["final", "number"], name="gradebook_retake_unique")
        ]

    def __str__(self) -> str:
        return f"{self.final_id} #{self.number}: {self.exam}"
