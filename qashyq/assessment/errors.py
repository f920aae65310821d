"""Errors of tests and attempts: stable codes for machines, translated messages for people."""

from __future__ import annotations

from qashyq.core.errors import DomainError, NotFound


class AssessmentNotFound(NotFound):
    """A test, attempt or ticket set that is absent or not the actor's (SEC-2)."""

    code = "assessment_not_found"


class AssessmentForbidden(DomainError):
    """The actor sees the test but may not do this with it."""

    code = "assessment_forbidden"
    status = 403


class TestInvalid(DomainError):
    """A test's values break a rule; `extra["field"]` names the field when there is one."""

    __test__ = False  # not a pytest class

    code = "test_invalid"
    status = 422


class TestNotOpen(DomainError):
    """The test is not published, its window has not opened or is closed."""

    __test__ = False  # not a pytest class

    code = "test_not_open"
    status = 409


class NoAttemptsLeft(DomainError):
    code = "no_attempts_left"
    status = 409


class AttemptClosed(DomainError):
    """The attempt is over (submitted, or its deadline passed): nothing more is saved."""

    code = "attempt_closed"
    status = 409


class AnswerInvalid(DomainError):
    """A response of the wrong shape for its question, or a position the attempt lacks."""

    code = "answer_invalid"
    status = 422


class GradingInvalid(DomainError):
    code = "grading_invalid"
    status = 422


class TicketsInvalid(DomainError):
    code = "tickets_invalid"
    status = 422


class TicketNotAvailable(DomainError):
    """The set is not open for drawing, or has no tickets."""

    code = "ticket_not_available"
    status = 409
