"""Who may see and change a course and its content (SEC-2).

Reading a course (its page, syllabus, materials, files):
- its teachers, tutors and assistants (CourseStaff);
- its students: an active enrolment, and only once the course is published (or archived);
  a draft is invisible to students;
- the head of the department that owns the discipline, the dean of that faculty;
- institution-wide roles of the course's institution: Office Registrar, distance-learning
  unit, rector's office, administrator; superusers.
Everyone else (a student of another group, a teacher of another course) gets 404: absent
and not-yours answer alike.

Hidden or not yet released modules and materials are seen by everyone who reads the course
except its students; a student gets 404 for them by URL. Likewise every student's progress.

Changing:
- content (syllabus, modules, materials): the course's teachers and assistants, the
  distance-learning unit and administrators of the institution, superusers;
- the course itself (creation, teachers and groups, enrolments, status, reuse): the head
  of the discipline's department, the Office Registrar, the distance-learning unit and
  administrators of the institution, superusers.
Tutors read the course and see every student's progress; they do not edit.
"""

from __future__ import annotations

from django.db.models import Q

from qashyq.core.scope import ActorScope
from qashyq.courses.models import CourseRole, CourseStaff, CourseStatus, Enrolment

WIDE_READERS = ("registrar", "distance_unit", "rector_office", "admin")
WIDE_MANAGERS = ("registrar", "distance_unit", "admin")
WIDE_CONTENT_EDITORS = ("distance_unit", "admin")
CONTENT_ROLES = frozenset({CourseRole.TEACHER.value, CourseRole.ASSISTANT.value})
STUDENT_VISIBLE = (CourseStatus.PUBLISHED, CourseStatus.ARCHIVED)


def _nothing() -> Q:
    return Q(pk__in=[])


def course_scope(actor: ActorScope) -> Q:
    """The courses an actor may read (subqueries, no joins that repeat rows)."""
    if actor.is_superuser:
        return Q()
    if not actor.is_authenticated:
        return _nothing()
    q = _nothing()
    if wide := actor.institutions_with(*WIDE_READERS):
        q |= Q(institution_id__in=sorted(wide))
    if faculties := actor.faculties_with("dean"):
        q |= Q(discipline__department__faculty_id__in=sorted(faculties))
    if departments := actor.departments_with("department_head"):
        q |= Q(discipline__department_id__in=sorted(departments))
    if actor.staff_id is not None:
        q |= Q(pk__in=CourseStaff.objects.filter(staff_id=actor.staff_id).values("course_id"))
    if actor.student_id is not None:
        q |= Q(
            pk__in=Enrolment.objects.filter(student_id=actor.student_id, is_active=True).values(
                "course_id"
            ),
            status__in=STUDENT_VISIBLE,
        )
    return q


def course_manage_scope(actor: ActorScope) -> Q:
    """The courses an actor may create, staff, enrol, publish and reuse."""
    if actor.is_superuser:
        return Q()
    if not actor.is_authenticated:
        return _nothing()
    q = _nothing()
    if wide := actor.institutions_with(*WIDE_MANAGERS):
        q |= Q(institution_id__in=sorted(wide))
    if departments := actor.departments_with("department_head"):
        q |= Q(discipline__department_id__in=sorted(departments))
    return q


def can_manage_course(actor: ActorScope, *, institution_id: int, department_id: int) -> bool:
    """Create a course of a discipline (of `department_id`), set its teachers and groups,
    enrol students, publish or archive it, reuse content into it."""
    return (
        actor.is_superuser
        or institution_id in actor.institutions_with(*WIDE_MANAGERS)
        or department_id in actor.departments_with("department_head")
    )


def can_manage_any_course(actor: ActorScope) -> bool:
    """Whether the actor manages courses anywhere (the "new course" button)."""
    return actor.is_superuser or bool(
        actor.institutions_with(*WIDE_MANAGERS) or actor.departments_with("department_head")
    )


def can_edit_content(
    actor: ActorScope, *, institution_id: int, staff_roles: frozenset[str]
) -> bool:
    """Edit the syllabus, modules and materials (LMS-1, LMS-2)."""
    return (
        actor.is_superuser
        or bool(staff_roles & CONTENT_ROLES)
        or institution_id in actor.institutions_with(*WIDE_CONTENT_EDITORS)
    )


def sees_as_student(
    *, is_student: bool, staff_roles: frozenset[str], can_edit: bool, can_manage: bool
) -> bool:
    """Whether the course is shown as to a student: released, visible content only and
    the student's own progress. A person who also teaches the course sees it as staff."""
    return is_student and not (staff_roles or can_edit or can_manage)


def discipline_manage_scope(actor: ActorScope) -> Q:
    """Disciplines whose courses the actor may open (a Q over institutions.Discipline)."""
    if actor.is_superuser:
        return Q()
    if not actor.is_authenticated:
        return _nothing()
    q = _nothing()
    if wide := actor.institutions_with(*WIDE_MANAGERS):
        q |= Q(department__faculty__institution_id__in=sorted(wide))
    if departments := actor.departments_with("department_head"):
        q |= Q(department_id__in=sorted(departments))
    return q


def can_read_course(  # noqa: PLR0911 - one line per kind of reader, as in course_scope
    actor: ActorScope,
    *,
    institution_id: int,
    faculty_id: int,
    department_id: int,
    staff_ids: frozenset[int],
    status: str,
    enrolled: bool,
) -> bool:
    """The predicate of `course_scope` for one course whose facts are known (cached)."""
    if actor.is_superuser:
        return True
    if not actor.is_authenticated:
        return False
    if institution_id in actor.institutions_with(*WIDE_READERS):
        return True
    if faculty_id in actor.faculties_with("dean"):
        return True
    if department_id in actor.departments_with("department_head"):
        return True
    if actor.staff_id is not None and actor.staff_id in staff_ids:
        return True
    return enrolled and status in STUDENT_VISIBLE
