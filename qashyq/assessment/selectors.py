"""Reads of tests, attempts and tickets. Each function takes the actor (or a CourseAccess
computed for it) and returns only what the actor may see; absent and not-yours raise
AssessmentNotFound alike (SEC-2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils.translation import gettext as _

from qashyq.assessment.errors import AssessmentNotFound
from qashyq.assessment.models import (
    Answer,
    Attempt,
    AttemptQuestion,
    AttemptState,
    StudentAccommodation,
    Test,
    TestAllowance,
    TestSection,
    Ticket,
    TicketDraw,
    TicketSet,
)
from qashyq.assessment.permissions import can_manage_tests, can_see_results, can_take_tests
from qashyq.assessment.rules import ExtraTime, attempts_left, review_level, window_open
from qashyq.core.scope import ActorScope
from qashyq.courses.selectors import CourseAccess, course_access
from qashyq.people.models import Student

__all__ = [
    "AttemptItem",
    "MyTestRow",
    "answers_by_position",
    "attempt_access",
    "attempt_get_for",
    "attempt_items",
    "attempt_open_for",
    "attempts_of",
    "course_access_for",
    "course_students",
    "extra_time_for",
    "my_tests",
    "not_found",
    "test_get_for",
    "test_list_for",
    "test_results",
    "ticket_draws",
    "ticket_set_get_for",
    "ticket_sets_for",
]


def not_found() -> AssessmentNotFound:
    return AssessmentNotFound(_("Not found."))


def _pk(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise not_found() from None


def course_access_for(*, actor: ActorScope, course_id: object) -> CourseAccess:
    """The course as the actor reaches it (CourseNotFound → 404)."""
    return course_access(actor=actor, course_id=course_id)


# ---------------------------------------------------------------- tests


def test_list_for(*, access: CourseAccess) -> QuerySet[Test]:
    """A course's tests: all for its staff, the published ones for students."""
    queryset = Test.objects.filter(course_id=access.course.pk).annotate(
        section_count=Count("sections", distinct=True)
    )
    if access.as_student:
        queryset = queryset.filter(published=True)
    return queryset.order_by("opens_at", "pk")


def test_get_for(*, actor: ActorScope, test_id: object) -> tuple[Test, CourseAccess]:
    """One test the actor may see (students: published ones), with its sections."""
    test = (
        Test.objects.filter(pk=_pk(test_id))
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=TestSection.objects.select_related("category", "question").order_by(
                    "position", "pk"
                ),
            )
        )
        .first()
    )
    if test is None:
        raise not_found()
    access = course_access(actor=actor, course_id=test.course_id)
    if access.as_student and not test.published:
        raise not_found()
    if not (can_take_tests(access) or can_see_results(access)):
        raise not_found()
    return test, access


def extra_time_for(*, test: Test, student_id: int) -> ExtraTime:
    """LMS-6: the student's accommodation and this test's override."""
    percent = (
        StudentAccommodation.objects.filter(student_id=student_id)
        .values_list("extra_time_percent", flat=True)
        .first()
    )
    override = (
        TestAllowance.objects.filter(test=test, student_id=student_id)
        .values_list("extra_minutes", flat=True)
        .first()
    )
    return ExtraTime(percent=percent or 0, override_minutes=override)


def extra_attempts_for(*, test: Test, student_id: int) -> int:
    value = (
        TestAllowance.objects.filter(test=test, student_id=student_id)
        .values_list("extra_attempts", flat=True)
        .first()
    )
    return value or 0


@dataclass(frozen=True)
class MyTestRow:
    """A published test as one student sees it in the list."""

    test: Test
    is_open: bool
    attempts_used: int
    attempts_left: int | None  # None = unlimited
    in_progress: Attempt | None
    best_score: Any  # Decimal | None
    last_attempt: Attempt | None


def my_tests(*, access: CourseAccess, now: dt.datetime) -> list[MyTestRow]:
    """The course's published tests with the student's windows, attempts and results:
    three queries whatever the number of tests."""
    student_id = access.actor.student_id
    tests = list(Test.objects.filter(course_id=access.course.pk, published=True))
    by_test: dict[int, list[Attempt]] = {}
    extra: dict[int, int] = {}
    if student_id is not None:
        for attempt in Attempt.objects.filter(test__in=tests, student_id=student_id).order_by(
            "number"
        ):
            by_test.setdefault(attempt.test_id, []).append(attempt)
        extra = dict(
            TestAllowance.objects.filter(test__in=tests, student_id=student_id).values_list(
                "test_id", "extra_attempts"
            )
        )
    rows = []
    for test in sorted(
        tests, key=lambda t: (t.opens_at or dt.datetime.min.replace(tzinfo=dt.UTC), t.pk)
    ):
        attempts = by_test.get(test.pk, [])
        scores = [a.score for a in attempts if a.score is not None]
        rows.append(
            MyTestRow(
                test=test,
                is_open=window_open(opens_at=test.opens_at, closes_at=test.closes_at, now=now),
                attempts_used=len(attempts),
                attempts_left=attempts_left(
                    allowed=test.attempts_allowed, extra=extra.get(test.pk, 0), used=len(attempts)
                ),
                in_progress=next(
                    (a for a in attempts if a.state == AttemptState.IN_PROGRESS), None
                ),
                best_score=max(scores) if scores else None,
                last_attempt=attempts[-1] if attempts else None,
            )
        )
    return rows


def attempts_of(*, test: Test, student_id: int) -> list[Attempt]:
    return list(Attempt.objects.filter(test=test, student_id=student_id).order_by("number"))


def attempt_open_for(*, test: Test, student_id: int) -> Attempt | None:
    return (
        Attempt.objects.filter(test=test, student_id=student_id, state=AttemptState.IN_PROGRESS)
        .order_by("-number")
        .first()
    )


def test_results(*, test: Test) -> list[Attempt]:
    """Every attempt of a test with the student's name (one query)."""
    return list(
        Attempt.objects.filter(test=test)
        .select_related("student__user", "student__group")
        .order_by("student__user__last_name", "student__user__first_name", "student_id", "number")
    )


def course_students(*, course_id: int) -> list[Student]:
    """Actively enrolled students of the course, by name."""
    return list(
        Student.objects.filter(enrolments__course_id=course_id, enrolments__is_active=True)
        .select_related("user", "group", "test_accommodation")
        .order_by("user__last_name", "user__first_name", "pk")
    )


# ---------------------------------------------------------------- attempts


def attempt_get_for(*, actor: ActorScope, attempt_id: object) -> tuple[Attempt, CourseAccess]:
    """An attempt: the student's own, or any of the course's for its staff; else 404."""
    attempt = (
        Attempt.objects.filter(pk=_pk(attempt_id)).select_related("test", "student__user").first()
    )
    if attempt is None:
        raise not_found()
    access = course_access(actor=actor, course_id=attempt.test.course_id)
    return attempt, attempt_access(attempt=attempt, access=access)


def attempt_access(*, attempt: Attempt, access: CourseAccess) -> CourseAccess:
    """The access, when the actor may see this attempt (own, or staff); else 404."""
    own = access.actor.student_id is not None and attempt.student_id == access.actor.student_id
    if (access.as_student or not can_see_results(access)) and not own:
        raise not_found()
    return access


@dataclass(frozen=True)
class AttemptItem:
    """A question of an attempt with the student's answer."""

    question: AttemptQuestion
    answer: Answer | None

    @property
    def position(self) -> int:
        return self.question.position


def attempt_items(*, attempt: Attempt) -> list[AttemptItem]:
    """The attempt's questions in order with their answers (two queries)."""
    answers = {a.position: a for a in Answer.objects.filter(attempt=attempt)}
    return [
        AttemptItem(question=q, answer=answers.get(q.position))
        for q in AttemptQuestion.objects.filter(attempt=attempt).order_by("position")
    ]


def answers_by_position(*, attempt_id: int) -> dict[int, dict[str, Any]]:
    """The saved responses and their seq (what a reopened page starts from)."""
    return {
        position: {"response": response, "seq": seq}
        for position, response, seq in Answer.objects.filter(attempt_id=attempt_id)
        .order_by("position")
        .values_list("position", "response", "seq")
    }


def review_for(*, attempt: Attempt, now: dt.datetime) -> str:
    """What the student may see of this finished attempt (the test's review policy)."""
    test = attempt.test
    closed = test.closes_at is not None and now >= test.closes_at
    return review_level(
        after_submit=test.review_after_submit, after_close=test.review_after_close, closed=closed
    ).value


# ---------------------------------------------------------------- tickets


def ticket_sets_for(*, access: CourseAccess) -> QuerySet[TicketSet]:
    queryset = TicketSet.objects.filter(course_id=access.course.pk).annotate(
        ticket_count=Count("tickets", distinct=True)
    )
    if access.as_student:
        queryset = queryset.filter(open_for_drawing=True)
    return queryset.order_by("pk")


def ticket_set_get_for(*, actor: ActorScope, set_id: object) -> tuple[TicketSet, CourseAccess]:
    ticket_set = TicketSet.objects.filter(pk=_pk(set_id)).first()
    if ticket_set is None:
        raise not_found()
    access = course_access(actor=actor, course_id=ticket_set.course_id)
    if access.as_student and not ticket_set.open_for_drawing:
        raise not_found()
    if not (can_take_tests(access) or can_see_results(access)):
        raise not_found()
    return ticket_set, access


def ticket_draws(*, ticket_set: TicketSet, student_id: int | None = None) -> list[TicketDraw]:
    """Draws of a set (all, or one student's), with the ticket and the student's name."""
    queryset = TicketDraw.objects.filter(ticket_set=ticket_set).select_related(
        "ticket", "student__user", "student__group"
    )
    if student_id is not None:
        queryset = queryset.filter(student_id=student_id)
    return list(
        queryset.order_by("student__user__last_name", "student__user__first_name", "drawn_at")
    )


def tickets_of(*, ticket_set: TicketSet) -> list[Ticket]:
    return list(Ticket.objects.filter(ticket_set=ticket_set).order_by("number"))


def max_attempt_number(*, test: Test, student_id: int) -> int:
    value = Attempt.objects.filter(test=test, student_id=student_id).aggregate(n=Max("number"))
    return int(value["n"] or 0)


def manages(access: CourseAccess) -> bool:
    return can_manage_tests(access)
