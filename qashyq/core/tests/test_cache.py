"""The cache's generations snapshot per request and the process-local tier (ADR 0014)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from qashyq.core import cache as core_cache
from qashyq.core.cache import (
    cache_get_with_generations,
    cached,
    generation,
    generation_bump,
    generations_snapshot,
)


class CountingCache:
    """Counts the calls that reach the shared cache."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.get_many_calls = 0
        self.get_calls = 0
        real_get_many, real_get = cache.get_many, cache.get

        self._inside = False

        def get_many(keys: Any, **kwargs: Any) -> Any:
            self.get_many_calls += 1
            self._inside = True
            try:
                return real_get_many(keys, **kwargs)
            finally:
                self._inside = False

        def get(key: Any, default: Any = None, **kwargs: Any) -> Any:
            if not self._inside:
                self.get_calls += 1
            return real_get(key, default, **kwargs)

        monkeypatch.setattr(cache, "get_many", get_many)
        monkeypatch.setattr(cache, "get", get)


def test_generations_are_read_once_per_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core_cache, "_known", set())  # a fresh process
    generation_bump("people")
    counting = CountingCache(monkeypatch)
    with generations_snapshot():
        first = generation("people")
        assert generation("people") == first
        assert generation("people", "structure").startswith(first + ".")
        assert generation("structure", "people").endswith("." + first)
    assert counting.get_many_calls == 2  # "people", then "structure" the first time


def test_a_known_generation_comes_with_the_first_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core_cache, "_known", set())
    with generations_snapshot():
        generation("people", "structure")
    counting = CountingCache(monkeypatch)
    with generations_snapshot():
        generation("people")
        generation("structure")
    assert counting.get_many_calls == 1


def test_the_first_read_of_a_request_brings_the_generations_along(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The signed-in user's entry and the generations in one round trip (issue 4)."""
    monkeypatch.setattr(core_cache, "_known", set())
    with generations_snapshot():
        generation("people", "structure")  # the process meets them once
    generation_bump("structure")
    cache.set("qashyq:user:7", "the user")
    counting = CountingCache(monkeypatch)
    with generations_snapshot():
        assert cache_get_with_generations("qashyq:user:7") == "the user"
        assert cache_get_with_generations("qashyq:user:8") is None
        structure = generation("structure")
        generation("people")
    assert (counting.get_many_calls, counting.get_calls) == (1, 1)
    assert structure == str(cache.get("qashyq:gen:structure"))


def test_per_object_generations_are_not_read_by_every_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with generations_snapshot():
        generation("course-41")
    assert "course-41" not in core_cache._known
    generation_bump("course-41")
    with generations_snapshot():
        assert generation("course-41") != "0"


def test_a_bump_inside_the_request_is_seen_by_it_and_others_see_it_after() -> None:
    with generations_snapshot():
        before = generation("people")
        generation_bump("people")
        after = generation("people")
    assert after != before
    assert generation("people") == after  # outside a request: read from the cache


def test_a_bump_by_another_process_is_seen_by_the_next_request() -> None:
    with generations_snapshot():
        before = generation("people")
    cache.set("qashyq:gen:people", 42, timeout=None)  # as another worker's bump would
    with generations_snapshot():
        assert generation("people") == "42" != before


def test_local_values_skip_the_shared_cache_until_they_expire(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    computed: list[int] = []

    def compute() -> tuple[int, ...]:
        computed.append(1)
        return (1, 2, 3)

    assert cached("t:local:1", compute, local=True) == (1, 2, 3)
    counting = CountingCache(monkeypatch)
    assert cached("t:local:1", compute, local=True) == (1, 2, 3)
    assert counting.get_calls == 0
    assert computed == [1]
    monkeypatch.setattr("qashyq.core.cache.time.monotonic", lambda: 10**12)  # far in the future
    assert cached("t:local:1", compute, local=True) == (1, 2, 3)
    assert counting.get_calls == 1  # expired locally: read from the shared cache again
    assert computed == [1]


def test_the_local_tier_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core_cache, "LOCAL_MAX", 5)
    for i in range(20):
        cached(f"t:bounded:{i}", lambda i=i: i, local=True)  # type: ignore[misc]
    assert len(core_cache._local) == 5
    assert "t:bounded:19" in core_cache._local
    assert "t:bounded:0" not in core_cache._local


def test_without_local_every_read_asks_the_shared_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    cached("t:shared", lambda: 7)
    counting = CountingCache(monkeypatch)
    assert cached("t:shared", lambda: 8) == 7
    assert counting.get_calls == 1
