"""The attempt lifecycle (LMS-7), extra time (LMS-6), the autosave's rules and the grade
flowing to the gradebook (contract 2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qashyq.assessment import selectors, services
from qashyq.assessment.errors import (
    AnswerInvalid,
    AssessmentNotFound,
    AttemptClosed,
    NoAttemptsLeft,
    TestInvalid,
    TestNotOpen,
)
from qashyq.assessment.models import Answer, Attempt, AttemptState, EndedBy
from qashyq.assessment.tests.conftest import T0
from qashyq.footprint.models import Event
from qashyq.gradebook.models import GradeEntry, GradeItem
from qashyq.questions.models import Question

MIN = dt.timedelta(minutes=1)


def start(world, access_of, test, student=None, now=T0 + 5 * MIN):
    student = student or world.aigerim
    return services.attempt_start(access=access_of(student.user), test=test, now=now)


def right(attempt):
    """The right response at every position (the single-choice questions' "c1")."""
    return {q.position: "c1" for q in attempt.questions.all() if q.snapshot["qtype"] == "single"}


def save(attempt, position, response, seq, now):
    return services.answer_save(
        user_id=attempt.student.user_id,
        attempt_id=attempt.pk,
        position=position,
        response=response,
        seq=seq,
        now=now,
    )


# ---------------------------------------------------------------- starting


def test_start_draws_and_snapshots_the_questions(world, access_of, make_test):
    test = make_test()
    attempt = start(world, access_of, test)
    questions = list(attempt.questions.order_by("position"))
    assert [q.position for q in questions] == [1, 2, 3]
    bank = {q.pk for q in world.questions}
    assert {q.question_id for q in questions} <= bank
    assert len({q.question_id for q in questions}) == 3
    assert attempt.raw_max == Decimal(3)
    assert attempt.number == 1
    assert attempt.deadline_at == T0 + 65 * MIN
    assert Answer.objects.filter(attempt=attempt, seq=0).count() == 3
    assert Event.objects.filter(verb="attempted", object_type="assessment").count() == 1


def test_an_edit_of_the_bank_mid_exam_changes_nothing_contract_1(world, access_of, make_test):
    attempt = start(world, access_of, make_test())
    first = attempt.questions.get(position=1)
    Question.objects.filter(pk=first.question_id).update(
        text="<p>changed</p>", data={"choices": [{"id": "c9", "text": "x", "fraction": "1"}]}
    )
    saved = save(attempt, 1, "c1", 1, T0 + 6 * MIN)
    assert saved.saved is True
    attempt = services.attempt_submit(
        access=access_of(world.aigerim.user), attempt=attempt, now=T0 + 7 * MIN
    )
    assert attempt.questions.get(position=1).snapshot["text"] != "<p>changed</p>"
    assert attempt.raw_points == Decimal(1)


def test_starting_again_resumes_the_attempt_in_progress(world, access_of, make_test):
    test = make_test()
    first = start(world, access_of, test)
    again = start(world, access_of, test, now=T0 + 20 * MIN)
    assert again.pk == first.pk
    assert Attempt.objects.filter(test=test).count() == 1


def test_the_window_is_enforced(world, access_of, make_test):
    test = make_test()
    with pytest.raises(TestNotOpen):
        start(world, access_of, test, now=T0 - MIN)
    with pytest.raises(TestNotOpen):
        start(world, access_of, test, now=T0 + dt.timedelta(hours=3))


def test_an_unpublished_test_is_not_found_for_students(world, access_of, make_test):
    test = make_test(published=False, sections=())
    with pytest.raises(AssessmentNotFound):
        start(world, access_of, test)


def test_attempts_allowed_and_one_more_granted(world, access_of, make_test):
    test = make_test(attempts_allowed=1)
    attempt = start(world, access_of, test)
    services.attempt_submit(access=access_of(world.aigerim.user), attempt=attempt, now=T0 + 9 * MIN)
    with pytest.raises(NoAttemptsLeft):
        start(world, access_of, test, now=T0 + 10 * MIN)
    services.attempt_grant(
        access=access_of(world.teacher.user),
        test=test,
        student_id=world.aigerim.pk,
        reason="Жарық сөнді",
        by_user_id=world.teacher.user_id,
    )
    second = start(world, access_of, test, now=T0 + 11 * MIN)
    assert second.number == 2


def test_a_draw_larger_than_the_category_is_refused(world, access_of, make_test):
    from qashyq.assessment.data import SectionData

    with pytest.raises(TestInvalid) as error:
        make_test(sections=(SectionData(kind="draw", category_id=world.algebra.pk, count=7),))
    assert "has 6" in error.value.message


# ---------------------------------------------------------------- the deadline (LMS-6)


def test_extra_time_percentage_lms_6(world, access_of, make_test):
    services.accommodation_set(
        access=access_of(world.teacher.user),
        student_id=world.aigerim.pk,
        percent=50,
        reason="Көру қабілеті нашар",
        by_user_id=None,
    )
    attempt = start(world, access_of, make_test())
    assert attempt.deadline_at == T0 + 5 * MIN + 90 * MIN


def test_the_per_test_override_wins_over_the_percentage(world, access_of, make_test):
    test = make_test()
    services.accommodation_set(
        access=access_of(world.teacher.user),
        student_id=world.aigerim.pk,
        percent=50,
        reason="Көру қабілеті нашар",
        by_user_id=None,
    )
    services.allowance_set(
        access=access_of(world.teacher.user),
        test=test,
        student_id=world.aigerim.pk,
        extra_minutes=10,
        extra_attempts=0,
        reason="Дәрігер анықтамасы",
        by_user_id=None,
    )
    attempt = start(world, access_of, test)
    assert attempt.deadline_at == T0 + 5 * MIN + 70 * MIN


def test_the_window_close_caps_the_deadline_plus_extra(world, access_of, make_test):
    test = make_test(closes_at=T0 + 30 * MIN)
    plain = start(world, access_of, test, student=world.bolat, now=T0 + 10 * MIN)
    assert plain.deadline_at == T0 + 30 * MIN
    services.accommodation_set(
        access=access_of(world.teacher.user),
        student_id=world.aigerim.pk,
        percent=25,
        reason="LMS-6",
        by_user_id=None,
    )
    extra = start(world, access_of, test, now=T0 + 10 * MIN)
    assert extra.deadline_at == T0 + 30 * MIN + 15 * MIN


def test_saves_within_the_grace_are_kept_after_it_the_attempt_is_finalized(
    world, access_of, make_test
):
    test = make_test(grace_seconds=30)
    attempt = start(world, access_of, test)
    deadline = attempt.deadline_at
    late_but_in_grace = save(attempt, 1, "c1", 1, deadline + dt.timedelta(seconds=20))
    assert late_but_in_grace.saved is True
    assert late_but_in_grace.remaining_seconds == 0
    with pytest.raises(AttemptClosed):
        save(attempt, 2, "c1", 2, deadline + dt.timedelta(seconds=31))
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED
    assert attempt.ended_by == EndedBy.DEADLINE
    assert Answer.objects.get(attempt=attempt, position=2).response is None
    assert Answer.objects.get(attempt=attempt, position=1).response == "c1"


def test_the_periodic_finalizer_closes_overdue_attempts(world, access_of, make_test):
    test = make_test()
    attempt = start(world, access_of, test)
    other = start(world, access_of, test, student=world.bolat, now=T0 + 50 * MIN)
    assert services.attempts_close_overdue(now=attempt.deadline_at + 2 * MIN) == 1
    attempt.refresh_from_db()
    other.refresh_from_db()
    assert (attempt.state, attempt.ended_by) == (AttemptState.GRADED, EndedBy.DEADLINE)
    assert other.state == AttemptState.IN_PROGRESS
    assert services.attempts_close_overdue(now=attempt.deadline_at + 3 * MIN) == 0


def test_an_overdue_attempt_is_closed_when_the_student_comes_back(world, access_of, make_test):
    test = make_test(attempts_allowed=1)
    attempt = start(world, access_of, test)
    with pytest.raises(NoAttemptsLeft):
        start(world, access_of, test, now=attempt.deadline_at + 5 * MIN)
    attempt.refresh_from_db()
    assert attempt.ended_by == EndedBy.DEADLINE


# ---------------------------------------------------------------- autosave


def test_out_of_order_and_repeated_saves_are_harmless(world, access_of, make_test):
    attempt = start(world, access_of, make_test())
    now = T0 + 6 * MIN
    assert save(attempt, 1, "c2", 5, now).saved is True
    assert save(attempt, 1, "c3", 4, now).saved is False  # older, arrived late
    assert save(attempt, 1, "c2", 5, now).saved is False  # the same, resent
    answer = Answer.objects.get(attempt=attempt, position=1)
    assert (answer.response, answer.seq) == ("c2", 5)
    assert save(attempt, 1, None, 6, now).saved is True  # cleared
    assert Answer.objects.get(attempt=attempt, position=1).response is None


def test_the_save_answers_remaining_seconds(world, access_of, make_test):
    attempt = start(world, access_of, make_test())
    result = save(attempt, 1, "c1", 1, T0 + 15 * MIN)
    assert result.remaining_seconds == 50 * 60


def test_a_response_of_the_wrong_shape_is_refused(world, access_of, make_test):
    attempt = start(world, access_of, make_test())
    with pytest.raises(AnswerInvalid):
        save(attempt, 1, "c7", 1, T0 + 6 * MIN)
    with pytest.raises(AnswerInvalid):
        save(attempt, 9, "c1", 1, T0 + 6 * MIN)


def test_another_students_attempt_is_not_found(world, access_of, make_test):
    attempt = start(world, access_of, make_test())
    with pytest.raises(AssessmentNotFound):
        services.answer_save(
            user_id=world.bolat.user_id,
            attempt_id=attempt.pk,
            position=1,
            response="c1",
            seq=1,
            now=T0 + 6 * MIN,
        )
    assert Answer.objects.get(attempt=attempt, position=1).seq == 0


# ---------------------------------------------------------------- submitting, grading


def test_submitting_twice_is_once(world, access_of, make_test):
    attempt = start(world, access_of, make_test())
    for position, response in right(attempt).items():
        save(attempt, position, response, position, T0 + 6 * MIN)
    access = access_of(world.aigerim.user)
    first = services.attempt_submit(access=access, attempt=attempt, now=T0 + 8 * MIN)
    second = services.attempt_submit(access=access, attempt=first, now=T0 + 9 * MIN)
    again = services.attempt_submit(
        access=access, attempt=Attempt.objects.get(pk=attempt.pk), now=T0 + 10 * MIN
    )
    assert first.state == second.state == again.state == AttemptState.GRADED
    assert again.submitted_at == T0 + 8 * MIN
    assert again.score == Decimal("100.00")
    assert Event.objects.filter(verb="submitted").count() == 1
    with pytest.raises(AttemptClosed):
        save(attempt, 1, "c2", 99, T0 + 11 * MIN)


def test_the_grade_flows_to_the_gradebook_best_of_two_contract_2(world, access_of, make_test):
    test = make_test()
    access = access_of(world.aigerim.user)
    first = start(world, access_of, test)
    save(first, 1, "c1", 1, T0 + 6 * MIN)  # 1 of 3
    services.attempt_submit(access=access, attempt=first, now=T0 + 7 * MIN)
    item = GradeItem.objects.get(source="test", source_id=test.pk)
    assert (item.title, item.control, item.max_points) == (
        "Аралық бақылау 1",
        "midterm1",
        Decimal("100.00"),
    )
    entry = GradeEntry.objects.get(item=item, student=world.aigerim)
    assert entry.points == Decimal("33.33")
    second = start(world, access_of, test, now=T0 + 8 * MIN)
    for position, response in right(second).items():
        save(second, position, response, position, T0 + 9 * MIN)
    services.attempt_submit(access=access, attempt=second, now=T0 + 10 * MIN)
    entry.refresh_from_db()
    assert entry.points == Decimal("100.00")


def test_last_attempt_counts_when_the_method_says_so(world, access_of, make_test):
    test = make_test(grading_method="last")
    access = access_of(world.aigerim.user)
    first = start(world, access_of, test)
    for position, response in right(first).items():
        save(first, position, response, position, T0 + 6 * MIN)
    services.attempt_submit(access=access, attempt=first, now=T0 + 7 * MIN)
    second = start(world, access_of, test, now=T0 + 8 * MIN)
    services.attempt_submit(access=access, attempt=second, now=T0 + 9 * MIN)
    entry = GradeEntry.objects.get(item__source_id=test.pk, student=world.aigerim)
    assert entry.points == Decimal("0.00")


def test_an_essay_waits_for_the_teacher(world, access_of, make_test):
    test = make_test(essay=True)
    attempt = start(world, access_of, test)
    essay = attempt.questions.get(question_id=world.essay.pk)
    for position, response in right(attempt).items():
        save(attempt, position, response, position, T0 + 6 * MIN)
    save(attempt, essay.position, "<p>Абай — ақын.</p>", 10, T0 + 6 * MIN)
    attempt = services.attempt_submit(
        access=access_of(world.aigerim.user), attempt=attempt, now=T0 + 7 * MIN
    )
    assert attempt.state == AttemptState.NEEDS_GRADING
    assert attempt.score is None
    assert not GradeEntry.objects.filter(item__source_id=test.pk).exists()
    services.answer_grade(
        access=access_of(world.teacher.user),
        attempt=attempt,
        position=essay.position,
        points=Decimal(3),
        comment="Жақсы",
    )
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED
    assert attempt.raw_points == Decimal(6)
    assert attempt.score == Decimal("85.71")  # 6 of 7
    entry = GradeEntry.objects.get(item__source_id=test.pk, student=world.aigerim)
    assert entry.points == Decimal("85.71")


def test_the_teacher_reopens_an_attempt_with_a_reason(world, access_of, make_test):
    attempt = start(world, access_of, make_test())
    save(attempt, 1, "c1", 1, T0 + 6 * MIN)
    services.attempt_submit(access=access_of(world.aigerim.user), attempt=attempt, now=T0 + 7 * MIN)
    attempt.refresh_from_db()
    reopened = services.attempt_reopen(
        access=access_of(world.teacher.user),
        attempt=attempt,
        minutes=15,
        reason="Интернет үзілді",
        now=T0 + 20 * MIN,
    )
    assert reopened.state == AttemptState.IN_PROGRESS
    assert reopened.deadline_at == T0 + 35 * MIN
    assert "Интернет үзілді" in reopened.note
    assert save(attempt, 2, "c1", 2, T0 + 21 * MIN).saved is True
    assert Answer.objects.get(attempt=attempt, position=1).response == "c1"


def test_a_student_cannot_manage(world, access_of, make_test):
    from qashyq.assessment.errors import AssessmentForbidden

    test = make_test()
    with pytest.raises(AssessmentForbidden):
        services.test_delete(access=access_of(world.aigerim.user), test=test)


def test_removing_a_test_removes_its_empty_grade_column(world, access_of, make_test):
    test = make_test()
    assert GradeItem.objects.filter(source="test", source_id=test.pk).exists()
    services.test_delete(access=access_of(world.teacher.user), test=test)
    assert not GradeItem.objects.filter(source="test", source_id=test.pk).exists()


def test_my_tests_shows_attempts_left(world, access_of, make_test):
    test = make_test()
    attempt = start(world, access_of, test)
    services.attempt_submit(access=access_of(world.aigerim.user), attempt=attempt, now=T0 + 7 * MIN)
    (row,) = selectors.my_tests(access=access_of(world.aigerim.user), now=T0 + 8 * MIN)
    assert (row.test.pk, row.attempts_used, row.attempts_left, row.is_open) == (test.pk, 1, 1, True)
    assert row.best_score == Decimal("0.00")
