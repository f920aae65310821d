"""Errors of assignments: stable codes for machines, translated messages for people."""

from __future__ import annotations

from qashyq.core.errors import DomainError, NotFound


class AssignmentNotFound(NotFound):
    """An assignment, submission or file that is absent or not the actor's (SEC-2)."""

    code = "assignment_not_found"


class AssignmentForbidden(DomainError):
    """The actor sees the assignment but may not do this (manage, grade)."""

    code = "assignment_forbidden"
    status = 403


class AssignmentInvalid(DomainError):
    """Values of an assignment, a rubric or a grade break a rule; `extra["field"]`."""

    code = "assignment_invalid"
    status = 422


class SubmissionClosed(DomainError):
    """Not open yet, past the cut-off, or already handed in: the draft is kept."""

    code = "submission_closed"
    status = 409


class FileRejected(DomainError):
    """A file too big, of a type not allowed, or one too many: the draft is kept."""

    code = "file_rejected"
    status = 422


class NoTeam(DomainError):
    """A group assignment and the student is in no team yet."""

    code = "no_team"
    status = 409
