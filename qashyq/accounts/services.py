"""Writes for accounts: sign-in, two-factor, tokens, profile, and the audit trail.

Every event that matters for security is written to AuthEvent (SEC-4) and logged to
the `qashyq.audit` logger. The sign-in rate limit is computed from AuthEvent rows, so
it holds across processes and restarts (SEC-1).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qashyq.accounts import selectors, totp
from qashyq.accounts.data import USER_AGENT_MAX, SigninOutcome, SigninResult
from qashyq.accounts.errors import (
    ApiTokenNotFound,
    PasswordInvalidError,
    SigninLockedError,
    TotpCodeInvalidError,
    TotpStateInvalidError,
)
from qashyq.accounts.models import ApiToken, AuthEvent, AuthEventKind, Language, User
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.services import footprint_record

audit_log = logging.getLogger("qashyq.audit")
LOGIN_MAX = 254


# --- audit -----------------------------------------------------------------------------

_FOOTPRINT_VERBS = {
    AuthEventKind.SIGNED_IN: Verb.LOGGED_IN,
    AuthEventKind.SIGNED_OUT: Verb.LOGGED_OUT,
}


def auth_event_record(
    *,
    kind: AuthEventKind,
    user: User | None = None,
    username: str = "",
    ip: str | None = None,
    user_agent: str = "",
) -> AuthEvent:
    """Append one line to the sign-in audit log (SEC-4) and to the `qashyq.audit` log."""
    name = (username or (user.username if user is not None else ""))[:LOGIN_MAX]
    event = AuthEvent.objects.create(
        user=user,
        username=name,
        kind=kind,
        ip_address=ip or None,
        user_agent=user_agent[:USER_AGENT_MAX],
    )
    footprint_verb = _FOOTPRINT_VERBS.get(kind)
    if footprint_verb is not None and user is not None:
        # FP-2, FP-3: sign-ins and sign-outs are in the footprint too (the platform sign-in
        # log of the reports, "no sign-in for N days" of the at-risk signals).
        footprint_record(
            action=Action(
                actor_id=user.pk,
                verb=footprint_verb,
                object_type=ActivityType.PLATFORM,
                object_id="qashyq",
                object_name="Qashyq",
                context={"ip": ip} if ip else {},
            )
        )
    audit_log.info(
        "auth_event kind=%s user_id=%s username=%r ip=%s",
        kind.value,
        user.pk if user is not None else None,
        name,
        ip,
    )
    return event


# --- rate limit ------------------------------------------------------------------------


def normalize_login(login: str) -> str:
    """How a typed login is stored and counted: trimmed, lower case."""
    return login.strip().lower()[:LOGIN_MAX]


def _wait_after(times: list[datetime], *, limit: int, window: timedelta, now: datetime) -> int:
    """Seconds until fewer than `limit` of `times` (newest first) lie within the window."""
    if limit <= 0 or len(times) < limit:
        return 0
    return max(1, int((times[limit - 1] + window - now).total_seconds()))


def signin_lock_remaining(*, user: User | None, login: str, ip: str | None) -> int:
    """Seconds the account or address stays locked; 0 when sign-in may be tried (SEC-1).

    Locked when the account had SIGNIN_FAILURE_LIMIT failures, or the address had
    SIGNIN_ADDRESS_FAILURE_LIMIT, within the last SIGNIN_FAILURE_WINDOW_SECONDS.
    """
    now = timezone.now()
    window = timedelta(seconds=settings.SIGNIN_FAILURE_WINDOW_SECONDS)
    account_limit = settings.SIGNIN_FAILURE_LIMIT
    address_limit = settings.SIGNIN_ADDRESS_FAILURE_LIMIT
    account = selectors.signin_failure_times(
        user_id=user.pk if user is not None else None,
        login=login,
        since=now - window,
        limit=account_limit,
    )
    address = selectors.address_failure_times(ip=ip, since=now - window, limit=address_limit)
    return max(
        _wait_after(account, limit=account_limit, window=window, now=now),
        _wait_after(address, limit=address_limit, window=window, now=now),
    )


# --- sign-in ---------------------------------------------------------------------------


def signin_attempt(
    *, username: str, password: str, ip: str | None, user_agent: str
) -> SigninResult:
    """Check a user name or e-mail and password (SEC-1). Does not start a session.

    Refused without looking at the password while the account or address is locked.
    The same FAILED outcome for an unknown login and a wrong password (no enumeration).
    With two-factor on, a right password gives TOTP_REQUIRED and no SIGNED_IN event yet.
    """
    login = normalize_login(username)
    user = selectors.user_find_by_login(login=login)
    wait = signin_lock_remaining(user=user, login=login, ip=ip)
    if wait:
        auth_event_record(
            kind=AuthEventKind.LOCKED, user=user, username=login, ip=ip, user_agent=user_agent
        )
        return SigninResult(SigninOutcome.LOCKED, retry_after_seconds=wait)
    authenticated = authenticate(None, username=login, password=password)
    if not isinstance(authenticated, User):
        auth_event_record(
            kind=AuthEventKind.FAILED, user=user, username=login, ip=ip, user_agent=user_agent
        )
        return SigninResult(SigninOutcome.FAILED)
    if authenticated.totp_enabled:
        return SigninResult(SigninOutcome.TOTP_REQUIRED, user=authenticated)
    auth_event_record(
        kind=AuthEventKind.SIGNED_IN, user=authenticated, ip=ip, user_agent=user_agent
    )
    return SigninResult(SigninOutcome.SIGNED_IN, user=authenticated)


def _totp_consume(*, user: User, code: str) -> bool:
    """Accept `code` for `user` once: the step is stored race-safely so it cannot be replayed."""
    step = totp.matching_step(
        secret=user.totp_secret, code=code, when=timezone.now(), after_step=user.totp_last_step
    )
    if step is None:
        return False
    taken = User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(totp_last_step=step)
    if not taken:
        return False
    user.totp_last_step = step
    return True


def signin_totp_verify(*, user_id: int, code: str, ip: str | None, user_agent: str) -> SigninResult:
    """The second step of sign-in for an account with two-factor on (SEC-1).

    A wrong or reused code is a TOTP_FAILED event and counts towards the rate limit.
    """
    user = User.objects.filter(pk=user_id, is_active=True, totp_enabled=True).first()
    if user is None:
        return SigninResult(SigninOutcome.FAILED)
    wait = signin_lock_remaining(user=user, login=user.username.lower(), ip=ip)
    if wait:
        auth_event_record(kind=AuthEventKind.LOCKED, user=user, ip=ip, user_agent=user_agent)
        return SigninResult(SigninOutcome.LOCKED, retry_after_seconds=wait)
    if not _totp_consume(user=user, code=code):
        auth_event_record(kind=AuthEventKind.TOTP_FAILED, user=user, ip=ip, user_agent=user_agent)
        return SigninResult(SigninOutcome.FAILED)
    auth_event_record(kind=AuthEventKind.SIGNED_IN, user=user, ip=ip, user_agent=user_agent)
    return SigninResult(SigninOutcome.SIGNED_IN, user=user)


def signout_record(*, user: User, ip: str | None, user_agent: str) -> AuthEvent:
    """Audit a sign-out (the view ends the session)."""
    return auth_event_record(kind=AuthEventKind.SIGNED_OUT, user=user, ip=ip, user_agent=user_agent)


# --- two-factor ------------------------------------------------------------------------


@transaction.atomic
def totp_setup_begin(*, user: User) -> str:
    """Generate a new pending secret; two-factor stays off until a first code confirms it."""
    if user.totp_enabled:
        raise TotpStateInvalidError(_("Two-factor sign-in is already on."))
    user.totp_secret = totp.secret_new()
    user.save(update_fields=["totp_secret"])
    return user.totp_secret


def totp_enable(*, user: User, code: str, ip: str | None, user_agent: str) -> User:
    """Turn two-factor on after a correct first code from the pending secret (SEC-1)."""
    if user.totp_enabled or not user.totp_secret:
        raise TotpStateInvalidError(_("Start the two-factor set-up first."))
    with transaction.atomic():
        if not _totp_consume(user=user, code=code):
            raise TotpCodeInvalidError(_("The code is wrong or has expired. Try the current one."))
        user.totp_enabled = True
        user.save(update_fields=["totp_enabled"])
        auth_event_record(kind=AuthEventKind.TOTP_ENABLED, user=user, ip=ip, user_agent=user_agent)
    return user


def totp_disable(*, user: User, password: str, code: str, ip: str | None, user_agent: str) -> User:
    """Turn two-factor off: needs the password and a current code (SEC-1).

    Wrong answers are audited and count towards the sign-in rate limit, so this form
    cannot be used to guess the password of a session left open.
    """
    if not user.totp_enabled:
        raise TotpStateInvalidError(_("Two-factor sign-in is not on."))
    wait = signin_lock_remaining(user=user, login=user.username.lower(), ip=ip)
    if wait:
        auth_event_record(kind=AuthEventKind.LOCKED, user=user, ip=ip, user_agent=user_agent)
        raise SigninLockedError(signin_locked_message(seconds=wait), retry_after_seconds=wait)
    if not user.check_password(password):
        auth_event_record(kind=AuthEventKind.FAILED, user=user, ip=ip, user_agent=user_agent)
        raise PasswordInvalidError(_("The password is wrong."))
    if not _totp_consume(user=user, code=code):
        auth_event_record(kind=AuthEventKind.TOTP_FAILED, user=user, ip=ip, user_agent=user_agent)
        raise TotpCodeInvalidError(_("The code is wrong or has expired. Try the current one."))
    with transaction.atomic():
        user.totp_enabled = False
        user.totp_secret = ""
        user.save(update_fields=["totp_enabled", "totp_secret"])
        auth_event_record(kind=AuthEventKind.TOTP_DISABLED, user=user, ip=ip, user_agent=user_agent)
    return user


@transaction.atomic
def totp_reset(*, user: User, ip: str | None, user_agent: str) -> User:
    """An administrator turns two-factor off for a user who lost the device (audited)."""
    user.totp_enabled = False
    user.totp_secret = ""
    user.save(update_fields=["totp_enabled", "totp_secret"])
    auth_event_record(kind=AuthEventKind.TOTP_DISABLED, user=user, ip=ip, user_agent=user_agent)
    return user


def signin_locked_message(*, seconds: int) -> str:
    """The translated lock-out message, with roughly how many minutes to wait."""
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Too many failed attempts. Try again in %(minutes)d minute.",
        "Too many failed attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


# --- passwords -------------------------------------------------------------------------


def password_reset_request_record(*, email: str, ip: str | None, user_agent: str) -> AuthEvent:
    """Audit a reset request; the page answers the same whether the address is known."""
    login = normalize_login(email)
    user = User.objects.filter(email__iexact=login).first() if login else None
    return auth_event_record(
        kind=AuthEventKind.PASSWORD_RESET_REQUESTED,
        user=user,
        username=login,
        ip=ip,
        user_agent=user_agent,
    )


def password_change_record(*, user: User, ip: str | None, user_agent: str) -> AuthEvent:
    """Audit a password change (by the signed-in user or through a reset link)."""
    return auth_event_record(
        kind=AuthEventKind.PASSWORD_CHANGED, user=user, ip=ip, user_agent=user_agent
    )


def password_change_failed_record(*, user: User, ip: str | None, user_agent: str) -> AuthEvent:
    """Audit a wrong current password on the change form; it counts as a failure (SEC-1)."""
    return auth_event_record(kind=AuthEventKind.FAILED, user=user, ip=ip, user_agent=user_agent)


# --- profile ---------------------------------------------------------------------------


@transaction.atomic
def user_profile_update(
    *, user: User, first_name: str, last_name: str, middle_name: str, language: str
) -> User:
    """Save the user's name and interface language preference."""
    if language not in Language.values:
        language = settings.LANGUAGE_CODE
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.middle_name = middle_name.strip()
    user.language = language
    user.save(update_fields=["first_name", "last_name", "middle_name", "language"])
    return user


# --- API tokens ------------------------------------------------------------------------


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    expires_at: datetime | None = None,
    ip: str | None = None,
    user_agent: str = "",
) -> tuple[ApiToken, str]:
    """Issue a personal API token; the key is returned once and only its hash is kept."""
    key = f"qsq_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=key[4:12],
        key_hash=token_hash(key),
        expires_at=expires_at,
    )
    auth_event_record(kind=AuthEventKind.TOKEN_CREATED, user=user, ip=ip, user_agent=user_agent)
    return token, key


@transaction.atomic
def api_token_revoke(
    *, user: User, token_id: int, ip: str | None = None, user_agent: str = ""
) -> None:
    """Revoke one of the user's own live tokens; ApiTokenNotFound otherwise."""
    revoked = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not revoked:
        raise ApiTokenNotFound(_("No such API token."))
    auth_event_record(kind=AuthEventKind.TOKEN_REVOKED, user=user, ip=ip, user_agent=user_agent)


def api_token_authenticate(*, key: str) -> User | None:
    """The active user of a live token, or None; touches `last_used_at` at most once a minute."""
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
