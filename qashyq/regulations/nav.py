"""Menu links of the regulations pages (core.nav registry)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext

from qashyq.core.nav import NavItem
from qashyq.core.scope import ActorScope
from qashyq.regulations.permissions import EMERGENCY_MANAGERS, LIST_READERS, PACK_MANAGERS


def regulations_nav(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    """The rule browser for everyone signed in; the pack for administrators; emergency
    mode for administrators and the Office Registrar; the lists of disciplines open to
    distance learning (LIM-6) for those who read them. No query."""
    items = [NavItem(reverse("regulations:rule_list"), pgettext("menu", "Rules"))]
    if actor.is_superuser or actor.roles & set(PACK_MANAGERS):
        items.append(NavItem(reverse("regulations:rule_pack"), pgettext("menu", "Rule pack")))
    if actor.is_superuser or actor.roles & set(EMERGENCY_MANAGERS):
        items.append(NavItem(reverse("regulations:emergency"), pgettext("menu", "Emergency mode")))
    if actor.is_superuser or actor.roles & set(LIST_READERS):
        items.append(
            NavItem(reverse("regulations:distance_lists"), pgettext("menu", "Distance disciplines"))
        )
    return items
