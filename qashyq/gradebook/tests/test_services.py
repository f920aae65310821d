"""Grades by hand with history and reasons, items and weights, the statement and locked
finals, the registrar's changes, FX retakes, GPA and the transcript (SIS-1, GRD-3…GRD-5,
GPA-1)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from qashyq.footprint.models import Event
from qashyq.gradebook import selectors, services
from qashyq.gradebook.errors import (
    FinalsLocked,
    GradeInvalid,
    GradeNotAllowed,
    ReasonRequired,
    RetakeNotAllowed,
)
from qashyq.gradebook.models import (
    FinalGrade,
    GradeChange,
    GradeEntry,
    GradeScale,
    GradingPolicy,
    Statement,
)
from qashyq.gradebook.tests.conftest import World
from qashyq.gradebook.tests.helpers import grade, rights, standard_items
from qashyq.institutions.tests.factories import InstitutionFactory

D = Decimal


def test_sis1_hand_grade_history_and_reason_required(world: World) -> None:
    items = standard_items(world)
    r = rights(world, world.teacher.user)
    services.entry_set(rights=r, item_id=items["c1"].pk, student_id=world.aigerim.pk, points=D(8))
    with pytest.raises(ReasonRequired):
        services.entry_set(
            rights=r, item_id=items["c1"].pk, student_id=world.aigerim.pk, points=D(9)
        )
    services.entry_set(
        rights=r, item_id=items["c1"].pk, student_id=world.aigerim.pk, points=D(9),
        reason="Қате енгізілді",
    )  # fmt: skip
    # the same value again: nothing new
    services.entry_set(rights=r, item_id=items["c1"].pk, student_id=world.aigerim.pk, points=D(9))
    history = list(
        GradeChange.objects.order_by("id").values_list(
            "from_points", "to_points", "reason", "changed_by_id", "source"
        )
    )
    uid = world.teacher.user.pk
    assert history == [
        (None, D("8.00"), "", uid, "manual"),
        (D("8.00"), D("9.00"), "Қате енгізілді", uid, "manual"),
    ]
    assert GradeEntry.objects.get().by_hand is True
    assert Event.objects.filter(verb="graded").count() == 2
    rows = selectors.entry_history(course_id=world.course.pk, student_id=world.aigerim.pk)
    assert [r.reason for r in rows] == ["Қате енгізілді", ""]


def test_marks_and_bounds(world: World) -> None:
    items = standard_items(world)
    r = rights(world, world.teacher.user)
    e = services.entry_set(
        rights=r, item_id=items["c1"].pk, student_id=world.bolat.pk, points=D(5), mark="excused"
    )
    assert (e.points, e.mark) == (None, "excused")
    with pytest.raises(GradeInvalid):
        services.entry_set(
            rights=r, item_id=items["c1"].pk, student_id=world.dana.pk, points=D("10.01")
        )
    with pytest.raises(GradeInvalid):  # not in the course
        services.entry_set(
            rights=r, item_id=items["c1"].pk, student_id=world.outsider.pk, points=D(1)
        )


@pytest.mark.parametrize("who", ["assistant", "tutor"])
def test_assistants_and_tutors_do_not_enter_grades(world: World, who: str) -> None:
    items = standard_items(world)
    staff = getattr(world, who)
    with pytest.raises(GradeNotAllowed):
        services.entry_set(
            rights=rights(world, staff.user),
            item_id=items["c1"].pk,
            student_id=world.aigerim.pk,
            points=D(1),
        )
    assert not GradeEntry.objects.exists()


def test_journal_computes_ratings_and_verdicts(world: World) -> None:
    items = standard_items(world)
    grade(world, items, world.aigerim.pk, c1="7", m1="90", c2="15", m2="65", exam="80")
    grade(world, items, world.bolat.pk, c1="2", m1="30", c2="5", m2="40")
    journal = selectors.course_journal(course=world.course)
    rows = {row.id: row for row in journal.rows}
    a = rows[world.aigerim.pk].result
    assert (a.r1, a.r2, a.admission, a.admitted) == (D("80.00"), D("70.00"), D("75.00"), True)
    assert (a.percent, a.letter) == (D("77"), "B-")
    b = rows[world.bolat.pk].result
    assert (b.admitted, b.letter, b.admission_clause) == (False, "F", "GRD-4.combined")
    assert rows[world.dana.pk].result.admission == D("0")
    assert journal.averages[0] == D("45.00")  # (70 + 20) / 2


def test_course_weights_follow_the_setup(world: World) -> None:
    items = standard_items(world)
    grade(world, items, world.aigerim.pk, c1="7", m1="90", c2="15", m2="65")
    services.course_grading_set(
        rights=rights(world, world.teacher.user),
        current_share=D("0.40"),
        r1_share=D("0.30"),
        admission_threshold=D(60),
        exam_minimum=None,
    )
    rows = selectors.course_journal(course=world.course).rows
    row = next(r for r in rows if r.id == world.aigerim.pk)
    assert (row.result.r1, row.result.r2) == (D("82.00"), D("69.00"))


def test_statement_locks_then_registrar_changes_with_reason(
    world: World, make_user: object
) -> None:
    items = standard_items(world)
    grade(world, items, world.aigerim.pk, c1="7", m1="90", c2="15", m2="65", exam="80")
    teacher = rights(world, world.teacher.user)
    assert services.statement_confirm(rights=teacher) == 3
    final = FinalGrade.objects.get(student=world.aigerim)
    assert (final.letter, final.points, final.credits, final.percent) == (
        "B-", D("2.67"), 5, D("77.00")
    )  # fmt: skip
    absent = FinalGrade.objects.get(student=world.dana)
    assert (absent.letter, absent.admitted) == ("F", False)
    with pytest.raises(FinalsLocked):
        services.entry_set(
            rights=teacher, item_id=items["exam"].pk, student_id=world.aigerim.pk,
            points=D(100), reason="x",
        )  # fmt: skip
    with pytest.raises(FinalsLocked):
        services.statement_confirm(rights=teacher)
    registrar = rights(world, make_user("registrar"))  # type: ignore[operator]
    with pytest.raises(ReasonRequired):
        services.entry_set(
            rights=registrar, item_id=items["exam"].pk, student_id=world.aigerim.pk,
            points=D(100),
        )  # fmt: skip
    services.entry_set(
        rights=registrar, item_id=items["exam"].pk, student_id=world.aigerim.pk,
        points=D(100), reason="Апелляция №12",
    )  # fmt: skip
    final.refresh_from_db()
    assert (final.letter, final.percent) == ("B+", D("85.00"))  # 0.6 × 75 + 0.4 × 100


def test_grd5_fx_retake_replaces_only_the_exam(world: World) -> None:
    items = standard_items(world)
    grade(world, items, world.aigerim.pk, c1="6", m1="60", c2="12", m2="60", exam="20")
    grade(world, items, world.bolat.pk, c1="10", m1="100", c2="20", m2="100", exam="90")
    teacher = rights(world, world.teacher.user)
    services.statement_confirm(rights=teacher)
    fx = FinalGrade.objects.get(student=world.aigerim)
    assert (fx.letter, fx.percent) == ("FX", D("44.00"))
    with pytest.raises(RetakeNotAllowed):  # a passing grade is not raised
        services.exam_retake_record(rights=teacher, student_id=world.bolat.pk, exam=D(100))
    with pytest.raises(RetakeNotAllowed):  # F: studied again
        services.exam_retake_record(rights=teacher, student_id=world.dana.pk, exam=D(100))
    after = services.exam_retake_record(rights=teacher, student_id=world.aigerim.pk, exam=D(70))
    assert (after.letter, after.admission, after.exam, after.percent) == (
        "C-", D("60.00"), D("70.00"), D("64.00")
    )  # fmt: skip
    assert (after.retakes, after.gpa_points) == (1, D("1.67"))
    with pytest.raises(RetakeNotAllowed):  # not FX any more
        services.exam_retake_record(rights=teacher, student_id=world.aigerim.pk, exam=D(90))


def test_gpa1_retake_averaged_by_policy(world: World) -> None:
    services.grading_defaults_install(institution_id=world.institution.pk)
    GradingPolicy.objects.filter(institution=world.institution).update(
        retake_in_gpa="average", fx_retakes=2
    )
    from qashyq.core.cache import generation_bump

    generation_bump("gradebook-policy")
    items = standard_items(world)
    grade(world, items, world.aigerim.pk, c1="6", m1="60", c2="12", m2="60", exam="20")
    teacher = rights(world, world.teacher.user)
    services.statement_confirm(rights=teacher)
    services.exam_retake_record(rights=teacher, student_id=world.aigerim.pk, exam=D(10))
    second = services.exam_retake_record(rights=teacher, student_id=world.aigerim.pk, exam=D(70))
    # FX 0.50, FX 0.50, C- 1.67 → 0.89
    assert (second.letter, second.retakes, second.gpa_points) == ("C-", 2, D("0.89"))


def test_gpa1_transcript_per_period_and_cumulative(world: World) -> None:
    items = standard_items(world)
    grade(world, items, world.aigerim.pk, c1="10", m1="100", c2="20", m2="100", exam="100")
    services.statement_confirm(rights=rights(world, world.teacher.user))
    # a second course, another period: 3 credits of C (65)
    from qashyq.courses.models import Course, Enrolment
    from qashyq.institutions.tests.factories import AcademicPeriodFactory, DisciplineFactory

    period = AcademicPeriodFactory.create(
        academic_year=world.period.academic_year, number=1,
        starts_on=world.period.starts_on.replace(year=2025, month=9, day=1),
        ends_on=world.period.starts_on.replace(year=2025, month=12, day=27),
    )  # fmt: skip
    other = Course.objects.create(
        institution=world.institution,
        discipline=DisciplineFactory.create(department=world.department, credits=3),
        period=period,
        code="PHY-2025F",
        status="published",
    )
    Enrolment.objects.create(course=other, student=world.aigerim)
    FinalGrade.objects.create(
        course=other, student=world.aigerim, period=period, credits=3, r1=D(65), r2=D(65),
        admission=D(65), admitted=True, exam=D(65), percent=D(65), letter="C", points=D(2),
        passes=True, clause="GRD-3", gpa_points=D(2), updated_at=timezone.now(),
    )  # fmt: skip
    transcript = selectors.student_transcript(student=world.aigerim, language="kk")
    assert [p.gpa for p in transcript.periods] == [D("2.00"), D("4.00")]
    assert transcript.gpa == D("3.25")  # (3 × 2 + 5 × 4) / 8
    assert transcript.credits == 8
    assert transcript.periods[1].lines[0].traditional == "өте жақсы"
    assert transcript.honours_eligible is False
    assert "GPA-2.gpa" in transcript.honours_failed


def test_grd1_presets_installed_once_and_used(world: World) -> None:
    assert services.grading_defaults_install(institution_id=world.institution.pk) is True
    assert services.grading_defaults_install(institution_id=world.institution.pk) is False
    names = list(
        GradeScale.objects.filter(institution=world.institution)
        .order_by("effective_from")
        .values_list("name", flat=True)
    )
    assert names == ["KZ-2011", "KZ-current"]
    import datetime as dt

    old = selectors.scale_in_force(institution_id=world.institution.pk, on=dt.date(2015, 1, 1))
    new = selectors.scale_in_force(institution_id=world.institution.pk, on=dt.date(2026, 1, 1))
    assert old.band(D(40)).letter == "F"
    assert new.band(D(40)).letter == "FX"


def test_presets_loaded_by_migration_for_existing_institutions(db: None) -> None:
    from qashyq.gradebook.models import GradeBand, GradingPolicy
    from qashyq.gradebook.presets import presets_load

    institution = InstitutionFactory.create()
    assert presets_load(GradeScale, GradeBand, GradingPolicy, [institution.pk]) == 1
    assert GradeBand.objects.filter(scale__institution=institution).count() == 12 + 11
    assert Statement.objects.count() == 0
