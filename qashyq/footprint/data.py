"""The footprint's vocabulary: what a person did (verb) to what (activity type).

Every app records an action through `footprint.services.footprint_record` with these
values; the xAPI learning record store (FP-1, a later issue) maps each verb and
activity type to its IRI and its kk/ru/en display names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Verb(StrEnum):
    LOGGED_IN = "logged-in"
    LOGGED_OUT = "logged-out"
    VIEWED = "viewed"  # a course page, a material
    COMPLETED = "completed"  # a material, a course
    DOWNLOADED = "downloaded"
    JOINED = "joined"  # a synchronous session's room
    LEFT = "left"
    ATTENDED = "attended"  # an attendance mark (result: present/late/absent/excused)
    ATTEMPTED = "attempted"  # a test attempt started (xAPI "attempted")
    ANSWERED = "answered"
    SUBMITTED = "submitted"
    GRADED = "graded"
    PUBLISHED = "published"  # a teacher published content
    COMMENTED = "commented"  # feedback given
    REGISTERED = "registered"  # chose an elective, enrolled
    APPROVED = "approved"


class ActivityType(StrEnum):
    PLATFORM = "platform"
    COURSE = "course"
    MATERIAL = "material"
    SESSION = "session"  # a class of the schedule
    ATTENDANCE = "attendance"
    ASSESSMENT = "assessment"
    QUESTION = "question"
    ASSIGNMENT = "assignment"
    DISCIPLINE = "discipline"
    COMPLEX = "complex"  # the e-learning methodological complex (LMS-2)


@dataclass(frozen=True)
class Action:
    """One recorded action, as the services hand it over."""

    actor_id: int | None
    verb: Verb
    object_type: ActivityType
    object_id: str
    object_name: str = ""
    course_id: int | None = None
    occurred_at: datetime | None = None
    result: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
