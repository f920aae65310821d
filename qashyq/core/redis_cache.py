"""Django's Redis cache with one client object per connection pool.

Django 5.2's RedisCacheClient builds a new `redis.Redis` for every cache call, and
redis-py fills a table of about 170 response callbacks in each constructor: on the
student home page (six cache calls) that was ~1.7 ms of a ~6 ms request. A
`redis.Redis` is safe to share between threads (connections come from its pool), so
this backend builds it once per pool. ADR 0014.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:  # noqa: ANN401
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            make = self._client  # type: ignore[attr-defined]
            client = self._clients[id(pool)] = make(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusingClient
