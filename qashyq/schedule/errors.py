"""Errors of the schedule: stable codes for machines, translated messages for people."""

from __future__ import annotations

from qashyq.core.errors import DomainError, NotFound


class ScheduleNotFound(NotFound):
    """A class, a course's schedule or a journal that is absent or not visible (SEC-2)."""

    code = "schedule_not_found"


class ScheduleChangeForbidden(DomainError):
    """The actor may see the class but not change it or its attendance."""

    code = "schedule_change_forbidden"
    status = 403


class SessionInvalid(DomainError):
    """A class's values break a rule (end before start, a link for a synchronous class …).

    `extra["field"]` names the form field the message belongs to, when there is one.
    """

    code = "session_invalid"
    status = 422


class JoinNotOpen(DomainError):
    """The room is not open: too early, the class is over, cancelled, or not online."""

    code = "join_not_open"
    status = 409


class ConferenceDisabled(DomainError):
    """BigBlueButton is not configured (BBB_URL and BBB_SECRET are unset)."""

    code = "conference_disabled"
    status = 409


class ConferenceUnavailable(DomainError):
    """The video-conference server did not answer or refused the call."""

    code = "conference_unavailable"
    status = 503


class AttendanceInvalid(DomainError):
    """A mark that cannot be given: an unknown status, a student not in the class."""

    code = "attendance_invalid"
    status = 422
