"""Plain data passed between the accounts layers (and to other apps)."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.http import HttpRequest

from qashyq.core.http import client_address

if TYPE_CHECKING:
    from qashyq.accounts.models import User

USER_AGENT_MAX = 300


class SigninOutcome(enum.Enum):
    SIGNED_IN = "signed_in"
    TOTP_REQUIRED = "totp_required"
    FAILED = "failed"
    LOCKED = "locked"


@dataclass(frozen=True)
class SigninResult:
    """What a sign-in step decided. `user` is set for SIGNED_IN and TOTP_REQUIRED only."""

    outcome: SigninOutcome
    user: User | None = None
    retry_after_seconds: int = 0

    @property
    def retry_after_minutes(self) -> int:
        """Whole minutes to wait, rounded up (at least 1 when locked)."""
        return max(1, math.ceil(self.retry_after_seconds / 60)) if self.retry_after_seconds else 0


@dataclass(frozen=True)
class ClientInfo:
    """Where a request came from, as recorded in the audit log (SEC-4).

    The address comes from core.http.client_address: REMOTE_ADDR, or the
    X-Forwarded-For hop a trusted proxy (QASHYQ_TRUSTED_PROXIES) vouches for.
    """

    ip: str | None
    user_agent: str

    @classmethod
    def of(cls, request: HttpRequest) -> ClientInfo:
        ip = client_address(request)
        user_agent = str(request.META.get("HTTP_USER_AGENT", ""))[:USER_AGENT_MAX]
        return cls(ip=ip, user_agent=user_agent)


@dataclass(frozen=True)
class AuthEventFilter:
    """Filters of the audit log (all optional)."""

    username: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    address: str = ""
