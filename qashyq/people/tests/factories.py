"""Factories of people: students (with their account), staff, role assignments.

Call `XFactory.create(...)` so mypy sees the model type.
"""

from __future__ import annotations

from factory.declarations import LazyAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from qashyq.accounts.tests.factories import UserFactory
from qashyq.institutions.tests.factories import ProgramFactory
from qashyq.people.models import RoleAssignment, Staff, Student


class StudentFactory(DjangoModelFactory[Student]):
    class Meta:
        model = Student

    user = SubFactory(UserFactory)
    program = SubFactory(ProgramFactory)
    institution = LazyAttribute(lambda o: o.program.institution)
    student_number = Sequence(lambda n: f"F{n:06d}")  # never a number the fixtures fix
    admission_year = 2025
    course_year = 1


class StaffFactory(DjangoModelFactory[Staff]):
    class Meta:
        model = Staff

    user = SubFactory(UserFactory)
    institution = LazyAttribute(lambda o: o.department.faculty.institution)
    department = None
    position = "аға оқытушы"


class RoleAssignmentFactory(DjangoModelFactory[RoleAssignment]):
    class Meta:
        model = RoleAssignment

    user = SubFactory(UserFactory)
    role = "registrar"
