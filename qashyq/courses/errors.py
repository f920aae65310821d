"""Errors of courses and their content: stable codes, translated messages."""

from __future__ import annotations

from qashyq.core.errors import DomainError, NotFound


class CourseNotFound(NotFound):
    """A course, module, material or syllabus part that is absent or not visible (SEC-2):
    a student of another group gets the same answer as for a course that does not exist."""

    code = "course_not_found"


class CourseChangeForbidden(DomainError):
    """The actor may see the course but not change this part of it."""

    code = "course_change_forbidden"
    status = 403


class CourseInvalid(DomainError):
    """A value breaks a rule of the course (a week outside the plan, an empty title …).

    `extra["field"]` names the form field the message belongs to, when there is one.
    """

    code = "course_invalid"
    status = 422


class CourseExists(CourseInvalid):
    """The discipline already has a course in this period and language, or the code is taken."""

    code = "course_exists"
    status = 409


class UploadRejected(CourseInvalid):
    """A file of a type that is not allowed for the material, or too large (LMS-1)."""

    code = "upload_rejected"


class ContentNotEmpty(CourseInvalid):
    """Reuse copies into a course without content only (no silent merge)."""

    code = "content_not_empty"
    status = 409
