"""Values passed into the question services (pages, the API and the import build them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass
class QuestionInput:
    """A question as a form or the API sends it. Type-specific lists are plain dicts in
    the snapshot's shape (contract 1) without ids, which the service assigns:
    choices [{"text", "fraction", "feedback"}] (true/false: [{"id": "true"|"false",
    "fraction"}]), answers [{"text", "fraction", "case_sensitive"}], numeric [{"value",
    "tolerance", "fraction"}], pairs [{"prompt", "answer"}], items [{"text"}]."""

    qtype: str
    text: str
    category_id: int
    name: str = ""
    points: Decimal = Decimal(1)
    shuffle: bool = True
    general_feedback: str = ""
    choices: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    numeric: list[dict[str, Any]] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    outcome_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ImportCounts:
    questions: int
    categories: int
    images: int
    tags: int


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str
    exported: int
    skipped: list[str]  # "#12 Name: the format cannot hold matching questions"
