"""`{% course_tabs access as tabs %}`: the tabs higher apps add to a course page
(core.nav registry); `{% course_header access tab %}`: the course's header, rendered once
per course version, language and kind of reader."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from qashyq.core.cache import local_get, local_put
from qashyq.core.nav import CourseViewer, NavItem, course_tabs
from qashyq.courses.selectors import CourseAccess

register = template.Library()


def _viewer(access: CourseAccess) -> CourseViewer:
    return CourseViewer(
        course_id=access.course.pk,
        is_student=access.as_student,
        is_staff=not access.as_student,
        can_edit=access.can_edit,
    )


@register.simple_tag(name="course_tabs")
def course_tabs_tag(access: CourseAccess) -> list[NavItem]:
    return course_tabs(_viewer(access))


@register.simple_tag(name="course_header")
def course_header(access: CourseAccess, tab: str) -> SafeString:
    """The header (code, period, discipline, teachers, tabs) depends only on the course's
    generations (`access.stamp`: the course card and its staff), the language, the open
    tab and what the reader may do; tab providers are pure functions of the viewer
    (core.nav). So it is rendered once per process for all of them, not on every view
    (issue 4: the course page under 20 clients)."""
    flags = "".join(
        "1" if f else "0"
        for f in (access.as_student, access.can_edit, access.can_manage, access.sees_all_progress)
    )
    key = (
        f"courses:head:{access.course.pk}:{access.stamp}:{translation.get_language()}:{tab}:{flags}"
    )
    html = local_get(key)
    if not isinstance(html, str):
        html = render_to_string(
            "courses/_header.html", {"access": access, "course": access.course, "tab": tab}
        )
        local_put(key, html)
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when rendered
