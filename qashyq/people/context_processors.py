"""The main menu for the actor's roles (SEC-2): `nav_items` in every page's context."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext

from qashyq.core.nav import NavGroup, NavItem, nav_groups_from_providers
from qashyq.core.scope import actor_scope_of

STUDENT_READERS = frozenset(
    {
        "registrar",
        "rector_office",
        "distance_unit",
        "admin",
        "dean",
        "department_head",
        "advisor",
        "tutor",
    }
)
STAFF_READERS = frozenset(
    {"registrar", "rector_office", "distance_unit", "admin", "dean", "department_head"}
)


def nav_items(request: HttpRequest) -> dict[str, list[NavItem] | list[NavGroup]]:
    """Menu links for every role the signed-in person holds (no query beyond the actor's)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_groups": []}
    actor = actor_scope_of(request)
    items: list[NavItem] = []
    if actor.student_id is not None:
        items.append(
            NavItem(
                reverse("people:student_detail", args=[actor.student_id]),
                pgettext("menu", "My personal file"),
            )
        )
        items.append(
            NavItem(
                reverse("people:electives", args=[actor.student_id]),
                pgettext("menu", "Electives"),
            )
        )
    if actor.is_superuser or actor.roles & STUDENT_READERS:
        items.append(NavItem(reverse("people:student_list"), pgettext("menu", "Students")))
    if actor.is_superuser or actor.roles & STAFF_READERS:
        items.append(NavItem(reverse("people:staff_list"), pgettext("menu", "Staff")))
    if actor.is_superuser or "admin" in actor.roles:
        items.append(NavItem(reverse("people:role_list"), pgettext("menu", "Roles")))
    # higher apps' links, in sections (core.nav)
    return {"nav_items": items, "nav_groups": nav_groups_from_providers(request, actor)}
