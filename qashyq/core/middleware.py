"""Middleware of the core: one snapshot of the cache generations per request (ADR 0014)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from qashyq.core.cache import generations_snapshot


class GenerationsMiddleware:
    """Reads each cache generation at most once per request (core.cache)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with generations_snapshot():
            return self.get_response(request)
