"""The Content-Security-Policy header (SEC): built once, still the settings' policy."""

from __future__ import annotations

import pytest
from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.test import RequestFactory, override_settings

from qashyq.core.middleware import CSPMiddleware


def _page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@csp_update({"img-src": ["https://tiles.example.kz"]})
def _page_with_map(request: HttpRequest) -> HttpResponse:
    return HttpResponse("map")


def _served(view: object, path: str = "/x/") -> HttpResponseBase:
    middleware = CSPMiddleware(view)  # type: ignore[arg-type]
    request = RequestFactory().get(path)
    middleware.process_request(request)
    return middleware.process_response(request, view(request))  # type: ignore[operator]


def test_every_response_carries_the_policy_of_the_settings() -> None:
    first, second = _served(_page), _served(_page)
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in first["Content-Security-Policy"]
    with override_settings(
        CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}},
        CONTENT_SECURITY_POLICY_REPORT_ONLY={"DIRECTIVES": {"default-src": ["'self'"]}},
    ):
        changed = _served(_page)
        assert changed["Content-Security-Policy"] == "default-src 'none'"
        assert changed["Content-Security-Policy-Report-Only"] == "default-src 'self'"
    assert _served(_page)["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_view_that_changes_its_policy_gets_its_own() -> None:
    policy = _served(_page_with_map)["Content-Security-Policy"]
    assert "https://tiles.example.kz" in policy
    assert "tiles" not in _served(_page)["Content-Security-Policy"]


@pytest.mark.parametrize("prefix", ["/static/"])
def test_excluded_prefixes_get_no_header(prefix: str) -> None:
    with override_settings(
        CONTENT_SECURITY_POLICY={
            "EXCLUDE_URL_PREFIXES": [prefix],
            "DIRECTIVES": {"default-src": ["'self'"]},
        }
    ):
        assert "Content-Security-Policy" not in _served(_page, f"{prefix}a.css")
        assert "Content-Security-Policy" in _served(_page, "/courses/")
