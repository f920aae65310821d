"""check() on real records: the same plan on three dates, packs and presets, emergency
mode, what-if, programs, disciplines, teachers, eligibility; bulk equals single."""

from __future__ import annotations

import datetime as dt

import pytest

from qashyq.accounts.tests.factories import UserFactory
from qashyq.core.scope import ActorScope, Grant
from qashyq.institutions.models import Department, Institution
from qashyq.institutions.tests.factories import (
    AcademicPeriodFactory,
    AcademicYearFactory,
    CurriculumFactory,
    CurriculumItemFactory,
    DisciplineFactory,
)
from qashyq.people.models import Student
from qashyq.regulations import selectors, services
from qashyq.regulations.data import EligibilityRequest, Outcome, Report
from qashyq.regulations.tests.factories import (
    EmergencyPeriodFactory,
    StudentFactory,
    TeacherTrainingFactory,
    plan_make,
    program_with,
    teacher_make,
)

D2021, D2024, D2026 = dt.date(2021, 3, 1), dt.date(2024, 9, 1), dt.date(2026, 8, 1)


def outcomes(report: Report) -> dict[str, str]:
    return {v.rule_code: v.outcome.value for v in report.verdicts}


def admin_of(institution: Institution) -> ActorScope:
    user = UserFactory.create()
    return ActorScope(
        user_id=user.pk,
        grants=(Grant(role="admin", institution_id=institution.pk),),
        roles=frozenset({"admin"}),
    )


@pytest.fixture
def ict_student(department: Department) -> Student:
    """An ICT bachelor (6B061, 240 credits): 48 disciplines of 5 credits, 22 at a
    distance (45.8 %), 10 of them academic mobility (50 credits)."""
    program = program_with("6B061", department=department, total_credits=240)
    student = StudentFactory.create(program=program, prior_education="higher")
    plan_make(student, disciplines=48, distance=22, basis={"mobility": 10})
    return student


def test_same_plan_on_three_dates(ict_student: Student, institution: Institution) -> None:
    """2021: the 2020 wording (60 mobility credits: 50 is fine); 2024: the 2022 wording
    (20 % of credits: 50 of 240 is too many) and Atyrau's own regulation from its date;
    2026: the pack's tightening of LIM-3 to 40 % from 01.09.2025 (45.8 % is too many)."""
    admin = admin_of(institution)
    services.rule_pack_apply_preset(
        actor=admin, institution=institution, preset="atyrau-066", on=dt.date(2025, 1, 10)
    )
    services.rule_pack_rule_set(
        actor=admin,
        institution=institution,
        rule_code="mon-137-2022/lim-3",
        parameters={"limit_percent": 40},
        effective_from=dt.date(2025, 9, 1),
    )
    r2021 = selectors.check(ict_student, as_of=D2021)
    r2024 = selectors.check(ict_student, as_of=D2024)
    r2026 = selectors.check(ict_student, as_of=D2026)

    o2021 = outcomes(r2021)
    assert o2021["mon-137-2020/26"] == "allowed"  # 50 ≤ 60 credits
    assert "mon-137-2022/lim-7" not in o2021
    assert o2021["atyrau-066-2024/5.4.7"] == "not_applicable"
    atyrau = next(v for v in r2021.verdicts if v.rule_code == "atyrau-066-2024/5.4.7")
    assert atyrau.explanation == (
        "The act was not yet in force on 01.03.2021 (in force from 28.08.2024)."
    )
    assert r2021.allowed

    o2024 = outcomes(r2024)
    assert "mon-137-2020/26" not in o2024
    assert o2024["mon-137-2022/lim-7"] == "violated"  # 50 > 48 credits
    assert o2024["mon-137-2022/lim-3"] == "allowed"  # 45.8 % ≤ 50 %
    assert o2024["atyrau-066-2024/5.4.7"] == "allowed"
    assert [v.requirement for v in r2024.violated] == ["LIM-7"]

    o2026 = outcomes(r2026)
    lim3 = next(v for v in r2026.verdicts if v.rule_code == "mon-137-2022/lim-3")
    assert lim3.outcome is Outcome.VIOLATED
    assert lim3.figures == "22 of 48 disciplines = 45.8 %, limit 40 %"
    assert lim3.title == "All other directions: at most 40 % of disciplines at a distance"
    assert "The institution's rule pack tightens the published parameters." in lim3.explanation
    assert o2026["atyrau-066-2024/5.4.7"] == "allowed"  # Atyrau's own 50 % is untouched
    assert sorted(v.requirement for v in r2026.violated) == ["LIM-3", "LIM-7"]


def test_institution_without_pack_follows_national_rules_only(ict_student: Student) -> None:
    report = selectors.check(ict_student, as_of=D2026)
    assert {v.citation.act_code for v in report.verdicts} == {"mon-137-2022"}


def test_shakarim_preset_limits_construction_to_20_percent(
    department: Department, institution: Institution
) -> None:
    program = program_with("6B073", department=department)
    student = StudentFactory.create(program=program, prior_education="higher")
    plan_make(student, disciplines=40, distance=9)  # 22.5 %
    before = selectors.check(student, as_of=D2026)
    services.rule_pack_apply_preset(
        actor=admin_of(institution), institution=institution, preset="shakarim-e042"
    )
    after = selectors.check(student, as_of=D2026)
    assert outcomes(before)["mon-137-2022/lim-2"] == "violated"  # national: both lists
    assert outcomes(after)["shakarim-e042-2023/7.9-1"] == "violated"
    assert outcomes(after)["shakarim-e042-2023/7.9-2"] == "not_applicable"


def test_emergency_lifts_mobility_limit_and_lists_labs(
    ict_student: Student, institution: Institution
) -> None:
    lab = ict_student.plan_items.filter(delivery="distance").first()
    assert lab is not None
    lab.discipline.hours_lab = 30
    lab.discipline.code = "LAB-1"
    lab.discipline.save()
    EmergencyPeriodFactory.create(
        institution=institution, starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 8, 31)
    )
    report = selectors.check(ict_student, as_of=D2026)
    lim7 = next(v for v in report.verdicts if v.rule_code == "mon-137-2022/lim-7")
    lim13 = next(v for v in report.verdicts if v.rule_code == "mon-137-2022/lim-13")
    assert lim7.outcome is Outcome.ALLOWED
    assert lim7.values["emergency"] is True
    assert lim13.values["disciplines"] == ["LAB-1"]
    assert report.allowed
    assert selectors.emergency_active(institution=institution, on=D2026)
    assert not selectors.emergency_active(institution=institution, on=dt.date(2026, 9, 1))
    after = selectors.check(ict_student, as_of=dt.date(2026, 9, 1))
    assert outcomes(after)["mon-137-2022/lim-7"] == "violated"


def test_what_if_counts_exactly_the_given_disciplines(ict_student: Student) -> None:
    ids = frozenset(
        ict_student.plan_items.filter(delivery="in_person").values_list("discipline_id", flat=True)[
            :5
        ]
    )
    report = selectors.check(ict_student, as_of=D2026, distance_discipline_ids=ids)
    lim3 = next(v for v in report.verdicts if v.rule_code == "mon-137-2022/lim-3")
    assert lim3.figures == "5 of 48 disciplines = 10.4 %, limit 50 %"


def test_bulk_check_equals_single_check(
    ict_student: Student, department: Department, institution: Institution
) -> None:
    services.rule_pack_apply_preset(
        actor=admin_of(institution), institution=institution, preset="atyrau-066"
    )
    law = StudentFactory.create(
        program=program_with("6B042", department=department), prior_education="secondary"
    )
    plan_make(law, disciplines=30, distance=7, basis={"double_degree": 1}, distance_percent=25)
    ped = StudentFactory.create(program=program_with("6B013", department=department))
    plan_make(ped, disciplines=10, distance=1)
    empty = StudentFactory.create(program=ict_student.program)
    ids = [ict_student.pk, law.pk, ped.pk, empty.pk]
    EmergencyPeriodFactory.create(
        institution=institution, starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 8, 31)
    )
    for on in (D2021, D2024, D2026):
        bulk = selectors.check_students(institution=institution, as_of=on, student_ids=ids)
        assert sorted(bulk) == sorted(ids)
        for pk in ids:
            single = selectors.check(Student.objects.get(pk=pk), as_of=on)
            assert bulk[pk] == single, (pk, on)


def test_bulk_check_uses_few_queries(
    ict_student: Student, django_assert_max_num_queries: object, institution: Institution
) -> None:
    more = [StudentFactory.create(program=ict_student.program) for _ in range(5)]
    for s in more:
        plan_make(s, disciplines=4, distance=1)
    ids = [ict_student.pk, *(s.pk for s in more)]
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        reports = selectors.check_students(institution=institution, as_of=D2026, student_ids=ids)
    assert len(reports) == 6


def test_program_check_online_form(department: Department, institution: Institution) -> None:
    services.rule_pack_apply_preset(
        actor=admin_of(institution), institution=institution, preset="atyrau-066"
    )
    program = program_with("6B061", department=department, study_form="online", total_credits=240)
    curriculum = CurriculumFactory.create(program=program, admission_year=2025)
    for n in range(8):
        CurriculumItemFactory.create(
            curriculum=curriculum,
            discipline=DisciplineFactory.create(
                department=department,
                credits=5,
                is_mooc_based=n < 4,  # 20 MOOC credits of 240 = 8.3 %
                synchronous_percent=None if n == 7 else 25,
            ),
        )
    year = AcademicYearFactory.create(institution=institution, start_year=2026)
    AcademicPeriodFactory.create(
        academic_year=year, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2026, 12, 28)
    )
    report = selectors.check(program, as_of=dt.date(2026, 10, 1))
    by = {v.requirement: v for v in report.verdicts}
    assert by["ONL-1"].outcome is Outcome.ALLOWED
    assert by["ONL-2"].figures == "1 of 4 disciplines below 20 % synchronous or not stated"
    assert by["ONL-3"].figures == "20 of 240 credits through MOOCs = 8.3 %, at least 10 %"
    assert by["ONL-8"].explanation == (
        "01.10.2026 falls in an academic period: transfers between forms wait until the "
        "vacation from 29.12.2026."
    )
    assert by["ONL-5"].outcome is Outcome.NOT_APPLICABLE
    assert sorted(v.requirement for v in report.violated) == ["ONL-2", "ONL-3"]
    bulk = selectors.check_programs(
        institution=institution, as_of=dt.date(2026, 10, 1), program_ids=[program.pk]
    )
    assert bulk[program.pk] == report


def test_historical_staff_ratio_only_in_2006_2007(
    department: Department, institution: Institution
) -> None:
    program = program_with("6B061", department=department)
    StudentFactory.create(program=program)
    teacher_make()  # another department: does not count
    from qashyq.people.tests.factories import StaffFactory

    StaffFactory.create(department=department)
    in_2007 = selectors.check(program, as_of=dt.date(2007, 3, 1))
    ratio = next(v for v in in_2007.verdicts if v.requirement == "HIST-1")
    assert ratio.outcome is Outcome.VIOLATED
    assert ratio.figures == "1 student, 1 teacher; at least 8 students per teacher"
    assert {v.requirement for v in in_2007.verdicts} == {"HIST-1", "HIST-2", "HIST-3", "HIST-4"}
    in_2024 = selectors.check(program, as_of=D2024)
    assert not any(v.citation.act_code == "mon-404-2006" for v in in_2024.verdicts)


def test_teacher_check_onl4(institution: Institution) -> None:
    teacher = teacher_make()
    TeacherTrainingFactory.create(staff=teacher, hours=40, completed_on=dt.date(2024, 5, 1))
    TeacherTrainingFactory.create(staff=teacher, hours=32, completed_on=dt.date(2025, 5, 1))
    TeacherTrainingFactory.create(
        staff=teacher, hours=100, completed_on=dt.date(2025, 5, 1), online_pedagogy=False
    )
    services.rule_pack_apply_preset(
        actor=admin_of(teacher.institution), institution=teacher.institution, preset="atyrau-066"
    )
    report = selectors.check(teacher, as_of=D2026)
    assert [(v.requirement, v.outcome.value, v.figures) for v in report.verdicts] == [
        ("ONL-4", "allowed", "72 hours since 01.08.2023, at least 72")
    ]
    later = selectors.check(teacher, as_of=dt.date(2027, 5, 2))
    assert later.verdicts[0].outcome is Outcome.VIOLATED


def test_discipline_check(department: Department, institution: Institution) -> None:
    services.rule_pack_apply_preset(
        actor=admin_of(institution), institution=institution, preset="shakarim-e042"
    )
    discipline = DisciplineFactory.create(department=department, distance_percent=30)
    report = selectors.check(discipline, as_of=D2026)
    assert [(v.requirement, v.outcome.value) for v in report.verdicts] == [("LIM-5", "violated")]


def test_eligibility_medical_at_shakarim(ict_student: Student, institution: Institution) -> None:
    services.rule_pack_apply_preset(
        actor=admin_of(institution), institution=institution, preset="shakarim-e042"
    )
    request = EligibilityRequest(
        student_id=ict_student.pk,
        ground="temporary_health",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 10, 15),
        evidence_kinds=frozenset({"medical_conclusion"}),
    )
    report = selectors.check(request, as_of=D2026)
    assert report.subject_kind == "eligibility"
    assert report.subject_id == ict_student.pk
    by = {v.rule_code: v for v in report.verdicts}
    assert by["mon-137-2022/3"].outcome is Outcome.ALLOWED
    assert by["shakarim-e042-2023/6.1-health"].outcome is Outcome.VIOLATED  # 45 days > 30
    assert by["shakarim-e042-2023/6.1-health"].figures == "45 days, limit 30"
    assert by["mon-137-2022/application"].outcome is Outcome.ALLOWED


def test_eligibility_adds_requested_disciplines(ict_student: Student) -> None:
    extra = frozenset(
        ict_student.plan_items.filter(delivery="in_person").values_list("discipline_id", flat=True)[
            :3
        ]
    )
    request = EligibilityRequest(
        student_id=ict_student.pk,
        ground="competition",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 9, 20),
        discipline_ids=extra,
        evidence_kinds=frozenset({"invitation"}),
    )
    report = selectors.check(request, as_of=D2026)
    lim3 = next(v for v in report.verdicts if v.rule_code == "mon-137-2022/lim-3")
    assert lim3.figures == "25 of 48 disciplines = 52.1 %, limit 50 %"
    assert lim3.outcome is Outcome.VIOLATED


def test_ground_rules_national_and_shakarim(institution: Institution) -> None:
    national = {g.ground: g for g in selectors.ground_rules(institution=institution, as_of=D2026)}
    assert national["temporary_health"].required_evidence == ("medical_conclusion",)
    assert national["temporary_health"].max_days is None
    assert national["restrictive_measures"].requires_application is False
    assert national["competition"].requires_application is True
    assert "working_tvet" not in national
    assert national["competition"].citation.act_code == "mon-137-2022"
    services.rule_pack_apply_preset(
        actor=admin_of(institution), institution=institution, preset="shakarim-e042"
    )
    shakarim = {g.ground: g for g in selectors.ground_rules(institution=institution, as_of=D2026)}
    assert shakarim["temporary_health"].max_days == 30
    in_2021 = {g.ground for g in selectors.ground_rules(institution=institution, as_of=D2021)}
    assert "competition" not in in_2021
    assert "business_trip" in in_2021


def test_known_grounds_make_the_lim4_exception(
    department: Department, institution: Institution
) -> None:
    """LIM-4: a pedagogy student at a distance on a medical ground is an exception."""
    services.rule_pack_apply_preset(
        actor=admin_of(institution), institution=institution, preset="atyrau-066"
    )
    student = StudentFactory.create(program=program_with("6B013", department=department))
    plan_make(student, disciplines=10, distance=1)
    plain = selectors.check(student, as_of=D2026)
    known = selectors.check(student, as_of=D2026, grounds=frozenset({"temporary_health"}))
    assert outcomes(plain)["atyrau-066-2024/5.4.6"] == "violated"
    assert outcomes(known)["atyrau-066-2024/5.4.6"] == "allowed"
    bulk = selectors.check_students(
        institution=institution,
        as_of=D2026,
        student_ids=[student.pk],
        grounds={student.pk: frozenset({"temporary_health"})},
    )
    assert bulk[student.pk] == known
