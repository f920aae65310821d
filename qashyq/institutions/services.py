"""Writes of the institution's structure."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from qashyq.institutions import classifier as cls
from qashyq.institutions.models import Direction


@transaction.atomic
def directions_load(*, path: Path | str | None = None) -> int:
    """Load the classifier of directions of training (CLS-1) from JSON; return rows changed.

    Idempotent: rows are matched by (code, classifier version); names are updated in
    place, so programs keep their directions. `path` defaults to the shipped
    `data/directions_569.json`.
    """
    return cls.directions_upsert(Direction, cls.classifier_read(path))
