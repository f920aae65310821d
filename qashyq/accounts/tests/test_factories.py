"""The shared user factory gives users who can sign in."""

from __future__ import annotations

import pytest

from qashyq.accounts.tests.factories import PASSWORD, UserFactory


@pytest.mark.django_db
def test_user_factory_password_and_unique_names() -> None:
    first, second = UserFactory.create(), UserFactory.create()
    first.refresh_from_db()
    assert first.check_password(PASSWORD) is True
    assert first.username != second.username
    assert first.email == f"{first.username}@example.kz"
