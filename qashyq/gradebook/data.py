"""Frozen dataclasses the gradebook's selectors return (and other apps may read)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from qashyq.gradebook.formula import CourseWeights, Policy, Result, Scale


@dataclass(frozen=True)
class ItemRow:
    id: int
    title: str
    control: str
    half: int
    max_points: Decimal
    weight: Decimal
    position: int
    source: str


@dataclass(frozen=True)
class FinalRow:
    letter: str
    points: Decimal
    percent: Decimal
    passes: bool
    clause: str
    retakes: int
    gpa_points: Decimal


@dataclass(frozen=True)
class StudentRow:
    id: int
    full_name: str
    group_code: str
    cells: tuple[tuple[Decimal | None, str], ...]  # (points, mark) per item, in item order
    result: Result
    final: FinalRow | None  # stored when the statement is confirmed


@dataclass(frozen=True)
class Journal:
    course_id: int
    items: tuple[ItemRow, ...]
    rows: tuple[StudentRow, ...]
    weights: CourseWeights
    policy: Policy
    scale: Scale
    confirmed_at: dt.datetime | None
    averages: tuple[Decimal | None, ...]  # per item, percent of the maximum

    @property
    def locked(self) -> bool:
        return self.confirmed_at is not None


@dataclass(frozen=True)
class ChangeRow:
    item_title: str
    student_id: int
    from_points: Decimal | None
    to_points: Decimal | None
    from_mark: str
    to_mark: str
    source: str
    applied: bool
    by: str
    at: dt.datetime
    reason: str


@dataclass(frozen=True)
class TranscriptLine:
    course_id: int
    discipline_code: str
    discipline_name: str
    credits: int
    letter: str
    points: Decimal
    percent: Decimal
    traditional: str
    passes: bool
    counts_in_gpa: bool
    retakes: int


@dataclass(frozen=True)
class PeriodGrades:
    period_id: int
    title: str
    lines: tuple[TranscriptLine, ...]
    credits: int
    gpa: Decimal | None


@dataclass(frozen=True)
class Transcript:
    student_id: int
    full_name: str
    student_number: str
    program: str
    group_code: str
    institution: str
    periods: tuple[PeriodGrades, ...]
    credits: int
    gpa: Decimal | None
    honours_eligible: bool
    honours_failed: tuple[str, ...]


@dataclass(frozen=True)
class SummaryRow:
    key: str  # the group's or the program's code
    students: int
    finals: int
    letters: dict[str, int]
    not_admitted: int
    fx: int
    f: int
    average_gpa: Decimal | None
