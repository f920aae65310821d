"""Who reads which report, and over what (FP-3, FP-4; SEC-2).

- the rector's office, the Office Registrar, the distance-learning unit and
  administrators: every report over their whole institution;
- a dean: every report over their faculty (its departments' disciplines, programs,
  students and staff);
- a department head: every report over their department;
- a teacher, tutor or assistant: the course reports over the courses they teach, and
  their own row of the teachers' footprint; not the contingent nor the sign-in log;
- students (and everyone else): none of these reports (their own footprint is
  the students' monitoring pages').
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from qashyq.core.scope import ActorScope

WIDE_READERS = ("rector_office", "registrar", "distance_unit", "admin")
TEACHING_ROLES = ("teacher", "tutor")


@dataclass(frozen=True)
class ReportScope:
    """The part of the university an actor's reports cover (None at a level: nothing
    granted there). `everything` is a superuser's."""

    everything: bool = False
    institutions: frozenset[int] = frozenset()
    faculties: frozenset[int] = frozenset()
    departments: frozenset[int] = frozenset()
    staff_id: int | None = None  # teaches courses (own courses only)

    @property
    def is_office(self) -> bool:
        """Reads the structure reports (contingent, sign-ins, every teacher)."""
        return self.everything or bool(self.institutions or self.faculties or self.departments)

    @property
    def is_empty(self) -> bool:
        return not self.is_office and self.staff_id is None


def report_scope(actor: ActorScope) -> ReportScope:
    if not actor.is_authenticated:
        return ReportScope()
    if actor.is_superuser:
        return ReportScope(everything=True)
    teaching = actor.staff_id is not None and bool(actor.roles.intersection(TEACHING_ROLES))
    return ReportScope(
        institutions=actor.institutions_with(*WIDE_READERS),
        faculties=actor.faculties_with("dean"),
        departments=actor.departments_with("department_head"),
        staff_id=actor.staff_id if teaching else None,
    )


def course_scope(scope: ReportScope) -> Q:
    """Courses (courses.Course) whose numbers the scope reads."""
    if scope.everything:
        return Q()
    q = Q(pk__in=[])
    if scope.institutions:
        q |= Q(institution_id__in=sorted(scope.institutions))
    if scope.faculties:
        q |= Q(discipline__department__faculty_id__in=sorted(scope.faculties))
    if scope.departments:
        q |= Q(discipline__department_id__in=sorted(scope.departments))
    if scope.staff_id is not None:
        q |= Q(staff_links__staff_id=scope.staff_id)
    return q


def student_scope(scope: ReportScope) -> Q:
    """Students (people.Student) of the contingent and the sign-in log: offices only."""
    if scope.everything:
        return Q()
    q = Q(pk__in=[])
    if scope.institutions:
        q |= Q(institution_id__in=sorted(scope.institutions))
    if scope.faculties:
        q |= Q(program__department__faculty_id__in=sorted(scope.faculties))
    if scope.departments:
        q |= Q(program__department_id__in=sorted(scope.departments))
    return q


def staff_scope(scope: ReportScope) -> Q:
    """Staff (people.Staff) of the teachers' footprint: offices their part, a teacher
    themself (FP-4)."""
    if scope.everything:
        return Q()
    q = Q(pk__in=[])
    if scope.institutions:
        q |= Q(institution_id__in=sorted(scope.institutions))
    if scope.faculties:
        q |= Q(department__faculty_id__in=sorted(scope.faculties))
    if scope.departments:
        q |= Q(department_id__in=sorted(scope.departments))
    if scope.staff_id is not None:
        q |= Q(pk=scope.staff_id)
    return q
