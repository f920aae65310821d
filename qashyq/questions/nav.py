"""Menu link of the question banks (core.nav registry), registered in AppConfig.ready():
for staff and the readers of courses. No query: the actor's scope decides."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext

from qashyq.core.nav import CourseViewer, NavItem
from qashyq.core.scope import ActorScope

READERS = frozenset(
    {"department_head", "dean", "registrar", "distance_unit", "rector_office", "admin"}
)


def questions_nav(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    if actor.staff_id is not None or actor.is_superuser or actor.roles & READERS:
        return [NavItem(reverse("questions:index"), pgettext("menu", "Question banks"))]
    return []


def questions_tab(viewer: CourseViewer) -> list[NavItem]:
    """The course page's tab (core.nav course tabs)."""
    if not (viewer.can_edit or viewer.is_staff):
        return []
    return [
        NavItem(
            reverse("questions:bank", args=[viewer.course_id]),
            pgettext("course tab", "Question bank"),
        )
    ]
