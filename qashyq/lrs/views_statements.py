"""The statements resource (H2a writes it)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from qashyq.lrs.http import json_response


def statements(request: HttpRequest) -> HttpResponse:
    """Not implemented yet: 501 with xAPI error JSON."""
    response = json_response(
        {"code": "not_implemented", "message": "The statements resource is not implemented yet."},
        status=501,
    )
    response["X-Experience-API-Version"] = "1.0.3"
    return response
