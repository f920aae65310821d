"""Who may do what with assignments (SEC-2), as predicates over courses' CourseAccess.

- Manage (create, edit, remove, rubric, teams) and grade: whoever edits the course's
  content: its teachers and assistants, the distance-learning unit and administrators of
  the institution, superusers (courses.permissions.can_edit_content).
- Read every submission and grade: everyone who reads the course not as a student
  (tutors, the head of the department, the dean, the registrar, the rector's office).
- Students: published assignments of published courses they are actively enrolled in,
  and only their own (or their team's) submissions. Anything else answers 404.
"""

from __future__ import annotations

from django.db.models import Q

from qashyq.courses.selectors import CourseAccess


def can_manage(access: CourseAccess) -> bool:
    return access.can_edit


def can_grade(access: CourseAccess) -> bool:
    return access.can_edit


def can_read_all(access: CourseAccess) -> bool:
    """Sees every submission of the course (staff and offices that read it)."""
    return not access.as_student


def assignment_visible_q(access: CourseAccess) -> Q:
    """The course's assignments the actor sees (a filter on Assignment)."""
    q = Q(course_id=access.course.pk)
    if access.as_student:
        q &= Q(is_published=True)
    return q
