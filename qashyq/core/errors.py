"""Domain errors: a stable `code` for machines, a translated `message` for people."""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    """A domain rule said no."""

    code: ClassVar[str] = "domain_error"
    status: ClassVar[int] = 400

    def __init__(self, message: str, **extra: object) -> None:
        super().__init__(message)
        self.message = str(message)
        self.extra = extra


class NotFound(DomainError):
    """Absent or not visible to the actor: the same answer for both (SEC-2)."""

    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403


class ValidationFailed(DomainError):
    code = "validation_failed"
    status = 422
