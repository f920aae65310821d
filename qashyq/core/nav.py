"""The main menu as a registry: each app contributes the links its pages offer.

An app registers a provider in its AppConfig.ready(); the menu's context processor
(people) calls every provider with the request and the actor. This keeps lower
apps from importing higher ones just to put a link in the menu.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from qashyq.core.scope import ActorScope


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str


NavProvider = Callable[[HttpRequest, ActorScope], list[NavItem]]

_providers: list[NavProvider] = []


def nav_provider_register(provider: NavProvider) -> None:
    """Add an app's menu links (idempotent: a provider registered twice counts once)."""
    if provider not in _providers:
        _providers.append(provider)


def nav_items_from_providers(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    items: list[NavItem] = []
    for provider in _providers:
        items.extend(provider(request, actor))
    return items
