"""Fixtures of the accounts tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from qashyq.accounts import services, totp
from qashyq.accounts.models import AuthEvent, User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.institutions.models import Institution
from qashyq.people.models import Role, RoleAssignment


@pytest.fixture
def user(db: None) -> User:
    return UserFactory.create(username="aigerim", email="aigerim@example.kz")


@pytest.fixture
def admin_user(db: None) -> User:
    """An administrator by role (people.RoleAssignment), not a superuser (SEC-2)."""
    institution = Institution.objects.create(code="kaznu", name_kk="ҚазҰУ")
    admin = UserFactory.create(username="admin1")
    RoleAssignment.objects.create(user=admin, role=Role.ADMIN, institution=institution)
    return admin


@pytest.fixture
def totp_user(user: User) -> User:
    """`user` with two-factor on; the current step is not used yet."""
    user.totp_secret = totp.secret_new()
    user.totp_enabled = True
    user.save()
    return user


def current_code(user: User, *, offset: int = 0) -> str:
    step = totp.step_at(secret=user.totp_secret, when=timezone.now()) + offset
    return totp.code_for_step(secret=user.totp_secret, step=step)


def age_events(*, seconds: int) -> None:
    """Move every audit row `seconds` into the past (rows are stamped on insert)."""
    AuthEvent.objects.update(at=timezone.now() - timedelta(seconds=seconds))


def fail_times(username: str, n: int, *, ip: str = "10.0.0.1") -> None:
    for _ in range(n):
        services.signin_attempt(username=username, password="wrong", ip=ip, user_agent="pytest")
