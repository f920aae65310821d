"""Who may read and change the institution's structure (SEC-2).

Reading: every member of an institution (anyone holding a role there) reads its
structure: faculties, departments, programs, curricula, calendar, groups.
Changing: the Office Registrar and administrators of that institution, and
superusers (`ActorScope.manages_structure`).

The answer for "absent" and for "not a member" is the same 404. A member who may
read but not change gets 403 from the API (`StructureChangeForbidden`); the pages
answer 404 on every edit URL to anyone who cannot change the structure.
"""

from __future__ import annotations

from django.db.models import Q

from qashyq.core.scope import ActorScope


def member_institutions(actor: ActorScope) -> frozenset[int]:
    """Institutions where the actor holds any role."""
    return frozenset(grant.institution_id for grant in actor.grants)


def can_read_structure(actor: ActorScope, institution_id: int) -> bool:
    return actor.is_superuser or institution_id in member_institutions(actor)


def can_manage_structure(actor: ActorScope, institution_id: int) -> bool:
    return actor.manages_structure(institution_id)


def managed_institutions(actor: ActorScope) -> frozenset[int]:
    """Institutions whose structure the actor may change (superusers: see `is_superuser`)."""
    return actor.institutions_with("registrar", "admin")


def structure_scope(actor: ActorScope, *, institution_path: str) -> Q:
    """Rows whose institution (reached through `institution_path`) the actor may read."""
    if actor.is_superuser:
        return Q()
    return Q(**{f"{institution_path}__in": sorted(member_institutions(actor))})
