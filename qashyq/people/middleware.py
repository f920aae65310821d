"""Attach the actor's scope resolver to every request (see core.scope)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from qashyq.core.scope import ActorScope
from qashyq.people import selectors


class ActorScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        def resolve() -> ActorScope:
            return selectors.actor_scope(user=request.user)

        request.actor_resolver = resolve  # type: ignore[attr-defined]
        return self.get_response(request)
