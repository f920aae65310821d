"""Menu links of the LRS (core.nav registry): registered in AppConfig.ready()."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext

from qashyq.core.nav import NavItem
from qashyq.core.scope import ActorScope


def lrs_nav(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    """Superusers: the LRS clients and the published xAPI vocabulary (staff members who
    are not superusers reach the clients page from the administration)."""
    if not actor.is_superuser:
        return []
    return [
        NavItem(reverse("lrs:clients"), pgettext("menu", "LRS clients")),
        NavItem(reverse("lrs:vocabulary"), pgettext("menu", "xAPI vocabulary")),
    ]
