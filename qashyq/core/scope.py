"""Who the actor is, as data: the roles and scopes of the signed-in person (SEC-2).

`people` computes an ActorScope once per request (lazily, so token-authenticated
API calls see the token's user) and attaches it to the request; apps below
`people` (institutions) read it through `actor_scope_of(request)` and never
import `people`. Roles are plain strings here (the values of people.Role).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest

INSTITUTION_WIDE_ROLES = frozenset({"registrar", "rector_office", "distance_unit", "admin"})
STRUCTURE_MANAGERS = frozenset({"registrar", "admin"})


@dataclass(frozen=True)
class Grant:
    """One role held, with its scope (None = not narrowed at that level)."""

    role: str
    institution_id: int
    faculty_id: int | None = None
    department_id: int | None = None
    group_id: int | None = None


@dataclass(frozen=True)
class ActorScope:
    user_id: int | None
    is_superuser: bool = False
    grants: tuple[Grant, ...] = ()
    student_id: int | None = None
    staff_id: int | None = None
    staff_department_id: int | None = None
    roles: frozenset[str] = field(default=frozenset())

    @classmethod
    def anonymous(cls) -> ActorScope:
        return cls(user_id=None)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or bool(self.roles.intersection(roles))

    def institutions_with(self, *roles: str) -> frozenset[int]:
        return frozenset(g.institution_id for g in self.grants if g.role in roles)

    def faculties_with(self, *roles: str) -> frozenset[int]:
        return frozenset(g.faculty_id for g in self.grants if g.role in roles and g.faculty_id)

    def departments_with(self, *roles: str) -> frozenset[int]:
        return frozenset(
            g.department_id for g in self.grants if g.role in roles and g.department_id
        )

    def groups_with(self, *roles: str) -> frozenset[int]:
        return frozenset(g.group_id for g in self.grants if g.role in roles and g.group_id)

    @property
    def institution_wide(self) -> frozenset[int]:
        """Institutions where the actor sees everything (registrar, rector's office, …)."""
        return self.institutions_with(*INSTITUTION_WIDE_ROLES)

    def manages_structure(self, institution_id: int) -> bool:
        """Administrators and the Office Registrar edit faculties, programs, curricula …"""
        return self.is_superuser or institution_id in self.institutions_with(*STRUCTURE_MANAGERS)


def actor_scope_of(request: HttpRequest) -> ActorScope:
    """The request's ActorScope, computed once on first use.

    people.middleware.ActorScopeMiddleware puts a resolver on the request; it runs
    on first use, so an API call authenticated by token (after the middleware ran)
    gets the token's user.
    """
    cached = getattr(request, "_actor_scope", None)
    if isinstance(cached, ActorScope):
        return cached
    resolver = getattr(request, "actor_resolver", None)
    scope = resolver() if resolver is not None else ActorScope.anonymous()
    request._actor_scope = scope  # type: ignore[attr-defined]
    return scope
