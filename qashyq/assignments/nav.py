"""Menu link of assignments (core.nav registry): registered in AppConfig.ready()."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext

from qashyq.core.nav import CourseViewer, NavItem
from qashyq.core.scope import ActorScope


def assignments_nav(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    """Students: their assignments with deadlines and status."""
    if actor.student_id is None:
        return []
    return [NavItem(reverse("assignments:my"), pgettext("menu", "Assignments"))]


def assignments_tab(viewer: CourseViewer) -> list[NavItem]:
    """The course page's tab (core.nav course tabs)."""
    return [
        NavItem(
            reverse("assignments:course", args=[viewer.course_id]),
            pgettext("course tab", "Assignments"),
        )
    ]
