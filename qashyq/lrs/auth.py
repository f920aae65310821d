"""Who is calling /xapi/: an LRS client by HTTP Basic (key:secret) or a Bearer token."""

from __future__ import annotations

import base64
import binascii

from django.http import HttpRequest
from django.utils.translation import gettext as _

from qashyq.lrs import selectors
from qashyq.lrs.errors import XapiError
from qashyq.lrs.models import Client


def client_authenticate(request: HttpRequest) -> Client:
    """The active client whose credentials the request carries; XapiError 401 otherwise
    (absent, malformed, unknown or revoked credentials all look the same)."""
    header = str(request.META.get("HTTP_AUTHORIZATION") or "")
    scheme, _sep, value = header.strip().partition(" ")
    value = value.strip()
    client: Client | None = None
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            decoded = ""
        key, colon, secret = decoded.partition(":")
        if colon:
            client = selectors.client_for_basic(key=key, secret=secret)
    elif scheme.lower() == "bearer" and value:
        client = selectors.client_for_token(token=value)
    if client is None:
        raise XapiError(401, _("Authentication with valid LRS client credentials is required."))
    return client
