"""`{% course_tabs access as tabs %}`: the tabs higher apps add to a course page
(core.nav registry)."""

from __future__ import annotations

from django import template

from qashyq.core.nav import CourseViewer, NavItem, course_tabs
from qashyq.courses.selectors import CourseAccess

register = template.Library()


@register.simple_tag(name="course_tabs")
def course_tabs_tag(access: CourseAccess) -> list[NavItem]:
    return course_tabs(
        CourseViewer(
            course_id=access.course.pk,
            is_student=access.as_student,
            is_staff=not access.as_student,
            can_edit=access.can_edit,
        )
    )
