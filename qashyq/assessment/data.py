"""Values passed into and out of the assessment services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class SectionData:
    """A random draw (category, count) or a fixed question."""

    kind: str  # "draw" | "fixed"
    category_id: int | None = None
    include_subcategories: bool = True
    tag_ids: tuple[int, ...] = ()
    count: int = 1
    question_id: int | None = None
    points_each: Decimal | None = None


@dataclass(frozen=True)
class TestData:
    title: str
    instructions: str = ""
    control: str = "current"
    published: bool = False
    time_limit_minutes: int | None = None
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    attempts_allowed: int = 1
    grading_method: str = "best"
    shuffle_questions: bool = True
    shuffle_answers: bool = True
    review_after_submit: str = "score"
    review_after_close: str = "responses"
    max_points: Decimal = Decimal(100)
    grace_seconds: int = 60
    sections: tuple[SectionData, ...] = field(default=())


@dataclass(frozen=True)
class SaveResult:
    """The autosave's answer: whether this save was stored (False: a newer one already
    was), the seq it acknowledges and the server's remaining seconds (None: no limit)."""

    saved: bool
    seq: int
    remaining_seconds: int | None
