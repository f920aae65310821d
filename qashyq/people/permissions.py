"""People permissions: predicates and queryset scopes over ActorScope (SEC-2)."""

from __future__ import annotations

from django.db.models import Q

from qashyq.core.scope import ActorScope


def student_scope(actor: ActorScope) -> Q:
    """The students an actor may see.

    Institution-wide roles see their institution; a dean their faculty; a department
    head the students of their department's programs; an advisor their groups;
    a student only themselves. Anything else sees nothing.
    """
    if actor.is_superuser:
        return Q()
    if not actor.is_authenticated:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    if actor.institution_wide:
        q |= Q(institution_id__in=actor.institution_wide)
    if faculties := actor.faculties_with("dean"):
        q |= Q(program__department__faculty_id__in=faculties)
    if departments := actor.departments_with("department_head"):
        q |= Q(program__department_id__in=departments)
    if groups := actor.groups_with("advisor", "tutor"):
        q |= Q(group_id__in=groups)
    if actor.student_id is not None:
        q |= Q(pk=actor.student_id)
    return q
