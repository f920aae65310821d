"""The Redis cache backend that reuses one client per pool (ADR 0014).

Runs against the Redis server of REDIS_URL (CI's PostgreSQL pass sets it); skipped
where no Redis is configured, as on the README's SQLite run."""

from __future__ import annotations

import os
import uuid

import pytest

from qashyq.core.redis_cache import ReusingRedisCache

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set")


def test_reuses_one_client_and_round_trips_values() -> None:
    cache = ReusingRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"t{uuid.uuid4().hex}"})
    first = cache._cache.get_client()  # type: ignore[attr-defined]
    cache.set("k", {"v": "ұлт"}, timeout=30)
    assert cache.get("k") == {"v": "ұлт"}
    assert cache.get_many(["k", "missing"]) == {"k": {"v": "ұлт"}}
    assert cache._cache.get_client(write=True) is first  # type: ignore[attr-defined]
    cache.delete("k")
    assert cache.get("k") is None
