"""xAPI agents in the query parameters of the document and agents resources: parse the
JSON and check it names exactly one inverse functional identifier. Their canonical key
(`mbox:mailto:a@b`, `account:<homePage>|<name>` …) is the footprint's `agent_key`, the
one its statements' `actor_key` holds, so documents and statements name agents alike."""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils.translation import gettext as _

from qashyq.lrs.errors import XapiError

IFI_PROPERTIES = ("mbox", "mbox_sha1sum", "openid", "account")
_SHA1 = re.compile(r"^[0-9a-fA-F]{40}$")
_AGENT_PROPERTIES = {"objectType", "name", *IFI_PROPERTIES}


def agent_validate(agent: object, *, allow_group: bool = False) -> dict[str, Any]:
    """The agent, when it is a valid xAPI Agent (or, with `allow_group`, an identified
    Group) with exactly one identifier; otherwise XapiError 400 (xAPI 1.0.3 Data 2.4.2.1,
    2.4.2.2, 2.4.2.4)."""
    if not isinstance(agent, dict):
        raise XapiError(400, _("The agent must be a JSON object."))
    object_type = agent.get("objectType", "Agent")
    allowed = {"Agent", "Group"} if allow_group else {"Agent"}
    if object_type not in allowed:
        raise XapiError(400, _("The agent's objectType must be Agent."))
    properties = _AGENT_PROPERTIES | ({"member"} if object_type == "Group" else set())
    if object_type == "Group" and not isinstance(agent.get("member", []), list):
        raise XapiError(400, _("A group's member must be a list of agents."))
    unknown = set(agent) - properties
    if unknown:
        raise XapiError(
            400,
            _("The agent has unknown properties: %(names)s")
            % {"names": ", ".join(sorted(unknown))},
        )
    present = [p for p in IFI_PROPERTIES if p in agent]
    if len(present) != 1:
        raise XapiError(400, _("An agent must have exactly one inverse functional identifier."))
    if "name" in agent and not isinstance(agent["name"], str):
        raise XapiError(400, _("The agent's name must be a string."))
    _ifi_validate(present[0], agent[present[0]])
    return agent


def _ifi_validate(ifi: str, value: object) -> None:
    if ifi == "mbox":
        if not isinstance(value, str) or not value.startswith("mailto:") or "@" not in value:
            raise XapiError(400, _("An mbox must be a mailto: IRI."))
    elif ifi == "mbox_sha1sum":
        if not isinstance(value, str) or not _SHA1.match(value):
            raise XapiError(400, _("An mbox_sha1sum must be 40 hexadecimal digits."))
    elif ifi == "openid":
        if not isinstance(value, str) or not iri_is_valid(value):
            raise XapiError(400, _("An openid must be an absolute IRI."))
    else:
        account_validate(value)


def account_validate(account: object) -> None:
    if (
        not isinstance(account, dict)
        or set(account) != {"homePage", "name"}
        or not isinstance(account["homePage"], str)
        or not isinstance(account["name"], str)
        or not iri_is_valid(account["homePage"])
    ):
        raise XapiError(400, _("An account must have exactly a homePage IRL and a name."))


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S")


def iri_is_valid(value: str) -> bool:
    """An absolute IRI: a scheme, a colon, and no white space (RFC 3987's shape)."""
    return bool(_SCHEME.match(value)) and not any(c.isspace() for c in value)


def agent_parse(raw: str, *, allow_group: bool = False) -> dict[str, Any]:
    """The `agent` query parameter: JSON text of an Agent (400 when it is not one)."""
    try:
        value = json.loads(raw)
    except ValueError as error:
        raise XapiError(400, _("The agent parameter is not valid JSON.")) from error
    return agent_validate(value, allow_group=allow_group)
