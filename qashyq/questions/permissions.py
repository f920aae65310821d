"""Who may see and change a course's question bank (SEC-2).

Reading the bank: everyone who reads the course except as its student — the course's
teachers, assistants and tutors, the head of the department, the dean, the institution's
registrar, distance-learning unit, rector's office and administrators. Students never see
the bank: for them, as for everyone who does not read the course, it answers 404.

Changing the bank (questions, categories, tags, imports): the content editors of the
course as `courses.permissions.can_edit_content` says — its teachers and assistants, the
distance-learning unit and administrators of the institution, superusers.
"""

from __future__ import annotations

from qashyq.courses.selectors import CourseAccess


def bank_can_read(access: CourseAccess) -> bool:
    return not access.as_student


def bank_can_edit(access: CourseAccess) -> bool:
    return access.can_edit
