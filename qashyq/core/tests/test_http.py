"""core.http.client_address: X-Forwarded-For only from trusted proxies (SEC-1, SEC-4)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from qashyq.core.http import client_address


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.5", "", "203.0.113.5"),
        ([], "127.0.0.1", "198.51.100.7", "127.0.0.1"),  # no proxy trusted: header ignored
        (["127.0.0.1"], "127.0.0.1", "198.51.100.7", "198.51.100.7"),
        (["127.0.0.1"], "127.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # forged left hop
        (["10.0.0.0/8"], "10.1.2.3", "198.51.100.7, 10.9.9.9", "198.51.100.7"),
        (["127.0.0.1"], "203.0.113.5", "198.51.100.7", "203.0.113.5"),  # not from our proxy
        (["127.0.0.1"], "127.0.0.1", "garbage", "127.0.0.1"),
        ([], "not-an-ip", "", None),
    ],
)
def test_client_address(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
