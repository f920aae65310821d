"""The institution's structure: faculties, departments, programs, curricula, calendar."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qashyq.core.identifiers import validate_bin
from qashyq.core.models import TimeStampedModel, TrilingualNameModel


class WeekRegime(models.IntegerChoices):
    FIVE_DAY = 5, _("five-day week")
    SIX_DAY = 6, _("six-day week")


class Institution(TrilingualNameModel, TimeStampedModel):
    """A university running Qashyq (one per instance; a national deployment runs many)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    bin = models.CharField(_("BIN"), max_length=12, blank=True, validators=[validate_bin])
    city = models.CharField(_("city"), max_length=100, blank=True)
    week_regime = models.PositiveSmallIntegerField(
        _("week regime"), choices=WeekRegime.choices, default=WeekRegime.FIVE_DAY
    )  # CAL-4
    epvo_id = models.CharField(_("ЕПВО id"), max_length=40, blank=True)  # GOV-3

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["code"]  # noqa: RUF012


class Faculty(TrilingualNameModel, TimeStampedModel):
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="faculties"
    )
    code = models.CharField(_("code"), max_length=20)

    class Meta:
        verbose_name = _("faculty")
        verbose_name_plural = _("faculties")
        ordering = ["institution", "code"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["institution", "code"], name="faculty_unique_code")
        ]


class Department(TrilingualNameModel, TimeStampedModel):
    """A department (кафедра): owns disciplines and working curricula (S2 §4.3)."""

    faculty = models.ForeignKey(
        "institutions.Faculty", on_delete=models.PROTECT, related_name="departments"
    )
    code = models.CharField(_("code"), max_length=20)
    epvo_id = models.CharField(_("ЕПВО id"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["faculty", "code"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["faculty", "code"], name="department_unique_code")
        ]


class Level(models.TextChoices):
    """Level prefixes of the classifier (CLS-1) plus the business degrees."""

    BACHELOR = "bachelor", _("bachelor's (6B)")
    MASTER = "master", _("master's (7M)")
    RESIDENCY = "residency", _("residency (7R)")
    DOCTORATE = "doctorate", _("doctorate (8D)")
    MBA = "mba", _("MBA")
    EMBA = "emba", _("Executive MBA")
    DBA = "dba", _("DBA")


class Direction(TrilingualNameModel):
    """An entry of the classifier of directions of training (CLS-1, Order No. 569, 2018).

    Code = level prefix + 2-digit field + 1-digit direction: 6B061 is a bachelor's
    direction in field 06 (ICT). Loaded as versioned reference data.
    """

    code = models.CharField(
        _("code"),
        max_length=8,
        validators=[RegexValidator(r"^(6B|7M|7R|8D)\d{3}$", _("A code looks like 6B061."))],
    )
    classifier_version = models.CharField(
        _("classifier version"), max_length=40, default="569-2018"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("direction of training")
        verbose_name_plural = _("directions of training")
        ordering = ["code"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["code", "classifier_version"], name="direction_unique_code_version"
            )
        ]

    @property
    def field_code(self) -> str:
        """The 2-digit field: 01 pedagogical sciences … 12 national security (CLS-1)."""
        return self.code[2:4]

    @property
    def level_prefix(self) -> str:
        return self.code[:2]


class StudyForm(models.TextChoices):
    FULL_TIME = "full_time", _("full-time")
    ONLINE = "online", _("online")


class InstructionLanguage(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")
    MULTILINGUAL = "multi", _("multilingual")


class Program(TrilingualNameModel, TimeStampedModel):
    """An education program of the registry (names in kk/ru/en, GOV-2)."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="programs"
    )
    department = models.ForeignKey(
        "institutions.Department", on_delete=models.PROTECT, related_name="programs"
    )
    code = models.CharField(_("code"), max_length=20)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    direction = models.ForeignKey(
        "institutions.Direction",
        on_delete=models.PROTECT,
        related_name="programs",
        null=True,
        blank=True,
        verbose_name=_("direction of training"),
    )
    study_form = models.CharField(
        _("study form"), max_length=12, choices=StudyForm.choices, default=StudyForm.FULL_TIME
    )
    language = models.CharField(
        _("language of instruction"),
        max_length=5,
        choices=InstructionLanguage.choices,
        default=InstructionLanguage.KAZAKH,
    )
    total_credits = models.PositiveSmallIntegerField(
        _("total credits"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    duration_years = models.DecimalField(
        _("duration, years"), max_digits=3, decimal_places=1, default=4
    )
    is_active = models.BooleanField(_("active"), default=True)
    epvo_id = models.CharField(_("ЕПВО id"), max_length=40, blank=True)  # GOV-3

    class Meta:
        verbose_name = _("education program")
        verbose_name_plural = _("education programs")
        ordering = ["code"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["institution", "code"], name="program_unique_code")
        ]

    @property
    def faculty_id(self) -> int:
        return self.department.faculty_id

    @property
    def is_pedagogical(self) -> bool:
        """Field 01 of the classifier: pedagogical sciences (LIM-4, ONL-1)."""
        return self.direction is not None and self.direction.field_code == "01"


class ControlForm(models.TextChoices):
    EXAM = "exam", _("exam")
    DIFFERENTIATED_CREDIT = "diff_credit", _("differentiated credit")
    CREDIT = "credit", _("pass/fail credit")
    COURSE_WORK = "course_work", _("course work")
    PRACTICE_REPORT = "practice", _("practice report")


class Discipline(TrilingualNameModel, TimeStampedModel):
    """A discipline with its credits and hours split (CRD-1: one credit = 30 hours)."""

    department = models.ForeignKey(
        "institutions.Department", on_delete=models.PROTECT, related_name="disciplines"
    )
    code = models.CharField(_("code"), max_length=20)
    credits = models.PositiveSmallIntegerField(
        _("credits"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    hours_lecture = models.PositiveSmallIntegerField(_("lecture hours"), default=0)
    hours_practice = models.PositiveSmallIntegerField(_("practice hours"), default=0)
    hours_lab = models.PositiveSmallIntegerField(_("laboratory hours"), default=0)
    hours_independent = models.PositiveSmallIntegerField(_("independent work hours"), default=0)
    control_form = models.CharField(
        _("form of control"), max_length=12, choices=ControlForm.choices, default=ControlForm.EXAM
    )
    is_mooc_based = models.BooleanField(_("mastered through a MOOC"), default=False)  # LIM-5, ONL-2
    # ONL-2: share of the volume taught synchronously (online form ≥ 20 %); LIM-5:
    # share of the volume studied at a distance (≤ 20 % unless MOOC-based).
    synchronous_percent = models.PositiveSmallIntegerField(
        _("synchronous share, %"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    distance_percent = models.PositiveSmallIntegerField(
        _("share studied at a distance, %"), default=0, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["code"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["department", "code"], name="discipline_unique_code")
        ]

    @property
    def total_hours(self) -> int:
        return self.hours_lecture + self.hours_practice + self.hours_lab + self.hours_independent


class Curriculum(TimeStampedModel):
    """A working curriculum (рабочий учебный план) of a program for one intake year."""

    program = models.ForeignKey(
        "institutions.Program", on_delete=models.PROTECT, related_name="curricula"
    )
    admission_year = models.PositiveSmallIntegerField(_("intake year"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("working curriculum")
        verbose_name_plural = _("working curricula")
        ordering = ["program", "-admission_year"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["program", "admission_year"], name="curriculum_unique_program_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program.code} — {self.admission_year}"


class Component(models.TextChoices):
    """Cycles of the credit system: mandatory (ОК/ВК) and elective (КВ)."""

    GENERAL_MANDATORY = "general", _("mandatory component")
    UNIVERSITY = "university", _("university component")
    ELECTIVE = "elective", _("elective component")


class CurriculumItem(models.Model):
    curriculum = models.ForeignKey(
        "institutions.Curriculum", on_delete=models.CASCADE, related_name="items"
    )
    discipline = models.ForeignKey(
        "institutions.Discipline", on_delete=models.PROTECT, related_name="curriculum_items"
    )
    semester = models.PositiveSmallIntegerField(
        _("semester"), validators=[MinValueValidator(1), MaxValueValidator(16)]
    )
    component = models.CharField(
        _("component"),
        max_length=12,
        choices=Component.choices,
        default=Component.GENERAL_MANDATORY,
    )
    # Electives: a student picks `elective_choose` disciplines from each group (SIS-3, SIS-4).
    elective_group = models.CharField(_("elective group"), max_length=40, blank=True)
    elective_choose = models.PositiveSmallIntegerField(_("disciplines to choose"), default=1)

    class Meta:
        verbose_name = _("curriculum item")
        verbose_name_plural = _("curriculum items")
        ordering = ["curriculum", "semester", "discipline__code"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["curriculum", "discipline"], name="curriculum_item_unique_discipline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.curriculum} · {self.semester} · {self.discipline.code}"


class AcademicYear(models.Model):
    """An academic year of the institution's calendar (CAL-6)."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="academic_years"
    )
    start_year = models.PositiveSmallIntegerField(_("first calendar year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["institution", "-start_year"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["institution", "start_year"], name="academic_year_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="academic_year_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_year}–{self.start_year + 1}"


class PeriodKind(models.TextChoices):
    SEMESTER = "semester", _("semester")
    TRIMESTER = "trimester", _("trimester")
    QUARTER = "quarter", _("quarter")
    SUMMER = "summer", _("summer semester")


class AcademicPeriod(models.Model):
    """An academic period: semester of 15 weeks by default, summer ≥ 6 weeks (CAL-6)."""

    academic_year = models.ForeignKey(
        "institutions.AcademicYear", on_delete=models.CASCADE, related_name="periods"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(
        _("kind"), max_length=12, choices=PeriodKind.choices, default=PeriodKind.SEMESTER
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    exam_session_starts_on = models.DateField(_("exam session starts"), null=True, blank=True)

    class Meta:
        verbose_name = _("academic period")
        verbose_name_plural = _("academic periods")
        ordering = ["academic_year", "starts_on"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["academic_year", "kind", "number"], name="academic_period_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="academic_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.academic_year} · {self.get_kind_display()} {self.number}"


class StudentGroup(TimeStampedModel):
    """An academic group (e.g. ИС-24-1) of one program and intake."""

    program = models.ForeignKey(
        "institutions.Program", on_delete=models.PROTECT, related_name="groups"
    )
    code = models.CharField(_("code"), max_length=30)
    admission_year = models.PositiveSmallIntegerField(_("intake year"))
    language = models.CharField(
        _("language of instruction"),
        max_length=5,
        choices=InstructionLanguage.choices,
        default=InstructionLanguage.KAZAKH,
    )

    class Meta:
        verbose_name = _("student group")
        verbose_name_plural = _("student groups")
        ordering = ["code"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["program", "code"], name="group_unique_code")
        ]

    def __str__(self) -> str:
        return self.code
