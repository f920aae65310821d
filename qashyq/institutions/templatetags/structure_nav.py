"""`{% manages_structure as flag %}`: whether the signed-in user edits some institution's
structure (Office Registrar, administrator, superuser), for the main menu."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from qashyq.core.scope import actor_scope_of

register = template.Library()


@register.simple_tag(takes_context=True)
def manages_structure(context: template.Context) -> bool:
    request = context.get("request")
    if not isinstance(request, HttpRequest):
        return False
    actor = actor_scope_of(request)
    return actor.is_superuser or bool(actor.institutions_with("registrar", "admin"))
