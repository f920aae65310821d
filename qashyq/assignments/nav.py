"""Menu link of assignments (core.nav registry): registered in AppConfig.ready()."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext

from qashyq.core.nav import NavItem
from qashyq.core.scope import ActorScope


def assignments_nav(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    """Students: their assignments with deadlines and status."""
    if actor.student_id is None:
        return []
    return [NavItem(reverse("assignments:my"), pgettext("menu", "Assignments"))]
