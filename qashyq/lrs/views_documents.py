"""The xAPI document resources (xAPI 1.0.3 Communication 2.2, 2.3, 2.6, 2.7, 3.1):
/xapi/activities/state, /xapi/activities/profile and /xapi/agents/profile."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.http import http_date
from django.utils.translation import gettext as _

from qashyq.footprint.selectors import agent_key
from qashyq.lrs import permissions, selectors, services
from qashyq.lrs.agents import agent_parse, iri_is_valid
from qashyq.lrs.data import DocumentCollection, Preconditions
from qashyq.lrs.errors import XapiError
from qashyq.lrs.http import json_response, params_check, xapi_view
from qashyq.lrs.models import Client, Document, DocumentKind

_METHODS = {"GET", "PUT", "POST", "DELETE"}


def _documents_allowed(client: Client) -> None:
    if not permissions.can_use_documents(client):
        raise XapiError(403, _("This client may not use the document resources."))


def _activity_iri(params: QueryDict) -> str:
    value = params.get("activityId", "")
    if not iri_is_valid(value):
        raise XapiError(400, _("activityId must be an IRI."))
    return value


def _registration(params: QueryDict) -> uuid.UUID | None:
    raw = params.get("registration")
    if raw is None:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError as error:
        raise XapiError(400, _("registration must be a UUID.")) from error


def timestamp_parse(raw: str) -> dt.datetime:
    """An ISO 8601 timestamp of a query parameter (`since`); without a zone it is UTC."""
    try:
        value = dt.datetime.fromisoformat(raw.strip())
    except ValueError as error:
        raise XapiError(
            400, _("%(value)s is not an ISO 8601 timestamp.") % {"value": raw}
        ) from error
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def _preconditions(request: HttpRequest) -> Preconditions:
    if_match = request.META.get("HTTP_IF_MATCH")
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    return Preconditions(
        if_match=str(if_match) if if_match is not None else None,
        if_none_match=str(if_none_match) if if_none_match is not None else None,
    )


def _document_response(document: Document) -> HttpResponse:
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["ETag"] = f'"{document.etag}"'
    response["Last-Modified"] = http_date(document.updated.timestamp())
    return response


def _resource(
    request: HttpRequest,
    *,
    collection: DocumentCollection,
    params: QueryDict,
    id_name: str,
    delete_many: bool,
    preconditions_required: bool,
) -> HttpResponse:
    """One document resource: GET one or the list of ids, PUT, POST (merge), DELETE."""
    document_id = params.get(id_name) or None
    method = request.method
    if method == "GET":
        if document_id is None:
            since = params.get("since")
            ids = selectors.document_ids(
                collection=collection,
                since=timestamp_parse(since) if since is not None else None,
            )
            return json_response(ids)
        document = selectors.document_get(address=collection.document(document_id))
        if document is None:
            raise XapiError(404, _("No such document."))
        return _document_response(document)
    if document_id is None and not (method == "DELETE" and delete_many):
        raise XapiError(400, _("Missing parameters: %(names)s") % {"names": id_name})
    if method == "DELETE":
        if document_id is None:
            services.documents_delete(collection=collection)
        else:
            services.document_delete(
                address=collection.document(document_id), preconditions=_preconditions(request)
            )
        return HttpResponse(status=204)
    assert document_id is not None
    content_type = str(request.META.get("CONTENT_TYPE") or "")
    if method == "PUT":
        services.document_put(
            address=collection.document(document_id),
            content=request.body,
            content_type=content_type,
            preconditions=_preconditions(request),
            preconditions_required=preconditions_required,
        )
    else:
        services.document_post(
            address=collection.document(document_id),
            content=request.body,
            content_type=content_type,
            preconditions=_preconditions(request),
        )
    return HttpResponse(status=204)


@xapi_view(methods=_METHODS)
def state(request: HttpRequest, client: Client) -> HttpResponse:
    """The state resource: documents an activity keeps about an agent, per registration
    (Communication 2.3). Concurrency headers are honoured but not required."""
    _documents_allowed(client)
    params = params_check(
        request,
        allowed={"activityId", "agent", "registration", "stateId", "since"},
        required=("activityId", "agent"),
    )
    collection = DocumentCollection(
        kind=DocumentKind.STATE,
        activity_iri=_activity_iri(params),
        agent_key=agent_key(agent_parse(params.get("agent", ""), allow_group=True)),
        registration=_registration(params),
    )
    return _resource(
        request,
        collection=collection,
        params=params,
        id_name="stateId",
        delete_many=True,
        preconditions_required=False,
    )


@xapi_view(methods=_METHODS)
def activity_profile(request: HttpRequest, client: Client) -> HttpResponse:
    """The activity profile resource (Communication 2.7): a PUT needs If-Match or
    If-None-Match (Communication 3.1)."""
    _documents_allowed(client)
    params = params_check(
        request, allowed={"activityId", "profileId", "since"}, required=("activityId",)
    )
    collection = DocumentCollection(
        kind=DocumentKind.ACTIVITY_PROFILE, activity_iri=_activity_iri(params)
    )
    return _resource(
        request,
        collection=collection,
        params=params,
        id_name="profileId",
        delete_many=False,
        preconditions_required=True,
    )


@xapi_view(methods=_METHODS)
def agent_profile(request: HttpRequest, client: Client) -> HttpResponse:
    """The agent profile resource (Communication 2.6): a PUT needs If-Match or
    If-None-Match (Communication 3.1)."""
    _documents_allowed(client)
    params = params_check(request, allowed={"agent", "profileId", "since"}, required=("agent",))
    collection = DocumentCollection(
        kind=DocumentKind.AGENT_PROFILE,
        agent_key=agent_key(agent_parse(params.get("agent", ""), allow_group=True)),
    )
    return _resource(
        request,
        collection=collection,
        params=params,
        id_name="profileId",
        delete_many=False,
        preconditions_required=True,
    )
