"""Reads for accounts: who a login names, recent failures, tokens, the audit log."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from qashyq.accounts import permissions
from qashyq.accounts.data import AuthEventFilter
from qashyq.accounts.errors import ApiTokenNotFound
from qashyq.accounts.models import ApiToken, AuthEvent, AuthEventKind, User
from qashyq.core.errors import NotFound
from qashyq.core.scope import ActorScope

# Events that count towards the sign-in rate limit (SEC-1). Refusals (LOCKED) do not
# count, so a lock-out ends one window after the failure that caused it.
FAILURE_KINDS = (AuthEventKind.FAILED, AuthEventKind.TOTP_FAILED)
OWN_HISTORY_SIZE = 20


def user_find_by_login(*, login: str) -> User | None:
    """The account a user name or e-mail address names (case-insensitive), if any."""
    login = login.strip()
    if not login:
        return None
    field = "email__iexact" if "@" in login else "username__iexact"
    return User.objects.filter(**{field: login}).first()


def signin_failure_times(
    *, user_id: int | None, login: str, since: datetime, limit: int
) -> list[datetime]:
    """Times of the latest `limit` failures against an account since `since`, newest first.

    System read for the rate limit: failures count whether they name the account by
    its row (wrong password, wrong code) or by the login typed (unknown names too).
    """
    match = Q(username=login) if login else Q(pk__in=[])
    if user_id is not None:
        match |= Q(user_id=user_id)
    rows = (
        AuthEvent.objects.filter(match, kind__in=FAILURE_KINDS, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)
    )
    return list(rows[:limit])


def address_failure_times(*, ip: str | None, since: datetime, limit: int) -> list[datetime]:
    """Times of the latest `limit` failures from one address since `since`, newest first."""
    if not ip:
        return []
    rows = (
        AuthEvent.objects.filter(ip_address=ip, kind__in=FAILURE_KINDS, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)
    )
    return list(rows[:limit])


def auth_event_list(*, actor: ActorScope, filters: AuthEventFilter) -> QuerySet[AuthEvent]:
    """Everyone's sign-in events, for administrators only; others get NotFound (SEC-4)."""
    if not permissions.can_view_audit_log(actor):
        raise NotFound(_("Page not found."))
    events = AuthEvent.objects.select_related("user").order_by("-at", "-id")
    if filters.username:
        events = events.filter(
            Q(username__icontains=filters.username) | Q(user__username__icontains=filters.username)
        )
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.date_from:
        events = events.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(at__date__lte=filters.date_to)
    if filters.address:
        events = events.filter(ip_address__startswith=filters.address.strip())
    return events


def auth_event_list_own(*, actor: ActorScope, limit: int = OWN_HISTORY_SIZE) -> list[AuthEvent]:
    """The actor's own latest sign-in events (sign-ins, failures, lock-outs, changes)."""
    return list(
        AuthEvent.objects.filter(permissions.own_scope(actor)).order_by("-at", "-id")[:limit]
    )


def api_token_list_own(*, actor: ActorScope) -> QuerySet[ApiToken]:
    """The actor's tokens that are not revoked, newest first."""
    return ApiToken.objects.filter(permissions.own_scope(actor), revoked_at__isnull=True).order_by(
        "-created_at", "-id"
    )


def api_token_get_own(*, actor: ActorScope, token_id: int) -> ApiToken:
    """One of the actor's own live tokens; ApiTokenNotFound for absent, revoked, not yours."""
    token = api_token_list_own(actor=actor).filter(pk=token_id).first()
    if token is None:
        raise ApiTokenNotFound(_("No such API token."))
    return token
