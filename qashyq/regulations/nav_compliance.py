"""The menu link to the compliance pages (registered in RegulationsConfig.ready()
through core.nav): the dashboard for those who may open it, a student's own panel for
a student."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from qashyq.core.nav import NavItem
from qashyq.core.scope import ActorScope
from qashyq.regulations.models_compliance import DASHBOARD_ROLES


def compliance_nav(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    if actor.is_superuser or actor.roles & DASHBOARD_ROLES:
        return [NavItem(url=reverse("regulations:compliance"), label=_("Compliance"))]
    if actor.student_id is not None and "student" in actor.roles:
        return [
            NavItem(
                url=reverse("regulations:student_compliance", args=[actor.student_id]),
                label=_("Compliance"),
            )
        ]
    return []
