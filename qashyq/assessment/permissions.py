"""Who may do what with tests, attempts and tickets (SEC-2, as courses.permissions).

The course decides: `courses.selectors.course_access` says whether the actor reads the
course at all (else 404) and how. On top of that:
- manage tests, grade essays by hand, give extra time and attempts, reopen attempts,
  make ticket sets, redraw a ticket: who edits the course's content (its teachers and
  assistants, the distance-learning unit, administrators);
- see results and every student's attempts and draws: everyone who reads the course as
  staff (tutors, the head of the department, the dean, the registrar, …);
- take a test, see one's own attempts, draw a ticket: the course's students (an active
  enrolment in a published course), and only their own; another student's attempt
  answers 404.
"""

from __future__ import annotations

from typing import Protocol


class Access(Protocol):
    """The part of courses' CourseAccess these predicates read."""

    @property
    def can_edit(self) -> bool: ...

    @property
    def as_student(self) -> bool: ...

    @property
    def is_student(self) -> bool: ...


def can_manage_tests(access: Access) -> bool:
    """Create, edit and remove tests and ticket sets; grade by hand; extra time; reopen."""
    return access.can_edit


def can_see_results(access: Access) -> bool:
    """Every student's attempts, scores and draws."""
    return not access.as_student


def can_take_tests(access: Access) -> bool:
    """Start attempts and draw tickets (own only)."""
    return access.is_student
