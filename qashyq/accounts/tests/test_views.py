"""Pages of accounts: sign-in with TOTP, sign-out, passwords, profile, audit log."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from qashyq.accounts import views
from qashyq.accounts.models import ApiToken, AuthEvent, AuthEventKind, User
from qashyq.accounts.tests.conftest import current_code
from qashyq.accounts.tests.factories import PASSWORD, UserFactory
from qashyq.footprint.models import Statement

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def kinds() -> list[str]:
    return list(AuthEvent.objects.order_by("id").values_list("kind", flat=True))


def signed_in_as(client: Client) -> object:
    return client.session.get("_auth_user_id")


# --- SEC-1: sign-in --------------------------------------------------------------------


def test_login_page_renders_translated_form(client: Client) -> None:
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert reverse("accounts:password_reset") in html


def test_signin_by_email_records_address_and_browser(client: Client, user: User) -> None:
    response = client.post(
        LOGIN,
        {"username": "aigerim@example.kz", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.5",
        HTTP_USER_AGENT="Firefox/128",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:home")
    assert signed_in_as(client) == str(user.pk)
    event = AuthEvent.objects.get()
    assert (event.kind, event.user, event.ip_address, event.user_agent) == (
        "signed_in",
        user,
        "203.0.113.5",
        "Firefox/128",
    )
    # The user's language preference takes effect from the sign-in on.
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"


def test_signin_and_signout_are_in_the_footprint(client: Client, user: User) -> None:
    """FP-2, FP-3: the platform sign-in log reads the footprint's statements; a failed
    attempt is in the audit log only."""
    client.post(LOGIN, {"username": user.username, "password": "wrong"}, REMOTE_ADDR="203.0.113.5")
    client.post(LOGIN, {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.5")
    client.post(reverse("accounts:logout"), REMOTE_ADDR="203.0.113.5")
    rows = Statement.objects.order_by("seq").values_list(
        "actor_id", "verb", "object_type", "object_id", "context", "stream__key"
    )
    ip = {"ip": "203.0.113.5"}
    stream = f"user:{user.pk}"
    assert list(rows) == [
        (user.pk, "logged-in", "platform", "qashyq", ip, stream),
        (user.pk, "logged-out", "platform", "qashyq", ip, stream),
    ]


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/structure/", "/structure/"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("", "/"),
    ],
)
def test_signin_honours_only_safe_next(
    client: Client, user: User, next_url: str, expected: str
) -> None:
    response = client.post(
        f"{LOGIN}?next={next_url}", {"username": "aigerim", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("login", ["aigerim", "nobody"])
def test_wrong_password_and_unknown_user_get_the_same_page(
    client: Client, user: User, login: str
) -> None:
    response = client.post(
        LOGIN, {"username": login, "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Wrong user name, e-mail or password." in response.content.decode()
    assert signed_in_as(client) is None
    assert kinds() == ["failed"]


@override_settings(SIGNIN_FAILURE_LIMIT=2, SIGNIN_FAILURE_WINDOW_SECONDS=600)
def test_locked_page_says_how_many_minutes(client: Client, user: User) -> None:
    for _ in range(2):
        client.post(LOGIN, {"username": "aigerim", "password": "wrong"})
    response = client.post(
        LOGIN, {"username": "aigerim", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Too many failed attempts. Try again in 10 minutes." in response.content.decode()
    assert signed_in_as(client) is None
    assert kinds() == ["failed", "failed", "locked"]


def test_totp_two_step_signin(client: Client, totp_user: User) -> None:
    response = client.post(
        f"{LOGIN}?next=/structure/", {"username": "aigerim", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login_code")
    assert signed_in_as(client) is None  # the password alone does not sign in
    assert client.session[views.PENDING_USER] == totp_user.pk

    wrong = client.post(
        reverse("accounts:login_code"), {"code": "000000"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert wrong.status_code == 200
    assert "The code is wrong or has expired." in wrong.content.decode()
    assert signed_in_as(client) is None

    code = current_code(totp_user)
    right = client.post(reverse("accounts:login_code"), {"code": code})
    assert right.status_code == 302
    assert right["Location"] == "/structure/"
    assert signed_in_as(client) == str(totp_user.pk)
    assert views.PENDING_USER not in client.session
    assert kinds() == ["totp_failed", "signed_in"]


def test_totp_step_expires(client: Client, totp_user: User) -> None:
    client.post(LOGIN, {"username": "aigerim", "password": PASSWORD})
    session = client.session
    session[views.PENDING_UNTIL] = time.time() - 1
    session.save()
    response = client.post(reverse("accounts:login_code"), {"code": current_code(totp_user)})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert signed_in_as(client) is None
    assert kinds() == []


def test_totp_step_without_password_step_goes_to_login(client: Client) -> None:
    response = client.get(reverse("accounts:login_code"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_signout_is_post_only_and_audited(client: Client, user: User) -> None:
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert signed_in_as(client) is None
    assert kinds() == ["signed_out"]


def test_admin_login_goes_through_our_signin(client: Client) -> None:
    admin = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{LOGIN}?next=%2Fadmin%2F"
    response = client.post(
        f"{LOGIN}?next=/admin/", {"username": "root", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/"
    assert signed_in_as(client) == str(admin.pk)
    assert kinds() == ["signed_in"]


def test_admin_logout_is_audited(client: Client) -> None:
    admin = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert signed_in_as(client) is None
    assert kinds() == ["signed_out"]


# --- passwords -------------------------------------------------------------------------


def test_password_reset_by_email_is_audited_and_works(client: Client, user: User) -> None:
    response = client.post(
        reverse("accounts:password_reset"),
        {"email": "aigerim@example.kz"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aigerim@example.kz"]
    assert message.subject == "Set a new Qashyq password"
    assert "Your user name is aigerim." in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", str(message.body))
    assert link is not None
    confirm = client.get(link.group(1), follow=True)
    assert confirm.context["validlink"] is True
    set_url = confirm.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Jana-Qupia-2025", "new_password2": "Jana-Qupia-2025"}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Jana-Qupia-2025") is True
    assert kinds() == ["password_reset_requested", "password_changed"]


def test_password_reset_for_unknown_address_answers_the_same(client: Client, user: User) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "who@example.kz"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
    event = AuthEvent.objects.get()
    assert (event.kind, event.user, event.username) == (
        "password_reset_requested",
        None,
        "who@example.kz",
    )


def test_password_change_is_audited(client: Client, user: User) -> None:
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Jana-Qupia-2025",
            "new_password2": "Jana-Qupia-2025",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.check_password("Jana-Qupia-2025") is True
    assert signed_in_as(client) == str(user.pk)  # the session survives the change
    assert kinds() == ["password_changed"]


@override_settings(SIGNIN_FAILURE_LIMIT=2)
def test_password_change_wrong_old_password_counts_and_locks(client: Client, user: User) -> None:
    client.force_login(user)
    client.cookies["qashyq_language"] = "en"  # the assertions read English
    data = {
        "old_password": "bad",
        "new_password1": "Jana-Qupia-25",
        "new_password2": "Jana-Qupia-25",
    }
    client.post(reverse("accounts:password_change"), data)
    client.post(reverse("accounts:password_change"), data)
    data["old_password"] = PASSWORD
    response = client.post(reverse("accounts:password_change"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Too many failed attempts." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD) is True
    assert kinds() == ["failed", "failed"]


# --- profile ---------------------------------------------------------------------------


def test_profile_needs_sign_in(client: Client) -> None:
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/accounts/profile/"


def test_profile_page_shows_own_history_only(client: Client, user: User) -> None:
    other = UserFactory.create(username="other")
    AuthEvent.objects.create(
        user=other, username="other", kind=AuthEventKind.SIGNED_IN, user_agent="OtherAgent"
    )
    for _ in range(25):
        AuthEvent.objects.create(
            user=user, username="aigerim", kind=AuthEventKind.SIGNED_IN, user_agent="MineAgent"
        )
    client.force_login(user)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert len(response.context["events"]) == 20
    html = response.content.decode()
    assert html.count("MineAgent") == 20
    assert "OtherAgent" not in html
    # The name in the top bar links to this page.
    assert f'<a class="me" href="{reverse("accounts:profile")}">' in html
    assert reverse("accounts:audit_log") not in html  # not an administrator


def test_profile_links_the_audit_log_for_admins(client: Client, admin_user: User) -> None:
    client.force_login(admin_user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("accounts:audit_log")}"' in html


def test_profile_saves_name_and_language_cookie(client: Client, user: User) -> None:
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"last_name": "Серікова", "first_name": "Айгерім", "middle_name": "", "language": "en"},
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert (user.last_name, user.first_name, user.language) == ("Серікова", "Айгерім", "en")
    page = client.get(reverse("accounts:profile"))
    assert page.content.decode().startswith('<!doctype html>\n<html lang="en">')
    assert "Your profile has been saved." in page.content.decode()


def test_totp_setup_from_profile(client: Client, user: User) -> None:
    client.force_login(user)
    client.cookies["qashyq_language"] = "en"  # the assertions read English
    url = reverse("accounts:profile_totp")
    client.post(url, {"action": "start"})
    user.refresh_from_db()
    assert user.totp_secret != ""
    assert user.totp_enabled is False
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    assert user.totp_secret in page
    bad = client.post(url, {"action": "enable", "code": "000000"}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 200
    assert "The code is wrong or has expired." in bad.content.decode()
    assert User.objects.get(pk=user.pk).totp_enabled is False
    good = client.post(url, {"action": "enable", "code": current_code(user)})
    assert good.status_code == 302
    assert User.objects.get(pk=user.pk).totp_enabled is True
    assert kinds() == ["totp_enabled"]


def test_totp_disable_from_profile(client: Client, totp_user: User) -> None:
    client.force_login(totp_user)
    client.cookies["qashyq_language"] = "en"  # the assertions read English
    url = reverse("accounts:profile_totp")
    wrong = client.post(
        url,
        {"action": "disable", "password": "bad", "code": current_code(totp_user)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert wrong.status_code == 200
    assert "The password is wrong." in wrong.content.decode()
    ok = client.post(
        url, {"action": "disable", "password": PASSWORD, "code": current_code(totp_user)}
    )
    assert ok.status_code == 302
    totp_user.refresh_from_db()
    assert (totp_user.totp_enabled, totp_user.totp_secret) == (False, "")
    assert kinds() == ["failed", "totp_disabled"]


def test_token_create_shows_key_once_and_revoke(client: Client, user: User) -> None:
    client.force_login(user)
    response = client.post(reverse("accounts:token_create"), {"name": "Moodle sync"})
    assert response.status_code == 302
    token = ApiToken.objects.get()
    first = client.get(reverse("accounts:profile")).content.decode()
    key = re.search(r'<code class="token-key">(qsq_[^<]+)</code>', first)
    assert key is not None
    assert key.group(1)[4:12] == token.prefix
    second = client.get(reverse("accounts:profile")).content.decode()
    assert key.group(1) not in second
    assert "Moodle sync" in second

    other = UserFactory.create()
    other_client = Client()
    other_client.force_login(other)
    revoke = reverse("accounts:token_revoke", args=[token.pk])
    assert other_client.post(revoke).status_code == 404
    assert client.post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Moodle sync" not in client.get(reverse("accounts:profile")).content.decode()
    assert kinds() == ["token_created", "token_revoked"]


# --- SEC-4: audit log page -------------------------------------------------------------


def test_audit_log_is_404_for_everyone_but_admins(client: Client, user: User) -> None:
    url = reverse("accounts:audit_log")
    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(user)
    assert client.get(url).status_code == 404


def test_audit_log_filters_for_role_admin(client: Client, admin_user: User, user: User) -> None:
    AuthEvent.objects.create(user=user, username="aigerim", kind="failed", ip_address="10.0.0.1")
    AuthEvent.objects.create(user=user, username="aigerim", kind="signed_in", ip_address="10.0.0.2")
    AuthEvent.objects.create(username="ghost", kind="failed", ip_address="192.0.2.9")
    client.force_login(admin_user)
    url = reverse("accounts:audit_log")

    def shown(**params: str) -> list[tuple[str, str]]:
        response = client.get(url, params)
        assert response.status_code == 200
        return [(e.username, e.kind) for e in response.context["page"].object_list]

    assert shown() == [("ghost", "failed"), ("aigerim", "signed_in"), ("aigerim", "failed")]
    assert shown(username="aig", kind="failed") == [("aigerim", "failed")]
    assert shown(address="192.0.2.") == [("ghost", "failed")]
    assert shown(date_from="2001-01-01", date_to="2001-12-31") == []


def test_audit_log_paginates(client: Client) -> None:
    root = UserFactory.create(is_superuser=True, is_staff=True)
    AuthEvent.objects.bulk_create(AuthEvent(username=f"u{i}", kind="failed") for i in range(60))
    client.force_login(root)
    first = client.get(reverse("accounts:audit_log"), {"kind": "failed"})
    second = client.get(reverse("accounts:audit_log"), {"kind": "failed", "page": "2"})
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 10
    assert "?kind=failed&amp;page=2" in first.content.decode()
