"""The main menu as a registry: each app contributes the links its pages offer.

An app registers a provider in its AppConfig.ready(); the menu's context processor
(people) calls every provider with the request and the actor. This keeps lower
apps from importing higher ones just to put a link in the menu.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest

from qashyq.core.scope import ActorScope


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str


@dataclass(frozen=True)
class NavGroup:
    """Links of one section of the menu ("Learning", "Regulations" …); shown as a plain
    link when it holds one, as a drop-down (`<details>`, no script) when it holds more."""

    label: str
    items: list[NavItem] = field(default_factory=list)


NavProvider = Callable[[HttpRequest, ActorScope], list[NavItem]]
SectionLabel = Callable[[], str]

_providers: list[tuple[NavProvider, str, SectionLabel]] = []


def nav_provider_register(provider: NavProvider, *, section: str, label: SectionLabel) -> None:
    """Add an app's menu links to a section of the menu (idempotent).

    `section` is a stable key (providers with the same key share a drop-down, in the
    order they were registered); `label` returns the section's translated name.
    A provider must depend only on the actor's scope and the language (no queries) for
    anyone who holds a role: the menu is kept per process by that key (people's
    context processor)."""
    if all(p is not provider for p, _, _ in _providers):
        _providers.append((provider, section, label))


def nav_groups_from_providers(request: HttpRequest, actor: ActorScope) -> list[NavGroup]:
    groups: dict[str, NavGroup] = {}
    for provider, section, label in _providers:
        items = provider(request, actor)
        if items:
            groups.setdefault(section, NavGroup(label())).items.extend(items)
    return list(groups.values())


# ---------------------------------------------------------------- a course's tabs


@dataclass(frozen=True)
class CourseViewer:
    """What the course page knows of its reader, for higher apps' tabs."""

    course_id: int
    is_student: bool  # reads it as an enrolled student
    is_staff: bool  # teaches, assists or tutors it, or reads it for an office
    can_edit: bool  # changes its content


CourseTabProvider = Callable[[CourseViewer], list[NavItem]]
_course_tabs: list[CourseTabProvider] = []


def course_tab_register(provider: CourseTabProvider) -> None:
    """Add an app's tab to every course page (tests, assignments, grades …; idempotent).
    The courses app shows them without importing the apps above it. A provider must be a
    pure function of the viewer (no reads): the course header is rendered once per course
    version and kind of reader and then reused."""
    if all(p is not provider for p in _course_tabs):
        _course_tabs.append(provider)


def course_tabs(viewer: CourseViewer) -> list[NavItem]:
    return [item for provider in _course_tabs for item in provider(viewer)]
