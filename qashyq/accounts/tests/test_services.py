"""Sign-in, rate limit, two-factor, tokens and profile services (SEC-1, SEC-4)."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from qashyq.accounts import services, totp
from qashyq.accounts.data import SigninOutcome
from qashyq.accounts.errors import (
    ApiTokenNotFound,
    PasswordInvalidError,
    SigninLockedError,
    TotpCodeInvalidError,
    TotpStateInvalidError,
)
from qashyq.accounts.models import ApiToken, AuthEvent, AuthEventKind, User
from qashyq.accounts.tests.conftest import age_events, current_code, fail_times
from qashyq.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
UA = "Mozilla/5.0 pytest"


def kinds() -> list[str]:
    return list(AuthEvent.objects.order_by("id").values_list("kind", flat=True))


# --- SEC-1: sign-in --------------------------------------------------------------------


@pytest.mark.parametrize(
    "login", ["aigerim", "AIGERIM", " aigerim@example.kz ", "Aigerim@Example.KZ"]
)
def test_signin_by_username_or_email_records_success(user: User, login: str) -> None:
    result = services.signin_attempt(
        username=login, password=PASSWORD, ip="10.1.2.3", user_agent=UA
    )
    assert result.outcome is SigninOutcome.SIGNED_IN
    assert result.user == user
    event = AuthEvent.objects.get()
    assert (event.kind, event.user, event.username, event.ip_address, event.user_agent) == (
        AuthEventKind.SIGNED_IN,
        user,
        "aigerim",
        "10.1.2.3",
        UA,
    )


def test_wrong_password_and_unknown_user_look_the_same(user: User) -> None:
    wrong = services.signin_attempt(
        username="aigerim", password="nope", ip="10.0.0.1", user_agent=UA
    )
    unknown = services.signin_attempt(
        username="nobody", password="nope", ip="10.0.0.1", user_agent=UA
    )
    assert wrong == unknown
    assert wrong.outcome is SigninOutcome.FAILED
    assert wrong.user is None
    rows = list(AuthEvent.objects.order_by("id").values_list("kind", "user_id", "username"))
    assert rows == [("failed", user.pk, "aigerim"), ("failed", None, "nobody")]


def test_inactive_user_cannot_sign_in(user: User) -> None:
    user.is_active = False
    user.save()
    result = services.signin_attempt(username="aigerim", password=PASSWORD, ip=None, user_agent="")
    assert result.outcome is SigninOutcome.FAILED
    assert kinds() == ["failed"]


@override_settings(SIGNIN_FAILURE_LIMIT=3, SIGNIN_FAILURE_WINDOW_SECONDS=900)
def test_lockout_after_limit_refuses_even_the_right_password(user: User) -> None:
    fail_times("aigerim", 2)
    # Below the limit the right password still works.
    assert (
        services.signin_attempt(
            username="aigerim", password=PASSWORD, ip="10.0.0.2", user_agent=UA
        ).outcome
        is SigninOutcome.SIGNED_IN
    )
    fail_times("aigerim", 1)
    result = services.signin_attempt(
        username="aigerim@example.kz", password=PASSWORD, ip="10.0.0.3", user_agent=UA
    )
    assert result.outcome is SigninOutcome.LOCKED
    assert result.user is None
    assert result.retry_after_minutes == 15
    assert kinds() == ["failed", "failed", "signed_in", "failed", "locked"]
    locked = AuthEvent.objects.get(kind=AuthEventKind.LOCKED)
    assert (locked.user, locked.ip_address) == (user, "10.0.0.3")


@override_settings(SIGNIN_FAILURE_LIMIT=3, SIGNIN_FAILURE_WINDOW_SECONDS=900)
def test_lockout_counts_unknown_logins_too() -> None:
    fail_times("ghost", 3)
    result = services.signin_attempt(username="GHOST", password="x", ip="10.9.9.9", user_agent=UA)
    assert result.outcome is SigninOutcome.LOCKED


@override_settings(SIGNIN_FAILURE_LIMIT=3, SIGNIN_FAILURE_WINDOW_SECONDS=900)
def test_failures_expire_after_the_window(user: User) -> None:
    fail_times("aigerim", 3)
    age_events(seconds=901)
    result = services.signin_attempt(
        username="aigerim", password=PASSWORD, ip="10.0.0.1", user_agent=UA
    )
    assert result.outcome is SigninOutcome.SIGNED_IN


@override_settings(SIGNIN_FAILURE_LIMIT=3, SIGNIN_FAILURE_WINDOW_SECONDS=900)
def test_lock_ends_one_window_after_the_failure_that_caused_it(user: User) -> None:
    fail_times("aigerim", 3)
    AuthEvent.objects.update(at=timezone.now() - timedelta(seconds=600))
    result = services.signin_attempt(
        username="aigerim", password=PASSWORD, ip="10.0.0.1", user_agent=UA
    )
    assert result.outcome is SigninOutcome.LOCKED
    assert result.retry_after_minutes == 5


@override_settings(SIGNIN_FAILURE_LIMIT=100, SIGNIN_ADDRESS_FAILURE_LIMIT=4)
def test_address_limit_refuses_every_account_from_that_address(user: User) -> None:
    for name in ("a1", "a2", "a3", "a4"):
        fail_times(name, 1, ip="192.0.2.7")
    here = services.signin_attempt(
        username="aigerim", password=PASSWORD, ip="192.0.2.7", user_agent=UA
    )
    elsewhere = services.signin_attempt(
        username="aigerim", password=PASSWORD, ip="192.0.2.8", user_agent=UA
    )
    assert (here.outcome, elsewhere.outcome) == (SigninOutcome.LOCKED, SigninOutcome.SIGNED_IN)


@translation.override("en")
def test_locked_message_rounds_minutes_up_and_is_plural_aware() -> None:
    assert services.signin_locked_message(seconds=61) == (
        "Too many failed attempts. Try again in 2 minutes."
    )
    assert services.signin_locked_message(seconds=30) == (
        "Too many failed attempts. Try again in 1 minute."
    )


# --- SEC-1: two-factor -----------------------------------------------------------------


def test_password_step_with_totp_does_not_sign_in(totp_user: User) -> None:
    result = services.signin_attempt(
        username="aigerim", password=PASSWORD, ip="10.0.0.1", user_agent=UA
    )
    assert result.outcome is SigninOutcome.TOTP_REQUIRED
    assert result.user == totp_user
    assert kinds() == []


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_totp_code_within_one_step_signs_in(totp_user: User, offset: int) -> None:
    code = current_code(totp_user, offset=offset)
    result = services.signin_totp_verify(
        user_id=totp_user.pk, code=code, ip="10.0.0.1", user_agent=UA
    )
    assert result.outcome is SigninOutcome.SIGNED_IN
    assert kinds() == ["signed_in"]


def test_totp_code_two_steps_away_is_refused(totp_user: User) -> None:
    code = current_code(totp_user, offset=-3)
    result = services.signin_totp_verify(
        user_id=totp_user.pk, code=code, ip="10.0.0.1", user_agent=UA
    )
    assert result.outcome is SigninOutcome.FAILED
    assert kinds() == ["totp_failed"]


def test_totp_code_cannot_be_replayed(totp_user: User) -> None:
    code = current_code(totp_user)
    first = services.signin_totp_verify(
        user_id=totp_user.pk, code=code, ip="10.0.0.1", user_agent=UA
    )
    again = services.signin_totp_verify(
        user_id=totp_user.pk, code=code, ip="10.0.0.1", user_agent=UA
    )
    # An earlier step's code is refused too once a later one was used.
    older = services.signin_totp_verify(
        user_id=totp_user.pk, code=current_code(totp_user, offset=-1), ip="10.0.0.1", user_agent=UA
    )
    assert (first.outcome, again.outcome, older.outcome) == (
        SigninOutcome.SIGNED_IN,
        SigninOutcome.FAILED,
        SigninOutcome.FAILED,
    )
    totp_user.refresh_from_db()
    assert totp_user.totp_last_step == totp.step_at(
        secret=totp_user.totp_secret, when=timezone.now()
    )
    assert kinds() == ["signed_in", "totp_failed", "totp_failed"]


@override_settings(SIGNIN_FAILURE_LIMIT=3)
def test_wrong_totp_codes_count_towards_the_lockout(totp_user: User) -> None:
    for _ in range(3):
        services.signin_totp_verify(
            user_id=totp_user.pk, code="000000", ip="10.0.0.1", user_agent=UA
        )
    right = services.signin_totp_verify(
        user_id=totp_user.pk, code=current_code(totp_user), ip="10.0.0.1", user_agent=UA
    )
    password = services.signin_attempt(
        username="aigerim", password=PASSWORD, ip="10.0.0.5", user_agent=UA
    )
    assert (right.outcome, password.outcome) == (SigninOutcome.LOCKED, SigninOutcome.LOCKED)
    assert kinds() == ["totp_failed"] * 3 + ["locked", "locked"]


def test_totp_enable_needs_a_correct_first_code(user: User) -> None:
    secret = services.totp_setup_begin(user=user)
    user.refresh_from_db()
    assert (user.totp_secret, user.totp_enabled) == (secret, False)
    with pytest.raises(TotpCodeInvalidError):
        services.totp_enable(user=user, code="12345x", ip=None, user_agent="")
    assert User.objects.get(pk=user.pk).totp_enabled is False
    services.totp_enable(user=user, code=current_code(user), ip="10.0.0.1", user_agent=UA)
    assert User.objects.get(pk=user.pk).totp_enabled is True
    assert kinds() == ["totp_enabled"]
    with pytest.raises(TotpStateInvalidError):
        services.totp_setup_begin(user=user)


def test_totp_enable_without_setup_is_refused(user: User) -> None:
    with pytest.raises(TotpStateInvalidError):
        services.totp_enable(user=user, code="123456", ip=None, user_agent="")


def test_totp_disable_needs_password_and_current_code(totp_user: User) -> None:
    with pytest.raises(PasswordInvalidError):
        services.totp_disable(
            user=totp_user, password="bad", code=current_code(totp_user), ip=None, user_agent=""
        )
    with pytest.raises(TotpCodeInvalidError):
        services.totp_disable(
            user=totp_user, password=PASSWORD, code="000000", ip=None, user_agent=""
        )
    totp_user.refresh_from_db()
    assert totp_user.totp_enabled is True
    services.totp_disable(
        user=totp_user, password=PASSWORD, code=current_code(totp_user), ip=None, user_agent=""
    )
    totp_user.refresh_from_db()
    assert (totp_user.totp_enabled, totp_user.totp_secret) == (False, "")
    assert kinds() == ["failed", "totp_failed", "totp_disabled"]


@override_settings(SIGNIN_FAILURE_LIMIT=2)
def test_totp_disable_is_refused_while_locked(totp_user: User) -> None:
    fail_times("aigerim", 2)
    with pytest.raises(SigninLockedError):
        services.totp_disable(
            user=totp_user, password=PASSWORD, code=current_code(totp_user), ip=None, user_agent=""
        )
    totp_user.refresh_from_db()
    assert totp_user.totp_enabled is True


def test_matching_step_rejects_malformed_codes() -> None:
    secret = totp.secret_new()
    now = timezone.now()
    assert totp.matching_step(secret=secret, code="abcdef", when=now, after_step=0) is None
    assert totp.matching_step(secret=secret, code="1234567", when=now, after_step=0) is None
    assert totp.matching_step(secret="", code="123456", when=now, after_step=0) is None
    step = totp.step_at(secret=secret, when=now)
    code = totp.code_for_step(secret=secret, step=step)
    spaced = f"{code[:3]} {code[3:]}"
    assert totp.matching_step(secret=secret, code=spaced, when=now, after_step=0) == step


def test_qr_is_an_svg_data_uri() -> None:
    uri = totp.provisioning_uri(secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", account_name="aigerim")
    assert (
        uri == "otpauth://totp/Qashyq:aigerim?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Qashyq"
    )
    data = totp.qr_svg_data_uri(uri)
    prefix = "data:image/svg+xml;base64,"
    assert data.startswith(prefix)
    svg = base64.b64decode(data[len(prefix) :]).decode()
    assert svg.startswith(("<svg", "<?xml"))
    assert "<script" not in svg


# --- SEC-4: other audited events -------------------------------------------------------


def test_signout_password_and_reset_events(user: User) -> None:
    services.signout_record(user=user, ip="10.0.0.1", user_agent=UA)
    services.password_change_record(user=user, ip="10.0.0.1", user_agent=UA)
    services.password_reset_request_record(
        email=" Aigerim@Example.kz", ip="10.0.0.1", user_agent=UA
    )
    services.password_reset_request_record(email="who@example.kz", ip="10.0.0.1", user_agent=UA)
    rows = list(AuthEvent.objects.order_by("id").values_list("kind", "user_id", "username"))
    assert rows == [
        ("signed_out", user.pk, "aigerim"),
        ("password_changed", user.pk, "aigerim"),
        ("password_reset_requested", user.pk, "aigerim@example.kz"),
        ("password_reset_requested", None, "who@example.kz"),
    ]


# --- tokens ----------------------------------------------------------------------------


def test_token_create_keeps_only_the_hash(user: User) -> None:
    token, key = services.api_token_create(user=user, name=" CI ", ip="10.0.0.1", user_agent=UA)
    assert key.startswith("qsq_")
    assert (token.name, token.prefix, token.key_hash) == ("CI", key[4:12], services.token_hash(key))
    assert key not in {token.key_hash, token.prefix}
    assert services.api_token_authenticate(key=key) == user
    assert kinds() == ["token_created"]


def test_token_revoke_stops_it_and_is_own_only(user: User) -> None:
    other = UserFactory.create()
    token, key = services.api_token_create(user=user, name="CI")
    with pytest.raises(ApiTokenNotFound):
        services.api_token_revoke(user=other, token_id=token.pk)
    assert services.api_token_authenticate(key=key) == user
    services.api_token_revoke(user=user, token_id=token.pk)
    assert services.api_token_authenticate(key=key) is None
    with pytest.raises(ApiTokenNotFound):
        services.api_token_revoke(user=user, token_id=token.pk)
    assert ApiToken.objects.get().revoked_at is not None
    assert kinds() == ["token_created", "token_revoked"]


def test_expired_token_and_inactive_user_do_not_authenticate(user: User) -> None:
    _, expired = services.api_token_create(
        user=user, name="old", expires_at=timezone.now() - timedelta(seconds=1)
    )
    _, live = services.api_token_create(
        user=user, name="new", expires_at=timezone.now() + timedelta(days=1)
    )
    assert services.api_token_authenticate(key=expired) is None
    assert services.api_token_authenticate(key=live) == user
    assert services.api_token_authenticate(key="qsq_made-up") is None
    user.is_active = False
    user.save()
    assert services.api_token_authenticate(key=live) is None


def test_token_use_touches_last_used(user: User) -> None:
    token, key = services.api_token_create(user=user, name="CI")
    assert token.last_used_at is None
    services.api_token_authenticate(key=key)
    token.refresh_from_db()
    assert token.last_used_at is not None


# --- profile ---------------------------------------------------------------------------


def test_profile_update_saves_names_and_language(user: User) -> None:
    services.user_profile_update(
        user=user,
        first_name=" Айгерім ",
        last_name="Серікова",
        middle_name="Қанатқызы",
        language="ru",
    )
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.middle_name, user.language) == (
        "Айгерім",
        "Серікова",
        "Қанатқызы",
        "ru",
    )
    assert user.get_full_name() == "Серікова Айгерім Қанатқызы"


def test_profile_update_ignores_unknown_language(user: User) -> None:
    services.user_profile_update(
        user=user, first_name="A", last_name="B", middle_name="", language="de"
    )
    user.refresh_from_db()
    assert user.language == "kk"
