"""Who may do what in the gradebook (SEC-2), decided from the course access that
`qashyq.courses.selectors.course_access` computes (it has already said 404 to anyone
who may not read the course).

- the course's teachers enter grades, set the items up and confirm the statement;
- its assistants and tutors read the journal;
- the dean (of the course's faculty), the head of its department, the registrar, the
  rector's office and the distance-learning unit (of its institution) read;
- the registrar changes locked finals, with a reason;
- a student sees only their own grades (in a course they take);
- everyone else: 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from qashyq.core.scope import ActorScope
from qashyq.courses.selectors import CourseAccess

WIDE_READERS = ("registrar", "rector_office", "distance_unit")
GRADERS = frozenset({"teacher"})
STAFF_READERS = frozenset({"teacher", "assistant", "tutor"})


@dataclass(frozen=True)
class GradebookAccess:
    access: CourseAccess
    read_journal: bool
    enter: bool  # set grades, items, weights; confirm the statement
    registrar: bool  # changes locked finals, with a reason
    own: bool  # a student: their own grades only

    @property
    def course_id(self) -> int:
        return self.access.course.pk


def is_overseer(
    actor: ActorScope, *, institution_id: int, faculty_id: int, department_id: int
) -> bool:
    """Dean's office, department head, registrar, rector's office, distance unit."""
    return (
        actor.is_superuser
        or institution_id in actor.institutions_with(*WIDE_READERS)
        or faculty_id in actor.faculties_with("dean")
        or department_id in actor.departments_with("department_head")
    )


def is_registrar(actor: ActorScope, *, institution_id: int) -> bool:
    return actor.is_superuser or institution_id in actor.institutions_with("registrar")


def gradebook_access_of(access: CourseAccess) -> GradebookAccess:
    actor, course = access.actor, access.course
    department = course.discipline.department
    overseer = is_overseer(
        actor,
        institution_id=course.institution_id,
        faculty_id=department.faculty_id,
        department_id=department.pk,
    )
    staff = bool(access.staff_roles & STAFF_READERS)
    return GradebookAccess(
        access=access,
        read_journal=staff or overseer,
        enter=bool(access.staff_roles & GRADERS) or actor.is_superuser,
        registrar=is_registrar(actor, institution_id=course.institution_id),
        own=access.is_student and not staff,
    )


def can_read_student(
    actor: ActorScope,
    *,
    student_id: int,
    institution_id: int,
    faculty_id: int,
    department_id: int,
    group_id: int | None,
) -> bool:
    """The student's own transcript and GPA: the student, the registrar, the dean's office
    (dean, department head, rector's office; their advisor reads too)."""
    if actor.student_id == student_id:
        return True
    if group_id is not None and group_id in actor.groups_with("advisor"):
        return True
    return is_overseer(
        actor, institution_id=institution_id, faculty_id=faculty_id, department_id=department_id
    )
