"""What every exchange format reads into and writes from: plain dataclasses, no database.

A reader turns a teacher's file into an `ImportResult` (the questions it could read and a
`Problem` for everything it could not, each with its line); the import service shows them
as a preview and saves only what the teacher confirms (DOMAIN TST-1). A writer turns
`ParsedQuestion`s back into the format.

Texts are HTML fragments: a reader of a plain-text format escapes the text and wraps
paragraphs in <p>; formulas are kept as TeX between \\( \\) (or \\[ \\]) or as MathML;
images travel in `images` and are referenced in the HTML as `@@PLUGINFILE@@/<name>`.
Fractions follow Moodle: 1 is full credit, 0 none, a negative fraction is a penalty.

Conventions every reader keeps (and every writer expects):
- `text`, `general_feedback` and feedbacks are block fragments (paragraphs in <p>); choice
  texts, ordering items and matching prompts are inline fragments (no wrapping <p>);
  short-answer texts and matching answers are plain text.
- a true/false question has two choices, texts "true" and "false", in that order.
- `<questionN>` of Platonus (TST-2) gives points N and the tag "difficulty:N".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class QuestionType(StrEnum):
    SINGLE = "single"  # one correct choice
    MULTIPLE = "multiple"  # several choices, fractions add up
    TRUE_FALSE = "truefalse"
    SHORT = "short"  # short answer matched against accepted answers
    NUMERIC = "numeric"  # a number within a tolerance
    MATCHING = "matching"  # prompts matched to answers
    ORDERING = "ordering"  # items put in order
    ESSAY = "essay"  # graded by hand


@dataclass
class ParsedChoice:
    """A choice of single/multiple/true-false, or an accepted answer of a short answer."""

    text: str
    fraction: Decimal = Decimal(0)
    feedback: str = ""
    case_sensitive: bool = False  # short answers only


@dataclass
class ParsedNumeric:
    value: Decimal
    tolerance: Decimal = Decimal(0)
    fraction: Decimal = Decimal(1)
    feedback: str = ""


@dataclass
class ParsedPair:
    """A matching pair; a pair with an empty prompt is a distractor answer."""

    prompt: str
    answer: str


@dataclass
class ParsedImage:
    name: str
    content: bytes
    mime_type: str


@dataclass
class ParsedQuestion:
    qtype: QuestionType
    text: str
    name: str = ""
    category: str = ""  # a path: "Module 1/Derivatives"
    tags: list[str] = field(default_factory=list)
    points: Decimal = Decimal(1)
    choices: list[ParsedChoice] = field(default_factory=list)  # single, multiple, truefalse, short
    numeric: list[ParsedNumeric] = field(default_factory=list)
    pairs: list[ParsedPair] = field(default_factory=list)  # matching
    order: list[str] = field(default_factory=list)  # ordering: the items in the right order
    shuffle: bool = True
    general_feedback: str = ""
    images: list[ParsedImage] = field(default_factory=list)
    line: int | None = None  # where the question starts in the source


class Severity(StrEnum):
    ERROR = "error"  # the question was not read
    WARNING = "warning"  # read, but the teacher should look


@dataclass
class Problem:
    line: int | None
    message: str  # translated, in the user's language
    excerpt: str = ""
    severity: Severity = Severity.ERROR


@dataclass
class ImportResult:
    questions: list[ParsedQuestion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
