"""Absolute links that leave the portal: BigBlueButton's callbacks and logout page, the
calendar feed, the class links inside calendar events. They are built on
settings.SITE_URL (QASHYQ_SITE_URL), not on the request's host, so that they are the
same behind a reverse proxy and whoever's request made them."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import reverse

from qashyq.core.http import site_url
from qashyq.schedule.tokens import end_token


def site_host() -> str:
    """The host of SITE_URL, for calendar UIDs (`class-<id>@<host>`)."""
    return urlsplit(site_url("/")).hostname or "qashyq"


def class_url(session_id: int) -> str:
    return site_url(reverse("schedule:session", args=[session_id]))


def bbb_end_callback_url(session_id: int) -> str:
    return site_url(reverse("schedule:bbb_ended", args=[end_token(session_id=session_id)]))


def bbb_webhook_url() -> str:
    return site_url(reverse("schedule:bbb_events"))
