"""Who may check what, and who manages rule packs and emergency mode (SEC-2).

Checks: a student checks only their own plan; staff check the students they may see
(people.permissions.student_scope: registrar and rector's office their institution, a
dean their faculty, a department head their department, an advisor their group) and
the programs, disciplines and teachers of institutions where they hold a role. An
eligibility request is checked by whoever may check the student.

Managing: administrators of the institution (and superusers) choose the rule pack;
administrators and the Office Registrar switch emergency mode on and end it. The rule
catalogue is public to every signed-in user.

Lists of disciplines open to distance learning (LIM-6): the Office Registrar and
administrators draw them up; the rector's office approves them by an order; deans,
department heads and the distance-learning unit read them.
"""

from __future__ import annotations

from django.db.models import Q

from qashyq.core.scope import ActorScope

PACK_MANAGERS = ("admin",)
EMERGENCY_MANAGERS = ("admin", "registrar")
LIST_EDITORS = ("admin", "registrar")
LIST_APPROVERS = ("rector_office",)
LIST_READERS = (*LIST_EDITORS, *LIST_APPROVERS, "distance_unit", "dean", "department_head")
STAFF_CHECKERS = (
    "registrar",
    "rector_office",
    "distance_unit",
    "admin",
    "dean",
    "department_head",
    "advisor",
    "tutor",
    "teacher",
)


def member_institutions(actor: ActorScope) -> frozenset[int]:
    return frozenset(g.institution_id for g in actor.grants)


def can_check_structure(actor: ActorScope, institution_id: int) -> bool:
    """Programs, disciplines, teachers: staff holding a role at the institution."""
    return actor.is_superuser or institution_id in actor.institutions_with(*STAFF_CHECKERS)


def can_manage_regulations(actor: ActorScope, institution_id: int) -> bool:
    """Choose the institution's rule pack: administrators, superusers."""
    return actor.is_superuser or institution_id in actor.institutions_with(*PACK_MANAGERS)


def can_manage_emergency(actor: ActorScope, institution_id: int) -> bool:
    """Switch emergency mode on and end it (LIM-9, LIM-13): administrators, registrar."""
    return actor.is_superuser or institution_id in actor.institutions_with(*EMERGENCY_MANAGERS)


def emergency_period_scope(actor: ActorScope) -> Q:
    """Emergency periods the actor sees: those of institutions where they hold a role."""
    if actor.is_superuser:
        return Q()
    return Q(institution_id__in=sorted(member_institutions(actor)))


def can_view_distance_lists(actor: ActorScope, institution_id: int) -> bool:
    """Read the lists of disciplines open to distance learning (LIM-6)."""
    return actor.is_superuser or institution_id in actor.institutions_with(*LIST_READERS)


def can_edit_distance_lists(actor: ActorScope, institution_id: int) -> bool:
    """Draw up and edit a draft list (LIM-6): the Office Registrar, administrators."""
    return actor.is_superuser or institution_id in actor.institutions_with(*LIST_EDITORS)


def can_approve_distance_lists(actor: ActorScope, institution_id: int) -> bool:
    """Approve a list by the rector's order (LIM-6): the rector's office."""
    return actor.is_superuser or institution_id in actor.institutions_with(*LIST_APPROVERS)


def distance_list_scope(actor: ActorScope) -> Q:
    """Lists the actor reads: those of institutions where they hold a reading role."""
    if actor.is_superuser:
        return Q()
    return Q(institution_id__in=sorted(actor.institutions_with(*LIST_READERS)))
