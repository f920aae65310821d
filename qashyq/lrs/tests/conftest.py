"""Fixtures of the lrs tests: LRS clients with credentials and a Django test client that
speaks xAPI (version header and Basic credentials on every request)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client as HttpClient

from qashyq.lrs import services
from qashyq.lrs.models import Client, ReadScope
from qashyq.lrs.services import Credentials


@dataclass
class Issued:
    client: Client
    credentials: Credentials

    @property
    def basic(self) -> str:
        raw = f"{self.credentials.key}:{self.credentials.secret}".encode()
        return "Basic " + base64.b64encode(raw).decode()

    @property
    def bearer(self) -> str:
        return f"Bearer {self.credentials.token}"


class XapiClient(HttpClient):
    """A test client whose requests carry `X-Experience-API-Version: 1.0.3` and the
    issued client's Basic credentials unless the test passes its own headers."""

    def __init__(self, issued: Issued | None, **defaults: Any) -> None:
        headers: dict[str, str] = {"X-Experience-API-Version": "1.0.3"}
        if issued is not None:
            headers["Authorization"] = issued.basic
        super().__init__(headers=headers, **defaults)


@pytest.fixture
def issued(db: None) -> Issued:
    """A client that may write and read all statements and use documents."""
    client, credentials = services.client_create(name="MOOC", read_scope=ReadScope.ALL)
    return Issued(client=client, credentials=credentials)


@pytest.fixture
def xapi(issued: Issued) -> XapiClient:
    return XapiClient(issued)
