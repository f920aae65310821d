"""Frozen dataclasses the schedule passes between its layers and to other apps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SessionData:
    """What a teacher enters for a class (times aware, any zone; shown in Asia/Almaty)."""

    kind: str
    delivery: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    group_id: int | None = None
    topic: str = ""
    room: str = ""
    teacher_id: int | None = None
    conference_provider: str = ""
    conference_url: str = ""
    material_id: int | None = None
    window_opens_at: dt.datetime | None = None
    window_closes_at: dt.datetime | None = None


@dataclass(frozen=True)
class CourseFacts:
    """What the permission predicates need to know about a course (one small read)."""

    course_id: int
    institution_id: int
    department_id: int
    faculty_id: int
    staff_ids: frozenset[int] = field(default_factory=frozenset)
    group_ids: frozenset[int] = field(default_factory=frozenset)
    groups: tuple[tuple[int, str], ...] = ()  # (id, code) by code


@dataclass(frozen=True)
class CourseAccess:
    """What the actor may do with a course's schedule and attendance."""

    view: bool
    manage: bool  # add, edit, cancel classes; start and end the room
    mark: bool  # mark and correct attendance
    journal: bool  # read the attendance journal
    journal_groups: frozenset[int] | None = None  # None: every group; else only these
    groups: tuple[tuple[int, str], ...] = ()  # the course's groups (id, code), by code


@dataclass(frozen=True)
class JoinTicket:
    """Where to send the browser after a join was recorded."""

    url: str
    session_id: int
    moderator: bool


@dataclass(frozen=True)
class JournalColumn:
    session_id: int
    starts_at: dt.datetime
    kind: str
    delivery: str
    group_id: int | None


@dataclass(frozen=True)
class JournalRow:
    student_id: int
    student_number: str
    full_name: str
    group_id: int | None
    group_code: str
    cells: tuple[str, ...]  # status per column; "" unmarked; "-" not this student's class
    attended: int
    marked: int
    absent: int

    @property
    def percent(self) -> int | None:
        """Share of marked classes attended (present or late), whole percent."""
        if self.marked == 0:
            return None
        return round(100 * self.attended / self.marked)


@dataclass(frozen=True)
class Journal:
    course_id: int
    group_id: int | None
    columns: tuple[JournalColumn, ...]
    rows: tuple[JournalRow, ...]
