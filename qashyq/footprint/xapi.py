"""xAPI 1.0.3 forms of the footprint: actor keys, Qashyq's own activity IRIs, instants,
the columns a received statement fills, and the statement Qashyq's own rows render to.

Pure functions of their arguments and `settings.SITE_URL` (no database).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Mapping
from typing import Any
from uuid import UUID

from django.conf import settings

from qashyq.footprint.data import (
    ACTIVITY_TYPE_BY_IRI,
    ACTIVITY_TYPES,
    CONTEXT_EXTENSION,
    RESULT_EXTENSION,
    VERB_BY_IRI,
    VERBS,
    VOIDED_IRI,
    ActivityType,
    Verb,
)

VERSION = "1.0.0"
PLATFORM_ACCOUNT = "platform"  # the account name of actions without a person, and authority
OBJECT_NAME_LENGTH = 300
_FRACTION = re.compile(r"(\.\d{6})\d+")


def site() -> str:
    """Qashyq's public address: the homePage of its own accounts, the root of its IRIs."""
    return str(settings.SITE_URL).rstrip("/")


# Actors ---------------------------------------------------------------------------------


def agent_key(agent: Mapping[str, Any]) -> str:
    """The canonical inverse functional identifier of an Agent or Group:
    `mbox:mailto:a@b`, `mbox_sha1sum:<hex>`, `openid:<uri>`, `account:<homePage>|<name>`;
    an anonymous group is `group:<sha1 of its sorted member keys>`."""
    if "mbox" in agent:
        return f"mbox:{agent['mbox']}"
    if "mbox_sha1sum" in agent:
        return f"mbox_sha1sum:{str(agent['mbox_sha1sum']).lower()}"
    if "openid" in agent:
        return f"openid:{agent['openid']}"
    if "account" in agent:
        account = agent["account"]
        return f"account:{account.get('homePage', '')}|{account.get('name', '')}"
    members = sorted(agent_key(m) for m in agent.get("member", []))
    return "group:" + hashlib.sha1("\n".join(members).encode(), usedforsecurity=False).hexdigest()


def own_actor_key(user_id: int | None) -> str:
    """`account:<SITE_URL>|<user id>`; actions without a person are the platform's own."""
    return f"account:{site()}|{user_id if user_id is not None else PLATFORM_ACCOUNT}"


def own_user_id(key: str) -> int | None:
    """The user id of a Qashyq account key (a statement another platform sent about one
    of Qashyq's users), else None."""
    prefix = f"account:{site()}|"
    if key.startswith(prefix) and key[len(prefix) :].isdigit():
        return int(key[len(prefix) :])
    return None


def key_agent(key: str) -> dict[str, Any]:
    """The Agent an actor key stands for (the inverse of `agent_key` for identified ones)."""
    kind, _, value = key.partition(":")
    if kind == "account":
        home, _, name = value.partition("|")
        return {"objectType": "Agent", "account": {"homePage": home, "name": name}}
    if kind == "mbox":
        return {"objectType": "Agent", "mbox": value}
    return {"objectType": "Agent", kind: value}


def authority_own() -> dict[str, Any]:
    """The authority of Qashyq's own statements: the platform itself."""
    return {"objectType": "Agent", "account": {"homePage": site(), "name": PLATFORM_ACCOUNT}}


# Activities -----------------------------------------------------------------------------


def own_activity_iri(object_type: str, object_id: str) -> str:
    """The activity id of a Qashyq object: `<SITE_URL>/xapi/activities/<type>/<id>`."""
    return f"{site()}/xapi/activities/{object_type}/{object_id}"


def own_activity(iri: str) -> tuple[str, str] | None:
    """(activity type, id) of a Qashyq activity IRI, else None."""
    prefix = f"{site()}/xapi/activities/"
    if not iri.startswith(prefix):
        return None
    kind, _, object_id = iri[len(prefix) :].partition("/")
    if kind not in ActivityType.__members__.values() or not object_id or "/" in object_id:
        return None
    return kind, object_id


# Instants -------------------------------------------------------------------------------


def parse_time(text: str) -> dt.datetime:
    """An ISO 8601 instant as xAPI sends it (any precision: kept to the microsecond)."""
    value = dt.datetime.fromisoformat(_FRACTION.sub(r"\1", text))
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def format_time(value: dt.datetime) -> str:
    """UTC, `Z`, milliseconds (microseconds when there are any)."""
    utc = value.astimezone(dt.UTC)
    spec = "milliseconds" if utc.microsecond % 1000 == 0 else "microseconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def stored_now() -> dt.datetime:
    """The `stored` of a statement stored now: to the millisecond, so the text returned in
    the statement and the column the filters compare are the same instant."""
    now = dt.datetime.now(dt.UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


# Received statements --------------------------------------------------------------------


def _first_name(names: Any) -> str:  # noqa: ANN401 - a language map, maybe absent
    if not isinstance(names, Mapping) or not names:
        return ""
    for language in ("en", "kk", "ru", "en-US"):
        if language in names:
            return str(names[language])[:OBJECT_NAME_LENGTH]
    return str(next(iter(names.values())))[:OBJECT_NAME_LENGTH]


def object_columns(target: Mapping[str, Any]) -> dict[str, Any]:
    """object_kind, object_iri, object_ref, object_type, object_id, object_name of an object."""
    kind = target.get("objectType", "Activity")
    columns: dict[str, Any] = {
        "object_kind": kind,
        "object_ref": None,
        "object_type": "",
        "object_id": "",
        "object_name": "",
    }
    if kind == "Activity":
        columns["object_iri"] = str(target["id"])
        definition = target.get("definition") or {}
        own = own_activity(columns["object_iri"])
        if own is not None:
            columns["object_type"], columns["object_id"] = own
        else:
            kind_iri = definition.get("type")
            found = ACTIVITY_TYPE_BY_IRI.get(kind_iri) if isinstance(kind_iri, str) else None
            columns["object_type"] = found.value if found else ""
        columns["object_name"] = _first_name(definition.get("name"))
    elif kind in ("Agent", "Group"):
        columns["object_iri"] = agent_key(target)
        columns["object_name"] = str(target.get("name", ""))[:OBJECT_NAME_LENGTH]
    elif kind == "StatementRef":
        ref = UUID(str(target["id"]))
        columns["object_iri"], columns["object_ref"] = str(ref), ref
    else:  # SubStatement: its own object names it
        columns["object_iri"] = ""
    return columns


def received_columns(statement: Mapping[str, Any]) -> dict[str, Any]:
    """The columns (hashed and indexed) of a received statement, already completed with
    id, stored, timestamp, authority and version."""
    verb_iri = str(statement["verb"]["id"])
    verb = VERB_BY_IRI.get(verb_iri)
    context = statement.get("context") or {}
    registration = context.get("registration")
    actor_key = agent_key(statement["actor"])
    return {
        "statement_id": UUID(str(statement["id"])),
        "stored": parse_time(statement["stored"]),
        "timestamp": parse_time(statement["timestamp"]),
        "actor_key": actor_key,
        "actor_id": own_user_id(actor_key),
        "verb": verb.value if verb else "",
        "verb_iri": verb_iri,
        "course_id": _own_course(context),
        "registration": UUID(str(registration)) if registration else None,
        "result": {},
        "context": {},
        "raw": dict(statement),
        "voided": False,
        "voids": voiding_target(statement),
        **object_columns(statement["object"]),
    }


def voiding_target(statement: Mapping[str, Any]) -> UUID | None:
    """The id of the statement a voiding statement targets (xAPI 1.0.3 §2.2), else None."""
    target = statement["object"]
    if str(statement["verb"]["id"]) == VOIDED_IRI and target.get("objectType") == "StatementRef":
        return UUID(str(target["id"]))
    return None


def _own_course(context: Mapping[str, Any]) -> int | None:
    """A statement about one of Qashyq's courses names it among its context activities."""
    for activity in _context_activities(context):
        own = own_activity(str(activity.get("id", "")))
        if own is not None and own[0] == ActivityType.COURSE and own[1].isdigit():
            return int(own[1])
    return None


def _context_activities(context: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for group in (context.get("contextActivities") or {}).values():
        for activity in group if isinstance(group, list) else [group]:
            if isinstance(activity, Mapping):
                yield activity


def related_keys(statement: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """("agent", key) and ("activity", iri) pairs the related_agents / related_activities
    filters match beyond the actor and object columns: authority, instructor, team,
    context activities, and the same inside a SubStatement (xAPI 1.0.3 §2.1.3)."""
    if "authority" in statement:
        yield "agent", agent_key(statement["authority"])
    yield from _context_keys(statement.get("context") or {})
    target = statement["object"]
    if target.get("objectType") == "SubStatement":
        yield "agent", agent_key(target["actor"])
        inner = target["object"]
        inner_kind = inner.get("objectType", "Activity")
        if inner_kind == "Activity":
            yield "activity", str(inner["id"])
        elif inner_kind in ("Agent", "Group"):
            yield "agent", agent_key(inner)
        yield from _context_keys(target.get("context") or {})


def _context_keys(context: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for role in ("instructor", "team"):
        if role in context:
            yield "agent", agent_key(context[role])
    for activity in _context_activities(context):
        yield "activity", str(activity["id"])


def _normal_for_comparison(statement: Mapping[str, Any]) -> dict[str, Any]:
    """xAPI 1.0.3 §2.3 (statement comparison): what the LRS may itself have changed is
    ignored: authority, stored, version, the form of the timestamp, the case of the id."""
    normal = {k: v for k, v in statement.items() if k not in ("authority", "stored", "version")}
    if "id" in normal:
        normal["id"] = str(normal["id"]).lower()
    if "timestamp" in normal:
        normal["timestamp"] = parse_time(str(normal["timestamp"]))
    return normal


def same_statement(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two statements with the same id are the same statement (§2.3)."""
    return _normal_for_comparison(a) == _normal_for_comparison(b)


# Qashyq's own statements rendered ----------------------------------------------------------


def own_statement(
    *,
    statement_id: UUID,
    actor_key: str,
    verb: str,
    object_type: str,
    object_iri: str,
    object_name: str,
    course_id: int | None,
    registration: UUID | None,
    result: Mapping[str, Any],
    context: Mapping[str, Any],
    timestamp: dt.datetime,
    stored: dt.datetime,
) -> dict[str, Any]:
    """The full xAPI statement of one of Qashyq's own rows (exact form)."""
    verb_term = VERBS[Verb(verb)]
    definition: dict[str, Any] = {"type": ACTIVITY_TYPES[ActivityType(object_type)].iri}
    if object_name:
        definition["name"] = {"und": object_name}
    statement: dict[str, Any] = {
        "id": str(statement_id),
        "actor": key_agent(actor_key),
        "verb": {"id": verb_term.iri, "display": dict(verb_term.display)},
        "object": {"objectType": "Activity", "id": object_iri, "definition": definition},
    }
    if result:
        statement["result"] = {"extensions": {RESULT_EXTENSION: dict(result)}}
    xapi_context: dict[str, Any] = {"platform": "Qashyq"}
    if registration is not None:
        xapi_context["registration"] = str(registration)
    if course_id is not None and object_type != ActivityType.COURSE:
        xapi_context["contextActivities"] = {
            "parent": [
                {
                    "objectType": "Activity",
                    "id": own_activity_iri(ActivityType.COURSE.value, str(course_id)),
                    "definition": {"type": ACTIVITY_TYPES[ActivityType.COURSE].iri},
                }
            ]
        }
    if context:
        xapi_context["extensions"] = {CONTEXT_EXTENSION: dict(context)}
    statement["context"] = xapi_context
    statement["timestamp"] = format_time(timestamp)
    statement["stored"] = format_time(stored)
    statement["authority"] = authority_own()
    statement["version"] = VERSION
    return statement


def own_stream_key(user_id: int | None) -> str:
    """A person's own actions are the stream `user:<id>`; actions without one, `platform`."""
    return f"user:{user_id}" if user_id is not None else "platform"


def own_columns(
    *,
    statement_id: UUID,
    actor_id: int | None,
    verb: str,
    object_type: str,
    object_id: str,
    object_name: str,
    course_id: int | None,
    timestamp: dt.datetime,
    stored: dt.datetime,
    result: Mapping[str, Any],
    context: Mapping[str, Any],
) -> dict[str, Any]:
    """The columns of one of Qashyq's own statements (rendered from them, `raw` None)."""
    return {
        "statement_id": statement_id,
        "stored": stored,
        "timestamp": timestamp,
        "actor_id": actor_id,
        "actor_key": own_actor_key(actor_id),
        "verb": verb,
        "verb_iri": VERBS[Verb(verb)].iri,
        "object_kind": "Activity",
        "object_type": object_type,
        "object_id": object_id,
        "object_iri": own_activity_iri(object_type, object_id),
        "object_ref": None,
        "object_name": object_name[:OBJECT_NAME_LENGTH],
        "course_id": course_id,
        "registration": None,
        "result": dict(result),
        "context": dict(context),
        "raw": None,
        "voided": False,
        "voids": None,
    }
