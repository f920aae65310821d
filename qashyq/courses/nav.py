"""Menu links of the course pages (registered in CoursesConfig.ready() through core.nav):
"My courses" for students and staff, "Courses" for the department, faculty and
institution readers. No query: the actor's scope decides."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext

from qashyq.core.nav import NavItem
from qashyq.core.scope import ActorScope

READERS = frozenset(
    {"department_head", "dean", "registrar", "distance_unit", "rector_office", "admin"}
)


def course_nav(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    items: list[NavItem] = []
    if actor.student_id is not None or actor.staff_id is not None:
        items.append(NavItem(reverse("courses:my_courses"), pgettext("menu", "My courses")))
    if actor.is_superuser or actor.roles & READERS:
        items.append(NavItem(reverse("courses:course_list"), pgettext("menu", "Courses")))
    return items
