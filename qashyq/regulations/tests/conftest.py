"""Fixtures of the regulations tests: an institution, programs of chosen directions,
students with plans, and the rule-pack presets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from qashyq.accounts.models import User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.institutions.models import Department, Institution
from qashyq.institutions.tests.factories import (
    DepartmentFactory,
    FacultyFactory,
    InstitutionFactory,
)
from qashyq.people.models import RoleAssignment


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Verdict texts are asserted in English (the source language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def institution(db: None) -> Institution:
    return InstitutionFactory.create(code="demo-uni", name_en="Demo University")


@pytest.fixture
def department(institution: Institution) -> Department:
    return DepartmentFactory.create(faculty=FacultyFactory.create(institution=institution))


@pytest.fixture
def make_user(institution: Institution) -> Callable[..., User]:
    """A user holding `role` at `institution` ("superuser" → a superuser)."""

    def make(role: str, where: Institution | None = None, **scope: Any) -> User:
        if role == "superuser":
            return UserFactory.create(is_superuser=True, is_staff=True)
        user = UserFactory.create()
        RoleAssignment.objects.create(
            user=user, role=role, institution=where or institution, **scope
        )
        return user

    return make


@pytest.fixture
def en_client() -> Callable[[User | None], Client]:
    """A signed-in test client reading English pages."""

    def make(user: User | None) -> Client:
        client = Client()
        client.cookies["qashyq_language"] = "en"
        if user is not None:
            client.force_login(user)
        return client

    return make
