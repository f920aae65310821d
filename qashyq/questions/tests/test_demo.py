"""The demo's question banks: every type in the course's language, valid for grading."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from qashyq.demo.questions import demo_questions, demo_questions_delete
from qashyq.questions import selectors
from qashyq.questions.grading import grade
from qashyq.questions.models import Category, Question
from qashyq.questions.tests.conftest import World


def test_demo_banks_of_all_eight_types(world: World) -> None:
    Category.objects.all().delete()
    summary = demo_questions(institution=world.institution, today=dt.date(2026, 3, 2))
    assert (summary.courses, summary.categories, summary.questions) == (2, 4, 16)
    course_qs = Question.objects.filter(course=world.course)
    assert sorted(course_qs.values_list("qtype", flat=True)) == sorted(
        ["single", "multiple", "truefalse", "short", "numeric", "matching", "ordering", "essay"]
    )
    snapshots = selectors.question_snapshots(list(course_qs.values_list("pk", flat=True)))
    by_type = {s["qtype"]: s for s in snapshots.values()}
    assert grade(by_type["single"], "c1") == Decimal(1)
    assert grade(by_type["multiple"], ["c1", "c2"]) == Decimal(1)
    assert grade(by_type["numeric"], "3,14") == Decimal(1)
    assert grade(by_type["ordering"], ["o1", "o2", "o3"]) == Decimal(1)
    assert demo_questions(institution=world.institution, today=dt.date(2026, 3, 2)).questions == 0
    demo_questions_delete(institution=world.institution)
    assert not Question.objects.exists()
    assert not Category.objects.exists()
