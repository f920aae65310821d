"""Writes of the gradebook (the only place its state changes)."""

from qashyq.gradebook.services.grades import (
    course_grading_set,
    entry_set,
    exam_retake_record,
    item_create,
    item_delete,
    item_update,
    parse_points,
    statement_confirm,
)
from qashyq.gradebook.services.scales import grading_defaults_install
from qashyq.gradebook.services.sources import (
    grade_source_item_remove,
    grade_source_item_sync,
    grade_source_record,
)

__all__ = [
    "course_grading_set",
    "entry_set",
    "exam_retake_record",
    "grade_source_item_remove",
    "grade_source_item_sync",
    "grade_source_record",
    "grading_defaults_install",
    "item_create",
    "item_delete",
    "item_update",
    "parse_points",
    "statement_confirm",
]
