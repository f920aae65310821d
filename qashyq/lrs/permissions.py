"""What an LRS client may do (FP-1): its permissions as an administrator set them."""

from __future__ import annotations

from qashyq.lrs.models import Client, ReadScope


def can_write_statements(client: Client) -> bool:
    return client.can_write_statements


def can_read_statements(client: Client) -> bool:
    """Whether the client may read statements at all (its own or everyone's)."""
    return client.read_scope != ReadScope.NONE


def can_read_all_statements(client: Client) -> bool:
    """False for a client limited to the statements it sent itself (its stream)."""
    return client.read_scope == ReadScope.ALL


def can_use_documents(client: Client) -> bool:
    """State, activity profile and agent profile documents."""
    return client.can_documents


def can_read_activities_and_agents(client: Client) -> bool:
    """The activities and agents resources reveal what statements say, so they need
    the right to read all statements."""
    return client.read_scope == ReadScope.ALL


def can_manage_clients(user: object) -> bool:
    """Issuing and revoking LRS credentials is for the platform's administrators: active
    staff members and superusers (FP-1)."""
    return bool(
        getattr(user, "is_active", False)
        and (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))
    )
