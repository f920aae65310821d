"""Issuing and revoking LRS client credentials (FP-1): the administrators' page, the
`lrs` management command and Django's administration; and the vocabulary page."""

from __future__ import annotations

import base64
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient

from qashyq.accounts.models import User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.footprint.data import ACTIVITY_TYPES, VERBS
from qashyq.lrs import services
from qashyq.lrs.models import Client, ReadScope

pytestmark = pytest.mark.django_db

STATE = (
    "/xapi/activities/state?activityId=http://example.com/a"
    "&agent=%7B%22mbox%22%3A%22mailto%3Aa%40example.com%22%7D"
)


def browser(user: User | None) -> HttpClient:
    client = HttpClient()
    client.cookies["qashyq_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def works(*, key: str, secret: str = "", token: str = "") -> int:
    """The status of an authenticated xAPI request with these credentials."""
    if token:
        authorization = f"Bearer {token}"
    else:
        authorization = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
    response = HttpClient().get(
        STATE, headers={"Authorization": authorization, "X-Experience-API-Version": "1.0.3"}
    )
    return response.status_code


@pytest.fixture
def staff() -> User:
    return UserFactory.create(is_staff=True)


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("user", 404), ("staff", 200), ("superuser", 200)]
)
def test_only_administrators_see_the_clients_page(who: str, status: int) -> None:
    user = {
        "anonymous": None,
        "user": UserFactory.create(),
        "staff": UserFactory.create(is_staff=True),
        "superuser": UserFactory.create(is_superuser=True),
    }[who]
    services.client_create(name="Secret platform")
    response = browser(user).get("/xapi/clients/")
    assert response.status_code == status
    assert ("Secret platform" in response.content.decode()) == (status == 200)
    created = browser(user).post("/xapi/clients/", {"name": "Sneaky", "read_scope": "all"})
    assert created.status_code == status
    assert Client.objects.filter(name="Sneaky").exists() == (status == 200)


def test_issuing_shows_the_secret_once_and_keeps_only_digests(staff: User) -> None:
    page = browser(staff)
    response = page.post(
        "/xapi/clients/",
        {"name": "MOOC", "can_write_statements": "on", "read_scope": "all", "can_documents": "on"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    client = Client.objects.get(name="MOOC")
    assert client.created_by == staff
    assert client.read_scope == ReadScope.ALL
    assert client.can_write_statements
    assert client.can_documents
    secret = re.search(r"Secret</dt><dd><code>([^<]+)</code>", html)
    token = re.search(r"Bearer token</dt><dd><code>([^<]+)</code>", html)
    assert secret is not None
    assert token is not None
    assert client.key in html
    assert secret.group(1) not in (client.secret_hash, client.token_hash)
    assert works(key=client.key, secret=secret.group(1)) == 200
    assert works(key=client.key, token=token.group(1)) == 200
    assert works(key=client.key, secret="guess") == 401
    again = page.get("/xapi/clients/").content.decode()
    assert client.key in again
    assert secret.group(1) not in again
    assert token.group(1) not in again


def test_an_invalid_form_issues_nothing(staff: User) -> None:
    response = browser(staff).post("/xapi/clients/", {"name": "", "read_scope": "everything"})
    assert response.status_code == 200
    assert Client.objects.count() == 0


def test_revoking_locks_the_client_out(staff: User) -> None:
    client, credentials = services.client_create(name="Old")
    assert works(key=client.key, secret=credentials.secret) == 200
    page = browser(staff)
    assert page.get(f"/xapi/clients/{client.pk}/revoke").status_code == 405
    response = page.post(f"/xapi/clients/{client.pk}/revoke")
    assert response.status_code == 302
    client.refresh_from_db()
    assert not client.active
    assert client.revoked_at is not None
    assert works(key=client.key, secret=credentials.secret) == 401
    assert works(key=client.key, token=credentials.token) == 401
    assert (
        browser(UserFactory.create()).post(f"/xapi/clients/{client.pk}/revoke").status_code == 404
    )


def test_the_command_adds_lists_and_revokes_clients() -> None:
    out = StringIO()
    call_command(
        "lrs", "client-add", "Video server", "--read", "none", "--no-documents", stdout=out
    )
    lines = dict(line.split(maxsplit=1) for line in out.getvalue().splitlines()[1:4])
    client = Client.objects.get(name="Video server")
    assert lines["key"] == client.key
    assert client.read_scope == ReadScope.NONE
    assert client.can_write_statements
    assert not client.can_documents
    assert works(key=client.key, token=lines["token"]) == 403  # no documents right
    listing = StringIO()
    call_command("lrs", "client-list", stdout=listing)
    assert listing.getvalue() == (
        f"{client.key}\tVideo server\twrite read:none no-documents\tactive\n"
    )
    call_command("lrs", "client-revoke", client.key, stdout=StringIO())
    client.refresh_from_db()
    assert not client.active
    assert works(key=client.key, token=lines["token"]) == 401
    with pytest.raises(CommandError):
        call_command("lrs", "client-revoke", "nosuchkey", stdout=StringIO())


def test_the_admin_lists_clients_but_issues_none_there() -> None:
    superuser = UserFactory.create(is_superuser=True, is_staff=True)
    services.client_create(name="In admin")
    page = browser(superuser)
    assert "In admin" in page.get("/admin/lrs/client/").content.decode()
    assert page.get("/admin/lrs/client/add/").status_code == 403
    assert page.get("/admin/lrs/document/").status_code == 200
    assert page.get("/admin/lrs/attachment/").status_code == 200


def test_the_vocabulary_page_publishes_every_term_in_three_languages() -> None:
    response = browser(None).get("/xapi/vocabulary/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<code>{settings.SITE_URL}/xapi/</code>" in html
    for term in [*VERBS.values(), *ACTIVITY_TYPES.values()]:
        assert term.iri in html
        for language in ("kk", "ru", "en"):
            assert f'<td lang="{language}">{term.display[language]}</td>' in html


def test_superusers_find_the_lrs_in_the_menu() -> None:
    superuser = browser(UserFactory.create(is_superuser=True, is_staff=True))
    html = superuser.get("/").content.decode()
    assert 'href="/xapi/clients/"' in html
    assert 'href="/xapi/vocabulary/"' in html
    plain = browser(UserFactory.create()).get("/").content.decode()
    assert "/xapi/clients/" not in plain
