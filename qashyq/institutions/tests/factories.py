"""Factories of the institution's structure: realistic codes, names in three languages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from factory.declarations import LazyAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from qashyq.institutions.models import (
    AcademicPeriod,
    AcademicYear,
    Curriculum,
    CurriculumItem,
    Department,
    Direction,
    Discipline,
    Faculty,
    Institution,
    Level,
    PeriodKind,
    Program,
    StudentGroup,
)


def direction(code: str) -> Direction:
    """A direction of the loaded classifier (CLS-1), e.g. direction("6B061")."""
    return Direction.objects.get(code=code)


class InstitutionFactory(DjangoModelFactory[Institution]):
    class Meta:
        model = Institution

    code = Sequence(lambda n: f"uni{n}")
    name_kk = Sequence(lambda n: f"Университет {n}")
    name_ru = Sequence(lambda n: f"Университет {n}")
    name_en = Sequence(lambda n: f"University {n}")
    city = "Алматы"


class FacultyFactory(DjangoModelFactory[Faculty]):
    class Meta:
        model = Faculty

    institution = SubFactory(InstitutionFactory)
    code = Sequence(lambda n: f"F{n}")
    name_kk = "Ақпараттық технологиялар факультеті"
    name_ru = "Факультет информационных технологий"
    name_en = "Faculty of Information Technology"


class DepartmentFactory(DjangoModelFactory[Department]):
    class Meta:
        model = Department

    faculty = SubFactory(FacultyFactory)
    code = Sequence(lambda n: f"D{n}")
    name_kk = "Ақпараттық жүйелер кафедрасы"
    name_ru = "Кафедра информационных систем"
    name_en = "Department of Information Systems"


class ProgramFactory(DjangoModelFactory[Program]):
    class Meta:
        model = Program

    department = SubFactory(DepartmentFactory)
    institution = LazyAttribute(lambda o: o.department.faculty.institution)
    code = Sequence(lambda n: f"6B06{n:03d}")
    level = Level.BACHELOR
    direction = LazyAttribute(lambda o: Direction.objects.filter(code="6B061").first())
    name_kk = "Ақпараттық жүйелер"
    name_ru = "Информационные системы"
    name_en = "Information systems"
    total_credits = 240
    duration_years = Decimal(4)


class DisciplineFactory(DjangoModelFactory[Discipline]):
    class Meta:
        model = Discipline

    department = SubFactory(DepartmentFactory)
    code = Sequence(lambda n: f"DIS{n}")
    name_kk = Sequence(lambda n: f"Пән {n}")
    name_ru = Sequence(lambda n: f"Дисциплина {n}")
    name_en = Sequence(lambda n: f"Discipline {n}")
    credits = 5
    hours_lecture = 30
    hours_practice = 15
    hours_lab = 0
    hours_independent = 105


class CurriculumFactory(DjangoModelFactory[Curriculum]):
    class Meta:
        model = Curriculum

    program = SubFactory(ProgramFactory)
    admission_year = 2025


class CurriculumItemFactory(DjangoModelFactory[CurriculumItem]):
    class Meta:
        model = CurriculumItem

    curriculum = SubFactory(CurriculumFactory)
    discipline = SubFactory(DisciplineFactory)
    semester = 1


class AcademicYearFactory(DjangoModelFactory[AcademicYear]):
    class Meta:
        model = AcademicYear

    institution = SubFactory(InstitutionFactory)
    start_year = 2025
    starts_on = LazyAttribute(lambda o: date(o.start_year, 9, 1))
    ends_on = LazyAttribute(lambda o: date(o.start_year + 1, 8, 31))


class AcademicPeriodFactory(DjangoModelFactory[AcademicPeriod]):
    class Meta:
        model = AcademicPeriod

    academic_year = SubFactory(AcademicYearFactory)
    kind = PeriodKind.SEMESTER
    number = 1
    starts_on = date(2025, 9, 1)
    ends_on = date(2025, 12, 28)


class StudentGroupFactory(DjangoModelFactory[StudentGroup]):
    class Meta:
        model = StudentGroup

    program = SubFactory(ProgramFactory)
    code = Sequence(lambda n: f"ИС-25-{n}")
    admission_year = 2025
