"""The statements resource, /xapi/statements (xAPI 1.0.3 Communication 2.1, FP-1).

- PUT `?statementId=`: store one statement under that id; 204, 409 when a different
  statement holds the id.
- POST: store one statement or an array, `application/json` or `multipart/mixed` with the
  attachments' bytes (and JWS signatures, Data 2.6); 200 with the ids in order.
- GET (and HEAD): one statement by `statementId` / `voidedStatementId`, or the statements
  matching `agent`, `verb`, `activity`, `registration`, `related_activities`,
  `related_agents`, `since`, `until`, `ascending`, `limit`, in `format` ids / exact /
  canonical, with `attachments=true` as multipart/mixed; pages link with `more` (a URL that
  keeps the query and adds the cursor). Responses carry `X-Experience-API-Consistent-Through`
  and `Last-Modified`.

Every statement is validated (`lrs.validation`) before anything is stored, and stored
through `footprint.services.statements_store` in the client's stream, which sets `stored`,
`authority` and `version` and applies the voiding rules.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _

from qashyq.footprint import selectors as footprint_selectors
from qashyq.footprint import services as footprint_services
from qashyq.footprint.errors import StatementConflict, VoidingTargetInvalid
from qashyq.lrs import selectors, services
from qashyq.lrs.errors import XapiError
from qashyq.lrs.http import (
    content_type,
    error_response,
    json_response,
    params_check,
    xapi_view,
)
from qashyq.lrs.jws import (
    SIGNATURE_CONTENT_TYPE,
    SignatureInvalid,
    signature_attachments,
    signature_verify,
)
from qashyq.lrs.models import Client, ReadScope
from qashyq.lrs.multipart import MultipartInvalid, Part, multipart_build, multipart_parse
from qashyq.lrs.validation import (
    StatementInvalid,
    actor_validate,
    is_iri,
    is_uuid,
    statement_validate,
    statements_validate,
    timestamp_parse,
)

if TYPE_CHECKING:
    from qashyq.footprint.models import Statement

PAGE_SIZE = 100  # the most statements one page holds (`limit=0` asks for this)
SINGLE_PARAMS = frozenset({"statementId", "voidedStatementId", "attachments", "format"})
QUERY_PARAMS = frozenset(
    {
        "agent",
        "verb",
        "activity",
        "registration",
        "related_activities",
        "related_agents",
        "since",
        "until",
        "limit",
        "format",
        "attachments",
        "ascending",
        "more",
    }
)
FORMATS = ("exact", "ids", "canonical")
_SHA2 = {56: hashlib.sha224, 64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}

Json = Any


@xapi_view(methods={"GET", "PUT", "POST"})
def statements(request: HttpRequest, client: Client) -> HttpResponse:
    """PUT, POST, GET and HEAD on /xapi/statements for an authenticated LRS client."""
    try:
        if request.method == "PUT":
            return _put(request, client)
        if request.method == "POST":
            return _post(request, client)
        try:
            response = _get(request, client)
        except XapiError as error:
            response = error_response(error)
        # Every answer to a GET says up to when the results are complete (Communication
        # 2.1.3): statements are stored synchronously, so that is now.
        response["X-Experience-API-Consistent-Through"] = _now_text()
        return response
    except (
        StatementInvalid,
        MultipartInvalid,
        SignatureInvalid,
        VoidingTargetInvalid,
        StatementConflict,
    ) as error:
        raise XapiError(error.status, error.message) from error


def _now_text() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- writing -----------------------------------------------------------------------------


def _put(request: HttpRequest, client: Client) -> HttpResponse:
    """Store one statement under `statementId` (Communication 2.1.1): 204 No Content."""
    _may_write(client)
    params = params_check(request, allowed={"statementId"}, required=("statementId",))
    statement_id = _uuid_param(params, "statementId")
    value, parts = _received(request)
    if not isinstance(value, dict):
        raise XapiError(400, _("PUT takes a single statement."))
    if "id" in value:
        if not is_uuid(value["id"]) or UUID(value["id"]) != statement_id:
            raise XapiError(400, _("The statement's id differs from the statementId parameter."))
    else:
        value = {"id": str(statement_id), **value}
    statement_validate(value)
    _store(client, [value], parts)
    return HttpResponse(status=204)


def _post(request: HttpRequest, client: Client) -> HttpResponse:
    """Store one statement or an array of them (Communication 2.1.2): 200 with the ids."""
    _may_write(client)
    params_check(request, allowed=())
    value, parts = _received(request)
    items = statements_validate(value)
    ids = _store(client, items, parts)
    return json_response([str(statement_id) for statement_id in ids])


def _may_write(client: Client) -> None:
    if not client.can_write_statements:
        raise XapiError(403, _("This client may not write statements."))


def _json(raw: bytes) -> Json:
    """Strict JSON: UTF-8, no NaN or Infinity (they are not JSON)."""

    def refuse(constant: str) -> None:
        raise ValueError(constant)

    try:
        return json.loads(raw.decode("utf-8"), parse_constant=refuse)
    except (UnicodeDecodeError, ValueError) as error:
        raise XapiError(400, _("The body is not valid JSON.")) from error


def _received(request: HttpRequest) -> tuple[Json, dict[str, Part]]:
    """The statements of the body and the attachment parts by hash (Communication 1.5)."""
    kind = content_type(request)
    if kind == "application/json":
        return _json(request.body), {}
    if kind != "multipart/mixed":
        raise XapiError(400, _("Statements are sent as application/json or multipart/mixed."))
    parts = multipart_parse(
        content_type=str(request.META.get("CONTENT_TYPE", "")), body=request.body
    )
    if not parts or parts[0].content_type != "application/json":
        raise XapiError(
            400, _("The first part of a multipart/mixed body must be application/json.")
        )
    attachments: dict[str, Part] = {}
    for part in parts[1:]:
        declared = part.headers.get("x-experience-api-hash", "").strip().lower()
        if not declared:
            raise XapiError(400, _("Every attachment part needs an X-Experience-API-Hash header."))
        if part.headers.get("content-transfer-encoding", "").strip().lower() != "binary":
            raise XapiError(
                400, _("Every attachment part needs Content-Transfer-Encoding: binary.")
            )
        digest = _SHA2.get(len(declared))
        if digest is None or digest(part.body).hexdigest() != declared:
            raise XapiError(400, _("An attachment part does not match its X-Experience-API-Hash."))
        attachments[declared] = part
    return _json(parts[0].body), attachments


def _with_attachments(statement: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The statement and its SubStatement: both may declare attachments."""
    yield statement
    target = statement.get("object")
    if isinstance(target, dict) and target.get("objectType") == "SubStatement":
        yield target


def _attachments_check(items: list[dict[str, Any]], parts: dict[str, Part]) -> None:
    """Each attachment without a fileUrl has its part, each part an attachment that
    declares it, and each signature verifies (Data 2.4.11, 2.6; Communication 1.5.2)."""
    declared: set[str] = set()
    for item in items:
        for holder in _with_attachments(item):
            for attachment in holder.get("attachments") or []:
                sha2 = str(attachment["sha2"]).lower()
                declared.add(sha2)
                if "fileUrl" not in attachment and sha2 not in parts:
                    raise XapiError(
                        400, _("An attachment without fileUrl has no part in the request.")
                    )
        for signature in signature_attachments(item):
            if signature["contentType"] != SIGNATURE_CONTENT_TYPE:
                raise XapiError(400, _("A signature attachment must be application/octet-stream."))
            part = parts.get(str(signature["sha2"]).lower())
            if part is None:
                raise XapiError(400, _("A signature attachment must be sent in the request."))
            signature_verify(statement=item, signature=part.body)
    if set(parts) - declared:
        raise XapiError(400, _("The request holds a part that no attachment declares."))


def _arrays(statement: dict[str, Any]) -> dict[str, Any]:
    """The statement with each context activity kind as an array, as the LRS returns them
    (Data 2.4.6.2: "returns a ContextActivity in an array, even if only a single one")."""
    result = dict(statement)
    context = result.get("context")
    if isinstance(context, dict) and isinstance(context.get("contextActivities"), dict):
        result["context"] = {
            **context,
            "contextActivities": {
                kind: value if isinstance(value, list) else [value]
                for kind, value in context["contextActivities"].items()
            },
        }
    target = result.get("object")
    if isinstance(target, dict) and target.get("objectType") == "SubStatement":
        result["object"] = _arrays(target)
    return result


def _store(client: Client, items: list[dict[str, Any]], parts: dict[str, Part]) -> list[UUID]:
    _attachments_check(items, parts)
    items = [_arrays(item) for item in items]
    if not parts:  # statements_store is one transaction of its own
        return footprint_services.statements_store(
            statements=items, stream_key=client.stream_key, authority=client.authority
        )
    with transaction.atomic():
        services.attachments_store(
            attachments=[
                services.AttachmentIn(
                    sha2=sha2,
                    content_type=part.content_type or "application/octet-stream",
                    content=part.body,
                )
                for sha2, part in parts.items()
            ]
        )
        return footprint_services.statements_store(
            statements=items, stream_key=client.stream_key, authority=client.authority
        )


# --- reading -----------------------------------------------------------------------------


def _get(request: HttpRequest, client: Client) -> HttpResponse:
    if client.read_scope == ReadScope.NONE:
        raise XapiError(403, _("This client may not read statements."))
    if "statementId" in request.GET or "voidedStatementId" in request.GET:
        return _get_one(request, client)
    params = params_check(request, allowed=QUERY_PARAMS)
    fmt, with_attachments = _format_params(params)
    limit = _limit(params)
    filters = _filters(params)
    ascending = _boolean(params, "ascending")
    after = _cursor(str(params["more"])) if "more" in params else None
    rows = footprint_selectors.statements_query(
        **filters, ascending=ascending, limit=limit + 1, after=after
    )
    more = ""
    if len(rows) > limit:
        rows = rows[:limit]
        more = _more_url(params, rows[-1])
    rendered = [footprint_selectors.statement_render(row=row) for row in rows]
    if client.read_scope == ReadScope.OWN:
        rendered = [s for s in rendered if _is_own(client, s)]
    formatter = _formatter(fmt, request)
    result = {"statements": [formatter(s) for s in rendered], "more": more}
    response = _respond(result, rendered, with_attachments=with_attachments)
    if rows:
        response["Last-Modified"] = http_date(max(row.stored for row in rows).timestamp())
    return response


def _get_one(request: HttpRequest, client: Client) -> HttpResponse:
    """One statement by statementId or voidedStatementId (Communication 2.1.3)."""
    params = params_check(request, allowed=SINGLE_PARAMS)
    if "statementId" in params and "voidedStatementId" in params:
        raise XapiError(400, _("Give statementId or voidedStatementId, not both."))
    voided = "voidedStatementId" in params
    statement_id = _uuid_param(params, "voidedStatementId" if voided else "statementId")
    fmt, with_attachments = _format_params(params)
    statement = footprint_selectors.statement_get(statement_id=statement_id, voided=voided)
    if statement is None or (client.read_scope == ReadScope.OWN and not _is_own(client, statement)):
        raise XapiError(404, _("No such statement."))
    response = _respond(
        _formatter(fmt, request)(statement), [statement], with_attachments=with_attachments
    )
    stored = timestamp_parse(statement.get("stored"))
    if stored is not None:
        response["Last-Modified"] = http_date(stored.timestamp())
    return response


def _is_own(client: Client, statement: dict[str, Any]) -> bool:
    """Whether the client sent the statement: the LRS set the client's authority on it."""
    authority = statement.get("authority")
    return isinstance(authority, dict) and authority.get("account") == client.authority["account"]


def _respond(
    result: Json, statements_: list[dict[str, Any]], *, with_attachments: bool
) -> HttpResponse:
    """JSON, or multipart/mixed with the attachments' bytes when asked (Communication 2.1.3)."""
    if not with_attachments:
        response = json_response(result)
    else:
        wanted = [
            str(attachment["sha2"]).lower()
            for statement in statements_
            for holder in _with_attachments(statement)
            for attachment in holder.get("attachments") or []
        ]
        stored = selectors.attachments_by_sha2(sha2s=wanted)
        body = json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        parts = [Part(headers={"Content-Type": "application/json"}, body=body)]
        for sha2 in dict.fromkeys(wanted):
            attachment = stored.get(sha2)
            if attachment is None:
                continue
            parts.append(
                Part(
                    headers={
                        "Content-Type": attachment.content_type,
                        "Content-Transfer-Encoding": "binary",
                        "X-Experience-API-Hash": sha2,
                    },
                    body=bytes(attachment.content),
                )
            )
        kind, raw = multipart_build(parts=parts)
        response = HttpResponse(raw, content_type=kind)
    return response


# --- parameters --------------------------------------------------------------------------


def _uuid_param(params: QueryDict, name: str) -> UUID:
    value = params.get(name, "")
    if not is_uuid(value):
        raise XapiError(400, _("%(name)s must be a UUID.") % {"name": name})
    return UUID(value)


def _boolean(params: QueryDict, name: str) -> bool:
    value = params.get(name, "false")
    if value not in ("true", "false"):
        raise XapiError(400, _("%(name)s must be true or false.") % {"name": name})
    return value == "true"


def _format_params(params: QueryDict) -> tuple[str, bool]:
    fmt = params.get("format", "exact")
    if fmt not in FORMATS:
        raise XapiError(400, _("format must be ids, exact or canonical."))
    return fmt, _boolean(params, "attachments")


def _limit(params: QueryDict) -> int:
    raw = params.get("limit", "0")
    if not raw.isdigit():
        raise XapiError(400, _("limit must be a non-negative integer."))
    limit = int(raw)
    return PAGE_SIZE if limit == 0 else min(limit, PAGE_SIZE)


def _filters(params: QueryDict) -> dict[str, Any]:
    """The query filters, each checked by the rules its values follow in statements
    (Data 2.2.s4.b4: 400 otherwise)."""
    filters: dict[str, Any] = {}
    if "agent" in params:
        try:
            agent = json.loads(str(params["agent"]))
            actor_validate(agent, "agent")
        except (ValueError, StatementInvalid) as error:
            raise XapiError(400, _("agent must be an Agent or Group as JSON.")) from error
        filters["agent_key"] = footprint_selectors.agent_key(agent)
    for name, key in (("verb", "verb_iri"), ("activity", "activity_iri")):
        if name in params:
            if not is_iri(params[name]):
                raise XapiError(400, _("%(name)s must be an IRI.") % {"name": name})
            filters[key] = params[name]
    if "registration" in params:
        filters["registration"] = _uuid_param(params, "registration")
    for name in ("since", "until"):
        if name in params:
            instant = timestamp_parse(params[name])
            if instant is None:
                raise XapiError(400, _("%(name)s must be an ISO 8601 timestamp.") % {"name": name})
            filters[name] = instant
    filters["related_activities"] = _boolean(params, "related_activities")
    filters["related_agents"] = _boolean(params, "related_agents")
    return filters


def _cursor(token: str) -> tuple[dt.datetime, int]:
    """The (stored, row id) after which the next page starts, from the `more` token."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        stored, _sep, pk = text.partition("|")
        instant = dt.datetime.fromisoformat(stored)
        return instant, int(pk)
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise XapiError(400, _("The more cursor is not valid.")) from error


def _more_url(params: QueryDict, last: Statement) -> str:
    """The `more` URL: the same query, continued after the last row of this page."""
    cursor = f"{last.stored.isoformat()}|{last.pk}".encode("ascii")
    token = base64.urlsafe_b64encode(cursor).rstrip(b"=").decode("ascii")
    query = [(name, value) for name, value in params.items() if name != "more"]
    query.append(("more", token))
    return f"{reverse('lrs:statements')}?{urlencode(query)}"


# --- formats -----------------------------------------------------------------------------


def _formatter(fmt: str, request: HttpRequest) -> Callable[[dict[str, Any]], dict[str, Any]]:
    if fmt == "ids":
        return _ids_statement
    if fmt == "canonical":
        languages = _accepted_languages(str(request.META.get("HTTP_ACCEPT_LANGUAGE", "")))
        return lambda statement: _canonical(statement, languages)
    return lambda statement: statement


def _ids_agent(agent: Json) -> Json:
    """An Agent or Group by its identifier only; an anonymous Group by its members'."""
    if not isinstance(agent, dict):
        return agent
    reduced: dict[str, Any] = {"objectType": agent.get("objectType", "Agent")}
    identifiers = {k: agent[k] for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in agent}
    reduced.update(identifiers)
    if not identifiers and "member" in agent:
        reduced["member"] = [_ids_agent(member) for member in agent["member"]]
    return reduced


def _ids_activity(activity: Json) -> Json:
    if not isinstance(activity, dict):
        return activity
    return {"id": activity.get("id")}


def _ids_statement(statement: dict[str, Any]) -> dict[str, Any]:
    """format=ids: only the identifiers of agents, activities and verbs (Communication 2.1.3)."""
    result = dict(statement)
    if "actor" in result:
        result["actor"] = _ids_agent(result["actor"])
    if isinstance(result.get("verb"), dict):
        result["verb"] = {"id": result["verb"].get("id")}
    target = result.get("object")
    if isinstance(target, dict):
        kind = target.get("objectType", "Activity")
        if kind == "Activity":
            result["object"] = _ids_activity(target)
        elif kind in ("Agent", "Group"):
            result["object"] = _ids_agent(target)
        elif kind == "SubStatement":
            result["object"] = _ids_statement(target)
    if "authority" in result:
        result["authority"] = _ids_agent(result["authority"])
    context = result.get("context")
    if isinstance(context, dict):
        context = dict(context)
        for key in ("instructor", "team"):
            if key in context:
                context[key] = _ids_agent(context[key])
        activities = context.get("contextActivities")
        if isinstance(activities, dict):
            context["contextActivities"] = {
                key: [_ids_activity(a) for a in (value if isinstance(value, list) else [value])]
                for key, value in activities.items()
            }
        result["context"] = context
    return result


def _accepted_languages(header: str) -> list[str]:
    """Accept-Language tags, most preferred first (q=0 dropped)."""
    weighted: list[tuple[float, int, str]] = []
    for index, item in enumerate(header.split(",")):
        tag, _sep, rest = item.strip().partition(";")
        quality = 1.0
        if rest.strip().startswith("q="):
            try:
                quality = float(rest.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality, index, tag.lower()))
    return [tag for _q, _i, tag in sorted(weighted)]


def _one_language(names: Json, languages: list[str]) -> Json:
    """A language map reduced to the one language the requester prefers (format=canonical)."""
    if not isinstance(names, dict) or not names:
        return names
    lowered = {key.lower(): key for key in names}
    for tag in languages:
        if tag == "*":
            break
        if tag in lowered:
            key = lowered[tag]
            return {key: names[key]}
        for candidate, key in lowered.items():
            if candidate.split("-")[0] == tag.split("-")[0]:
                return {key: names[key]}
    key = lowered.get("und") or next(iter(names))
    return {key: names[key]}


def _canonical(statement: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    """format=canonical: each language map in one language (Communication 2.1.3)."""

    def activity(value: Json) -> Json:
        if not isinstance(value, dict) or not isinstance(value.get("definition"), dict):
            return value
        definition = dict(value["definition"])
        for key in ("name", "description"):
            if key in definition:
                definition[key] = _one_language(definition[key], languages)
        for key in ("choices", "scale", "source", "target", "steps"):
            if isinstance(definition.get(key), list):
                definition[key] = [
                    {**c, "description": _one_language(c["description"], languages)}
                    if isinstance(c, dict) and "description" in c
                    else c
                    for c in definition[key]
                ]
        return {**value, "definition": definition}

    result = dict(statement)
    if isinstance(result.get("verb"), dict) and "display" in result["verb"]:
        result["verb"] = {
            **result["verb"],
            "display": _one_language(result["verb"]["display"], languages),
        }
    target = result.get("object")
    if isinstance(target, dict):
        if target.get("objectType") == "SubStatement":
            result["object"] = _canonical(target, languages)
        elif target.get("objectType", "Activity") == "Activity":
            result["object"] = activity(target)
    context = result.get("context")
    if isinstance(context, dict) and isinstance(context.get("contextActivities"), dict):
        result["context"] = {
            **context,
            "contextActivities": {
                key: [activity(a) for a in value] if isinstance(value, list) else activity(value)
                for key, value in context["contextActivities"].items()
            },
        }
    if isinstance(result.get("attachments"), list):
        result["attachments"] = [
            {
                **a,
                **{
                    key: _one_language(a[key], languages)
                    for key in ("display", "description")
                    if key in a
                },
            }
            if isinstance(a, dict)
            else a
            for a in result["attachments"]
        ]
    return result
