"""People: roles with their scope (SEC-2), students' personal files (SIS-6), staff,
and individual study plans (SIS-4)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from qashyq.core.identifiers import validate_iin
from qashyq.core.models import TimeStampedModel
from qashyq.institutions.models import Component, InstructionLanguage, StudyForm


class Role(models.TextChoices):
    STUDENT = "student", _("student")
    TEACHER = "teacher", _("teacher")
    TUTOR = "tutor", _("tutor")
    ADVISOR = "advisor", _("advisor")
    DEPARTMENT_HEAD = "department_head", _("head of department")
    DEAN = "dean", _("dean")
    REGISTRAR = "registrar", _("Office Registrar")
    DISTANCE_UNIT = "distance_unit", _("distance-learning unit")
    PROCTOR = "proctor", _("proctor")
    RECTOR_OFFICE = "rector_office", _("rector's office")
    ADMIN = "admin", _("administrator")


class RoleAssignment(TimeStampedModel):
    """One role a person holds, with its scope (SEC-2).

    The scope narrows what the role sees: a dean's `faculty`, a department head's
    `department`, an advisor's `group`. Institution-wide roles (registrar, rector's
    office, distance-learning unit, administrator) leave the narrower scopes empty.
    A person may hold several assignments.
    """

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="role_assignments"
    )
    faculty = models.ForeignKey(
        "institutions.Faculty", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        "institutions.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    group = models.ForeignKey(
        "institutions.StudentGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]  # noqa: RUF012
        indexes = [models.Index(fields=["user", "role"], name="people_role_user_role")]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            # An empty scope counts as a value (0), so the same role cannot be given twice
            # on SQLite and PostgreSQL alike (nulls_distinct=False is PostgreSQL-only).
            models.UniqueConstraint(
                "user",
                "role",
                "institution",
                Coalesce("faculty", 0),
                Coalesce("department", 0),
                Coalesce("group", 0),
                name="role_assignment_unique",
            )
        ]

    def __str__(self) -> str:
        scope = self.group or self.department or self.faculty or self.institution
        return f"{self.get_role_display()} · {scope}"


class Sex(models.TextChoices):
    FEMALE = "f", _("female")
    MALE = "m", _("male")


class StudentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    ACADEMIC_LEAVE = "academic_leave", _("on academic leave")
    EXPELLED = "expelled", _("expelled")
    GRADUATED = "graduated", _("graduated")


class PriorEducation(models.TextChoices):
    """The education a student was admitted on (ELIG-5: distance learning is not
    allowed on the basis of general secondary education, with exceptions)."""

    GENERAL_SECONDARY = "secondary", _("general secondary education")
    TVET = "tvet", _("technical and vocational education")
    HIGHER = "higher", _("higher education")
    POSTGRADUATE = "postgraduate", _("postgraduate education")


class Funding(models.TextChoices):
    STATE_GRANT = "grant", _("state educational grant")
    PAID = "paid", _("paid contract")


phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{7,20}$", _("Enter a phone number such as +7 701 234 56 78.")
)


class Student(TimeStampedModel):
    """The electronic personal file of a student (SIS-6)."""

    user = models.OneToOneField("accounts.User", on_delete=models.PROTECT, related_name="student")
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="students"
    )
    student_number = models.CharField(_("student ID number"), max_length=20)
    # IIN-1; personal data, masked on screens (IIN-2). NULL, not "", when unknown, so
    # that the unique constraint per institution ignores files without an IIN.
    iin = models.CharField(  # noqa: DJ001
        _("IIN"), max_length=12, null=True, blank=True, validators=[validate_iin]
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=2, default="KZ")
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    program = models.ForeignKey(
        "institutions.Program", on_delete=models.PROTECT, related_name="students"
    )
    group = models.ForeignKey(
        "institutions.StudentGroup",
        on_delete=models.PROTECT,
        related_name="students",
        null=True,
        blank=True,
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
    funding = models.CharField(
        _("funding"), max_length=8, choices=Funding.choices, default=Funding.STATE_GRANT
    )
    admission_year = models.PositiveSmallIntegerField(_("intake year"))
    prior_education = models.CharField(
        _("admitted on the basis of"),
        max_length=12,
        choices=PriorEducation.choices,
        default=PriorEducation.GENERAL_SECONDARY,
    )
    course_year = models.PositiveSmallIntegerField(
        _("year of study"), default=1, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    # The current status; every change is a StudentStatusChange row (the history).
    status = models.CharField(
        _("status"), max_length=20, choices=StudentStatus.choices, default=StudentStatus.ENROLLED
    )

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["student_number"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["institution", "student_number"], name="student_unique_number"
            ),
            models.UniqueConstraint(
                fields=["institution", "iin"],
                condition=models.Q(iin__isnull=False),
                name="student_unique_iin",
            ),
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["program", "status"], name="people_student_prog_status"),
            models.Index(fields=["group", "status"], name="people_student_group_status"),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name()} ({self.student_number})"


class StudentStatusChange(models.Model):
    """The status history of a personal file (SIS-6). Append-only."""

    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="status_history"
    )
    status = models.CharField(_("status"), max_length=20, choices=StudentStatus.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    order_number = models.CharField(_("order number"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["student", "effective_on", "id"]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.effective_on} {self.get_status_display()}"


class Staff(TimeStampedModel):
    """A member of staff: teacher, tutor, advisor, administrator …"""

    user = models.OneToOneField("accounts.User", on_delete=models.PROTECT, related_name="staff")
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="staff"
    )
    department = models.ForeignKey(
        "institutions.Department",
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    academic_degree = models.CharField(_("academic degree"), max_length=100, blank=True)
    academic_title = models.CharField(_("academic title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["user__last_name", "user__first_name"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.user.get_full_name()


class TeacherTraining(TimeStampedModel):
    """A completed course of professional development (ONL-4: teachers admitted to
    online teaching completed at least 72 hours of training in IT competence and
    online pedagogy within the last three years)."""

    staff = models.ForeignKey("people.Staff", on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("course title"), max_length=300)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"))
    completed_on = models.DateField(_("completed on"))
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    online_pedagogy = models.BooleanField(
        _("IT competence or online pedagogy"),
        default=True,
        help_text=_("Counts towards the 72 hours required for online teaching."),
    )

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["staff", "-completed_on"]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.title} ({self.hours} h, {self.completed_on})"


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    COMPLETED = "completed", _("completed")
    DROPPED = "dropped", _("dropped")


class Delivery(models.TextChoices):
    """How a discipline of the plan is studied (LIM-1…LIM-6)."""

    IN_PERSON = "in_person", _("in person")
    DISTANCE = "distance", _("by distance learning")


class CreditBasis(models.TextChoices):
    """Where the credits of a plan item come from (LIM-7, LIM-8, LIM-10)."""

    REGULAR = "regular", _("the home program")
    ACADEMIC_MOBILITY = "mobility", _("academic mobility")
    DOUBLE_DEGREE = "double_degree", _("double-degree or exchange program")
    NON_FORMAL = "non_formal", _("non-formal education or a MOOC, recognized")


class StudyPlanItem(TimeStampedModel):
    """One discipline of a student's individual study plan (SIS-4), drawn from the
    working curriculum; electives are the student's choices (SIS-3)."""

    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="plan_items"
    )
    curriculum_item = models.ForeignKey(
        "institutions.CurriculumItem",
        on_delete=models.PROTECT,
        related_name="plan_items",
        null=True,
        blank=True,
    )
    discipline = models.ForeignKey(
        "institutions.Discipline", on_delete=models.PROTECT, related_name="plan_items"
    )
    semester = models.PositiveSmallIntegerField(
        _("semester"), validators=[MinValueValidator(1), MaxValueValidator(16)]
    )
    credits = models.PositiveSmallIntegerField(_("credits"))
    component = models.CharField(
        _("component"),
        max_length=12,
        choices=Component.choices,
        default=Component.GENERAL_MANDATORY,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IN_PERSON
    )
    credit_basis = models.CharField(
        _("credits earned through"),
        max_length=14,
        choices=CreditBasis.choices,
        default=CreditBasis.REGULAR,
    )

    class Meta:
        verbose_name = _("study plan item")
        verbose_name_plural = _("study plan items")
        ordering = ["student", "semester", "discipline__code"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["student", "discipline"], name="plan_item_unique_discipline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student.student_number} · {self.semester} · {self.discipline.code}"
