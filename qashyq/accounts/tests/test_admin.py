"""The admin of accounts works with our custom fields; audit rows are read-only (SEC-4)."""

from __future__ import annotations

import pytest
from django.test import Client

from qashyq.accounts import services
from qashyq.accounts.models import AuthEvent, AuthEventKind, User
from qashyq.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_client(client: Client) -> Client:
    client.force_login(UserFactory.create(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/accounts/authevent/",
        "/admin/accounts/apitoken/",
    ],
)
def test_admin_lists_render(root_client: Client, user: User, url: str) -> None:
    services.api_token_create(user=user, name="CI")
    assert root_client.get(url).status_code == 200


def test_user_change_page_edits_custom_fields(root_client: Client, user: User) -> None:
    page = root_client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="middle_name"' in html
    assert 'name="language"' in html
    assert 'name="totp_secret"' not in html  # never shown
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "username": user.username,
            "email": user.email,
            "middle_name": "Қанатқызы",
            "language": "ru",
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "user_permissions": [],
            "groups": [],
        }
    )
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = root_client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert (user.middle_name, user.language) == ("Қанатқызы", "ru")


def test_auth_events_cannot_be_added_changed_or_deleted(root_client: Client) -> None:
    event = AuthEvent.objects.create(username="x", kind=AuthEventKind.FAILED)
    assert root_client.get("/admin/accounts/authevent/add/").status_code == 403
    assert root_client.post(f"/admin/accounts/authevent/{event.pk}/delete/").status_code == 403
    assert root_client.get(f"/admin/accounts/authevent/{event.pk}/change/").status_code == 200
    assert AuthEvent.objects.filter(pk=event.pk).exists()


def test_api_token_admin_never_shows_or_accepts_a_key(root_client: Client, user: User) -> None:
    token, key = services.api_token_create(user=user, name="CI")
    page = root_client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert key not in page
    assert root_client.get("/admin/accounts/apitoken/add/").status_code == 403


def test_admin_actions_revoke_tokens_and_turn_off_two_factor(
    root_client: Client, user: User
) -> None:
    token, key = services.api_token_create(user=user, name="CI")
    response = root_client.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    assert services.api_token_authenticate(key=key) is None
    user.totp_secret, user.totp_enabled = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", True
    user.save()
    response = root_client.post(
        "/admin/accounts/user/", {"action": "turn_off_two_factor", "_selected_action": [user.pk]}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.totp_enabled, user.totp_secret) == (False, "")
    kinds = list(AuthEvent.objects.order_by("id").values_list("kind", "user_id"))
    assert kinds == [
        ("token_created", user.pk),
        ("token_revoked", user.pk),
        ("totp_disabled", user.pk),
    ]
