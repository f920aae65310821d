"""Fixtures of the institutions tests: a university with its structure, and actors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from qashyq.accounts.models import User
from qashyq.accounts.tests.factories import UserFactory
from qashyq.core.scope import ActorScope, Grant
from qashyq.institutions.models import Department, Faculty, Institution, Program
from qashyq.institutions.tests.factories import (
    DepartmentFactory,
    FacultyFactory,
    InstitutionFactory,
    ProgramFactory,
)
from qashyq.people.models import RoleAssignment


@pytest.fixture
def institution(db: None) -> Institution:
    return InstitutionFactory.create(code="atyrau", name_kk="Атырау университеті")


@pytest.fixture
def other_institution(db: None) -> Institution:
    return InstitutionFactory.create(code="shakarim", name_kk="Шәкәрім университеті")


@pytest.fixture
def faculty(institution: Institution) -> Faculty:
    return FacultyFactory.create(institution=institution, code="FIT")


@pytest.fixture
def department(faculty: Faculty) -> Department:
    return DepartmentFactory.create(faculty=faculty, code="IS")


@pytest.fixture
def program(department: Department) -> Program:
    return ProgramFactory.create(department=department, code="6B06101")


@pytest.fixture
def make_user(db: None) -> Callable[..., User | None]:
    """A user holding `role` at `institution` (None → anonymous, "superuser" → superuser)."""

    def make(role: str | None, institution: Institution | None = None, **scope: Any) -> User | None:
        if role is None:
            return None
        if role == "superuser":
            return UserFactory.create(is_superuser=True, is_staff=True)
        assert institution is not None
        user = UserFactory.create()
        RoleAssignment.objects.create(user=user, role=role, institution=institution, **scope)
        return user

    return make


def scope(role: str, institution: Institution, **ids: int) -> ActorScope:
    """An ActorScope as people computes it, for service tests."""
    return ActorScope(
        user_id=1,
        grants=(Grant(role=role, institution_id=institution.pk, **ids),),
        roles=frozenset({role}),
    )


@pytest.fixture
def registrar(institution: Institution) -> ActorScope:
    return scope("registrar", institution)


@pytest.fixture
def dean(institution: Institution, faculty: Faculty) -> ActorScope:
    return scope("dean", institution, faculty_id=faculty.pk)
