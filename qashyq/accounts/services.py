"""Writes for accounts: tokens, audit events. (Sign-in flow: see views and this module.)"""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from qashyq.accounts.models import ApiToken, AuthEvent, AuthEventKind, User


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a personal API token; the key is returned once and only its hash is kept."""
    key = f"qsq_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name, prefix=key[4:12], key_hash=token_hash(key))
    AuthEvent.objects.create(user=user, username=user.username, kind=AuthEventKind.TOKEN_CREATED)
    return token, key


def api_token_authenticate(*, key: str) -> User | None:
    """The active user of a token, or None; touches `last_used_at` at most once a minute."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
