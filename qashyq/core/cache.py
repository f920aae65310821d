"""Read caching with generations: cached reads are keyed by the generation of the data
they depend on, and every write service bumps that generation (ADR 0014).

A generation is a number kept in the cache per domain ("people", "structure"). Bumping
it makes every key built with the old number unreachable at once, on every process that
shares the cache (Redis in production, files under QASHYQ_DATA_DIR in the embedded
default). Writes that bypass the services (the Django admin, a shell) are seen when the
entries expire: TTL seconds at most.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.core.cache import cache
from django.db import transaction

P = ParamSpec("P")
T = TypeVar("T")

TTL = 120


def _key(name: str) -> str:
    return f"qashyq:gen:{name}"


def generation(*names: str) -> str:
    """The current generations of `names`, as one key fragment."""
    found = cache.get_many([_key(n) for n in names])
    return ".".join(str(found.get(_key(n), 0)) for n in names)


def generation_bump(*names: str) -> None:
    stamp = time.time_ns()  # unique enough, and never goes back to an old value
    cache.set_many({_key(n): stamp for n in names}, timeout=None)


def invalidates(*names: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """A write service: bump the generations of `names` now and again on commit.

    The second bump covers a reader that cached the data between the first bump and
    the commit; the first covers writes inside an outer transaction that commits later.
    """

    def decorator(func: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            result = func(*args, **kwargs)
            generation_bump(*names)
            transaction.on_commit(lambda: generation_bump(*names))
            return result

        return wrapper

    return decorator


def cached(key: str, compute: Callable[[], T], *, timeout: int = TTL) -> T:
    """The value at `key`, computed and stored on a miss."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=timeout)
    return value  # type: ignore[no-any-return]
