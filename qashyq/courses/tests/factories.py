"""Factories of courses and content (call `XFactory.create(...)` so mypy sees the model)."""

from __future__ import annotations

from factory.declarations import LazyAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from qashyq.courses.models import (
    Course,
    CourseStatus,
    LearningOutcome,
    Material,
    MaterialKind,
    Module,
    WeeklyTopic,
)
from qashyq.institutions.tests.factories import AcademicPeriodFactory, DisciplineFactory


class CourseFactory(DjangoModelFactory[Course]):
    class Meta:
        model = Course

    discipline = SubFactory(DisciplineFactory)
    institution = LazyAttribute(lambda o: o.discipline.department.faculty.institution)
    period = SubFactory(
        AcademicPeriodFactory,
        academic_year__institution=LazyAttribute(
            lambda o: o.factory_parent.discipline.department.faculty.institution
        ),
    )
    code = Sequence(lambda n: f"C{n:04d}")
    language = "kk"
    status = CourseStatus.PUBLISHED


class ModuleFactory(DjangoModelFactory[Module]):
    class Meta:
        model = Module

    course = SubFactory(CourseFactory)
    title = Sequence(lambda n: f"Апта {n}")
    position = Sequence(lambda n: n)


class MaterialFactory(DjangoModelFactory[Material]):
    class Meta:
        model = Material

    module = SubFactory(ModuleFactory)
    kind = MaterialKind.LECTURE
    title = Sequence(lambda n: f"Дәріс {n}")
    body = "<p>Мәтін</p>"
    position = Sequence(lambda n: n)


class OutcomeFactory(DjangoModelFactory[LearningOutcome]):
    class Meta:
        model = LearningOutcome

    code = Sequence(lambda n: f"LO{n}")
    text = "Деректер қорын жобалай алады"


class TopicFactory(DjangoModelFactory[WeeklyTopic]):
    class Meta:
        model = WeeklyTopic

    week = 1
    title = "Кіріспе"
    hours_lecture = 2
    hours_practice = 1
