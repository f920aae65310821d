"""Menu link of the reports (core.nav registry): registered in AppConfig.ready()."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext

from qashyq.core.nav import NavItem
from qashyq.core.scope import ActorScope
from qashyq.reports.permissions import report_scope


def reports_nav(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    """Offices, deans, department heads and teachers: the reports (FP-3); students
    have none."""
    if report_scope(actor).is_empty:
        return []
    return [NavItem(reverse("reports:index"), pgettext("menu", "Reports"))]


def monitoring_nav(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    """FP-2: a student's own footprint; the students' monitoring for advisors, tutors and
    teachers (views_students; by roles only, no query, as the menu requires)."""
    items = []
    if actor.student_id is not None:
        items.append(NavItem(reverse("reports:students_me"), pgettext("menu", "My footprint")))
    monitors = (
        actor.is_superuser
        or bool(actor.groups_with("advisor", "tutor") or actor.departments_with("tutor"))
        or (actor.staff_id is not None and actor.has_role("teacher", "tutor"))
    )
    if monitors:
        items.append(NavItem(reverse("reports:students"), pgettext("menu", "Students' monitoring")))
    return items
