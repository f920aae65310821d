from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

CURRENT_MARK = mark_safe(' aria-current="true" class="current"')

# The language buttons of every page differ only by the current language: built once each.
_LANGUAGE_BUTTONS: dict[str, SafeString] = {}


def _language_buttons(current: str) -> SafeString:
    html = _LANGUAGE_BUTTONS.get(current)
    if html is None:
        rows = []
        for code, _name in settings.LANGUAGES:
            info = translation.get_language_info(code)
            mark = CURRENT_MARK if code == current else ""
            rows.append((code, code, mark, info["name_local"][:1].upper() + info["name_local"][1:]))
        html = _LANGUAGE_BUTTONS[current] = format_html_join(
            "\n",
            '<button type="submit" name="language" value="{}" lang="{}"{}>{}</button>',
            rows,
        )
    return html


# The footer's clock, to the minute, per language: formatted once a minute, not per page.
_CLOCK: dict[str, tuple[str, str]] = {}


def _clock(language: str) -> str:
    now = timezone.localtime()
    minute = now.strftime("%Y%m%d%H%M")
    held = _CLOCK.get(language)
    if held is None or held[0] != minute:
        held = _CLOCK[language] = (minute, dateformat.format(now, "j E Y, H:i"))
    return held[1]


@functools.cache
def _urls() -> dict[str, str]:
    """The links of every page's header (the URL conf does not change in a process)."""
    return {
        "home": reverse("people:home"),
        "set_language": reverse("set_language"),
        "profile": reverse("accounts:profile"),
        "logout": reverse("accounts:logout"),
    }


def platform(request: HttpRequest) -> dict[str, object]:
    language = translation.get_language() or "kk"
    return {
        "PLATFORM_LANGUAGES": settings.LANGUAGES,
        "DEBUG": settings.DEBUG,
        "LANGUAGE_BUTTONS": _language_buttons(language),
        "CLOCK": _clock(language),
        "URLS": _urls(),
    }
