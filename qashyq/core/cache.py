"""Read caching with generations: cached reads are keyed by the generation of the data
they depend on, and every write service bumps that generation (ADR 0014).

A generation is a number kept in the cache per domain ("people", "structure"). Bumping
it makes every key built with the old number unreachable at once, on every process that
shares the cache (Redis in production, files under QASHYQ_DATA_DIR in the embedded
default). Writes that bypass the services (the Django admin, a shell) are seen when the
entries expire: TTL seconds at most.

Three things keep a page's cache traffic small (the home page went from seven Redis
round trips to three):

- Within one request the generations are read once: the first `generation()` call reads
  every generation this process has met in one MGET and the request keeps them (a
  consistent snapshot; the request's own bumps update it). `GenerationsMiddleware` opens
  and closes the snapshot; outside a request (tasks, commands) every call reads the cache.
- `cache_get_with_generations(key)`: the first read of a request (the signed-in user)
  brings those generations along in the same MGET.
- `cached(..., local=True)`: a value under a generation-stamped key never changes, so the
  process keeps it in memory (bounded, LOCAL_TTL seconds) in front of the shared cache,
  and a warm read is a dictionary lookup instead of a round trip and an unpickling. Only
  for values nobody mutates (frozen dataclasses, tuples, booleans).
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction

P = ParamSpec("P")
T = TypeVar("T")

TTL = 120
LOCAL_TTL = 60
LOCAL_MAX = 8192

_snapshot: ContextVar[dict[str, int] | None] = ContextVar("qashyq_generations", default=None)
_known: set[str] = set()  # every generation name this process has read

_local: OrderedDict[str, tuple[float, object]] = OrderedDict()
_local_lock = threading.Lock()


def _key(name: str) -> str:
    return f"qashyq:gen:{name}"


@contextmanager
def generations_snapshot() -> Iterator[None]:
    """Read each generation at most once until the block ends (one request)."""
    token = _snapshot.set({})
    try:
        yield
    finally:
        _snapshot.reset(token)


def generation(*names: str) -> str:
    """The current generations of `names`, as one key fragment."""
    snapshot = _snapshot.get()
    if snapshot is None:
        found = cache.get_many([_key(n) for n in names])
        return ".".join(str(found.get(_key(n), 0)) for n in names)
    missing = {n for n in names if n not in snapshot}
    if missing:
        # Domain-wide names are read together; one object's ("course-12") only when asked.
        _known.update(n for n in missing if "-" not in n)
        _snapshot_fill(snapshot, sorted((_known | missing) - snapshot.keys()))
    return ".".join(str(snapshot[n]) for n in names)


def _snapshot_fill(snapshot: dict[str, int], wanted: list[str], *keys: str) -> dict[str, Any]:
    """Read the generations `wanted` into the request's snapshot in one MGET, with any
    other `keys` in the same round trip; return what was found."""
    found: dict[str, Any] = cache.get_many([*keys, *(_key(n) for n in wanted)])
    for n in wanted:
        snapshot[n] = int(found.get(_key(n), 0))
    return found


def cache_get_with_generations(key: str) -> object | None:
    """`cache.get(key)`, reading in the same round trip the domain-wide generations this
    process knows and the request has not read yet: the signed-in user's entry and the
    generations every page needs come in one MGET instead of two."""
    snapshot = _snapshot.get()
    wanted = [] if snapshot is None else sorted(_known - snapshot.keys())
    if snapshot is None or not wanted:
        value: object | None = cache.get(key)
        return value
    return _snapshot_fill(snapshot, wanted, key).get(key)


def generation_bump(*names: str) -> None:
    stamp = time.time_ns()  # unique enough, and never goes back to an old value
    cache.set_many({_key(n): stamp for n in names}, timeout=None)
    snapshot = _snapshot.get()
    if snapshot is not None:
        snapshot.update(dict.fromkeys(names, stamp))


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


def cached(key: str, compute: Callable[[], T], *, timeout: int = TTL, local: bool = False) -> T:
    """The value at `key`, computed and stored on a miss; with `local`, also kept in this
    process's memory (the value must be immutable and its key generation-stamped)."""
    if local and (hit := local_get(key)) is not None:
        return hit  # type: ignore[return-value]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=timeout)
    if local:
        local_put(key, value, timeout=timeout)
    return value  # type: ignore[no-any-return]


def local_get(key: str) -> object | None:
    """A value this process keeps under a generation-stamped key (None when absent or
    expired); for callers with their own expiry rules on top (core.cache)."""
    with _local_lock:
        hit = _local.get(key)
    if hit is None or hit[0] <= time.monotonic():
        return None
    return hit[1]


def local_put(key: str, value: object, *, timeout: int = LOCAL_TTL) -> None:
    with _local_lock:
        _local[key] = (time.monotonic() + min(timeout, LOCAL_TTL), value)
        _local.move_to_end(key)
        while len(_local) > LOCAL_MAX:
            _local.popitem(last=False)


def local_clear() -> None:
    """Forget what this process keeps in memory (tests start from an empty cache)."""
    with _local_lock:
        _local.clear()
    if "local" in settings.CACHES:
        caches["local"].clear()
