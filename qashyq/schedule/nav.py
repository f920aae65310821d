"""Menu links of the schedule (core.nav registry): registered in AppConfig.ready()."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext

from qashyq.core.nav import NavItem
from qashyq.core.scope import ActorScope


def schedule_nav(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    """The week for people who teach or study; own attendance for students."""
    items: list[NavItem] = []
    if actor.student_id is not None or actor.staff_id is not None:
        items.append(NavItem(reverse("schedule:week"), pgettext("menu", "Schedule")))
    if actor.student_id is not None:
        items.append(NavItem(reverse("schedule:my_attendance"), pgettext("menu", "My attendance")))
    return items
