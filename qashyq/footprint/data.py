"""The footprint's vocabulary: what a person did (verb) to what (activity type).

Every app records an action through `footprint.services.footprint_record` with these
values. Each verb and activity type has its xAPI IRI (the ADL / xAPI registry IRI where
one exists, Qashyq's own under `https://qashyq.kz/xapi/…` otherwise) and its kk/ru/en
display names (FP-1). The display names are data published with the vocabulary (the LRS's
vocabulary page, the `display` of every rendered statement), written here as literal xAPI
language maps, not interface strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

QASHYQ_VERBS = "https://qashyq.kz/xapi/verbs/"
QASHYQ_ACTIVITIES = "https://qashyq.kz/xapi/activities/"
QASHYQ_EXTENSIONS = "https://qashyq.kz/xapi/extensions/"
# Qashyq's own result and context dicts travel as one extension each (own statements).
RESULT_EXTENSION = f"{QASHYQ_EXTENSIONS}result"
CONTEXT_EXTENSION = f"{QASHYQ_EXTENSIONS}context"
VOIDED_IRI = "http://adlnet.gov/expapi/verbs/voided"


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
class Term:
    """One published term of the vocabulary: its IRI and its display name per language."""

    iri: str
    display: dict[str, str]


VERBS: dict[Verb, Term] = {
    Verb.LOGGED_IN: Term(
        "https://w3id.org/xapi/adl/verbs/logged-in",
        {"kk": "жүйеге кірді", "ru": "вошёл в систему", "en": "logged in"},
    ),
    Verb.LOGGED_OUT: Term(
        "https://w3id.org/xapi/adl/verbs/logged-out",
        {"kk": "жүйеден шықты", "ru": "вышел из системы", "en": "logged out"},
    ),
    Verb.VIEWED: Term(
        "http://id.tincanapi.com/verb/viewed",
        {"kk": "қарады", "ru": "просмотрел", "en": "viewed"},
    ),
    Verb.COMPLETED: Term(
        "http://adlnet.gov/expapi/verbs/completed",
        {"kk": "аяқтады", "ru": "завершил", "en": "completed"},
    ),
    Verb.DOWNLOADED: Term(
        "http://id.tincanapi.com/verb/downloaded",
        {"kk": "жүктеп алды", "ru": "скачал", "en": "downloaded"},
    ),
    Verb.JOINED: Term(
        "http://activitystrea.ms/schema/1.0/join",
        {"kk": "қосылды", "ru": "присоединился", "en": "joined"},
    ),
    Verb.LEFT: Term(
        "http://activitystrea.ms/schema/1.0/leave",
        {"kk": "шықты", "ru": "покинул", "en": "left"},
    ),
    Verb.ATTENDED: Term(
        "http://adlnet.gov/expapi/verbs/attended",
        {"kk": "қатысты", "ru": "посетил", "en": "attended"},
    ),
    Verb.ATTEMPTED: Term(
        "http://adlnet.gov/expapi/verbs/attempted",
        {"kk": "әрекет жасады", "ru": "начал попытку", "en": "attempted"},
    ),
    Verb.ANSWERED: Term(
        "http://adlnet.gov/expapi/verbs/answered",
        {"kk": "жауап берді", "ru": "ответил", "en": "answered"},
    ),
    Verb.SUBMITTED: Term(
        "http://activitystrea.ms/schema/1.0/submit",
        {"kk": "тапсырды", "ru": "сдал", "en": "submitted"},
    ),
    Verb.GRADED: Term(
        f"{QASHYQ_VERBS}graded",
        {"kk": "бағалады", "ru": "оценил", "en": "graded"},
    ),
    Verb.PUBLISHED: Term(
        "http://activitystrea.ms/schema/1.0/publish",
        {"kk": "жариялады", "ru": "опубликовал", "en": "published"},
    ),
    Verb.COMMENTED: Term(
        "http://adlnet.gov/expapi/verbs/commented",
        {"kk": "пікір қалдырды", "ru": "прокомментировал", "en": "commented"},
    ),
    Verb.REGISTERED: Term(
        "http://adlnet.gov/expapi/verbs/registered",
        {"kk": "тіркелді", "ru": "записался", "en": "registered"},
    ),
    Verb.APPROVED: Term(
        "http://activitystrea.ms/schema/1.0/approve",
        {"kk": "бекітті", "ru": "утвердил", "en": "approved"},
    ),
}

ACTIVITY_TYPES: dict[ActivityType, Term] = {
    ActivityType.PLATFORM: Term(
        "http://id.tincanapi.com/activitytype/lms",
        {"kk": "платформа", "ru": "платформа", "en": "platform"},
    ),
    ActivityType.COURSE: Term(
        "http://adlnet.gov/expapi/activities/course",
        {"kk": "курс", "ru": "курс", "en": "course"},
    ),
    ActivityType.MATERIAL: Term(
        f"{QASHYQ_ACTIVITIES}material",
        {"kk": "оқу материалы", "ru": "учебный материал", "en": "learning material"},
    ),
    ActivityType.SESSION: Term(
        "http://adlnet.gov/expapi/activities/meeting",
        {"kk": "сабақ", "ru": "занятие", "en": "class session"},
    ),
    ActivityType.ATTENDANCE: Term(
        f"{QASHYQ_ACTIVITIES}attendance",
        {"kk": "сабаққа қатысу", "ru": "посещаемость", "en": "attendance"},
    ),
    ActivityType.ASSESSMENT: Term(
        "http://adlnet.gov/expapi/activities/assessment",
        {"kk": "тест", "ru": "тест", "en": "assessment"},
    ),
    ActivityType.QUESTION: Term(
        "http://adlnet.gov/expapi/activities/question",
        {"kk": "сұрақ", "ru": "вопрос", "en": "question"},
    ),
    ActivityType.ASSIGNMENT: Term(
        f"{QASHYQ_ACTIVITIES}assignment",
        {"kk": "тапсырма", "ru": "задание", "en": "assignment"},
    ),
    ActivityType.DISCIPLINE: Term(
        f"{QASHYQ_ACTIVITIES}discipline",
        {"kk": "пән", "ru": "дисциплина", "en": "discipline"},
    ),
    ActivityType.COMPLEX: Term(
        f"{QASHYQ_ACTIVITIES}complex",
        {
            "kk": "электрондық оқу-әдістемелік кешен",
            "ru": "электронный учебно-методический комплекс",
            "en": "e-learning methodological complex",
        },
    ),
}

VERB_BY_IRI: dict[str, Verb] = {term.iri: verb for verb, term in VERBS.items()}
ACTIVITY_TYPE_BY_IRI: dict[str, ActivityType] = {
    term.iri: kind for kind, term in ACTIVITY_TYPES.items()
}


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


@dataclass(frozen=True)
class ChainProblem:
    """One thing `qashyq footprint verify` found wrong (FP-1): where, and what."""

    stream: str
    seq: int | None
    statement_id: str
    problem: str
