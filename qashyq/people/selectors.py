"""Reads for people."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from qashyq.accounts.models import User
from qashyq.core.scope import ActorScope, Grant
from qashyq.people.models import RoleAssignment, Staff, Student


def actor_scope(*, user: User | AnonymousUser) -> ActorScope:
    """The roles and scopes of a user, in two queries (SEC-2)."""
    if not user.is_authenticated:
        return ActorScope.anonymous()
    grants = tuple(
        Grant(
            role=r.role,
            institution_id=r.institution_id,
            faculty_id=r.faculty_id,
            department_id=r.department_id,
            group_id=r.group_id,
        )
        for r in RoleAssignment.objects.filter(user_id=user.pk).only(
            "role", "institution_id", "faculty_id", "department_id", "group_id"
        )
    )
    student_id = Student.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()
    staff = Staff.objects.filter(user_id=user.pk).values("pk", "department_id").first()
    roles = frozenset(g.role for g in grants)
    return ActorScope(
        user_id=user.pk,
        is_superuser=bool(user.is_superuser),
        grants=grants,
        student_id=student_id,
        staff_id=staff["pk"] if staff else None,
        staff_department_id=staff["department_id"] if staff else None,
        roles=roles,
    )
