"""Errors of the accounts domain: stable codes, translated messages."""

from __future__ import annotations

from qashyq.core.errors import DomainError, NotFound


class ApiTokenNotFound(NotFound):
    """No such token among the actor's own (absent and not-yours look the same)."""

    code = "api_token_not_found"


class SigninLockedError(DomainError):
    """Too many recent failures for this account or address (SEC-1)."""

    code = "signin_locked"
    status = 429


class PasswordInvalidError(DomainError):
    code = "password_invalid"
    status = 422


class TotpCodeInvalidError(DomainError):
    code = "totp_code_invalid"
    status = 422


class TotpStateInvalidError(DomainError):
    """Two-factor is already on, or there is no pending secret to confirm."""

    code = "totp_state_invalid"
    status = 409
