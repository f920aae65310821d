"""Menu links of the gradebook (core.nav registry): registered in AppConfig.ready()."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext

from qashyq.core.nav import CourseViewer, NavItem
from qashyq.core.scope import ActorScope

OVERSEERS = ("dean", "department_head", "registrar", "rector_office", "distance_unit")


def gradebook_nav(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    """Grades for students and teachers; the summary for the dean's office."""
    items: list[NavItem] = []
    if actor.student_id is not None or actor.staff_id is not None:
        items.append(NavItem(reverse("gradebook:index"), pgettext("menu", "Grades")))
    if actor.has_role(*OVERSEERS):
        items.append(NavItem(reverse("gradebook:summary"), pgettext("menu", "Grades summary")))
    return items


def gradebook_tab(viewer: CourseViewer) -> list[NavItem]:
    """The course page's tab (core.nav course tabs)."""
    return [
        NavItem(
            reverse("gradebook:course", args=[viewer.course_id]), pgettext("course tab", "Grades")
        )
    ]
