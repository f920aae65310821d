"""Writes of the gradebook (the only place its state changes)."""

from qashyq.gradebook.services.sources import (
    grade_source_item_remove,
    grade_source_item_sync,
    grade_source_record,
)

__all__ = [
    "grade_source_item_remove",
    "grade_source_item_sync",
    "grade_source_record",
]
