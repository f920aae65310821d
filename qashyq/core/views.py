"""Helpers shared by every app's pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import Http404

from qashyq.core.errors import NotFound

T = TypeVar("T")


def found_or_404(get: Callable[[], T]) -> T:
    """Call a selector; absent or not visible → the 404 page (SEC-2: the same for both)."""
    try:
        return get()
    except NotFound:
        raise Http404 from None
