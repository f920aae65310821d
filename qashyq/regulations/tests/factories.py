"""Factories of regulations tests: study plans with a chosen number of disciplines at a
distance, teacher trainings, emergency periods. Call `X.create(...)` (typed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from factory.declarations import LazyAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from qashyq.institutions.models import Direction, Discipline, Program
from qashyq.institutions.tests.factories import (
    DepartmentFactory,
    DisciplineFactory,
    InstitutionFactory,
    ProgramFactory,
)
from qashyq.people.models import Staff, Student, StudyPlanItem, TeacherTraining
from qashyq.people.tests.factories import StaffFactory, StudentFactory
from qashyq.regulations.models import EmergencyPeriod


class StudyPlanItemFactory(DjangoModelFactory[StudyPlanItem]):
    class Meta:
        model = StudyPlanItem

    student = SubFactory(StudentFactory)
    discipline = SubFactory(DisciplineFactory)
    semester = 1
    credits = LazyAttribute(lambda o: o.discipline.credits)


class TeacherTrainingFactory(DjangoModelFactory[TeacherTraining]):
    class Meta:
        model = TeacherTraining

    staff = SubFactory(StaffFactory, department=SubFactory(DepartmentFactory))
    title = Sequence(lambda n: f"Онлайн-оқыту әдістемесі {n}")
    provider = "Orleu"
    hours = 36
    completed_on = dt.date(2025, 6, 1)
    online_pedagogy = True


class EmergencyPeriodFactory(DjangoModelFactory[EmergencyPeriod]):
    class Meta:
        model = EmergencyPeriod

    institution = SubFactory(InstitutionFactory)
    starts_on = dt.date(2026, 3, 16)
    ends_on = dt.date(2026, 5, 31)
    reason = "Карантин"


def program_with(direction_code: str, **fields: Any) -> Program:
    """A program of a classifier direction (CLS-1), e.g. program_with("6B042") for law."""
    direction = Direction.objects.get(code=direction_code)
    return ProgramFactory.create(direction=direction, **fields)


def plan_make(
    student: Student,
    *,
    disciplines: int,
    distance: int = 0,
    credits: int = 5,
    basis: dict[str, int] | None = None,
    **discipline_fields: Any,
) -> list[StudyPlanItem]:
    """A plan of `disciplines` items, the first `distance` of them at a distance.

    `basis` puts that many of the distance items on a credit basis (e.g.
    {"mobility": 2}: the first two distance items are academic mobility).
    """
    department = student.program.department
    items = []
    bases = [b for b, n in (basis or {}).items() for _ in range(n)]
    for n in range(disciplines):
        discipline: Discipline = DisciplineFactory.create(
            department=department, credits=credits, **discipline_fields
        )
        at_distance = n < distance
        items.append(
            StudyPlanItemFactory.create(
                student=student,
                discipline=discipline,
                semester=n % 8 + 1,
                delivery="distance" if at_distance else "in_person",
                credit_basis=bases[n] if n < len(bases) else "regular",
            )
        )
    return items


def teacher_make(**fields: Any) -> Staff:
    return StaffFactory.create(department=DepartmentFactory.create(), **fields)


__all__ = [
    "EmergencyPeriodFactory",
    "StudentFactory",
    "StudyPlanItemFactory",
    "TeacherTrainingFactory",
    "plan_make",
    "program_with",
    "teacher_make",
]
