"""Validation of xAPI 1.0.3 statements: every MUST of the data model (FP-1).

Pure functions over parsed JSON (dicts, lists, strings, numbers): nothing here touches the
database or the request. `statement_validate` raises `StatementInvalid` naming the first
offending property by its path (`statement.object.definition.type`), which the statements
resource answers with 400 Bad Request.

What is checked (xAPI 1.0.3, Part Two "Experience API Data"):
- 2.2: objects reject unknown properties (property names are case-sensitive);
- 2.4.1: `id` is a UUID in standard string form;
- 2.4.2: Agents carry exactly one inverse functional identifier (mbox `mailto:` IRI,
  mbox_sha1sum 40 hex digits, openid URI, account {homePage IRL, name}); Groups: anonymous ones
  carry `member` (Agents only), identified ones exactly one IFI;
- 2.4.3: verb `id` IRI, `display` language map;
- 2.4.4: object: Activity (id IRI, definition with interaction types and their component
  lists), Agent/Group (objectType required), StatementRef (UUID), SubStatement (no id, stored,
  version or authority; no nested SubStatement);
- 2.4.5: result: score (scaled in [-1, 1], raw in [min, max], min < max), success and
  completion booleans, response string, duration ISO 8601;
- 2.4.6: context: registration UUID, instructor, team (a Group), contextActivities (parent,
  grouping, category, other: an Activity or a list of them), revision and platform only when the
  object is an Activity, language an RFC 5646 tag, statement a StatementRef;
- 2.4.7/2.4.8/4.5: timestamp and stored ISO 8601 (the `-00`, `-0000`, `-00:00` offsets are
  refused);
- 2.4.9: authority an Agent, or a Group of exactly two Agents (a 3-legged OAuth pair);
- 2.4.10: version `1.0` or `1.0.x`;
- 2.4.11: attachments metadata (usageType IRI, display, contentType, length, sha2, fileUrl IRL);
- 2.3.2: a voiding statement's object is a StatementRef;
- 4.1/4.2: extensions keyed by IRIs, language maps keyed by RFC 5646 tags.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, ClassVar
from uuid import UUID

from django.utils.translation import gettext as _

from qashyq.core.errors import DomainError

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"

INTERACTION_TYPES: dict[str, frozenset[str]] = {
    # interactionType -> the component lists it may use (Data 2.4.4.1, interaction components)
    "true-false": frozenset(),
    "choice": frozenset({"choices"}),
    "fill-in": frozenset(),
    "long-fill-in": frozenset(),
    "matching": frozenset({"source", "target"}),
    "performance": frozenset({"steps"}),
    "sequencing": frozenset({"choices"}),
    "likert": frozenset({"scale"}),
    "numeric": frozenset(),
    "other": frozenset(),
}
COMPONENT_LISTS = frozenset({"choices", "scale", "source", "target", "steps"})
CONTEXT_ACTIVITY_KEYS = frozenset({"parent", "grouping", "category", "other"})
IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")

STATEMENT_KEYS = frozenset(
    {
        "id",
        "actor",
        "verb",
        "object",
        "result",
        "context",
        "timestamp",
        "stored",
        "authority",
        "version",
        "attachments",
    }
)
SUBSTATEMENT_KEYS = frozenset(
    {"objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"}
)
AGENT_KEYS = frozenset({"objectType", "name", *IFI_KEYS})
GROUP_KEYS = frozenset({"objectType", "name", "member", *IFI_KEYS})
ACTIVITY_KEYS = frozenset({"objectType", "id", "definition"})
DEFINITION_KEYS = frozenset(
    {
        "name",
        "description",
        "type",
        "moreInfo",
        "extensions",
        "interactionType",
        "correctResponsesPattern",
        *COMPONENT_LISTS,
    }
)
RESULT_KEYS = frozenset({"score", "success", "completion", "response", "duration", "extensions"})
SCORE_KEYS = frozenset({"scaled", "raw", "min", "max"})
CONTEXT_KEYS = frozenset(
    {
        "registration",
        "instructor",
        "team",
        "contextActivities",
        "revision",
        "platform",
        "language",
        "statement",
        "extensions",
    }
)
ATTACHMENT_KEYS = frozenset(
    {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"}
)


class StatementInvalid(DomainError):
    """A statement (or a query parameter) breaks a rule of xAPI 1.0.3: 400 Bad Request."""

    code: ClassVar[str] = "invalid_statement"
    status: ClassVar[int] = 400


# --- scalar forms ------------------------------------------------------------------------

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# An IRI (RFC 3987) in its absolute form: a scheme, then no spaces, controls or the characters
# RFC 3987 excludes everywhere (`<>"{}|\^` and the backtick).
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]*")
_MAILTO = re.compile(r"mailto:[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+")
_SHA1_HEX = re.compile(r"[0-9a-fA-F]{40}")
_SHA2_HEX = re.compile(r"[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128}")
_MEDIA_TYPE = re.compile(r"[A-Za-z0-9!#$&^_.+\-]+/[A-Za-z0-9!#$&^_.+\-]+(\s*;.*)?", re.DOTALL)
_VERSION = re.compile(r"1\.0(\.\d+)?")

# RFC 5646 Language-Tag: langtag / privateuse / grandfathered (case-insensitive).
_LANGTAG = re.compile(
    r"""
    (?:
      (?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})  # language [-extlang]
      (?:-[a-z]{4})?                                        # script
      (?:-(?:[a-z]{2}|[0-9]{3}))?                           # region
      (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*              # variants
      (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*                  # extensions
      (?:-x(?:-[a-z0-9]{1,8})+)?                            # private use
    )
    |x(?:-[a-z0-9]{1,8})+
    |en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn
    |i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de
    |art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang
    """,
    re.VERBOSE | re.IGNORECASE,
)

# ISO 8601 date-time, extended or basic form, with an optional fraction and offset.
_TIMESTAMP_EXTENDED = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"T(?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?"
    r"(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?"
)
_TIMESTAMP_BASIC = re.compile(
    r"(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})"
    r"T(?P<h>\d{2})(?P<mi>\d{2})(?:(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?"
    r"(?P<tz>Z|[+-]\d{2}(?:\d{2})?)?"
)
# ISO 8601 4.4.3.2: PnYnMnDTnHnMnS (any part may be left out, at least one kept) or PnW alone.
_DURATION = re.compile(
    r"P(?!$)(?:\d+(?:[.,]\d+)?Y)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?"
    r"|P\d+(?:[.,]\d+)?W"
)


def _fail(path: str, message: str) -> StatementInvalid:
    return StatementInvalid(message % {"path": path}, path=path)


def is_iri(value: object) -> bool:
    """An absolute IRI: a scheme and no character RFC 3987 forbids (Data 2.2, XAPI-00011)."""
    return isinstance(value, str) and _IRI.fullmatch(value) is not None


def is_uuid(value: object) -> bool:
    """A UUID in the standard string form 8-4-4-4-12 hex digits (Data 2.4.1, RFC 4122)."""
    return isinstance(value, str) and _UUID.fullmatch(value) is not None


def is_language_tag(value: object) -> bool:
    """A well-formed RFC 5646 language tag (Data 4.2)."""
    return isinstance(value, str) and _LANGTAG.fullmatch(value) is not None


def is_duration(value: object) -> bool:
    """An ISO 8601 duration such as `PT1H0M0.1S` or `P3W` (Data 2.4.5, 4.6)."""
    return isinstance(value, str) and _DURATION.fullmatch(value) is not None


def timestamp_parse(value: object) -> datetime | None:
    """The aware datetime of an ISO 8601 timestamp, or None when it is not one (Data 4.5).

    A timestamp without an offset is read as UTC. The offsets `-00`, `-0000` and `-00:00`
    ("unknown local offset" in RFC 3339) are refused, as the 1.0.3 conformance rules ask.
    """
    if not isinstance(value, str):
        return None
    match = _TIMESTAMP_EXTENDED.fullmatch(value) or _TIMESTAMP_BASIC.fullmatch(value)
    if match is None:
        return None
    parts = match.groupdict()
    tz = parts["tz"]
    if tz is None or tz == "Z":
        zone: timezone = UTC
    else:
        digits = tz[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or "0")
        if tz[0] == "-" and hours == 0 and minutes == 0:
            return None
        if hours > 23 or minutes > 59:
            return None
        offset = timedelta(hours=hours, minutes=minutes)
        zone = timezone(-offset if tz[0] == "-" else offset)
    fraction = (parts["f"] or "0")[:6].ljust(6, "0")
    try:
        return datetime(
            int(parts["y"]),
            int(parts["mo"]),
            int(parts["d"]),
            int(parts["h"]),
            int(parts["mi"]),
            int(parts["s"] or 0),
            int(fraction),
            tzinfo=zone,
        )
    except ValueError:
        return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- structural helpers ------------------------------------------------------------------


def _object(value: object, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, _("%(path)s must be a JSON object."))
    return value


def _keys(value: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
    for key in value:
        if key not in allowed:
            raise _fail(f"{path}.{key}", _("%(path)s is not a property xAPI 1.0.3 allows here."))


def _required(value: Mapping[str, Any], keys: tuple[str, ...], path: str) -> None:
    for key in keys:
        if key not in value:
            raise _fail(f"{path}.{key}", _("%(path)s is required."))


def _string(value: object, path: str) -> None:
    if not isinstance(value, str):
        raise _fail(path, _("%(path)s must be a string."))


def _boolean(value: object, path: str) -> None:
    if not isinstance(value, bool):
        raise _fail(path, _("%(path)s must be true or false."))


def _iri(value: object, path: str) -> None:
    if not is_iri(value):
        raise _fail(path, _("%(path)s must be an IRI with a scheme."))


def _uuid(value: object, path: str) -> None:
    if not is_uuid(value):
        raise _fail(path, _("%(path)s must be a UUID in its standard string form."))


def _timestamp(value: object, path: str) -> None:
    if timestamp_parse(value) is None:
        raise _fail(path, _("%(path)s must be an ISO 8601 timestamp."))


def language_map_validate(value: object, path: str) -> None:
    """A language map: RFC 5646 tags to strings (Data 4.2)."""
    mapping = _object(value, path)
    for tag, text in mapping.items():
        if not is_language_tag(tag):
            raise _fail(f"{path}.{tag}", _("%(path)s: the key is not an RFC 5646 language tag."))
        _string(text, f"{path}.{tag}")


def extensions_validate(value: object, path: str) -> None:
    """Extensions: an object whose keys are IRIs; any JSON value, null included (Data 4.1)."""
    mapping = _object(value, path)
    for key in mapping:
        if not is_iri(key):
            raise _fail(f"{path}.{key}", _("%(path)s: an extension key must be an IRI."))


# --- actors ------------------------------------------------------------------------------


def _ifis(value: Mapping[str, Any], path: str) -> int:
    """Validate the inverse functional identifiers present; return how many there are."""
    count = 0
    if "mbox" in value:
        count += 1
        mbox = value["mbox"]
        if not (isinstance(mbox, str) and _MAILTO.fullmatch(mbox)):
            raise _fail(f"{path}.mbox", _("%(path)s must be a mailto: IRI of an email address."))
    if "mbox_sha1sum" in value:
        count += 1
        digest = value["mbox_sha1sum"]
        if not (isinstance(digest, str) and _SHA1_HEX.fullmatch(digest)):
            raise _fail(f"{path}.mbox_sha1sum", _("%(path)s must be a SHA-1 hex digest."))
    if "openid" in value:
        count += 1
        _iri(value["openid"], f"{path}.openid")
    if "account" in value:
        count += 1
        account = _object(value["account"], f"{path}.account")
        _keys(account, frozenset({"homePage", "name"}), f"{path}.account")
        _required(account, ("homePage", "name"), f"{path}.account")
        _iri(account["homePage"], f"{path}.account.homePage")
        _string(account["name"], f"{path}.account.name")
    return count


def agent_validate(value: object, path: str) -> None:
    """An Agent: exactly one IFI, optional name (Data 2.4.2.1)."""
    agent = _object(value, path)
    if "objectType" in agent and agent["objectType"] != "Agent":
        raise _fail(f"{path}.objectType", _('%(path)s must be "Agent".'))
    _keys(agent, AGENT_KEYS, path)
    if "name" in agent:
        _string(agent["name"], f"{path}.name")
    if _ifis(agent, path) != 1:
        raise _fail(path, _("%(path)s must have exactly one inverse functional identifier."))


def group_validate(value: object, path: str) -> None:
    """A Group: anonymous (members, no IFI) or identified (exactly one IFI) (Data 2.4.2.2)."""
    group = _object(value, path)
    if group.get("objectType") != "Group":
        raise _fail(f"{path}.objectType", _('%(path)s must be "Group".'))
    _keys(group, GROUP_KEYS, path)
    if "name" in group:
        _string(group["name"], f"{path}.name")
    if "member" in group:
        members = group["member"]
        if not isinstance(members, list):
            raise _fail(f"{path}.member", _("%(path)s must be an array of Agents."))
        for index, member in enumerate(members):
            agent_validate(member, f"{path}.member[{index}]")
    identifiers = _ifis(group, path)
    if identifiers > 1:
        raise _fail(path, _("%(path)s must have at most one inverse functional identifier."))
    if identifiers == 0 and "member" not in group:
        raise _fail(f"{path}.member", _("%(path)s is required in an anonymous Group."))


def actor_validate(value: object, path: str) -> None:
    """An Agent or a Group, told apart by objectType (Data 2.4.2)."""
    actor = _object(value, path)
    if actor.get("objectType") == "Group":
        group_validate(actor, path)
    else:
        agent_validate(actor, path)


def authority_validate(value: object, path: str) -> None:
    """An Agent, or a Group of exactly two Agents (OAuth consumer and user) (Data 2.4.9)."""
    authority = _object(value, path)
    if authority.get("objectType") == "Group":
        group_validate(authority, path)
        if any(key in authority for key in IFI_KEYS):
            raise _fail(path, _("%(path)s must be an anonymous Group (an OAuth pair)."))
        members = authority.get("member")
        if not isinstance(members, list) or len(members) != 2:
            raise _fail(f"{path}.member", _("%(path)s must hold exactly two Agents."))
    else:
        agent_validate(authority, path)


# --- verb and objects --------------------------------------------------------------------


def verb_validate(value: object, path: str) -> None:
    verb = _object(value, path)
    _keys(verb, frozenset({"id", "display"}), path)
    _required(verb, ("id",), path)
    _iri(verb["id"], f"{path}.id")
    if "display" in verb:
        language_map_validate(verb["display"], f"{path}.display")


def _components(value: object, path: str) -> None:
    if not isinstance(value, list):
        raise _fail(path, _("%(path)s must be an array of interaction components."))
    seen: set[str] = set()
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        component = _object(item, item_path)
        _keys(component, frozenset({"id", "description"}), item_path)
        _required(component, ("id",), item_path)
        _string(component["id"], f"{item_path}.id")
        if component["id"] in seen:
            raise _fail(f"{item_path}.id", _("%(path)s repeats an interaction component id."))
        seen.add(component["id"])
        if "description" in component:
            language_map_validate(component["description"], f"{item_path}.description")


def definition_validate(value: object, path: str) -> None:
    """An Activity Definition with its interaction properties (Data 2.4.4.1)."""
    definition = _object(value, path)
    _keys(definition, DEFINITION_KEYS, path)
    for key in ("name", "description"):
        if key in definition:
            language_map_validate(definition[key], f"{path}.{key}")
    for key in ("type", "moreInfo"):
        if key in definition:
            _iri(definition[key], f"{path}.{key}")
    if "extensions" in definition:
        extensions_validate(definition["extensions"], f"{path}.extensions")
    _interaction_validate(definition, path)


def _interaction_validate(definition: Mapping[str, Any], path: str) -> None:
    """interactionType, correctResponsesPattern and the component lists it allows."""
    interaction = definition.get("interactionType")
    used = [key for key in (*COMPONENT_LISTS, "correctResponsesPattern") if key in definition]
    if "interactionType" not in definition:
        if used:
            raise _fail(f"{path}.interactionType", _("%(path)s is required with interactions."))
        return
    if not isinstance(interaction, str) or interaction not in INTERACTION_TYPES:
        raise _fail(f"{path}.interactionType", _("%(path)s is not an xAPI interaction type."))
    if "correctResponsesPattern" in definition:
        pattern = definition["correctResponsesPattern"]
        if not isinstance(pattern, list) or not all(isinstance(p, str) for p in pattern):
            raise _fail(
                f"{path}.correctResponsesPattern", _("%(path)s must be an array of strings.")
            )
    allowed = INTERACTION_TYPES[interaction]
    for key in sorted(COMPONENT_LISTS):
        if key in definition:
            if key not in allowed:
                raise _fail(f"{path}.{key}", _("%(path)s is not allowed for this interactionType."))
            _components(definition[key], f"{path}.{key}")


def activity_validate(value: object, path: str) -> None:
    activity = _object(value, path)
    if "objectType" in activity and activity["objectType"] != "Activity":
        raise _fail(f"{path}.objectType", _('%(path)s must be "Activity".'))
    _keys(activity, ACTIVITY_KEYS, path)
    _required(activity, ("id",), path)
    _iri(activity["id"], f"{path}.id")
    if "definition" in activity:
        definition_validate(activity["definition"], f"{path}.definition")


def statement_ref_validate(value: object, path: str) -> None:
    ref = _object(value, path)
    _keys(ref, frozenset({"objectType", "id"}), path)
    if ref.get("objectType") != "StatementRef":
        raise _fail(f"{path}.objectType", _('%(path)s must be "StatementRef".'))
    _required(ref, ("id",), path)
    _uuid(ref["id"], f"{path}.id")


def object_validate(value: object, path: str, *, nested: bool) -> str:
    """The statement's object; return its objectType (Data 2.4.4)."""
    obj = _object(value, path)
    object_type = obj.get("objectType", "Activity")
    if object_type == "Activity":
        activity_validate(obj, path)
    elif object_type == "Agent":
        agent_validate(obj, path)
    elif object_type == "Group":
        group_validate(obj, path)
    elif object_type == "StatementRef":
        statement_ref_validate(obj, path)
    elif object_type == "SubStatement" and not nested:
        substatement_validate(obj, path)
    elif object_type == "SubStatement":
        raise _fail(f"{path}.objectType", _("%(path)s: a SubStatement cannot hold a SubStatement."))
    else:
        raise _fail(f"{path}.objectType", _("%(path)s is not an xAPI object type."))
    return str(object_type)


# --- result, context, attachments --------------------------------------------------------


def score_validate(value: object, path: str) -> None:
    score = _object(value, path)
    _keys(score, SCORE_KEYS, path)
    for key in SCORE_KEYS:
        if key in score and not _is_number(score[key]):
            raise _fail(f"{path}.{key}", _("%(path)s must be a number."))
    if "scaled" in score and not -1 <= score["scaled"] <= 1:
        raise _fail(f"{path}.scaled", _("%(path)s must lie between -1 and 1."))
    if "min" in score and "max" in score and not score["min"] < score["max"]:
        raise _fail(f"{path}.min", _("%(path)s must be less than max."))
    if "raw" in score:
        if "min" in score and score["raw"] < score["min"]:
            raise _fail(f"{path}.raw", _("%(path)s must not be less than min."))
        if "max" in score and score["raw"] > score["max"]:
            raise _fail(f"{path}.raw", _("%(path)s must not be greater than max."))


def result_validate(value: object, path: str) -> None:
    result = _object(value, path)
    _keys(result, RESULT_KEYS, path)
    if "score" in result:
        score_validate(result["score"], f"{path}.score")
    for key in ("success", "completion"):
        if key in result:
            _boolean(result[key], f"{path}.{key}")
    if "response" in result:
        _string(result["response"], f"{path}.response")
    if "duration" in result and not is_duration(result["duration"]):
        raise _fail(f"{path}.duration", _("%(path)s must be an ISO 8601 duration."))
    if "extensions" in result:
        extensions_validate(result["extensions"], f"{path}.extensions")


def context_validate(value: object, path: str, *, object_type: str) -> None:
    """Context; revision and platform only with an Activity object (Data 2.4.6)."""
    context = _object(value, path)
    _keys(context, CONTEXT_KEYS, path)
    if "registration" in context:
        _uuid(context["registration"], f"{path}.registration")
    if "instructor" in context:
        actor_validate(context["instructor"], f"{path}.instructor")
    if "team" in context:
        group_validate(context["team"], f"{path}.team")
    if "contextActivities" in context:
        activities = _object(context["contextActivities"], f"{path}.contextActivities")
        _keys(activities, CONTEXT_ACTIVITY_KEYS, f"{path}.contextActivities")
        for key, entry in activities.items():
            entry_path = f"{path}.contextActivities.{key}"
            for index, activity in enumerate(entry if isinstance(entry, list) else [entry]):
                activity_validate(activity, f"{entry_path}[{index}]")
    for key in ("revision", "platform"):
        if key in context:
            _string(context[key], f"{path}.{key}")
            if object_type != "Activity":
                raise _fail(
                    f"{path}.{key}", _("%(path)s may be used only when the object is an Activity.")
                )
    if "language" in context and not is_language_tag(context["language"]):
        raise _fail(f"{path}.language", _("%(path)s must be an RFC 5646 language tag."))
    if "statement" in context:
        statement_ref_validate(context["statement"], f"{path}.statement")
    if "extensions" in context:
        extensions_validate(context["extensions"], f"{path}.extensions")


def attachments_validate(value: object, path: str) -> None:
    if not isinstance(value, list):
        raise _fail(path, _("%(path)s must be an array of attachments."))
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        attachment = _object(item, item_path)
        _keys(attachment, ATTACHMENT_KEYS, item_path)
        _required(attachment, ("usageType", "display", "contentType", "length", "sha2"), item_path)
        _iri(attachment["usageType"], f"{item_path}.usageType")
        language_map_validate(attachment["display"], f"{item_path}.display")
        if "description" in attachment:
            language_map_validate(attachment["description"], f"{item_path}.description")
        content_type = attachment["contentType"]
        if not (isinstance(content_type, str) and _MEDIA_TYPE.fullmatch(content_type)):
            raise _fail(f"{item_path}.contentType", _("%(path)s must be an Internet media type."))
        length = attachment["length"]
        if not isinstance(length, int) or isinstance(length, bool) or length < 0:
            raise _fail(f"{item_path}.length", _("%(path)s must be a non-negative integer."))
        sha2 = attachment["sha2"]
        if not (isinstance(sha2, str) and _SHA2_HEX.fullmatch(sha2)):
            raise _fail(f"{item_path}.sha2", _("%(path)s must be a SHA-2 hex digest."))
        if "fileUrl" in attachment:
            _iri(attachment["fileUrl"], f"{item_path}.fileUrl")


# --- statements --------------------------------------------------------------------------


def _core_validate(statement: Mapping[str, Any], path: str, *, nested: bool) -> str:
    _required(statement, ("actor", "verb", "object"), path)
    actor_validate(statement["actor"], f"{path}.actor")
    verb_validate(statement["verb"], f"{path}.verb")
    object_type = object_validate(statement["object"], f"{path}.object", nested=nested)
    if "result" in statement:
        result_validate(statement["result"], f"{path}.result")
    if "context" in statement:
        context_validate(statement["context"], f"{path}.context", object_type=object_type)
    if "timestamp" in statement:
        _timestamp(statement["timestamp"], f"{path}.timestamp")
    if "attachments" in statement:
        attachments_validate(statement["attachments"], f"{path}.attachments")
    return object_type


def substatement_validate(value: object, path: str) -> None:
    """A SubStatement: a statement without id, stored, version, authority (Data 2.4.4.3)."""
    substatement = _object(value, path)
    for key in ("id", "stored", "version", "authority"):
        if key in substatement:
            raise _fail(f"{path}.{key}", _("%(path)s must not appear in a SubStatement."))
    _keys(substatement, SUBSTATEMENT_KEYS, path)
    _core_validate(substatement, path, nested=True)


def statement_validate(value: object) -> None:
    """Raise `StatementInvalid` unless `value` is a valid xAPI 1.0.3 statement (FP-1)."""
    path = "statement"
    statement = _object(value, path)
    _keys(statement, STATEMENT_KEYS, path)
    if "id" in statement:
        _uuid(statement["id"], f"{path}.id")
    object_type = _core_validate(statement, path, nested=False)
    verb_id = statement["verb"]["id"]
    if verb_id == VOIDED_VERB and object_type != "StatementRef":
        # Data 2.3.2: a voiding statement's object is the StatementRef of its target.
        raise _fail(f"{path}.object", _("%(path)s of a voiding statement must be a StatementRef."))
    if "stored" in statement:
        _timestamp(statement["stored"], f"{path}.stored")
    if "authority" in statement:
        authority_validate(statement["authority"], f"{path}.authority")
    if "version" in statement:
        version = statement["version"]
        if not (isinstance(version, str) and _VERSION.fullmatch(version)):
            raise _fail(f"{path}.version", _("%(path)s must be 1.0 or 1.0.x."))


def statements_validate(value: object) -> list[dict[str, Any]]:
    """A POST body: one statement or an array of them; return the list (Communication 2.1)."""
    items = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        try:
            statement_validate(item)
        except StatementInvalid as error:
            if len(items) > 1 or isinstance(value, list):
                raise StatementInvalid(
                    _("Statement %(index)d: %(message)s")
                    % {"index": index, "message": error.message},
                    **error.extra,
                ) from error
            raise
    ids = [item["id"].lower() for item in items if "id" in item]
    if len(ids) != len(set(ids)):
        raise StatementInvalid(_("The batch holds two statements with the same id."))
    return items


def uuid_parse(value: str, name: str) -> UUID:
    """A UUID query parameter, or `StatementInvalid` (Data 2.2.s4.b4: parameters follow the
    statement rules)."""
    if not is_uuid(value):
        raise _fail(name, _("%(path)s must be a UUID in its standard string form."))
    return UUID(value)
