"""Fixtures shared by every app's tests: clients, the network blocked."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never leave the machine: outbound connections to non-loopback hosts fail."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
        ):
            msg = f"network blocked in tests: {address!r}"
            raise RuntimeError(msg)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield


@pytest.fixture
def token_client() -> Callable[[Any], Client]:
    """A test client that authenticates to the API with a fresh personal token."""
    from qashyq.accounts import services

    def make(user: Any) -> Client:
        if user is None:
            return Client()
        _token, key = services.api_token_create(user=user, name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    return make
