"""Errors of the institution's structure: stable codes, translated messages."""

from __future__ import annotations

from qashyq.core.errors import DomainError, NotFound


class StructureNotFound(NotFound):
    """A faculty, program, curriculum … that is absent or not visible to the actor (SEC-2)."""

    code = "structure_not_found"


class StructureChangeForbidden(DomainError):
    """The actor may read this institution's structure but not change it."""

    code = "structure_change_forbidden"
    status = 403


class StructureInvalid(DomainError):
    """A value breaks a rule of the structure (a duplicate code, a date outside the year …).

    `extra["field"]` names the form field the message belongs to, when there is one.
    """

    code = "structure_invalid"
    status = 422


class DuplicateCode(StructureInvalid):
    code = "duplicate_code"
    status = 409


class DirectionLevelMismatch(StructureInvalid):
    """CLS-1: 6B is for bachelor's programs, 7M for master's/MBA/EMBA, 8D for doctorate/DBA."""

    code = "direction_level_mismatch"


class PeriodOutsideYear(StructureInvalid):
    code = "period_outside_year"


class PeriodsOverlap(StructureInvalid):
    code = "periods_overlap"


class SemesterOutOfRange(StructureInvalid):
    code = "semester_out_of_range"


class HoursCreditsMismatch(StructureInvalid):
    """CRD-1: a discipline's hours must total credits × 30."""

    code = "hours_credits_mismatch"
