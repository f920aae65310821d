"""Accounts API: authentication classes and the current user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer, SessionAuth

from qashyq.accounts import services
from qashyq.accounts.models import User

router = Router(tags=["accounts"])


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = services.api_token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


class SessionAuthCSRF(SessionAuth):
    """The browser session; unsafe methods need the CSRF token."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return super().authenticate(request, key)


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    language: str
    totp_enabled: bool


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request: HttpRequest) -> dict[str, object]:
    """Who the request is authenticated as."""
    user: User = request.user  # type: ignore[assignment]
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "language": user.language,
        "totp_enabled": user.totp_enabled,
    }
