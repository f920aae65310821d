"""The xAPI About, activities and agents resources (xAPI 1.0.3, Communication 2.5-2.8)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from qashyq.lrs.http import json_response, params_check, xapi_public_view

SUPPORTED_VERSIONS = ["1.0.0", "1.0.1", "1.0.2", "1.0.3"]


@xapi_public_view(methods={"GET"})
def about(request: HttpRequest) -> HttpResponse:
    """The versions of xAPI this LRS speaks (Communication 2.8): no credentials needed."""
    params_check(request, allowed=())
    return json_response({"version": SUPPORTED_VERSIONS, "extensions": {}})
