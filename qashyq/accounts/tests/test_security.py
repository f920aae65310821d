"""Security settings and headers (SEC-1, SEC-3): CSP, framing, CSRF, HTTPS, secret key."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from qashyq.accounts.models import AuthEvent, User
from qashyq.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PRINT_SETTINGS = """
import json
from qashyq.settings import base
print(json.dumps({
    "SESSION_COOKIE_SECURE": base.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": base.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": base.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": base.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_SSL_REDIRECT": base.SECURE_SSL_REDIRECT,
}))
"""


def run_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Import the production settings in a fresh interpreter with `env` (and nothing else)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"QASHYQ_HTTPS", "DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update({"QASHYQ_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(  # noqa: S603 — our own interpreter and code
        [sys.executable, "-c", PRINT_SETTINGS],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.PROJECT_DIR,
    )


def test_https_switch_gives_secure_cookies_and_hsts(tmp_path: Path) -> None:
    done = run_settings(tmp_path, QASHYQ_HTTPS="1", SECRET_KEY="a-real-production-secret")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
    }


def test_without_https_cookies_are_not_marked_secure(tmp_path: Path) -> None:
    done = run_settings(tmp_path, SECRET_KEY="a-real-production-secret")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["SESSION_COOKIE_SECURE"] is False
    assert json.loads(done.stdout)["SECURE_HSTS_SECONDS"] == 0


def test_refuses_development_secret_with_debug_off(tmp_path: Path) -> None:
    done = run_settings(tmp_path, SECRET_KEY=settings.DEVELOPMENT_SECRET, DEBUG="0")
    assert done.returncode == 1
    assert "ImproperlyConfigured" in done.stderr
    assert "SECRET_KEY is the development secret" in done.stderr


def test_development_secret_is_allowed_with_debug_on(tmp_path: Path) -> None:
    done = run_settings(tmp_path, SECRET_KEY=settings.DEVELOPMENT_SECRET, DEBUG="1")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/password/reset/"])
def test_pages_send_csp_and_deny_framing(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "img-src 'self' data:" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_profile_page_has_no_inline_script_or_style(client: Client, user: User) -> None:
    client.force_login(user)
    client.post("/accounts/profile/two-factor/", {"action": "start"})
    html = client.get("/accounts/profile/").content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html


def test_signin_form_enforces_csrf(user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    refused = client.post("/accounts/login/", {"username": "aigerim", "password": PASSWORD})
    assert refused.status_code == 403
    assert client.session.get("_auth_user_id") is None
    assert not AuthEvent.objects.exists()
    client.get("/accounts/login/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    accepted = client.post(
        "/accounts/login/",
        {"username": "aigerim", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert accepted.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_session_cookie_is_http_only(client: Client, user: User) -> None:
    response = client.post("/accounts/login/", {"username": "aigerim", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


# ---------------------------------------------------------------- the cached signed-in user


def test_cached_user_deactivated_is_signed_out_at_once(user: User) -> None:
    """The signed-in user is cached (backends.get_user); a save forgets it (SEC-1)."""
    client = Client()
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == 200  # now cached
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_cached_user_password_changed_elsewhere_ends_other_sessions(user: User) -> None:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == 200
    user.set_password("another-long-passphrase-2026")
    user.save()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
