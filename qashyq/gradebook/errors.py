"""The gradebook's domain errors (rendered by the API's handler and shown on pages)."""

from __future__ import annotations

from qashyq.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed


class GradebookNotFound(NotFound):
    code = "gradebook_not_found"


class GradeNotAllowed(PermissionDenied):
    code = "grade_not_allowed"


class GradeInvalid(ValidationFailed):
    code = "grade_invalid"


class ReasonRequired(ValidationFailed):
    """Changing an existing grade by hand needs a reason (SIS-1 history)."""

    code = "grade_reason_required"


class FinalsLocked(DomainError):
    """The statement is confirmed: only the registrar changes grades, with a reason."""

    code = "finals_locked"
    status = 409


class RetakeNotAllowed(DomainError):
    """GRD-5: only an FX is retaken, within the institution's number of retakes."""

    code = "retake_not_allowed"
    status = 409
