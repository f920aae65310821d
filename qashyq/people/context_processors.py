"""The main menu for the actor's roles (SEC-2): `nav_html` in every page's context."""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from qashyq.core.nav import NavGroup, NavItem, nav_groups_from_providers
from qashyq.core.scope import ActorScope, actor_scope_of

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


Menu = dict[str, str]  # {"nav_html": the menu, rendered once per scope and language}

# The menu, and its HTML, is a pure function of the actor's scope, the language and the URL conf, so
# each process keeps the menus it has built (bounded). A changed role changes the scope,
# hence the key: nothing to invalidate. People without roles (parents) are not kept: a
# provider may look them up in the database.
_MENUS: OrderedDict[tuple[object, ...], Menu] = OrderedDict()
_MENUS_MAX = 4096
_MENUS_LOCK = threading.Lock()


def _menu_key(actor: ActorScope) -> tuple[object, ...] | None:
    if not (actor.grants or actor.is_superuser):
        return None
    grants = tuple(
        sorted(
            (g.role, g.institution_id, g.faculty_id or 0, g.department_id or 0, g.group_id or 0)
            for g in actor.grants
        )
    )
    return (
        actor.user_id,
        actor.is_superuser,
        actor.student_id,
        actor.staff_id,
        grants,
        translation.get_language(),
    )


def nav_items(request: HttpRequest) -> Menu:
    """Menu links for every role the signed-in person holds (no query beyond the actor's)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_html": ""}
    actor = actor_scope_of(request)
    key = _menu_key(actor)
    if key is not None:
        with _MENUS_LOCK:
            menu = _MENUS.get(key)
            if menu is not None:
                _MENUS.move_to_end(key)
                return menu
    menu = _menu(request, actor)
    if key is not None:
        with _MENUS_LOCK:
            _MENUS[key] = menu
            while len(_MENUS) > _MENUS_MAX:
                _MENUS.popitem(last=False)
    return menu


def _menu(request: HttpRequest, actor: ActorScope) -> Menu:
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
    groups: list[NavGroup] = nav_groups_from_providers(request, actor)
    can_structure = actor.is_superuser or bool(actor.institutions_with("registrar", "admin"))
    html = render_to_string(
        "core/_nav_menu.html",
        {"nav_items": items, "nav_groups": groups, "can_structure": can_structure},
    )
    return {"nav_html": html}
