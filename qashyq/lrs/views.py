"""The xAPI About, activities and agents resources (xAPI 1.0.3 Communication 2.4, 2.5,
2.8) and the published vocabulary page (FP-1)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from qashyq.core.http import site_url
from qashyq.footprint import selectors as footprint_selectors
from qashyq.footprint.data import ACTIVITY_TYPES, VERBS
from qashyq.lrs import permissions
from qashyq.lrs.agents import IFI_PROPERTIES, agent_parse, iri_is_valid
from qashyq.lrs.errors import XapiError
from qashyq.lrs.http import json_response, params_check, xapi_public_view, xapi_view
from qashyq.lrs.models import Client

SUPPORTED_VERSIONS = ["1.0.0", "1.0.1", "1.0.2", "1.0.3"]
LANGUAGES = ("kk", "ru", "en")


@xapi_public_view(methods={"GET"})
def about(request: HttpRequest) -> HttpResponse:
    """The versions of xAPI this LRS speaks (Communication 2.8): no credentials needed."""
    params_check(request, allowed=())
    return json_response({"version": SUPPORTED_VERSIONS, "extensions": {}})


@xapi_public_view(methods={"GET", "PUT", "POST", "DELETE"})
def unknown_resource(request: HttpRequest) -> HttpResponse:
    """Any other path under /xapi/: an xAPI 404 (with the version header), so a client
    that misspells a resource learns it from the error JSON."""
    raise XapiError(404, _("This LRS has no such resource."))


def _may_read_everything(client: Client) -> None:
    if not permissions.can_read_activities_and_agents(client):
        raise XapiError(403, _("This client may not read what other clients' statements say."))


@xapi_view(methods={"GET"})
def activities(request: HttpRequest, client: Client) -> HttpResponse:
    """The Activity object of an activity id: every definition the statements gave it,
    merged (Communication 2.5); an activity no statement names is just its id."""
    _may_read_everything(client)
    params = params_check(request, allowed={"activityId"}, required=("activityId",))
    activity_iri = params.get("activityId", "")
    if not iri_is_valid(activity_iri):
        raise XapiError(400, _("activityId must be an IRI."))
    activity = footprint_selectors.activity_definition(activity_iri=activity_iri)
    return json_response(activity or {"objectType": "Activity", "id": activity_iri})


@xapi_view(methods={"GET"})
def agents(request: HttpRequest, client: Client) -> HttpResponse:
    """The Person object of an agent (Communication 2.4): the LRS links no identities, so
    a person is the agent's own name and identifier, each in a list."""
    _may_read_everything(client)
    params = params_check(request, allowed={"agent"}, required=("agent",))
    agent = agent_parse(params.get("agent", ""))
    person: dict[str, Any] = {"objectType": "Person"}
    if "name" in agent:
        person["name"] = [agent["name"]]
    for ifi in IFI_PROPERTIES:
        if ifi in agent:
            person[ifi] = [agent[ifi]]
    return json_response(person)


def vocabulary(request: HttpRequest) -> HttpResponse:
    """The published vocabulary (FP-1): the verbs and activity types Qashyq's own
    statements use, with their IRIs and their Kazakh, Russian and English names."""
    verbs = [
        {
            "name": verb.value,
            "iri": term.iri,
            "display": [(lang, term.display.get(lang, "")) for lang in LANGUAGES],
        }
        for verb, term in VERBS.items()
    ]
    activity_types = [
        {
            "name": kind.value,
            "iri": term.iri,
            "display": [(lang, term.display.get(lang, "")) for lang in LANGUAGES],
        }
        for kind, term in ACTIVITY_TYPES.items()
    ]
    return render(
        request,
        "lrs/vocabulary.html",
        {"verbs": verbs, "activity_types": activity_types, "endpoint": site_url("/xapi/")},
    )
