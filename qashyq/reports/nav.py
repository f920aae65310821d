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
