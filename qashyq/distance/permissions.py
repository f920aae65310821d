"""Who sees and decides transfer applications (SEC-2, ELIG-6).

- A student sees their own applications; a registered parent or legal representative
  (`StudentRepresentative`) those of the students they represent. Drafts are theirs
  alone: no approver sees an application before it is submitted, so one the engine
  refused never reaches anyone.
- Approvers see submitted applications of students in their scope: an advisor their
  group's, a head of department their department's programs', a dean their faculty's,
  the Office Registrar, the rector's office, the distance-learning unit and
  administrators their institution's.
- Only the holder of the current step's role, in the student's scope, decides it.
- Administrators set the route; the Office Registrar works the task list.
Absent and not-yours answer the same 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from qashyq.core.scope import ActorScope

INSTITUTION_READERS = ("registrar", "rector_office", "distance_unit", "admin")
ROUTE_MANAGERS = ("admin",)
TASK_HANDLERS = ("registrar", "admin")


@dataclass(frozen=True)
class StudentPlace:
    """Where a student sits in the structure: what a role's scope is compared with."""

    institution_id: int
    faculty_id: int
    department_id: int
    group_id: int | None


def _staff_q(actor: ActorScope, prefix: str) -> Q:
    q = Q(pk__in=[])
    if institutions := actor.institutions_with(*INSTITUTION_READERS):
        q |= Q(**{f"{prefix}institution_id__in": sorted(institutions)})
    if faculties := actor.faculties_with("dean"):
        q |= Q(**{f"{prefix}student__program__department__faculty_id__in": sorted(faculties)})
    if departments := actor.departments_with("department_head"):
        q |= Q(**{f"{prefix}student__program__department_id__in": sorted(departments)})
    if groups := actor.groups_with("advisor"):
        q |= Q(**{f"{prefix}student__group_id__in": sorted(groups)})
    return q & Q(**{f"{prefix}submitted_at__isnull": False})


def application_scope(actor: ActorScope, prefix: str = "") -> Q:
    """The applications an actor may see (`prefix` when filtering a related model)."""
    if actor.is_superuser:
        return Q()
    if not actor.is_authenticated:
        return Q(pk__in=[])
    q = _staff_q(actor, prefix)
    if actor.student_id is not None:
        q |= Q(**{f"{prefix}student_id": actor.student_id})
    q |= Q(**{f"{prefix}student__representatives__user_id": actor.user_id})
    return q


def holds_step(actor: ActorScope, *, role: str, place: StudentPlace) -> bool:
    """Whether the actor holds `role` in the scope of a student at `place` (no superuser
    shortcut: a decision is signed by a person who holds the office)."""
    for grant in actor.grants:
        if grant.role != role or grant.institution_id != place.institution_id:
            continue
        if role == "advisor":
            if place.group_id is not None and grant.group_id == place.group_id:
                return True
        elif role == "dean":
            if grant.faculty_id == place.faculty_id:
                return True
        elif role == "department_head":
            if grant.department_id == place.department_id:
                return True
        else:
            return True
    return False


def inbox_scope(actor: ActorScope) -> Q:
    """Applications waiting at a step whose role the actor holds in the student's scope."""
    q = Q(pk__in=[])
    for role in ("registrar", "rector_office", "distance_unit", "admin"):
        if institutions := actor.institutions_with(role):
            q |= Q(current_role=role, institution_id__in=sorted(institutions))
    if faculties := actor.faculties_with("dean"):
        q |= Q(current_role="dean", student__program__department__faculty_id__in=sorted(faculties))
    if departments := actor.departments_with("department_head"):
        q |= Q(
            current_role="department_head", student__program__department_id__in=sorted(departments)
        )
    if groups := actor.groups_with("advisor"):
        q |= Q(current_role="advisor", student__group_id__in=sorted(groups))
    return q


def can_manage_route(actor: ActorScope, institution_id: int) -> bool:
    return actor.is_superuser or institution_id in actor.institutions_with(*ROUTE_MANAGERS)


def can_handle_tasks(actor: ActorScope, institution_id: int) -> bool:
    return actor.is_superuser or institution_id in actor.institutions_with(*TASK_HANDLERS)


def can_read_journal(actor: ActorScope, institution_id: int) -> bool:
    """The order journal: the institution's offices (registrar, rector's office, …)."""
    return actor.is_superuser or institution_id in actor.institutions_with(*INSTITUTION_READERS)


def journal_institutions(actor: ActorScope) -> frozenset[int]:
    return actor.institutions_with(*INSTITUTION_READERS)


def is_student_side(actor: ActorScope, *, student_id: int, representative: bool) -> bool:
    """The student themself, or a registered representative of theirs."""
    return actor.student_id == student_id or representative
