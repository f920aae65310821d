"""Template helpers of the regulations pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def param_value(value: Any) -> str:  # noqa: ANN401
    """A rule parameter for people: lists joined, mappings as key: value, booleans yes/no."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(param_value(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {param_value(v)}" for k, v in value.items()) or "—"
    if value is None:
        return "—"
    return str(value)


@register.filter
def outcome_class(outcome: str) -> str:
    """The badge class of a verdict's outcome."""
    return {"allowed": "good", "violated": "bad"}.get(str(outcome), "")
