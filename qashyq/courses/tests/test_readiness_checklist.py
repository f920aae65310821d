"""LMS-2 checklist and ONL-6 quality signals computed from a course's actual content, and
completeness per department and program (ONL-5 dashboard), on built fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from qashyq.courses import selectors
from qashyq.courses.models import (
    ControlKind,
    ControlTask,
    Course,
    LearningOutcome,
    Material,
    MaterialKind,
    Module,
    WeeklyTopic,
)
from qashyq.courses.selectors.readiness import ItemState, Part, ReadinessState
from qashyq.courses.tests.test_readiness_support import SPRING_DEADLINE, World, build_world


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def w(db: None) -> World:
    return build_world()


def states(course: Course) -> dict[str, str]:
    checklist = selectors.course_readiness(course=course).checklist
    return {str(i.part): str(i.state) for i in checklist.items}


def test_lms2_complete_course_has_every_part(w: World) -> None:
    row = selectors.course_readiness(course=w.complete)

    assert {str(i.part): str(i.state) for i in row.checklist.items} == {
        "program": "done",
        "outcomes": "done",
        "plan": "done",
        "plan_hours": "done",
        "split": "done",
        "grading": "done",
        "control_tasks": "done",
        "main_literature": "done",
        "additional_literature": "done",
        "modules": "done",
        "consultations": "done",
        "lectures": "done",
        "practical": "done",
        "lab": "not_applicable",  # the discipline has no laboratory hours
        "independent": "done",
        "midterm": "done",
        "final": "done",
    }
    assert (row.checklist.done, row.checklist.applicable, row.checklist.percent) == (16, 16, 100)
    assert row.checklist.complete
    assert row.state == ReadinessState.COMPLETE
    assert not row.ready
    assert row.teachers == ("Бекұлы Асқар",)
    details = {str(i.part): i.detail for i in row.checklist.items}
    assert details["plan_hours"] == (
        "plan 30/15/0/105 h, discipline 30/15/0/105 h (lecture/practice/lab/independent)"
    )
    assert details["split"] == "synchronous 33 %, asynchronous 67 %, in person 0 %"
    assert details["control_tasks"] == "3 of 3 tied to outcomes"
    assert details["lectures"] == "2 materials"  # a text lecture and a video lecture
    assert details["final"] == "1 material"


def test_lms2_empty_course_misses_every_part(w: World) -> None:
    row = selectors.course_readiness(course=w.empty)

    assert [str(i.part) for i in row.checklist.missing] == [
        "program",
        "outcomes",
        "plan",
        "plan_hours",
        "split",
        "grading",
        "control_tasks",
        "main_literature",
        "additional_literature",
        "modules",
        "consultations",
        "lectures",
        "practical",
        "independent",
        "midterm",
        "final",
    ]
    assert (row.checklist.done, row.checklist.applicable, row.checklist.percent) == (0, 16, 0)
    assert row.state == ReadinessState.INCOMPLETE


def test_lms2_hidden_or_empty_materials_count_nothing(w: World) -> None:
    final = Material.objects.get(module__course=w.complete, kind=MaterialKind.FINAL)
    final.is_hidden = True
    final.save()
    # An empty shell of final control materials: no text, no file, no link.
    Material.objects.create(
        module=final.module, kind=MaterialKind.FINAL, title="Билеттер", position=9
    )

    row = selectors.course_readiness(course=w.complete)

    assert [str(i.part) for i in row.checklist.missing] == ["final"]
    assert row.checklist.percent == 93  # 15 of 16, floored: not complete
    assert not row.checklist.complete


def test_lms2_a_hidden_module_hides_its_materials(w: World) -> None:
    Module.objects.filter(course=w.complete).update(is_hidden=True)

    missing = [str(i.part) for i in selectors.course_readiness(course=w.complete).checklist.missing]

    assert missing == [
        "modules",
        "lectures",
        "practical",
        "independent",
        "midterm",
        "final",
    ]


def test_lms2_control_task_without_outcomes_and_plan_hours_off(w: World) -> None:
    ControlTask.objects.create(course=w.complete, title="Эссе", kind=ControlKind.CURRENT, week=5)
    WeeklyTopic.objects.filter(course=w.complete, week=15).update(hours_lab=2)

    row = selectors.course_readiness(course=w.complete)
    by_part = {i.part: i for i in row.checklist.items}

    assert by_part[Part.CONTROL_TASKS].state == ItemState.MISSING
    assert by_part[Part.CONTROL_TASKS].detail == "3 of 4 tied to outcomes"
    assert by_part[Part.PLAN_HOURS].state == ItemState.MISSING
    assert by_part[Part.PLAN_HOURS].detail == (
        "plan 30/15/2/105 h, discipline 30/15/0/105 h (lecture/practice/lab/independent)"
    )
    # Laboratory hours in the plan make the laboratory practicum required.
    assert by_part[Part.LAB].state == ItemState.MISSING


def test_onl6_quality_signals(w: World) -> None:
    LearningOutcome.objects.create(course=w.complete, code="LO3", text="Оңтайландырады")
    Module.objects.create(course=w.complete, title="2-апта", week=2, position=2)

    quality = selectors.course_readiness(course=w.complete).quality

    assert quality.kinds == ("final", "independent", "lecture", "midterm", "practical", "video")
    assert (quality.multimedia, quality.outcomes, quality.outcomes_covered) == (1, 3, 2)
    assert quality.uncovered_outcomes == ("LO3",)
    assert [(str(s.signal), s.ok, s.detail) for s in quality.signals] == [
        (
            "variety",
            True,
            "6 of at least 4 kinds: final control materials, task for independent work, "
            "lecture (text), midterm control materials, practical task, video",
        ),
        ("multimedia", True, "1 video, audio, image or media-service item"),
        ("outcomes_covered", False, "2 of 3 covered; not checked: LO3"),
        ("modules_filled", False, "1 empty module"),
    ]


def test_onl6_empty_course_signals(w: World) -> None:
    quality = selectors.course_readiness(course=w.empty).quality

    assert [(str(s.signal), s.ok) for s in quality.signals] == [
        ("variety", False),
        ("multimedia", False),
        ("outcomes_covered", False),
        ("modules_filled", False),
    ]


def test_readiness_of_many_courses_in_constant_queries(
    w: World, django_assert_num_queries: pytest.FixtureRequest
) -> None:
    courses = list(Course.objects.select_related("discipline").order_by("pk"))

    with django_assert_num_queries(9):  # type: ignore[operator]
        rows = selectors.course_readiness_many(courses=courses)

    assert [(r.course.code, r.checklist.percent) for r in rows] == [
        ("DB2201-26S", 100),
        ("OS2202-26S", 0),
    ]


def test_dashboard_completeness_per_department_and_program(w: World) -> None:
    """ONL-5: the department head's dashboard of the next period to start."""
    dashboard = selectors.readiness_dashboard_for(
        actor=w.actor("department_head"), today=SPRING_DEADLINE
    )

    assert dashboard.period == w.period
    assert dashboard.deadline is not None
    assert dashboard.deadline.deadline == SPRING_DEADLINE
    assert [r.course.code for r in dashboard.rows] == ["DB2201-26S", "OS2202-26S"]
    assert (dashboard.total.courses, dashboard.total.complete, dashboard.total.ready) == (2, 1, 0)
    assert dashboard.total.percent == 50
    assert [(d.department.code, d.completeness.courses) for d in dashboard.departments] == [
        ("IS", 2)
    ]
    assert [
        (p.program.code, p.completeness.courses, p.completeness.percent, p.missing)
        for p in dashboard.programs
    ] == [("6B06101", 2, 50, 1)]
    # The mandatory discipline without a course; the elective and semester 3 are not due.
    assert [m.item.discipline.code for m in dashboard.missing] == ["NET2203"]
