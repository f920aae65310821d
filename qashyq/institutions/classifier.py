"""The classifier of directions of training (CLS-1) as versioned reference data.

The JSON file `data/directions_569.json` is the source: fields (01 … 12) and
directions (6B061 …) with names in Kazakh, Russian and English. The data migration
and the `directions_load` service both call `directions_upsert`, so loading is one
code path; it takes the model class as an argument so a migration can pass its
historical model (`apps.get_model`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qashyq.institutions.models import Direction

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "directions_569.json"

# CLS-1: the level prefix of a direction code and the program levels it serves.
LEVEL_PREFIXES: dict[str, frozenset[str]] = {
    "6B": frozenset({"bachelor"}),
    "7M": frozenset({"master", "mba", "emba"}),
    "7R": frozenset({"residency"}),
    "8D": frozenset({"doctorate", "dba"}),
}


@dataclass(frozen=True)
class ClassifierEntry:
    """One field (code "06") or direction (code "6B061") with its three names."""

    code: str
    name_kk: str
    name_ru: str
    name_en: str


@dataclass(frozen=True)
class Classifier:
    version: str
    fields: tuple[ClassifierEntry, ...]
    directions: tuple[ClassifierEntry, ...]


def _entries(rows: list[dict[str, Any]]) -> tuple[ClassifierEntry, ...]:
    return tuple(
        ClassifierEntry(
            code=str(row["code"]),
            name_kk=str(row["name_kk"]),
            name_ru=str(row.get("name_ru", "")),
            name_en=str(row.get("name_en", "")),
        )
        for row in rows
    )


def classifier_read(path: Path | str | None = None) -> Classifier:
    """Parse the classifier file (the default one when `path` is None)."""
    raw = json.loads(Path(path or DEFAULT_PATH).read_text(encoding="utf-8"))
    return Classifier(
        version=str(raw["classifier"]),
        fields=_entries(raw["fields"]),
        directions=_entries(raw["directions"]),
    )


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    """The shipped classifier, read once per process."""
    return classifier_read(None)


def allowed_prefixes_for_level(level: str) -> frozenset[str]:
    """Direction prefixes a program of `level` may use (6B ↔ bachelor, 7M ↔ master/MBA/EMBA …)."""
    return frozenset(prefix for prefix, levels in LEVEL_PREFIXES.items() if level in levels)


def directions_upsert(direction_model: type[Direction], classifier: Classifier) -> int:
    """Create or update every direction of `classifier`; return how many rows changed.

    Idempotent: a second run with the same file changes nothing and returns 0; a run
    with corrected names updates them in place (programs keep their foreign keys).
    """
    existing = {
        d.code: d for d in direction_model.objects.filter(classifier_version=classifier.version)
    }
    changed = 0
    to_create: list[Direction] = []
    for entry in classifier.directions:
        current = existing.get(entry.code)
        if current is None:
            to_create.append(
                direction_model(
                    code=entry.code,
                    classifier_version=classifier.version,
                    name_kk=entry.name_kk,
                    name_ru=entry.name_ru,
                    name_en=entry.name_en,
                )
            )
            continue
        names = (entry.name_kk, entry.name_ru, entry.name_en)
        if (current.name_kk, current.name_ru, current.name_en) != names:
            current.name_kk, current.name_ru, current.name_en = names
            current.save(update_fields=["name_kk", "name_ru", "name_en"])
            changed += 1
    direction_model.objects.bulk_create(to_create)
    return changed + len(to_create)
