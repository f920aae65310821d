"""The compliance dashboard's read model (ADR 0016).

A `ComplianceRun` is one computation of the verdicts of every current student's study
plan and every active program of an institution, as of one date, stamped with the
generations of the data it read (core.cache). A `ComplianceRow` holds, for one student
or program of the run, which requirements ended in which outcome: one bit per
requirement id in three masks, the bit order kept in the run (`requirements`).

Masks, not a row per verdict: a run of 30,000 students is 30,000 short rows (about a
tenth of a second to write), and the dashboard filters, counts and pages them in SQL.
The figures and citations are not stored: they are localized, so a page checks only the
students it shows again, in the reader's language (`selectors.check_students`).
Imported at the end of models.py, so that Django registers these models with the app.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qashyq.core.scope import INSTITUTION_WIDE_ROLES

# Who opens the dashboard (SEC-2): institution-wide offices see the institution, a dean
# the faculty, a head of department the department (selectors_compliance).
DASHBOARD_ROLES = frozenset({*INSTITUTION_WIDE_ROLES, "dean", "department_head"})
# A BigIntegerField is signed 64-bit: bits 0 … 62 are safe on SQLite and PostgreSQL.
MAX_REQUIREMENTS = 63


class SubjectOfRow(models.TextChoices):
    STUDENT = "student", _("student")
    PROGRAM = "program", _("education program")


class ComplianceRun(models.Model):
    """Every verdict of an institution's students and programs as of a date, computed once
    and kept until the data it read changes (ADR 0016)."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+"
    )
    as_of = models.DateField(_("as of"))
    # core.cache generations of people, structure and regulations when it was computed.
    generation = models.CharField(_("data generation"), max_length=120)
    computed_at = models.DateTimeField(_("computed at"))
    duration_ms = models.PositiveIntegerField(_("computation time, ms"), default=0)
    students = models.PositiveIntegerField(_("students checked"), default=0)
    programs = models.PositiveIntegerField(_("programs checked"), default=0)
    # Bit order of the masks: {"student": ["ELIG-5", "LIM-1", …], "program": [...]}.
    requirements = models.JSONField(_("requirements"), default=dict)

    class Meta:
        verbose_name = _("compliance run")
        verbose_name_plural = _("compliance runs")
        ordering = ["institution", "-as_of"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["institution", "as_of"], name="compliance_run_unique")
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.as_of} ({self.computed_at:%Y-%m-%d %H:%M})"

    def requirement_bits(self, subject: str) -> dict[str, int]:
        """Requirement id → its bit in the masks of `subject` rows."""
        names = self.requirements.get(subject, [])
        return {name: 1 << index for index, name in enumerate(names)}


class ComplianceRow(models.Model):
    """The outcomes of one student's plan or one program in a run, as bit masks."""

    run = models.ForeignKey(ComplianceRun, on_delete=models.CASCADE, related_name="rows")
    subject = models.CharField(_("subject"), max_length=8, choices=SubjectOfRow.choices)
    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    program = models.ForeignKey("institutions.Program", on_delete=models.CASCADE, related_name="+")
    violated = models.BigIntegerField(_("requirements violated"), default=0)
    allowed = models.BigIntegerField(_("requirements met"), default=0)
    not_applicable = models.BigIntegerField(_("requirements not applicable"), default=0)

    class Meta:
        verbose_name = _("compliance row")
        verbose_name_plural = _("compliance rows")
        indexes = [  # noqa: RUF012
            models.Index(fields=["run", "subject", "violated"], name="reg_compliance_row_run"),
            models.Index(fields=["run", "student"], name="reg_compliance_row_student"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.subject} {self.student_id or self.program_id}"
