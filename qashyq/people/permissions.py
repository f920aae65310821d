"""People permissions: predicates and queryset scopes over ActorScope (SEC-2).

Who sees a student's personal file (SIS-6):
- institution-wide roles (Office Registrar, rector's office, distance-learning unit,
  administrator) of the student's institution;
- a dean: students of the programs of their faculty;
- a department head: students of their department's programs;
- an advisor or a tutor of the student's group; a department-wide tutor (a tutor
  assigned to a department rather than a group): students of that department's
  programs;
- the student themself; superusers.
Everyone else (a teacher, a proctor, another student) gets 404 for a file they
cannot see: absent and not-yours answer alike.

Who changes: the Office Registrar and administrators of the institution (personal
files, staff, study plans); only administrators assign roles; a student chooses
their own electives (SIS-3).
"""

from __future__ import annotations

from django.db.models import Q

from qashyq.core.scope import ActorScope

STUDENT_MANAGERS = ("registrar", "admin")
ROLE_MANAGERS = ("admin",)
STAFF_READERS = ("registrar", "admin", "rector_office", "distance_unit")


def student_scope(actor: ActorScope) -> Q:
    """The students an actor may see."""
    if actor.is_superuser:
        return Q()
    if not actor.is_authenticated:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    if actor.institution_wide:
        q |= Q(institution_id__in=sorted(actor.institution_wide))
    if faculties := actor.faculties_with("dean"):
        q |= Q(program__department__faculty_id__in=sorted(faculties))
    if departments := actor.departments_with("department_head", "tutor"):
        q |= Q(program__department_id__in=sorted(departments))
    if groups := actor.groups_with("advisor", "tutor"):
        q |= Q(group_id__in=sorted(groups))
    if actor.student_id is not None:
        q |= Q(pk=actor.student_id)
    return q


def can_manage_students(actor: ActorScope, institution_id: int) -> bool:
    """Create and edit personal files, change statuses, generate plans: registrar, admin."""
    return actor.is_superuser or institution_id in actor.institutions_with(*STUDENT_MANAGERS)


def managed_institutions(actor: ActorScope) -> frozenset[int]:
    """Institutions whose students and staff the actor manages (superusers: all)."""
    return actor.institutions_with(*STUDENT_MANAGERS)


def can_see_iin(actor: ActorScope, institution_id: int) -> bool:
    """IIN-2: the IIN is personal data; only the registrar and administrators see it whole."""
    return can_manage_students(actor, institution_id)


def can_choose_electives(actor: ActorScope, *, student_id: int, institution_id: int) -> bool:
    """SIS-3: the student themself, or the registrar on their behalf."""
    return actor.student_id == student_id or can_manage_students(actor, institution_id)


def staff_scope(actor: ActorScope) -> Q:
    """Staff the actor may see: institution-wide offices their institution, a dean their
    faculty's departments, a department head their department; a person themself."""
    if actor.is_superuser:
        return Q()
    if not actor.is_authenticated:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    if institutions := actor.institutions_with(*STAFF_READERS):
        q |= Q(institution_id__in=sorted(institutions))
    if faculties := actor.faculties_with("dean"):
        q |= Q(department__faculty_id__in=sorted(faculties))
    if departments := actor.departments_with("department_head"):
        q |= Q(department_id__in=sorted(departments))
    if actor.staff_id is not None:
        q |= Q(pk=actor.staff_id)
    return q


def can_assign_roles(actor: ActorScope, institution_id: int) -> bool:
    """SEC-2: only administrators of the institution (or superusers) assign roles."""
    return actor.is_superuser or institution_id in actor.institutions_with(*ROLE_MANAGERS)


def role_assignment_scope(actor: ActorScope) -> Q:
    """Assignments the actor sees: all of the institutions they administer, and their own."""
    if actor.is_superuser:
        return Q()
    if not actor.is_authenticated:
        return Q(pk__in=[])
    q = Q(user_id=actor.user_id)
    if institutions := actor.institutions_with(*ROLE_MANAGERS):
        q |= Q(institution_id__in=sorted(institutions))
    return q
