"""Fixtures shared by every app's tests: clients, the network blocked."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client

from qashyq.accounts import services
from qashyq.accounts.models import User
from qashyq.core.cache import local_clear


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never leave the machine: outbound connections to non-loopback hosts fail."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith(("127.", "/")) or host in {"localhost", "::1"}
        ):
            msg = f"network blocked in tests: {address!r}"
            raise RuntimeError(msg)
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache: cached reads never leak between tests."""
    cache.clear()
    local_clear()


@pytest.fixture
def token_client() -> Callable[[User | None], Client]:
    """A test client that authenticates to the API with a fresh personal token."""

    def make(user: User | None) -> Client:
        if user is None:
            return Client()
        _token, key = services.api_token_create(user=user, name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    return make
