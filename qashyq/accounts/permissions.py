"""Who may see what in accounts (SEC-2)."""

from __future__ import annotations

from django.db.models import Q

from qashyq.core.scope import ActorScope


def can_view_audit_log(actor: ActorScope) -> bool:
    """Administrators (and superusers) read everyone's sign-in events (SEC-4)."""
    return actor.is_authenticated and actor.has_role("admin")


def own_scope(actor: ActorScope) -> Q:
    """Rows that belong to the actor themself (tokens, own sign-in history)."""
    if actor.user_id is None:
        return Q(pk__in=[])
    return Q(user_id=actor.user_id)
