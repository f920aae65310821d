"""Each catalogue rule at its boundaries, with the citation it must carry.

The rules come from the catalogue as loaded by the data migration (not hand-made), so
a change of a threshold or a citation in catalogue/data/*.json fails one of these
tests. Facts are built directly: the engine is pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from qashyq.regulations import engine, selectors
from qashyq.regulations.data import (
    DisciplineFacts,
    EligibilityFacts,
    EligibilityRequest,
    EmergencyInfo,
    Outcome,
    PlanFacts,
    ProgramFacts,
    ProgramProfile,
    RuleSpec,
    SubjectKind,
    TeacherFacts,
    Verdict,
)

pytestmark = pytest.mark.django_db

D2021, D2024, D2026 = dt.date(2021, 3, 1), dt.date(2024, 9, 1), dt.date(2026, 8, 1)
ICT = ProgramProfile(level="bachelor", direction_code="6B061", study_form="full_time")
LAW = ProgramProfile(level="bachelor", direction_code="6B042", study_form="full_time")
PED = ProgramProfile(level="bachelor", direction_code="6B013", study_form="full_time")


def spec(code: str, on: dt.date) -> RuleSpec:
    """A catalogue rule as the engine gets it (no pack)."""
    found = [s for s in selectors.rule_specs(institution=None, as_of=on) if s.code == code]
    if not found:  # a preset rule: not binding without a pack, but its spec is the same
        from qashyq.regulations.models import Rule
        from qashyq.regulations.selectors import _Entry, _spec

        rule = Rule.objects.select_related("act").get(code=code)
        return _spec(_Entry(rule, None, in_pack=True), on)
    return found[0]


def plan(**fields: Any) -> PlanFacts:
    base: dict[str, Any] = {
        "student_id": 1,
        "label": "Student",
        "profile": ICT,
        "program_credits": 240,
        "prior_education": "higher",
        "disciplines_total": 50,
        "disciplines_distance": 0,
        "distance_credits": {},
        "basis_credits": {},
    }
    return PlanFacts(**{**base, **fields})


def program(**fields: Any) -> ProgramFacts:
    base: dict[str, Any] = {
        "program_id": 1,
        "label": "Program",
        "profile": replace(ICT, study_form="online"),
        "total_credits": 240,
        "mooc_credits": 24,
        "disciplines_total": 40,
        "synchronous_percents": (20, 30),
        "disciplines_with_distance": 0,
        "plan_items_at_distance": 0,
        "in_vacation": None,
    }
    return ProgramFacts(**{**base, **fields})


def verdict(
    code: str,
    facts: Any,
    *,
    kind: SubjectKind = SubjectKind.STUDENT_PLAN,
    on: dt.date = D2026,
    emergency: EmergencyInfo | None = None,
    extra: tuple[str, ...] = (),
) -> Verdict:
    rules = [spec(code, on), *(spec(c, on) for c in extra)]
    verdicts = engine.evaluate(kind=kind, rules=rules, facts=facts, as_of=on, emergency=emergency)
    return next(v for v in verdicts if v.rule_code == code)


def cited(v: Verdict, act: str, clause: str, wording: str) -> None:
    assert (v.citation.act_code, v.citation.clause, v.citation.wording) == (act, clause, wording)
    assert v.citation.original_kk


# ---------------------------------------------------------------- shares of disciplines


def test_lim3_national_exactly_50_percent_is_allowed() -> None:
    """LIM-3: 25 of 50 disciplines = 50 % is within the 50 % limit."""
    v = verdict("mon-137-2022/lim-3", plan(disciplines_distance=25))
    assert v.outcome is Outcome.ALLOWED
    assert v.figures == "25 of 50 disciplines = 50 %, limit 50 %"
    assert dict(v.values) == {"count": 25, "total": 50, "share": 50.0, "limit": 50}
    cited(v, "mon-137-2022", "cf. 066 §5.4.7; E042 §7.9", "wording of 06.10.2022")


def test_lim3_national_just_over_50_percent_is_violated() -> None:
    """LIM-3: 501 of 1000 = 50.1 % breaks the limit (no rounding in the comparison)."""
    v = verdict("mon-137-2022/lim-3", plan(disciplines_total=1000, disciplines_distance=501))
    assert v.outcome is Outcome.VIOLATED
    assert v.figures == "501 of 1000 disciplines = 50.1 %, limit 50 %"
    assert v.explanation == "At most 500 disciplines of this plan may be studied at a distance."


def test_lim2_national_20_percent_for_law_and_201_per_mille_violated() -> None:
    """LIM-2 (national, both lists): law at 20 % allowed, 20.1 % violated."""
    ok = verdict("mon-137-2022/lim-2", plan(profile=LAW, disciplines_distance=10))
    bad = verdict(
        "mon-137-2022/lim-2",
        plan(profile=LAW, disciplines_total=1000, disciplines_distance=201),
    )
    assert (ok.outcome, bad.outcome) == (Outcome.ALLOWED, Outcome.VIOLATED)
    assert ok.figures == "10 of 50 disciplines = 20 %, limit 20 %"
    assert bad.figures == "201 of 1000 disciplines = 20.1 %, limit 20 %"


def test_lim2_does_not_cover_ict_and_lim3_does_not_cover_law() -> None:
    lim2 = verdict("mon-137-2022/lim-2", plan(disciplines_distance=30))
    lim3 = verdict("mon-137-2022/lim-3", plan(profile=LAW, disciplines_distance=30))
    assert lim2.outcome is Outcome.NOT_APPLICABLE
    assert lim2.explanation == (
        "The rule covers the directions of pedagogical sciences, law, choreography, musical "
        "art, construction, veterinary; this program's direction is 6B061."
    )
    assert lim3.outcome is Outcome.NOT_APPLICABLE
    assert lim3.explanation == (
        "The direction 6B042 has its own, stricter limit in this act, so this rule does not "
        "cover it."
    )


def test_lim1_atyrau_law_choreography_music() -> None:
    """LIM-1 (S2 §5.4.5): 20 % for law; construction is not in Atyrau's list."""
    ok = verdict("atyrau-066-2024/5.4.5", plan(profile=LAW, disciplines_distance=10))
    bad = verdict("atyrau-066-2024/5.4.5", plan(profile=LAW, disciplines_distance=11))
    construction = replace(ICT, direction_code="6B073")
    na = verdict("atyrau-066-2024/5.4.5", plan(profile=construction, disciplines_distance=11))
    assert (ok.outcome, bad.outcome, na.outcome) == (
        Outcome.ALLOWED,
        Outcome.VIOLATED,
        Outcome.NOT_APPLICABLE,
    )
    cited(ok, "atyrau-066-2024", "5.4.5", "wording of 28.08.2024")


def test_lim2_shakarim_construction_at_20_percent() -> None:
    """LIM-2 (S3 §7.9): construction at most 20 % at Shakarim."""
    construction = replace(ICT, direction_code="6B073")
    ok = verdict("shakarim-e042-2023/7.9-1", plan(profile=construction, disciplines_distance=10))
    bad = verdict("shakarim-e042-2023/7.9-1", plan(profile=construction, disciplines_distance=11))
    assert (ok.outcome, bad.outcome) == (Outcome.ALLOWED, Outcome.VIOLATED)
    cited(bad, "shakarim-e042-2023", "7.9 (1)", "wording of 28.02.2023")


def test_lim4_pedagogy_no_distance_except_grounds() -> None:
    """LIM-4 (S2 §5.4.6): none at a distance; an exception ground of art. 37-2 allows it."""
    none = verdict("atyrau-066-2024/5.4.6", plan(profile=PED))
    one = verdict("atyrau-066-2024/5.4.6", plan(profile=PED, disciplines_distance=1))
    health = verdict(
        "atyrau-066-2024/5.4.6",
        plan(profile=PED, disciplines_distance=1, grounds=frozenset({"temporary_health"})),
    )
    assert none.outcome is Outcome.ALLOWED
    assert one.outcome is Outcome.VIOLATED
    assert one.figures == "1 discipline at a distance"
    assert health.outcome is Outcome.ALLOWED
    assert health.explanation == (
        "Allowed as an exception on the ground: temporarily limited health (medical commission)."
    )
    cited(one, "atyrau-066-2024", "5.4.6", "wording of 28.08.2024")


def test_lim5_share_of_one_discipline() -> None:
    """LIM-5 (S3 §7.9): 20 % of a discipline's volume allowed, 21 % not; MOOCs excepted."""
    code = "shakarim-e042-2023/7.9-3"
    ok = verdict(code, plan(distance_percents=(20,)))
    bad = verdict(code, plan(distance_percents=(20, 21)))
    assert (ok.outcome, bad.outcome) == (Outcome.ALLOWED, Outcome.VIOLATED)
    assert bad.figures == "1 discipline over 20 % of its volume at a distance"
    facts = DisciplineFacts(1, "D", False, None, 21, False)
    assert verdict(code, facts, kind=SubjectKind.DISCIPLINE).outcome is Outcome.VIOLATED
    mooc = replace(facts, is_mooc=True)
    assert verdict(code, mooc, kind=SubjectKind.DISCIPLINE).outcome is Outcome.NOT_APPLICABLE


# ---------------------------------------------------------------- shares of credits


def test_lim7_20_percent_of_credits_since_2022() -> None:
    """LIM-7: 48 of 240 credits (20 %) allowed, 49 violated; cites the 2020 wording it replaced."""
    ok = verdict("mon-137-2022/lim-7", plan(distance_credits={"mobility": 48}))
    bad = verdict("mon-137-2022/lim-7", plan(distance_credits={"mobility": 49}))
    assert ok.outcome is Outcome.ALLOWED
    assert bad.outcome is Outcome.VIOLATED
    assert bad.figures == "49 of 240 credits = 20.4 %, limit 20 %"
    assert bad.explanation == (
        "At most 48 credits may count here. In force from 21.10.2022; until then (wording of "
        "28.08.2020, clause 26): Academic mobility: at most 60 credits by distance technologies."
    )
    cited(bad, "mon-137-2022", "cf. 066 §5.4.13; E042 §7.14", "wording of 06.10.2022")


def test_lim7_2020_wording_60_credits() -> None:
    """LIM-7 (S0 §26): 60 credits allowed, 61 violated."""
    ok = verdict("mon-137-2020/26", plan(distance_credits={"mobility": 60}), on=D2021)
    bad = verdict("mon-137-2020/26", plan(distance_credits={"mobility": 61}), on=D2021)
    assert (ok.outcome, bad.outcome) == (Outcome.ALLOWED, Outcome.VIOLATED)
    assert bad.figures == "61 credits at a distance, limit 60"
    cited(bad, "mon-137-2020", "26", "wording of 28.08.2020")


def test_lim8_50_percent_and_2020_caps_by_level() -> None:
    """LIM-8: 50 % since 2022; 120 (bachelor) / 60 (master) credits in the 2020 wording."""
    ok = verdict("mon-137-2022/lim-8", plan(distance_credits={"double_degree": 120}))
    bad = verdict("mon-137-2022/lim-8", plan(distance_credits={"double_degree": 121}))
    assert (ok.outcome, bad.outcome) == (Outcome.ALLOWED, Outcome.VIOLATED)
    master = replace(ICT, level="master", direction_code="7M061")
    cap_ok = verdict(
        "mon-137-2020/27",
        plan(profile=master, program_credits=120, distance_credits={"double_degree": 60}),
        on=D2021,
    )
    cap_bad = verdict(
        "mon-137-2020/27",
        plan(profile=master, program_credits=120, distance_credits={"double_degree": 61}),
        on=D2021,
    )
    assert (cap_ok.outcome, cap_bad.outcome) == (Outcome.ALLOWED, Outcome.VIOLATED)
    assert cap_bad.figures == "61 credits at a distance, limit 60"


def test_lim10_non_formal_counts_all_deliveries() -> None:
    """LIM-10: recognized non-formal credits ≤ 20 %, at a distance or not."""
    ok = verdict("mon-137-2022/lim-10", plan(basis_credits={"non_formal": 48}))
    bad = verdict("mon-137-2022/lim-10", plan(basis_credits={"non_formal": 49}))
    assert (ok.outcome, bad.outcome) == (Outcome.ALLOWED, Outcome.VIOLATED)


def test_lim11_mba_30_emba_15() -> None:
    """LIM-11 (S0 §21): MBA 30 credits, EMBA/DBA 15."""
    mba = replace(ICT, level="mba", direction_code="7M041")
    emba = replace(mba, level="emba")
    assert (
        verdict(
            "mon-137-2020/21", plan(profile=mba, distance_credits={"regular": 30}), on=D2021
        ).outcome
        is Outcome.ALLOWED
    )
    assert (
        verdict(
            "mon-137-2020/21", plan(profile=mba, distance_credits={"regular": 31}), on=D2021
        ).outcome
        is Outcome.VIOLATED
    )
    assert (
        verdict(
            "mon-137-2020/21", plan(profile=emba, distance_credits={"regular": 15}), on=D2021
        ).outcome
        is Outcome.ALLOWED
    )
    bad = verdict("mon-137-2020/21", plan(profile=emba, distance_credits={"regular": 16}), on=D2021)
    assert bad.outcome is Outcome.VIOLATED
    assert bad.figures == "16 credits at a distance, limit 15"


def test_lim12_30_credits_for_construction_2020() -> None:
    construction = replace(ICT, direction_code="6B073")
    ok = verdict(
        "mon-137-2020/25", plan(profile=construction, distance_credits={"regular": 30}), on=D2021
    )
    bad = verdict(
        "mon-137-2020/25", plan(profile=construction, distance_credits={"regular": 31}), on=D2021
    )
    assert (ok.outcome, bad.outcome) == (Outcome.ALLOWED, Outcome.VIOLATED)
    cited(bad, "mon-137-2020", "25", "wording of 28.08.2020")


# ---------------------------------------------------------------- emergency (LIM-9, LIM-13)

EMERGENCY = EmergencyInfo(dt.date(2026, 7, 1), dt.date(2026, 8, 31), "Карантин")


def test_lim9_emergency_lifts_the_mobility_limit_with_citation() -> None:
    facts = plan(distance_credits={"mobility": 100})
    lifted = verdict(
        "mon-137-2022/lim-7", facts, emergency=EMERGENCY, extra=("mon-137-2022/lim-9",)
    )
    assert lifted.outcome is Outcome.ALLOWED
    assert lifted.explanation.startswith(
        "Over the limit, but allowed: emergency period 01.07.2026–31.08.2026 (Карантин); "
        "Requirements for providing distance learning"
    )
    assert ", clause cf. 066 §5.4.15; E042 §7.15 allows a larger volume." in lifted.explanation
    relief = verdict("mon-137-2022/lim-9", facts, emergency=EMERGENCY)
    assert relief.outcome is Outcome.ALLOWED
    assert verdict("mon-137-2022/lim-9", facts).outcome is Outcome.NOT_APPLICABLE
    # Non-formal credits (LIM-10) are not lifted.
    nf = verdict(
        "mon-137-2022/lim-10", plan(basis_credits={"non_formal": 100}), emergency=EMERGENCY
    )
    assert nf.outcome is Outcome.VIOLATED


def test_lim13_lists_practice_disciplines_during_emergency() -> None:
    facts = plan(disciplines_distance=3, practice_at_distance=("LAB101", "PR200"))
    v = verdict("mon-137-2022/lim-13", facts, emergency=EMERGENCY)
    assert v.outcome is Outcome.ALLOWED
    assert (
        v.figures == "2 disciplines with practice, labs or studio classes to move to later periods"
    )
    assert v.values["disciplines"] == ["LAB101", "PR200"]
    assert verdict("mon-137-2022/lim-13", facts).outcome is Outcome.NOT_APPLICABLE


# ---------------------------------------------------------------- eligibility (ELIG)


def elig(ground: str, **fields: Any) -> EligibilityFacts:
    request = EligibilityRequest(
        student_id=1,
        ground=ground,
        starts_on=fields.pop("starts_on", dt.date(2026, 9, 1)),
        ends_on=fields.pop("ends_on", None),
        **fields,
    )
    return EligibilityFacts(
        request=request, plan=plan(grounds=frozenset({ground})), level="bachelor"
    )


def test_elig5_secondary_basis_only_mobility_2020() -> None:
    """ELIG-5 (S0 §19): general secondary basis → only mobility at a distance."""
    code = "mon-137-2020/19"
    bad = verdict(
        code,
        plan(prior_education="secondary", disciplines_distance=1, distance_credits={"regular": 5}),
        on=D2021,
    )
    ok = verdict(
        code,
        plan(prior_education="secondary", disciplines_distance=1, distance_credits={"mobility": 5}),
        on=D2021,
    )
    higher = verdict(
        code,
        plan(prior_education="higher", disciplines_distance=1, distance_credits={"regular": 5}),
        on=D2021,
    )
    assert (bad.outcome, ok.outcome, higher.outcome) == (
        Outcome.VIOLATED,
        Outcome.ALLOWED,
        Outcome.ALLOWED,
    )
    cited(bad, "mon-137-2020", "19", "wording of 28.08.2020")


def test_elig3_shakarim_30_days_and_medical_conclusion() -> None:
    """ELIG-3 (S3 §6.1): 30 days allowed, 31 violated; the conclusion must be attached."""
    code = "shakarim-e042-2023/6.1-health"
    start = dt.date(2026, 9, 1)
    ok = verdict(
        code,
        elig(
            "temporary_health",
            starts_on=start,
            ends_on=start + dt.timedelta(days=29),
            evidence_kinds=frozenset({"medical_conclusion"}),
        ),
        kind=SubjectKind.ELIGIBILITY,
    )
    long = verdict(
        code,
        elig(
            "temporary_health",
            starts_on=start,
            ends_on=start + dt.timedelta(days=30),
            evidence_kinds=frozenset({"medical_conclusion"}),
        ),
        kind=SubjectKind.ELIGIBILITY,
    )
    bare = verdict(
        code,
        elig("temporary_health", starts_on=start, ends_on=start + dt.timedelta(days=9)),
        kind=SubjectKind.ELIGIBILITY,
    )
    assert ok.outcome is Outcome.ALLOWED
    assert ok.figures == "30 days, limit 30"
    assert long.outcome is Outcome.VIOLATED
    assert long.explanation == (
        "After 30 days the student returns to offline study or takes academic leave for "
        "health reasons."
    )
    assert bare.outcome is Outcome.VIOLATED
    assert bare.explanation == (
        "Attach: medical advisory commission conclusion (form ҚР ДСМ-175/2020)."
    )
    cited(ok, "shakarim-e042-2023", "6.1; 7.5", "wording of 28.02.2023")


def test_elig6_application_needed_except_restrictive_measures() -> None:
    code = "mon-137-2022/application"
    no_app = verdict(code, elig("competition", has_application=False), kind=SubjectKind.ELIGIBILITY)
    quarantine = verdict(
        code, elig("restrictive_measures", has_application=False), kind=SubjectKind.ELIGIBILITY
    )
    assert no_app.outcome is Outcome.VIOLATED
    assert quarantine.outcome is Outcome.ALLOWED


def test_elig1_ground_not_listed_anywhere_is_violated() -> None:
    """ELIG-1: a ground in no list in force (TVET workers in 2026) is refused."""
    v = verdict("mon-137-2022/3", elig("working_tvet"), kind=SubjectKind.ELIGIBILITY)
    assert v.outcome is Outcome.VIOLATED
    assert v.explanation == (
        "The ground “working adult in technical and vocational education” is not among the "
        "grounds of any act in force on 01.08.2026."
    )
    listed = verdict(
        "mon-137-2022/3",
        elig("competition", evidence_kinds=frozenset({"invitation"})),
        kind=SubjectKind.ELIGIBILITY,
    )
    assert listed.outcome is Outcome.ALLOWED


# ---------------------------------------------------------------- online form (ONL)


def test_onl1_order_530_directions() -> None:
    code = "atyrau-066-2024/6.2"
    vet = verdict(
        code,
        program(profile=replace(ICT, direction_code="6B091", study_form="online")),
        kind=SubjectKind.PROGRAM,
    )
    ict = verdict(code, program(), kind=SubjectKind.PROGRAM)
    full_time = verdict(code, program(profile=ICT), kind=SubjectKind.PROGRAM)
    assert (vet.outcome, ict.outcome, full_time.outcome) == (
        Outcome.VIOLATED,
        Outcome.ALLOWED,
        Outcome.NOT_APPLICABLE,
    )
    cited(vet, "atyrau-066-2024", "6.2; annex 1", "wording of 28.08.2024")


def test_onl2_synchronous_at_least_20_percent() -> None:
    code = "atyrau-066-2024/6.6"
    assert (
        verdict(code, program(synchronous_percents=(20, 25)), kind=SubjectKind.PROGRAM).outcome
        is Outcome.ALLOWED
    )
    bad = verdict(code, program(synchronous_percents=(19, 25, None)), kind=SubjectKind.PROGRAM)
    assert bad.outcome is Outcome.VIOLATED
    assert bad.figures == "2 of 3 disciplines below 20 % synchronous or not stated"
    d = DisciplineFacts(1, "D", False, 20, 0, True)
    assert verdict(code, d, kind=SubjectKind.DISCIPLINE).outcome is Outcome.ALLOWED
    assert (
        verdict(code, replace(d, synchronous_percent=19), kind=SubjectKind.DISCIPLINE).outcome
        is Outcome.VIOLATED
    )


def test_onl3_mooc_credits_at_least_10_percent() -> None:
    code = "atyrau-066-2024/6.9.4"
    assert (
        verdict(code, program(mooc_credits=24), kind=SubjectKind.PROGRAM).outcome is Outcome.ALLOWED
    )
    bad = verdict(code, program(mooc_credits=23), kind=SubjectKind.PROGRAM)
    assert bad.outcome is Outcome.VIOLATED
    assert bad.figures == "23 of 240 credits through MOOCs = 9.6 %, at least 10 %"


def test_onl4_72_hours_within_3_years() -> None:
    code = "atyrau-066-2024/6.10"
    on = dt.date(2026, 8, 1)
    ok = TeacherFacts(1, "T", ((dt.date(2023, 8, 1), 36), (dt.date(2025, 1, 1), 36)))
    old = TeacherFacts(1, "T", ((dt.date(2023, 7, 31), 36), (dt.date(2025, 1, 1), 36)))
    assert verdict(code, ok, kind=SubjectKind.TEACHER, on=on).outcome is Outcome.ALLOWED
    bad = verdict(code, old, kind=SubjectKind.TEACHER, on=on)
    assert bad.outcome is Outcome.VIOLATED
    assert bad.figures == "36 hours since 01.08.2023, at least 72"


def test_onl8_transfers_in_vacations() -> None:
    code = "atyrau-066-2024/6.17"
    assert (
        verdict(code, program(in_vacation=True), kind=SubjectKind.PROGRAM).outcome
        is Outcome.ALLOWED
    )
    term = verdict(
        code,
        program(in_vacation=False, next_vacation_on=dt.date(2026, 12, 29)),
        kind=SubjectKind.PROGRAM,
    )
    assert term.outcome is Outcome.NOT_APPLICABLE
    assert term.explanation == (
        "01.08.2026 falls in an academic period: transfers between forms wait until the "
        "vacation from 29.12.2026."
    )
    assert verdict(code, program(), kind=SubjectKind.PROGRAM).outcome is Outcome.NOT_APPLICABLE


# ---------------------------------------------------------------- historical (S1)


def test_s1_staff_ratio_only_while_in_force() -> None:
    """HIST-1 (S1 §51): 8 students per teacher; reported only 16.08.2006–28.11.2007."""
    on = dt.date(2007, 3, 1)
    ok = verdict(
        "mon-404-2006/51",
        program(profile=ICT, students=16, teachers=2),
        kind=SubjectKind.PROGRAM,
        on=on,
    )
    bad = verdict(
        "mon-404-2006/51",
        program(profile=ICT, students=15, teachers=2),
        kind=SubjectKind.PROGRAM,
        on=on,
    )
    assert (ok.outcome, bad.outcome) == (Outcome.ALLOWED, Outcome.VIOLATED)
    cited(bad, "mon-404-2006", "51", "wording of 19.07.2006")
    rules = selectors.rule_specs(institution=None, as_of=D2024)
    later = engine.evaluate(
        kind=SubjectKind.PROGRAM,
        rules=rules,
        facts=program(profile=ICT, students=1, teachers=2),
        as_of=D2024,
    )
    assert [v for v in later if v.rule_code.startswith("mon-404-2006")] == []
    for day_, present in (
        (dt.date(2006, 8, 15), False),
        (dt.date(2006, 8, 16), True),
        (dt.date(2007, 11, 28), True),
        (dt.date(2007, 11, 29), False),
    ):
        found = engine.evaluate(
            kind=SubjectKind.PROGRAM,
            rules=selectors.rule_specs(institution=None, as_of=day_),
            facts=program(profile=ICT, students=16, teachers=2),
            as_of=day_,
        )
        assert any(v.rule_code == "mon-404-2006/51" for v in found) is present, day_


# ---------------------------------------------------------------- tightening only


@pytest.mark.parametrize(
    ("published", "proposed", "loosened"),
    [
        ({"limit_percent": 50}, {"limit_percent": 40}, []),
        ({"limit_percent": 50}, {"limit_percent": 50.5}, ["limit_percent"]),
        ({"min_hours": 72}, {"min_hours": 80}, []),
        ({"min_hours": 72}, {"min_hours": 71}, ["min_hours"]),
        ({"directions": ["6B042"]}, {"directions": ["6B042", "6B031"]}, []),
        ({"directions": ["6B042", "6B021"]}, {"directions": ["6B042"]}, ["directions"]),
        ({"except_directions": ["6B042"]}, {"except_directions": []}, []),
        (
            {"except_directions": ["6B042"]},
            {"except_directions": ["6B042", "6B061"]},
            ["except_directions"],
        ),
        ({"max_days": 30}, {"max_days": 31}, ["max_days"]),
        ({"max_days": None}, {"max_days": 30}, []),
        (
            {"limits_by_level": {"bachelor": 120, "master": 60}},
            {"limits_by_level": {"bachelor": 100, "master": 60}},
            [],
        ),
        (
            {"limits_by_level": {"bachelor": 120, "master": 60}},
            {"limits_by_level": {"bachelor": 121, "master": 60}},
            ["limits_by_level"],
        ),
        ({"emergency_lifts": True}, {"emergency_lifts": False}, []),
        ({"emergency_lifts": False}, {"emergency_lifts": True}, ["emergency_lifts"]),
        ({"basis": ["mobility"]}, {"basis": ["regular"]}, ["basis"]),
        ({"limit_percent": 20}, {"unknown": 1}, ["unknown"]),
    ],
)
def test_loosened_parameters(
    published: dict[str, Any], proposed: dict[str, Any], loosened: list[str]
) -> None:
    assert engine.loosened_parameters(published, proposed) == loosened
