"""Absolute links that leave the portal: BigBlueButton's callbacks and logout page, the
calendar feed, the class links inside calendar events. They are built on
settings.SITE_URL (QASHYQ_SITE_URL), not on the request's host, so that they are the
same behind a reverse proxy and whoever's request made them."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from qashyq.schedule.tokens import end_token


def public_url(path: str) -> str:
    base = str(getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")
    return f"{base}{path}"


def site_host() -> str:
    """The host of SITE_URL, for calendar UIDs (`class-<id>@<host>`)."""
    return urlsplit(public_url("/")).hostname or "qashyq"


def class_url(session_id: int) -> str:
    return public_url(reverse("schedule:session", args=[session_id]))


def bbb_end_callback_url(session_id: int) -> str:
    return public_url(reverse("schedule:bbb_ended", args=[end_token(session_id=session_id)]))


def bbb_webhook_url() -> str:
    return public_url(reverse("schedule:bbb_events"))
