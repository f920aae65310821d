"""What the demo generator reports back: counts and the fixed accounts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str  # people.Role value
    full_name: str
    scope: str  # what the role is narrowed to, in words (already localized)


@dataclass(frozen=True)
class DemoSummary:
    institution_id: int
    institution_code: str
    academic_year: int  # first calendar year of the current academic year
    faculties: int
    departments: int
    programs: int
    disciplines: int
    curricula: int
    curriculum_items: int
    groups: int
    students: int
    staff: int
    role_assignments: int
    status_changes: int
    plan_items: int
    password: str
    accounts: tuple[DemoAccount, ...]
