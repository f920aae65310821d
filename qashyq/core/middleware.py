"""Middleware of the core: one snapshot of the cache generations per request (ADR 0014), and
the Content-Security-Policy header built once."""

from __future__ import annotations

import functools
from collections.abc import Callable

import csp.middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from qashyq.core.cache import generations_snapshot


class GenerationsMiddleware:
    """Reads each cache generation at most once per request (core.cache)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with generations_snapshot():
            return self.get_response(request)


# The response attributes and the request nonce by which a view can change its policy.
_CSP_OVERRIDES = tuple(
    f"_csp_{part}{suffix}" for part in ("config", "update", "replace") for suffix in ("", "_ro")
)


@functools.cache
def _csp_headers() -> tuple[tuple[str, str, tuple[str, ...], str], ...]:
    """(header, policy, excluded URL prefixes, exemption attribute) for the enforced and the
    report-only policy, built from the settings once (forgotten when they change)."""
    headers = []
    for header, setting, report_only, exempt in (
        (HEADER, "CONTENT_SECURITY_POLICY", False, "_csp_exempt"),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True, "_csp_exempt_ro"),
    ):
        policy = build_policy(report_only=report_only)
        prefixes = tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())
        if policy:
            headers.append((header, policy, prefixes, exempt))
    return tuple(headers)


@receiver(setting_changed)
def _csp_settings_changed(*, setting: str, **kwargs: object) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _csp_headers.cache_clear()


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with the policy built once instead of on every response
    (Qashyq's views neither change the policy nor use nonces; one that does gets the
    original, per-response path)."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _CSP_OVERRIDES
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (500, 404):
            return response
        for header, policy, prefixes, exempt in _csp_headers():
            if (
                header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(prefixes)
            ):
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
