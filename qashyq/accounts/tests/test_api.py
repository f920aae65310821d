"""Accounts API: /me, own tokens, the audit log; token and session authentication."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from qashyq.accounts import services
from qashyq.accounts.models import ApiToken, AuthEvent, User
from qashyq.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"
MakeClient = Callable[[Any], Client]


def test_me(token_client: MakeClient, user: User) -> None:
    response = token_client(user).get(f"{API}/me")
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "username": "aigerim",
        "full_name": user.get_full_name(),
        "email": "aigerim@example.kz",
        "language": "kk",
        "totp_enabled": False,
    }


def test_anonymous_gets_401(client: Client) -> None:
    response = client.get(f"{API}/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_expired_and_revoked_tokens_get_401(user: User) -> None:
    token, key = services.api_token_create(user=user, name="CI")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(f"{API}/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(f"{API}/me").status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=None)
    assert client.get(f"{API}/me").status_code == 200
    services.api_token_revoke(user=user, token_id=token.pk)
    assert client.get(f"{API}/me").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer qsq_not-a-key").get(f"{API}/me").status_code == 401


def test_token_list_create_revoke(token_client: MakeClient, user: User) -> None:
    client = token_client(user)  # holds the "test" token
    created = client.post(
        f"{API}/me/tokens",
        json.dumps({"name": "Moodle", "expires_at": "2030-01-01T00:00:00+05:00"}),
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    token = ApiToken.objects.get(name="Moodle")
    assert body["key"].startswith("qsq_")
    assert services.token_hash(body["key"]) == token.key_hash
    assert (body["id"], body["name"], body["prefix"]) == (token.pk, "Moodle", token.prefix)
    assert datetime.fromisoformat(body["expires_at"]) == token.expires_at

    listed = client.get(f"{API}/me/tokens").json()
    assert listed["count"] == 2
    assert [t["name"] for t in listed["items"]] == ["Moodle", "test"]
    assert all("key" not in t for t in listed["items"])

    assert client.delete(f"{API}/me/tokens/{token.pk}").status_code == 204
    assert client.delete(f"{API}/me/tokens/{token.pk}").status_code == 404
    assert [t["name"] for t in client.get(f"{API}/me/tokens").json()["items"]] == ["test"]


def test_cannot_see_or_revoke_another_users_token(token_client: MakeClient, user: User) -> None:
    other = UserFactory.create()
    theirs, _key = services.api_token_create(user=other, name="theirs")
    client = token_client(user)
    response = client.delete(f"{API}/me/tokens/{theirs.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "api_token_not_found"
    assert "theirs" not in response.content.decode()
    assert [t["name"] for t in client.get(f"{API}/me/tokens").json()["items"]] == ["test"]
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_token_name_is_required(token_client: MakeClient, user: User) -> None:
    response = token_client(user).post(
        f"{API}/me/tokens", json.dumps({"name": ""}), content_type="application/json"
    )
    assert response.status_code == 422
    assert ApiToken.objects.filter(user=user).count() == 1  # only the client's own


def test_session_auth_needs_csrf_for_unsafe_calls(user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(f"{API}/me").status_code == 200
    refused = client.post(
        f"{API}/me/tokens", json.dumps({"name": "x"}), content_type="application/json"
    )
    assert refused.status_code == 403
    assert not ApiToken.objects.exists()
    client.get("/accounts/profile/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    allowed = client.post(
        f"{API}/me/tokens",
        json.dumps({"name": "x"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert allowed.status_code == 201


@pytest.mark.parametrize(("case", "status"), [("student", 404), ("admin", 200), ("root", 200)])
def test_auth_events_only_for_admins(
    token_client: MakeClient, user: User, admin_user: User, case: str, status: int
) -> None:
    actor = {
        "student": user,
        "admin": admin_user,
        "root": UserFactory.create(is_superuser=True),
    }[case]
    response = token_client(actor).get(f"{API}/auth-events")
    assert response.status_code == status
    if status == 404:
        assert response.json()["code"] == "not_found"
        assert "token_created" not in response.content.decode()


def test_auth_events_filters_and_paginates(token_client: MakeClient, admin_user: User) -> None:
    client = token_client(admin_user)  # writes one token_created event
    client.cookies["qashyq_language"] = "en"  # kind labels are read in English
    AuthEvent.objects.create(username="aigerim", kind="failed", ip_address="10.0.0.1")
    AuthEvent.objects.create(username="aigerim", kind="signed_in", ip_address="10.0.0.1")
    AuthEvent.objects.bulk_create(
        AuthEvent(username=f"bot{i}", kind="failed", ip_address="192.0.2.1") for i in range(120)
    )
    assert client.get(f"{API}/auth-events", {"limit": 101}).status_code == 422  # capped at 100
    page = client.get(f"{API}/auth-events", {"limit": 100}).json()
    assert page["count"] == 123
    assert len(page["items"]) == 100
    assert len(client.get(f"{API}/auth-events", {"offset": 100}).json()["items"]) == 23
    only = client.get(f"{API}/auth-events", {"username": "aig", "kind": "failed"}).json()
    assert only["count"] == 1
    item = only["items"][0]
    assert (item["username"], item["kind"], item["kind_label"], item["ip_address"]) == (
        "aigerim",
        "failed",
        "sign-in failed",
        "10.0.0.1",
    )
    assert client.get(f"{API}/auth-events", {"address": "192.0.2."}).json()["count"] == 120
    today = timezone.localdate().isoformat()
    assert client.get(f"{API}/auth-events", {"date_from": today}).json()["count"] == 123
    assert client.get(f"{API}/auth-events", {"date_to": "2001-01-01"}).json()["count"] == 0
    assert client.get(f"{API}/auth-events", {"kind": "nonsense"}).status_code == 422
