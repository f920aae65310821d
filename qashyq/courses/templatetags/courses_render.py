"""The material lines of the course page, rendered in Python: sixty materials through the
template engine cost more than the rest of the page together (a reverse() and a dozen
lookups each); here one call renders a module's list (ADR 0018)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qashyq.courses.models import MaterialKind
from qashyq.courses.selectors import MaterialRow

register = template.Library()

MARK = 987654321  # a placeholder id, replaced in the reversed URL


class Links:
    """The URLs of one course's materials, reversed once per page."""

    def __init__(self, course_id: int) -> None:
        self.patterns = {
            name: reverse(f"courses:{name}", args=[course_id, MARK]).split(str(MARK))
            for name in ("material", "material_move", "material_hide", "material_edit")
        }

    def url(self, name: str, material_id: int) -> str:
        head, tail = self.patterns[name]
        return f"{head}{material_id}{tail}"


def _when(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "j E, H:i")


def _line(item: MaterialRow, links: Links, labels: dict[str, str], can_edit: bool) -> SafeString:
    m = item.material
    html = format_html(
        '<li id="i{}"><span class="badge">{}</span> <a href="{}">{}</a>',
        m.pk,
        labels.get(m.kind, m.kind),
        links.url("material", m.pk),
        m.title,
    )
    if item.completed:
        html += format_html(' <span class="badge good">{}</span>', _("completed"))
    elif item.opened:
        html += format_html(' <span class="badge">{}</span>', _("opened"))
    if m.size_bytes:
        html += format_html(' <span class="muted small">{}</span>', filesizeformat(m.size_bytes))
    if m.duration_seconds:
        minutes = item.minutes
        html += format_html(
            ' <span class="muted small">{}</span>',
            ngettext("%(minutes)s min", "%(minutes)s min", minutes) % {"minutes": minutes},
        )
    if not item.released:
        if m.is_hidden:
            html += format_html(' <span class="badge warn">{}</span>', _("hidden"))
        elif m.release_at:
            html += format_html(
                ' <span class="badge warn">{}</span>',
                _("opens %(when)s") % {"when": _when(m.release_at)},
            )
    if can_edit:
        move = links.url("material_move", m.pk)
        html += format_html(
            '<span class="tools small"><button class="link" formaction="{}?offset=-1" '
            'aria-label="{}">↑</button> <button class="link" formaction="{}?offset=1" '
            'aria-label="{}">↓</button> <button class="link" formaction="{}">{}</button> '
            '<a href="{}">{}</a></span>',
            move,
            _("Move up"),
            move,
            _("Move down"),
            links.url("material_hide", m.pk),
            _("show") if m.is_hidden else _("hide"),
            links.url("material_edit", m.pk),
            _("edit"),
        )
    return html + mark_safe("</li>\n")


@register.simple_tag
def material_lines(items: list[MaterialRow], links: Links, can_edit: bool) -> SafeString:
    """The <li> lines of a module's materials."""
    if not items:
        return format_html('<li class="muted">{}</li>', _("No materials yet."))
    labels = {value: str(label) for value, label in MaterialKind.choices}
    return format_html_join("", "{}", ((_line(i, links, labels, can_edit),) for i in items))
