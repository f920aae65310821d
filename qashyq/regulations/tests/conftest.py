"""Fixtures of the regulations tests: an institution, programs of chosen directions,
students with plans, and the rule-pack presets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from qashyq.institutions.models import Department, Institution
from qashyq.institutions.tests.factories import (
    DepartmentFactory,
    FacultyFactory,
    InstitutionFactory,
)


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
