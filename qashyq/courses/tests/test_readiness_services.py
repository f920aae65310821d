"""LMS-2 submission and the department head's decision, ONL-5 readiness act: services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation

from qashyq.core.errors import ValidationFailed
from qashyq.core.tests.pdftext import pdf_text
from qashyq.courses import selectors, services
from qashyq.courses.models import (
    ComplexApproval,
    ComplexStatus,
    Course,
    CourseGroup,
    CourseRole,
    CourseStaff,
    Material,
    MaterialKind,
    ReadinessAct,
)
from qashyq.courses.selectors.readiness import ReadinessState
from qashyq.courses.tests.test_readiness_support import World, build_world, fill_complete
from qashyq.footprint.models import Event
from qashyq.institutions.models import CurriculumItem


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def w(db: None) -> World:
    return build_world()


def test_lms2_teacher_submits_a_complete_complex(w: World) -> None:
    approval = services.complex_submit(actor=w.actor("teacher"), course=w.complete)

    assert approval.status == ComplexStatus.SUBMITTED
    assert approval.submitted_by_id == w.teacher.user_id
    assert selectors.course_readiness(course=w.complete).state == ReadinessState.SUBMITTED
    event = Event.objects.get(course_id=w.complete.pk)
    assert (event.verb, event.object_type, event.actor_id) == (
        "submitted",
        "complex",
        w.teacher.user_id,
    )


def test_lms2_an_incomplete_complex_cannot_be_submitted(w: World) -> None:
    with pytest.raises(services.ComplexIncomplete) as error:
        services.complex_submit(actor=w.actor("teacher"), course=w.empty)

    assert error.value.extra["missing"] == [
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
    assert error.value.message.startswith(
        "The complex is missing: Working program: content of the discipline; Learning outcomes;"
    )
    assert not ComplexApproval.objects.exists()
    assert not Event.objects.exists()


@pytest.mark.parametrize("who", ["tutor", "dean", "distance_unit", "registrar"])
def test_lms2_only_teachers_or_the_head_submit(w: World, who: str) -> None:
    with pytest.raises(services.ComplexChangeForbidden):
        services.complex_submit(actor=w.actor(who), course=w.complete)
    assert not ComplexApproval.objects.exists()


def test_lms2_submitting_twice_is_refused(w: World) -> None:
    services.complex_submit(actor=w.actor("teacher"), course=w.complete)

    with pytest.raises(services.ComplexStateInvalid) as error:
        services.complex_submit(actor=w.actor("department_head"), course=w.complete)

    assert error.value.message == "The complex is already submitted for approval."


def test_lms2_department_head_approves_and_the_course_is_ready(w: World) -> None:
    services.complex_submit(actor=w.actor("teacher"), course=w.complete)

    approval = services.complex_approve(
        actor=w.actor("department_head"), course=w.complete, comment="  Жақсы  "
    )

    assert approval.status == ComplexStatus.APPROVED
    assert approval.decided_by_id == w.users["department_head"].pk  # type: ignore[union-attr]
    assert approval.comment == "Жақсы"
    assert approval.decided_at is not None
    row = selectors.course_readiness(course=w.complete)
    assert (row.state, row.ready) == (ReadinessState.APPROVED, True)
    assert list(Event.objects.order_by("pk").values_list("verb", flat=True)) == [
        "submitted",
        "approved",
    ]


@pytest.mark.parametrize(
    "who", ["teacher", "dean", "distance_unit", "registrar", "other_department_head"]
)
def test_lms2_only_the_head_of_that_department_decides(w: World, who: str) -> None:
    services.complex_submit(actor=w.actor("teacher"), course=w.complete)

    with pytest.raises(services.ComplexChangeForbidden):
        services.complex_approve(actor=w.actor(who), course=w.complete)
    with pytest.raises(services.ComplexChangeForbidden):
        services.complex_return(actor=w.actor(who), course=w.complete, comment="Жоқ")

    assert ComplexApproval.objects.get().status == ComplexStatus.SUBMITTED


def test_lms2_approval_needs_a_submission(w: World) -> None:
    with pytest.raises(services.ComplexStateInvalid):
        services.complex_approve(actor=w.actor("department_head"), course=w.complete)


def test_lms2_content_removed_after_submission_blocks_approval(w: World) -> None:
    services.complex_submit(actor=w.actor("teacher"), course=w.complete)
    Material.objects.filter(module__course=w.complete, kind=MaterialKind.MIDTERM).delete()

    with pytest.raises(services.ComplexIncomplete) as error:
        services.complex_approve(actor=w.actor("department_head"), course=w.complete)

    assert error.value.extra["missing"] == ["midterm"]
    assert ComplexApproval.objects.get().status == ComplexStatus.SUBMITTED


def test_lms2_content_removed_after_approval_makes_it_not_ready(w: World) -> None:
    services.complex_submit(actor=w.actor("teacher"), course=w.complete)
    services.complex_approve(actor=w.actor("department_head"), course=w.complete)
    Material.objects.filter(module__course=w.complete, kind=MaterialKind.FINAL).delete()

    row = selectors.course_readiness(course=w.complete)

    assert (row.state, row.ready) == (ReadinessState.INCOMPLETE, False)


def test_lms2_return_needs_a_comment_then_allows_resubmission(w: World) -> None:
    services.complex_submit(actor=w.actor("teacher"), course=w.complete)
    with pytest.raises(ValidationFailed) as error:
        services.complex_return(actor=w.actor("department_head"), course=w.complete, comment=" ")
    assert error.value.extra == {"field": "comment"}

    returned = services.complex_return(
        actor=w.actor("department_head"), course=w.complete, comment="Әдебиетті жаңартыңыз"
    )

    assert (returned.status, returned.comment) == (ComplexStatus.RETURNED, "Әдебиетті жаңартыңыз")
    assert selectors.course_readiness(course=w.complete).state == ReadinessState.RETURNED
    again = services.complex_submit(actor=w.actor("teacher"), course=w.complete)
    assert (again.status, again.comment, again.decided_by_id) == (ComplexStatus.SUBMITTED, "", None)


# ---------------------------------------------------------------- the readiness act (ONL-5)


def _make_program_ready(w: World) -> None:
    """Fill and approve the second course, drop the curriculum discipline without a course."""
    fill_complete(w.empty)
    CurriculumItem.objects.filter(discipline=w.unstaffed_discipline).delete()
    head = w.actor("department_head")
    for course in (w.complete, w.empty):
        services.complex_submit(actor=w.actor("teacher"), course=course)
        services.complex_approve(actor=head, course=course)


def test_onl5_act_refused_while_courses_are_not_ready(w: World) -> None:
    with pytest.raises(services.ReadinessNotReady) as error:
        services.readiness_act_issue(
            actor=w.actor("distance_unit"),
            program=w.program,
            period=w.period,
            on=dt.date(2025, 12, 30),
        )

    assert error.value.extra == {"ready": 0, "total": 2, "missing": 1}
    assert not ReadinessAct.objects.exists()


def test_onl5_act_issued_for_a_ready_program(w: World) -> None:
    _make_program_ready(w)

    act = services.readiness_act_issue(
        actor=w.actor("distance_unit"), program=w.program, period=w.period, on=dt.date(2025, 12, 30)
    )

    assert act.number == "RA-2025-SE2-6B06101"
    assert act.issued_on == dt.date(2025, 12, 30)
    assert act.summary["deadline"] == "2025-12-31"
    assert act.summary["on_time"] is True
    assert [c["code"] for c in act.summary["courses"]] == ["DB2201-26S", "OS2202-26S"]
    data = act.pdf.read()
    lines = pdf_text(data).splitlines()
    text = " ".join(lines)
    assert data.startswith(b"%PDF-")
    assert lines[1:5] == [
        "ЦИФРЛЫҚ БІЛІМ БЕРУ КОНТЕНТІНІҢ ДАЙЫНДЫҒЫ",
        "ТУРАЛЫ АКТ",
        "30.12.2025",
        "Атырау",
    ]
    assert text.count("№ RA-2025-SE2-6B06101") == 2  # the Kazakh and the Russian page
    assert "Дайындық мерзімі: 31.12.2025 (кезең басталғанға дейін 5 жұмыс күні;" in text
    assert "АКТ ГОТОВНОСТИ ЦИФРОВОГО ОБРАЗОВАТЕЛЬНОГО КОНТЕНТА" in text
    assert "Срок готовности: 31.12.2025 (5 рабочих дней до начала периода;" in text
    assert "DB2201-26S" in text
    assert "OS2202-26S" in text


def test_onl5_act_issued_again_replaces_it(w: World) -> None:
    _make_program_ready(w)
    actor = w.actor("department_head")
    first = services.readiness_act_issue(
        actor=actor, program=w.program, period=w.period, on=dt.date(2025, 12, 30)
    )

    again = services.readiness_act_issue(
        actor=actor, program=w.program, period=w.period, on=dt.date(2026, 1, 5)
    )

    assert again.pk == first.pk
    assert ReadinessAct.objects.count() == 1
    assert (again.issued_on, again.summary["on_time"]) == (dt.date(2026, 1, 5), False)


@pytest.mark.parametrize("who", ["teacher", "dean", "other_department_head", "rector_office"])
def test_onl5_act_issuers_only(w: World, who: str) -> None:
    _make_program_ready(w)

    with pytest.raises(services.ComplexChangeForbidden):
        services.readiness_act_issue(
            actor=w.actor(who), program=w.program, period=w.period, on=dt.date(2025, 12, 30)
        )
    assert not ReadinessAct.objects.exists()


def test_onl5_program_counts_courses_of_its_groups(w: World) -> None:
    """A course of another discipline taught to the program's group counts for the program."""
    extra = Course.objects.create(
        institution=w.institution,
        discipline=w.unstaffed_discipline,
        period=w.period,
        code="NET2203-26S",
    )
    CourseGroup.objects.create(course=extra, group=w.group)
    CourseStaff.objects.create(course=extra, staff=w.teacher, role=CourseRole.TEACHER)

    data = selectors.program_readiness_for(
        actor=w.actor("dean"), program_id=w.program.pk, period_id=w.period.pk
    )

    assert [r.course.code for r in data.rows] == ["DB2201-26S", "NET2203-26S", "OS2202-26S"]
    assert data.missing == ()
    assert not data.ready
