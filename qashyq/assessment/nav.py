"""The course page's tab of the app (core.nav course tabs), registered in AppConfig.ready."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import pgettext

from qashyq.core.nav import CourseViewer, NavItem


def assessment_tab(viewer: CourseViewer) -> list[NavItem]:
    """The course page's tab (core.nav course tabs)."""
    return [
        NavItem(
            reverse("assessment:course", args=[viewer.course_id]), pgettext("course tab", "Tests")
        )
    ]
