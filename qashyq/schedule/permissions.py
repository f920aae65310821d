"""Schedule permissions: predicates over `CourseFacts` and queryset scopes (SEC-2).

Who sees a course's classes:
- the course's teachers, tutors and assistants (courses.CourseStaff);
- its students (active enrolment in a published or archived course), and of a group's
  class only that group's students;
- institution-wide offices (Office Registrar, rector's office, distance-learning unit,
  administrators); the dean of the discipline's faculty; the head of its department
  (and a department-wide tutor); advisors and tutors of a group taking the course.
Who adds, edits and cancels classes, starts and ends rooms: the course's staff, the head
of the department, the Office Registrar, the distance-learning unit and administrators.
Who marks and corrects attendance: the course's staff and administrators.
Who reads the attendance journal: whoever manages the schedule, the dean, the rector's
office, and advisors and tutors (of their groups only).
Everyone else gets 404, as for a class that does not exist.
"""

from __future__ import annotations

from django.db.models import Q

from qashyq.core.scope import ActorScope
from qashyq.courses.models import CourseGroup, CourseStaff, CourseStatus, Enrolment
from qashyq.people.models import Student
from qashyq.schedule.data import CourseAccess, CourseFacts

SCHEDULE_OFFICES = ("registrar", "distance_unit", "admin")
ATTENDANCE_OFFICES = ("admin",)
INSTITUTION_READERS = ("registrar", "distance_unit", "admin", "rector_office")
GROUP_ROLES = ("advisor", "tutor")
# A draft course is invisible to its students (as in courses.permissions).
STUDENT_VISIBLE = (CourseStatus.PUBLISHED, CourseStatus.ARCHIVED)


def course_scope(actor: ActorScope) -> Q:
    """Courses whose schedule the actor may see (a filter on courses.Course)."""
    if actor.is_superuser:
        return Q()
    if not actor.is_authenticated:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    if institutions := actor.institutions_with(*INSTITUTION_READERS):
        q |= Q(institution_id__in=sorted(institutions))
    if faculties := actor.faculties_with("dean"):
        q |= Q(discipline__department__faculty_id__in=sorted(faculties))
    if departments := actor.departments_with("department_head", "tutor"):
        q |= Q(discipline__department_id__in=sorted(departments))
    if groups := actor.groups_with(*GROUP_ROLES):
        q |= Q(pk__in=CourseGroup.objects.filter(group_id__in=sorted(groups)).values("course_id"))
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


def _student_sessions(student_id: int) -> Q:
    """A student's classes: their active courses, whole-course classes and their group's."""
    courses = Enrolment.objects.filter(
        student_id=student_id, is_active=True, course__status__in=STUDENT_VISIBLE
    ).values("course_id")
    own_group = Student.objects.filter(pk=student_id).values("group_id")
    return Q(course_id__in=courses) & (Q(group__isnull=True) | Q(group_id__in=own_group))


def session_scope(actor: ActorScope) -> Q:
    """Classes the actor may see (a filter on ClassSession)."""
    if actor.is_superuser:
        return Q()
    if not actor.is_authenticated:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    if institutions := actor.institutions_with(*INSTITUTION_READERS):
        q |= Q(course__institution_id__in=sorted(institutions))
    if faculties := actor.faculties_with("dean"):
        q |= Q(course__discipline__department__faculty_id__in=sorted(faculties))
    if departments := actor.departments_with("department_head", "tutor"):
        q |= Q(course__discipline__department_id__in=sorted(departments))
    if groups := actor.groups_with(*GROUP_ROLES):
        q |= Q(
            course_id__in=CourseGroup.objects.filter(group_id__in=sorted(groups)).values(
                "course_id"
            )
        )
    if actor.staff_id is not None:
        q |= Q(
            course_id__in=CourseStaff.objects.filter(staff_id=actor.staff_id).values("course_id")
        )
    if actor.student_id is not None:
        q |= _student_sessions(actor.student_id)
    return q


def my_sessions_scope(actor: ActorScope) -> Q:
    """The actor's own week (SIS-2): classes they teach or attend, nobody else's."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    if actor.staff_id is not None:
        q |= Q(
            course_id__in=CourseStaff.objects.filter(staff_id=actor.staff_id).values("course_id")
        )
    if actor.student_id is not None:
        q |= _student_sessions(actor.student_id)
    return q


def _is_course_staff(actor: ActorScope, facts: CourseFacts) -> bool:
    return actor.staff_id is not None and actor.staff_id in facts.staff_ids


def can_manage_schedule(actor: ActorScope, facts: CourseFacts) -> bool:
    """Add, edit and cancel classes; start and end rooms."""
    return (
        actor.is_superuser
        or _is_course_staff(actor, facts)
        or facts.institution_id in actor.institutions_with(*SCHEDULE_OFFICES)
        or facts.department_id in actor.departments_with("department_head")
    )


def can_mark_attendance(actor: ActorScope, facts: CourseFacts) -> bool:
    """FP-2: marks and corrections come from the course's teachers (or an administrator)."""
    return (
        actor.is_superuser
        or _is_course_staff(actor, facts)
        or facts.institution_id in actor.institutions_with(*ATTENDANCE_OFFICES)
    )


def journal_groups(actor: ActorScope, facts: CourseFacts) -> frozenset[int] | None:
    """The groups whose journal rows the actor may read: None for all; empty for none."""
    if (
        can_manage_schedule(actor, facts)
        or facts.institution_id in actor.institutions_with(*INSTITUTION_READERS)
        or facts.faculty_id in actor.faculties_with("dean")
        or facts.department_id in actor.departments_with("tutor")
    ):
        return None
    return facts.group_ids & actor.groups_with(*GROUP_ROLES)


def course_access(actor: ActorScope, facts: CourseFacts, *, visible: bool) -> CourseAccess:
    """Everything the actor may do with one course's schedule (`visible`: in course_scope)."""
    if not visible:
        return CourseAccess(view=False, manage=False, mark=False, journal=False)
    groups = journal_groups(actor, facts)
    return CourseAccess(
        view=True,
        manage=can_manage_schedule(actor, facts),
        mark=can_mark_attendance(actor, facts),
        journal=groups is None or bool(groups),
        journal_groups=groups,
        groups=facts.groups,
    )
