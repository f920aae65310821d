"""Services of the structure: validation rules and who may write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from qashyq.institutions import selectors, services
from qashyq.institutions.errors import (
    DirectionLevelMismatch,
    DuplicateCode,
    HoursCreditsMismatch,
    PeriodOutsideYear,
    PeriodsOverlap,
    SemesterOutOfRange,
    StructureChangeForbidden,
    StructureInvalid,
    StructureNotFound,
)
from qashyq.institutions.models import AcademicPeriod, Component, Faculty, Level, PeriodKind
from qashyq.institutions.tests.conftest import scope
from qashyq.institutions.tests.factories import (
    AcademicYearFactory,
    CurriculumFactory,
    DisciplineFactory,
    ProgramFactory,
    direction,
)

pytestmark = pytest.mark.django_db


def test_faculty_create_and_unique_code(registrar, institution):
    faculty = services.faculty_create(
        actor=registrar, institution=institution, code="FIT", name_kk="АТ факультеті"
    )
    assert (faculty.code, faculty.name_kk, faculty.institution_id) == (
        "FIT",
        "АТ факультеті",
        institution.pk,
    )
    with pytest.raises(DuplicateCode) as error:
        services.faculty_create(actor=registrar, institution=institution, code="fit", name_kk="X")
    assert error.value.extra["field"] == "code"
    assert Faculty.objects.filter(institution=institution).count() == 1


def test_dean_reads_but_may_not_write(dean, institution):
    with pytest.raises(StructureChangeForbidden):
        services.faculty_create(actor=dean, institution=institution, code="F2", name_kk="Ф")
    assert not Faculty.objects.filter(code="F2").exists()


def test_registrar_of_another_institution_gets_not_found(other_institution, institution):
    stranger = scope("registrar", other_institution)
    with pytest.raises(StructureNotFound):
        services.faculty_create(actor=stranger, institution=institution, code="F3", name_kk="Ф")


@pytest.mark.parametrize(
    ("level", "code", "ok"),
    [
        (Level.BACHELOR, "6B061", True),
        (Level.BACHELOR, "7M061", False),
        (Level.MASTER, "7M041", True),
        (Level.MBA, "7M041", True),
        (Level.EMBA, "7M041", True),
        (Level.MBA, "6B041", False),
        (Level.DOCTORATE, "8D061", True),
        (Level.DBA, "8D041", True),
        (Level.DOCTORATE, "7M061", False),
    ],
)
def test_program_direction_prefix_matches_level(registrar, department, level, code, ok):
    # CLS-1: 6B bachelor, 7M master/MBA/EMBA, 8D doctorate/DBA
    create = lambda: services.program_create(  # noqa: E731
        actor=registrar,
        department=department,
        code="P1",
        level=level,
        name_kk="Бағдарлама",
        direction=direction(code),
        total_credits=120,
    )
    if ok:
        assert create().direction == direction(code)
    else:
        with pytest.raises(DirectionLevelMismatch):
            create()


def test_program_code_unique_in_institution(registrar, department, program):
    with pytest.raises(DuplicateCode):
        services.program_create(
            actor=registrar,
            department=department,
            code=program.code,
            level=Level.BACHELOR,
            name_kk="X",
            total_credits=240,
        )


def test_discipline_hours_must_equal_credits_times_30(registrar, department):
    # CRD-1: 1 credit = 30 academic hours; a different total is rejected.
    with pytest.raises(HoursCreditsMismatch) as error:
        services.discipline_create(
            actor=registrar,
            department=department,
            code="MAT101",
            name_kk="Математика",
            credits=5,
            hours_lecture=30,
            hours_practice=30,
            hours_independent=80,
        )
    assert error.value.extra == {"field": "hours_independent", "total": 140, "expected": 150}
    discipline = services.discipline_create(
        actor=registrar,
        department=department,
        code="MAT101",
        name_kk="Математика",
        credits=5,
        hours_lecture=30,
        hours_practice=30,
        hours_independent=90,
    )
    assert discipline.total_hours == 150


def test_curriculum_item_semester_within_program_duration(registrar, program):
    curriculum = CurriculumFactory.create(program=program)
    discipline = DisciplineFactory.create(department=program.department)
    with pytest.raises(SemesterOutOfRange):
        services.curriculum_item_add(
            actor=registrar, curriculum=curriculum, discipline=discipline, semester=9
        )
    item = services.curriculum_item_add(
        actor=registrar, curriculum=curriculum, discipline=discipline, semester=8
    )
    assert item.semester == 8
    with pytest.raises(DuplicateCode):
        services.curriculum_item_add(
            actor=registrar, curriculum=curriculum, discipline=discipline, semester=1
        )


def test_master_of_one_and_a_half_years_has_three_semesters(registrar, department):
    program = ProgramFactory.create(
        department=department,
        level=Level.MASTER,
        direction=direction("7M061"),
        duration_years=Decimal("1.5"),
        total_credits=90,
    )
    curriculum = CurriculumFactory.create(program=program)
    discipline = DisciplineFactory.create(department=department)
    with pytest.raises(SemesterOutOfRange):
        services.curriculum_item_add(
            actor=registrar, curriculum=curriculum, discipline=discipline, semester=4
        )


def test_elective_group_shares_semester_credits_and_choose(registrar, program):
    curriculum = CurriculumFactory.create(program=program)
    a, b = DisciplineFactory.create_batch(2, department=program.department, credits=5)
    six = DisciplineFactory.create(department=program.department, credits=6, hours_independent=135)
    first = services.curriculum_item_add(
        actor=registrar,
        curriculum=curriculum,
        discipline=a,
        semester=3,
        component=Component.ELECTIVE,
        elective_group="КВ-1",
        elective_choose=1,
    )
    second = services.curriculum_item_add(
        actor=registrar,
        curriculum=curriculum,
        discipline=b,
        semester=3,
        component=Component.ELECTIVE,
        elective_group="КВ-1",
        elective_choose=2,  # the group's choose wins
    )
    assert (first.elective_choose, second.elective_choose) == (1, 1)
    with pytest.raises(StructureInvalid):
        services.curriculum_item_add(
            actor=registrar,
            curriculum=curriculum,
            discipline=six,
            semester=3,
            component=Component.ELECTIVE,
            elective_group="КВ-1",
        )
    with pytest.raises(StructureInvalid):
        services.curriculum_item_add(
            actor=registrar,
            curriculum=curriculum,
            discipline=six,
            semester=3,
            component=Component.GENERAL_MANDATORY,
            elective_group="КВ-2",
        )
    assert services.curriculum_item_move(actor=registrar, item=first, semester=4) == 2
    second.refresh_from_db()
    assert second.semester == 4
    with pytest.raises(StructureInvalid):
        services.curriculum_elective_group_set(
            actor=registrar, curriculum=curriculum, group="КВ-1", choose=3
        )
    assert (
        services.curriculum_elective_group_set(
            actor=registrar, curriculum=curriculum, group="КВ-1", choose=2
        )
        == 2
    )


def test_curriculum_summary_exact_numbers(registrar, program, dean):
    program.total_credits = 30
    program.save()
    curriculum = CurriculumFactory.create(program=program)
    department = program.department
    history = DisciplineFactory.create(department=department, credits=5)
    philosophy = DisciplineFactory.create(department=department, credits=5)
    python = DisciplineFactory.create(department=department, credits=6, hours_independent=135)
    web, mobile, data = DisciplineFactory.create_batch(
        3, department=department, credits=4, hours_independent=75
    )
    free = DisciplineFactory.create(department=department, credits=3, hours_independent=45)
    add = lambda d, s, c=Component.GENERAL_MANDATORY, g="", n=1: services.curriculum_item_add(  # noqa: E731
        actor=registrar,
        curriculum=curriculum,
        discipline=d,
        semester=s,
        component=c,
        elective_group=g,
        elective_choose=n,
    )
    add(history, 1)
    add(philosophy, 1, Component.UNIVERSITY)
    add(python, 2)
    for d in (web, mobile, data):
        add(d, 2, Component.ELECTIVE, "КВ-1", 2)
    add(free, 2, Component.ELECTIVE)

    summary = selectors.curriculum_summary(
        curriculum=selectors.curriculum_get_for(actor=dean, curriculum_id=curriculum.pk)
    )
    assert [
        (s.semester, s.mandatory_credits, s.elective_credits, s.credits) for s in summary.semesters
    ] == [(1, 10, 0, 10), (2, 6, 11, 17)]
    group = summary.semesters[1].groups[0]
    assert (group.name, group.choose, len(group.options), group.credits) == ("КВ-1", 2, 3, 8)
    assert (summary.mandatory_credits, summary.elective_credits, summary.total_credits) == (
        16,
        11,
        27,
    )
    assert (summary.program_credits, summary.difference, summary.missing_credits) == (30, -3, 3)
    assert summary.is_complete is False


def test_default_periods_two_semesters_and_summer(registrar, institution):
    year = services.academic_year_create(actor=registrar, institution=institution, start_year=2025)
    assert (year.starts_on, year.ends_on) == (date(2025, 9, 1), date(2026, 8, 31))
    periods = services.academic_year_default_periods_create(
        actor=registrar, academic_year=year, summer=True
    )
    # CAL-6: 15 weeks + 2 weeks of exams; 2 weeks of vacation; summer 6 weeks.
    assert [(p.kind, p.number, p.starts_on, p.ends_on, p.exam_session_starts_on)
            for p in periods] == [
        (PeriodKind.SEMESTER, 1, date(2025, 9, 1), date(2025, 12, 28), date(2025, 12, 15)),
        (PeriodKind.SEMESTER, 2, date(2026, 1, 12), date(2026, 5, 10), date(2026, 4, 27)),
        (PeriodKind.SUMMER, 1, date(2026, 5, 11), date(2026, 6, 21), None),
    ]  # fmt: skip
    with pytest.raises(StructureInvalid):
        services.academic_year_default_periods_create(actor=registrar, academic_year=year)


def test_period_inside_year_and_not_overlapping(registrar, institution):
    year = AcademicYearFactory.create(institution=institution, start_year=2025)
    services.academic_period_create(
        actor=registrar,
        academic_year=year,
        kind=PeriodKind.SEMESTER,
        number=1,
        starts_on=date(2025, 9, 1),
        ends_on=date(2025, 12, 28),
    )
    with pytest.raises(PeriodOutsideYear):
        services.academic_period_create(
            actor=registrar,
            academic_year=year,
            kind=PeriodKind.SEMESTER,
            number=2,
            starts_on=date(2026, 7, 1),
            ends_on=date(2026, 9, 30),
        )
    with pytest.raises(PeriodsOverlap):
        services.academic_period_create(
            actor=registrar,
            academic_year=year,
            kind=PeriodKind.SEMESTER,
            number=2,
            starts_on=date(2025, 12, 1),
            ends_on=date(2026, 4, 30),
        )
    with pytest.raises(StructureInvalid):  # CAL-6: summer ≥ 6 weeks
        services.academic_period_create(
            actor=registrar,
            academic_year=year,
            kind=PeriodKind.SUMMER,
            number=1,
            starts_on=date(2026, 6, 1),
            ends_on=date(2026, 7, 5),
        )
    assert AcademicPeriod.objects.filter(academic_year=year).count() == 1


def test_group_code_unique_in_institution(registrar, program, department):
    services.group_create(actor=registrar, program=program, code="ИС-25-1", admission_year=2025)
    other = ProgramFactory.create(department=department)
    with pytest.raises(DuplicateCode):
        services.group_create(actor=registrar, program=other, code="ис-25-1", admission_year=2025)
