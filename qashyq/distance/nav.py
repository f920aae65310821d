"""Menu links of the transfer pages (registered with core.nav in DistanceConfig.ready)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext

from qashyq.core.nav import NavItem
from qashyq.core.scope import ActorScope

APPROVERS = frozenset(
    {"advisor", "department_head", "dean", "registrar", "distance_unit", "rector_office", "admin"}
)
JOURNAL_READERS = frozenset({"registrar", "rector_office", "distance_unit", "admin"})


def _represents_someone(actor: ActorScope) -> bool:
    from qashyq.distance.models import StudentRepresentative  # noqa: PLC0415 (apps ready)

    if actor.user_id is None:
        return False
    return StudentRepresentative.objects.filter(user_id=actor.user_id).exists()


def distance_nav(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    """ "Study at a distance" for students (and registered parents, who hold no role: one
    query only for them); the inbox, the journal, tasks and the route for staff."""
    items: list[NavItem] = []
    if actor.student_id is not None or (not actor.grants and _represents_someone(actor)):
        items.append(NavItem(reverse("distance:home"), pgettext("menu", "Study at a distance")))
    if actor.is_superuser or actor.roles & APPROVERS:
        items.append(NavItem(reverse("distance:inbox"), pgettext("menu", "Transfer applications")))
    if actor.is_superuser or actor.roles & JOURNAL_READERS:
        items.append(NavItem(reverse("distance:orders"), pgettext("menu", "Orders")))
    if actor.is_superuser or actor.roles & {"registrar", "admin"}:
        items.append(NavItem(reverse("distance:tasks"), pgettext("menu", "Registrar's tasks")))
    if actor.is_superuser or "admin" in actor.roles:
        items.append(NavItem(reverse("distance:route"), pgettext("menu", "Transfer route")))
    return items
