"""ONL-5 (Atyrau Regulation 066 §6.9.2): content on the portal 5 working days before the
period, with a readiness act. The evaluator at its boundaries (pure), and end to end
through check(program) with the facts `courses` gives through the registered provider."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qashyq.accounts.tests.factories import UserFactory
from qashyq.core.scope import ActorScope, Grant
from qashyq.courses import services as course_services
from qashyq.courses.selectors.readiness import readiness_facts_for_programs
from qashyq.courses.tests.test_readiness_support import (
    SPRING_DEADLINE,
    SPRING_STARTS,
    World,
    build_world,
    fill_complete,
)
from qashyq.institutions.models import CurriculumItem, Institution, StudyForm
from qashyq.institutions.tests.factories import ProgramFactory
from qashyq.regulations import engine, facts, selectors, services
from qashyq.regulations.data import (
    Citation,
    Outcome,
    ProgramFacts,
    ProgramProfile,
    ReadinessFact,
    RuleSpec,
    SubjectKind,
    Verdict,
)

DEADLINE = dt.date(2026, 8, 24)
RULE = RuleSpec(
    code="atyrau-066-2024/6.9.2",
    requirement="ONL-5",
    evaluator="content_readiness",
    params={},
    scope={},
    title="Digital content on the portal at least 5 working days before the period starts",
    citation=Citation("atyrau-066-2024", "Regulation 066", "6.9.2", "", ""),
    starts_on=dt.date(2024, 8, 28),
    ends_on=None,
    act_kind="regulation",
)


def _fact(**changes: object) -> ReadinessFact:
    values: dict[str, object] = {
        "period_id": 1,
        "period_starts_on": dt.date(2026, 9, 1),
        "deadline": DEADLINE,
        "act_number": None,
        "act_issued_on": None,
        "ready_courses": 12,
        "total_courses": 15,
    }
    values.update(changes)
    return ReadinessFact(**values)  # type: ignore[arg-type]


def _verdict(
    as_of: dt.date, fact: ReadinessFact | None, *, form: str = StudyForm.ONLINE
) -> Verdict:
    program = ProgramFacts(
        program_id=1,
        label="6B06101 Information systems",
        profile=ProgramProfile(level="bachelor", direction_code="6B061", study_form=form),
        total_credits=240,
        mooc_credits=0,
        disciplines_total=0,
        synchronous_percents=(),
        disciplines_with_distance=0,
        plan_items_at_distance=0,
        in_vacation=None,
        readiness=fact,
    )
    (verdict,) = engine.evaluate(kind=SubjectKind.PROGRAM, rules=[RULE], facts=program, as_of=as_of)
    return verdict


# ---------------------------------------------------------------- the evaluator (pure)


def test_onl5_day_before_the_deadline_is_allowed_with_the_figures() -> None:
    v = _verdict(DEADLINE - dt.timedelta(days=1), _fact())

    assert v.outcome is Outcome.ALLOWED
    assert v.figures == "deadline 24.08.2026; 12 of 15 courses ready"
    assert v.explanation == (
        "The content of the period starting 01.09.2026 is due by 24.08.2026, with a readiness act."
    )
    assert v.values["on_time"] is None


def test_onl5_deadline_day_with_an_act_issued_that_day_is_allowed() -> None:
    v = _verdict(DEADLINE, _fact(act_number="RA-2026-SE1-6B06101", act_issued_on=DEADLINE))

    assert v.outcome is Outcome.ALLOWED
    assert v.figures == "deadline 24.08.2026; act No. RA-2026-SE1-6B06101 of 24.08.2026"
    assert (v.values["on_time"], v.values["act_issued_on"]) == (True, "2026-08-24")


def test_onl5_deadline_day_without_an_act_is_violated() -> None:
    v = _verdict(DEADLINE, _fact())

    assert v.outcome is Outcome.VIOLATED
    assert v.figures == "deadline 24.08.2026; 12 of 15 courses ready"
    assert v.explanation == (
        "No readiness act was issued by the deadline for the period starting 01.09.2026."
    )


def test_onl5_act_issued_after_the_deadline_is_violated() -> None:
    late = _fact(act_number="RA-1", act_issued_on=DEADLINE + dt.timedelta(days=1), ready_courses=15)

    v = _verdict(dt.date(2026, 8, 28), late)

    assert v.outcome is Outcome.VIOLATED
    assert v.figures == "deadline 24.08.2026; 15 of 15 courses ready"
    assert v.explanation == (
        "The readiness act (act No. RA-1 of 25.08.2026) was issued after the deadline for "
        "the period starting 01.09.2026."
    )
    assert v.values["on_time"] is False


def test_onl5_curriculum_disciplines_without_a_course_are_in_the_figures() -> None:
    v = _verdict(DEADLINE - dt.timedelta(days=3), _fact(missing_disciplines=1))

    assert v.figures == (
        "deadline 24.08.2026; 12 of 15 courses ready; 1 curriculum discipline without a course"
    )


def test_onl5_full_time_program_is_not_applicable() -> None:
    v = _verdict(DEADLINE, _fact(), form=StudyForm.FULL_TIME)

    assert v.outcome is Outcome.NOT_APPLICABLE
    assert v.explanation == "The program is not in the online form."


def test_onl5_without_facts_is_not_applicable() -> None:
    v = _verdict(DEADLINE, None)

    assert v.outcome is Outcome.NOT_APPLICABLE
    assert v.explanation == (
        "No academic period of the institution is current on 24.08.2026 or starts after "
        "it, so no content deadline applies."
    )


def test_onl5_a_period_without_courses_is_not_applicable() -> None:
    v = _verdict(DEADLINE, _fact(ready_courses=0, total_courses=0))

    assert v.outcome is Outcome.NOT_APPLICABLE
    assert v.explanation == (
        "No course or curriculum discipline of the program falls in the academic period "
        "starting 01.09.2026."
    )


# ---------------------------------------------------------------- end to end (courses' facts)


def _admin(institution: Institution) -> ActorScope:
    user = UserFactory.create()
    return ActorScope(
        user_id=user.pk,
        grants=(Grant(role="admin", institution_id=institution.pk),),
        roles=frozenset({"admin"}),
    )


@pytest.fixture
def w(db: None) -> World:
    """The readiness world (spring 2026 from 12.01.2026, due 31.12.2025), its program in
    the online form, under Atyrau 066."""
    world = build_world()
    world.program.study_form = StudyForm.ONLINE
    world.program.save()
    services.rule_pack_apply_preset(
        actor=_admin(world.institution), institution=world.institution, preset="atyrau-066"
    )
    return world


def _onl5(report_verdicts: tuple[Verdict, ...]) -> Verdict:
    (verdict,) = [v for v in report_verdicts if v.requirement == "ONL-5"]
    return verdict


def _make_ready(w: World) -> None:
    fill_complete(w.empty)
    CurriculumItem.objects.filter(discipline=w.unstaffed_discipline).delete()
    head = w.actor("department_head")
    for course in (w.complete, w.empty):
        course_services.complex_submit(actor=w.actor("teacher"), course=course)
        course_services.complex_approve(actor=head, course=course)


def test_onl5_provider_gives_the_period_the_courses_and_the_act(w: World) -> None:
    before = readiness_facts_for_programs(program_ids=[w.program.pk], as_of=dt.date(2025, 12, 1))

    assert before == {
        w.program.pk: ReadinessFact(
            period_id=w.period.pk,
            period_starts_on=SPRING_STARTS,
            deadline=SPRING_DEADLINE,
            act_number=None,
            act_issued_on=None,
            ready_courses=0,
            total_courses=2,
            missing_disciplines=1,
        )
    }
    assert readiness_facts_for_programs(program_ids=[w.program.pk], as_of=dt.date(2026, 6, 1)) == {}


def test_onl5_check_program_end_to_end(w: World) -> None:
    day_before = _onl5(selectors.check(w.program, as_of=dt.date(2025, 12, 30)).verdicts)
    assert day_before.outcome is Outcome.ALLOWED
    assert day_before.figures == (
        "deadline 31.12.2025; 0 of 2 courses ready; 1 curriculum discipline without a course"
    )

    overdue = _onl5(selectors.check(w.program, as_of=SPRING_DEADLINE).verdicts)
    assert overdue.outcome is Outcome.VIOLATED
    assert overdue.citation.clause == "6.9.2"

    _make_ready(w)
    course_services.readiness_act_issue(
        actor=w.actor("distance_unit"), program=w.program, period=w.period, on=SPRING_DEADLINE
    )
    report = selectors.check(w.program, as_of=dt.date(2026, 1, 5))
    on_time = _onl5(report.verdicts)
    assert on_time.outcome is Outcome.ALLOWED
    assert on_time.figures == "deadline 31.12.2025; act No. RA-2025-SE2-6B06101 of 31.12.2025"

    after = _onl5(selectors.check(w.program, as_of=dt.date(2026, 6, 1)).verdicts)
    assert after.outcome is Outcome.NOT_APPLICABLE


def test_onl5_late_act_through_check_is_violated(w: World) -> None:
    _make_ready(w)
    course_services.readiness_act_issue(
        actor=w.actor("distance_unit"), program=w.program, period=w.period, on=dt.date(2026, 1, 5)
    )

    v = _onl5(selectors.check(w.program, as_of=dt.date(2026, 1, 12)).verdicts)

    assert v.outcome is Outcome.VIOLATED
    assert v.figures == "deadline 31.12.2025; 2 of 2 courses ready"


def test_onl5_full_time_program_through_check_is_not_applicable(w: World) -> None:
    w.program.study_form = StudyForm.FULL_TIME
    w.program.save()

    v = _onl5(selectors.check(w.program, as_of=SPRING_DEADLINE).verdicts)

    assert v.outcome is Outcome.NOT_APPLICABLE
    assert v.explanation == "The rule covers the online form of study; this program is full-time."


def test_onl5_without_a_provider_is_not_applicable(w: World) -> None:
    provider = facts.readiness_provider()
    assert provider is readiness_facts_for_programs  # registered by CoursesConfig.ready()
    facts.readiness_provider_clear()
    try:
        v = _onl5(selectors.check(w.program, as_of=SPRING_DEADLINE).verdicts)
    finally:
        facts.readiness_provider_register(provider)

    assert v.outcome is Outcome.NOT_APPLICABLE


def test_onl5_bulk_equals_single_in_a_fixed_number_of_queries(w: World) -> None:
    others = [
        ProgramFactory.create(department=w.department, study_form=StudyForm.ONLINE)
        for _ in range(3)
    ]
    ids = [w.program.pk, *(p.pk for p in others)]
    selectors.check_programs(institution=w.institution, as_of=SPRING_DEADLINE, program_ids=ids[:1])

    with CaptureQueriesContext(connection) as one:
        selectors.check_programs(
            institution=w.institution, as_of=SPRING_DEADLINE, program_ids=ids[:1]
        )
    with CaptureQueriesContext(connection) as four:
        bulk = selectors.check_programs(
            institution=w.institution, as_of=SPRING_DEADLINE, program_ids=ids
        )

    assert len(four) == len(one)
    for program in [w.program, *others]:
        assert bulk[program.pk] == selectors.check(program, as_of=SPRING_DEADLINE)
    assert _onl5(bulk[w.program.pk].verdicts).outcome is Outcome.VIOLATED
    assert _onl5(bulk[others[0].pk].verdicts).outcome is Outcome.NOT_APPLICABLE
