"""Frozen dataclasses passed into services and out to other apps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class AssignmentData:
    """The values of an assignment as a form or the API gives them."""

    title: str
    due_at: dt.datetime
    instructions: str = ""
    control: str = "current"
    max_points: Decimal = Decimal(100)
    opens_at: dt.datetime | None = None
    cutoff_at: dt.datetime | None = None
    accept_late: bool = True
    late_penalty_percent: Decimal = Decimal(0)
    late_penalty_max: Decimal = Decimal(100)
    submission_kind: str = "both"
    max_files: int = 5
    max_file_mb: int = 20
    allowed_extensions: str = "pdf,docx,txt,odt,rtf,pptx,xlsx,png,jpg,jpeg,zip"
    resubmissions: int = 0
    is_group: bool = False
    is_published: bool = False


@dataclass(frozen=True)
class LevelData:
    title: str
    points: Decimal


@dataclass(frozen=True)
class CriterionData:
    title: str
    levels: tuple[LevelData, ...]


@dataclass(frozen=True)
class GradeData:
    """A grading: either the chosen level per criterion (rubric) or overall points."""

    points: Decimal | None = None
    levels: dict[int, int] = field(default_factory=dict)  # criterion id → level id
    feedback: str = ""


@dataclass(frozen=True)
class WrittenFile:
    name: str
    size: int
    sha256: str
    mime_type: str
    text: str  # extracted plain text ("" where not extracted)
    path: str  # storage name of the file


@dataclass(frozen=True)
class WrittenWork:
    """One handed-in work for the originality check (AI-2): see `written_works`."""

    submission_id: int
    assignment_id: int
    assignment_title: str
    course_id: int
    attempt: int
    author_student_ids: tuple[int, ...]
    team_id: int | None
    submitted_at: dt.datetime
    text: str  # the typed text, HTML tags stripped
    files: tuple[WrittenFile, ...]
