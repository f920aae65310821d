"""The document resources, conformance-style (xAPI 1.0.3 Communication 2.2, 2.3, 2.6, 2.7
and 3.1): status codes, headers, merging, listing, deleting and concurrency."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest

from qashyq.lrs import services
from qashyq.lrs.models import Document, DocumentKind
from qashyq.lrs.tests.conftest import Issued, XapiClient

pytestmark = pytest.mark.django_db

ACTIVITY = "http://www.example.com/activityId/hashset"
AGENT = {
    "objectType": "Agent",
    "account": {"homePage": "http://www.example.com/agentId/1", "name": "Rick James"},
}
STATE = "/xapi/activities/state"
ACTIVITY_PROFILE = "/xapi/activities/profile"
AGENT_PROFILE = "/xapi/agents/profile"


def q(**params: Any) -> str:
    return urlencode({k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()})


def state_url(**extra: Any) -> str:
    params: dict[str, Any] = {"activityId": ACTIVITY, "agent": AGENT}
    params.update(extra)
    params = {k: v for k, v in params.items() if v is not None}
    return f"{STATE}?{q(**params)}"


def put(
    xapi: XapiClient, url: str, body: object, content_type: str = "application/json", **headers: str
) -> Any:
    data = (
        json.dumps(body)
        if content_type == "application/json" and not isinstance(body, str)
        else body
    )
    return xapi.put(url, data=data, content_type=content_type, headers=headers)


def post(
    xapi: XapiClient, url: str, body: object, content_type: str = "application/json", **headers: str
) -> Any:
    data = (
        json.dumps(body)
        if content_type == "application/json" and not isinstance(body, str)
        else body
    )
    return xapi.generic("POST", url, data=data, content_type=content_type, headers=headers)


def etag_of(content: bytes) -> str:
    """The quoted SHA-1 the LRS sends as ETag (Communication 3.1)."""
    return '"' + hashlib.sha1(content, usedforsecurity=False).hexdigest() + '"'


def body(response: Any) -> Any:
    return json.loads(response.content)


# --- the state resource --------------------------------------------------------------


def test_a_state_put_then_get_returns_the_document_with_its_etag(xapi: XapiClient) -> None:
    url = state_url(stateId="s1")
    assert put(xapi, url, {"a": 1}).status_code == 204
    response = xapi.get(url)
    assert response.status_code == 200
    assert response.content == b'{"a": 1}'
    assert response["Content-Type"] == "application/json"
    assert response["ETag"] == etag_of(b'{"a": 1}')
    assert response["Last-Modified"].endswith(" GMT")
    assert response["X-Experience-API-Version"] == "1.0.3"


def test_a_state_keeps_any_content_type_byte_for_byte(xapi: XapiClient) -> None:
    url = state_url(stateId="bin")
    raw = bytes(range(256))
    assert xapi.put(url, data=raw, content_type="application/octet-stream").status_code == 204
    response = xapi.get(url)
    assert response.content == raw
    assert response["Content-Type"] == "application/octet-stream"


def test_a_missing_state_is_404(xapi: XapiClient) -> None:
    assert xapi.get(state_url(stateId="nothing")).status_code == 404


def test_head_gives_the_etag_without_the_body(xapi: XapiClient) -> None:
    url = state_url(stateId="h")
    put(xapi, url, {"a": 1})
    response = xapi.head(url)
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"] == etag_of(b'{"a": 1}')


@pytest.mark.parametrize("method", ["get", "put", "post", "delete"])
@pytest.mark.parametrize("missing", ["activityId", "agent"])
def test_a_state_request_without_activity_or_agent_is_400(
    xapi: XapiClient, method: str, missing: str
) -> None:
    url = state_url(stateId="s", **{missing: None})
    response = xapi.generic(method.upper(), url, data="{}", content_type="application/json")
    assert response.status_code == 400
    assert Document.objects.count() == 0


@pytest.mark.parametrize("method", ["put", "post"])
def test_a_state_write_without_state_id_is_400(xapi: XapiClient, method: str) -> None:
    response = xapi.generic(method.upper(), state_url(), data="{}", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "agent",
    [
        "not json",
        "true",
        json.dumps({"objectType": "Agent"}),
        json.dumps({"mbox": "a@example.com"}),
        json.dumps({"mbox": "mailto:a@example.com", "openid": "http://openid.example/a"}),
        json.dumps({"mbox_sha1sum": "xyz"}),
        json.dumps({"account": {"homePage": "example.com", "name": "a"}}),
        json.dumps({"objectType": "Activity", "id": "http://example.com/a"}),
        json.dumps({"mbox": "mailto:a@example.com", "surname": "A"}),
    ],
)
@pytest.mark.parametrize("method", ["GET", "PUT", "POST", "DELETE"])
def test_an_invalid_agent_is_400(xapi: XapiClient, agent: str, method: str) -> None:
    url = f"{STATE}?{urlencode({'activityId': ACTIVITY, 'agent': agent, 'stateId': 's'})}"
    response = xapi.generic(method, url, data="{}", content_type="application/json")
    assert response.status_code == 400
    assert body(response)["code"] == "bad_request"


@pytest.mark.parametrize("method", ["GET", "PUT", "POST", "DELETE"])
def test_an_invalid_registration_or_activity_is_400(xapi: XapiClient, method: str) -> None:
    for url in (state_url(stateId="s", registration="not-a-uuid"), state_url(activityId="true")):
        response = xapi.generic(method, url, data="{}", content_type="application/json")
        assert response.status_code == 400


def test_wrongly_cased_parameters_are_400(xapi: XapiClient) -> None:
    url = f"{STATE}?{q(activityId=ACTIVITY, agent=AGENT, StateId='s')}"
    assert put(xapi, url, {"a": 1}).status_code == 400


def test_registrations_keep_separate_states(xapi: XapiClient) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    put(xapi, state_url(stateId="s", registration=first), {"r": 1})
    put(xapi, state_url(stateId="s", registration=second), {"r": 2})
    put(xapi, state_url(stateId="s"), {"r": 0})
    assert body(xapi.get(state_url(stateId="s", registration=first))) == {"r": 1}
    assert body(xapi.get(state_url(stateId="s", registration=second))) == {"r": 2}
    assert body(xapi.get(state_url(stateId="s"))) == {"r": 0}
    assert body(xapi.get(state_url(registration=first))) == ["s"]


def test_the_same_agent_named_differently_is_the_same_agent(xapi: XapiClient) -> None:
    put(xapi, state_url(stateId="s"), {"x": 1})
    renamed = {**AGENT, "name": "Rick"}
    assert body(xapi.get(state_url(stateId="s", agent=renamed))) == {"x": 1}
    other = {"mbox": "mailto:other@example.com"}
    assert xapi.get(state_url(stateId="s", agent=other)).status_code == 404


def test_an_identified_group_may_own_state(xapi: XapiClient) -> None:
    group = {"objectType": "Group", "mbox": "mailto:team@example.com", "member": []}
    assert put(xapi, state_url(stateId="g", agent=group), {"g": 1}).status_code == 204
    assert body(xapi.get(state_url(stateId="g", agent=group))) == {"g": 1}


def test_getting_state_ids_lists_them_and_since_filters_them(xapi: XapiClient) -> None:
    for state_id in ("a", "b", "c"):
        put(xapi, state_url(stateId=state_id), {"id": state_id})
    put(xapi, state_url(stateId="other", activityId="http://example.com/other"), {})
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    Document.objects.filter(document_id="a").update(updated=old)
    assert sorted(body(xapi.get(state_url()))) == ["a", "b", "c"]
    since = state_url(since="2021-01-01T00:00:00Z")
    assert sorted(body(xapi.get(since))) == ["b", "c"]
    assert sorted(body(xapi.get(state_url(since="2019-12-31T23:59:59+00:00")))) == [
        "a",
        "b",
        "c",
    ]
    assert xapi.get(state_url(since="yesterday")).status_code == 400


def test_deleting_one_state_and_all_of_them(xapi: XapiClient) -> None:
    registration = str(uuid.uuid4())
    for state_id in ("a", "b"):
        put(xapi, state_url(stateId=state_id), {})
    put(xapi, state_url(stateId="r", registration=registration), {})
    assert xapi.delete(state_url(stateId="a")).status_code == 204
    assert xapi.get(state_url(stateId="a")).status_code == 404
    assert xapi.delete(state_url(stateId="a")).status_code == 204
    assert xapi.delete(state_url()).status_code == 204
    assert body(xapi.get(state_url())) == []
    assert body(xapi.get(state_url(registration=registration))) == ["r"]


def test_post_creates_a_missing_state(xapi: XapiClient) -> None:
    assert post(xapi, state_url(stateId="new"), {"a": 1}).status_code == 204
    assert body(xapi.get(state_url(stateId="new"))) == {"a": 1}


def test_post_merges_one_level_deep(xapi: XapiClient) -> None:
    url = state_url(stateId="m")
    put(xapi, url, {"keep": 1, "replace": {"x": 1, "y": 2}, "over": "old"})
    assert post(xapi, url, {"replace": {"z": 3}, "over": "new", "added": True}).status_code == 204
    response = xapi.get(url)
    assert body(response) == {
        "keep": 1,
        "replace": {"z": 3},
        "over": "new",
        "added": True,
    }
    merged = response.content
    assert response["ETag"] == etag_of(merged)


def test_post_of_non_json_onto_json_is_400_and_changes_nothing(xapi: XapiClient) -> None:
    url = state_url(stateId="j")
    post(xapi, url, {"a": 1})
    assert post(xapi, url, "abcdefg", content_type="not/json").status_code == 400
    assert body(xapi.get(url)) == {"a": 1}


def test_post_of_json_onto_non_json_is_400_and_changes_nothing(xapi: XapiClient) -> None:
    url = state_url(stateId="o")
    put(xapi, url, "/ asdf / undefined", content_type="application/octet-stream")
    assert post(xapi, url, {"a": 1}).status_code == 400
    assert xapi.get(url).content == b"/ asdf / undefined"


@pytest.mark.parametrize("bad", ['{"a": 1}{', "[1, 2]", '"text"'])
def test_post_of_json_that_is_no_object_is_400_and_changes_nothing(
    xapi: XapiClient, bad: str
) -> None:
    url = state_url(stateId="b")
    post(xapi, url, {"a": 1})
    assert post(xapi, url, bad).status_code == 400
    assert body(xapi.get(url)) == {"a": 1}


def test_state_writes_need_no_concurrency_headers_but_honour_them(xapi: XapiClient) -> None:
    url = state_url(stateId="c")
    assert put(xapi, url, {"v": 1}).status_code == 204
    assert put(xapi, url, {"v": 2}).status_code == 204
    etag = xapi.get(url)["ETag"]
    assert put(xapi, url, {"v": 3}, **{"If-Match": '"' + "1" * 40 + '"'}).status_code == 412
    assert put(xapi, url, {"v": 3}, **{"If-None-Match": "*"}).status_code == 412
    assert put(xapi, url, {"v": 3}, **{"If-Match": etag, "If-None-Match": etag}).status_code == 412
    assert body(xapi.get(url)) == {"v": 2}
    assert put(xapi, url, {"v": 3}, **{"If-Match": etag.upper()}).status_code == 204
    assert body(xapi.get(url)) == {"v": 3}


def test_post_and_delete_honour_if_match(xapi: XapiClient) -> None:
    url = state_url(stateId="p")
    put(xapi, url, {"v": 1})
    wrong = '"' + "0" * 40 + '"'
    assert post(xapi, url, {"w": 1}, **{"If-Match": wrong}).status_code == 412
    assert xapi.delete(url, headers={"If-Match": wrong}).status_code == 412
    assert body(xapi.get(url)) == {"v": 1}
    assert xapi.delete(url, headers={"If-Match": "*"}).status_code == 204
    assert xapi.get(url).status_code == 404


def test_the_alternate_request_syntax_reaches_the_state(xapi: XapiClient) -> None:
    issued_auth = xapi.defaults  # the test client's own headers go into the form
    form = {
        "Authorization": issued_auth["HTTP_AUTHORIZATION"],
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
        "activityId": ACTIVITY,
        "agent": json.dumps(AGENT),
        "stateId": "alt",
        "content": json.dumps({"alt": True}),
    }
    response = XapiClient(None).post(
        f"{STATE}?method=PUT",
        data=urlencode(form),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 204
    assert body(xapi.get(state_url(stateId="alt"))) == {"alt": True}


def test_a_client_without_the_documents_right_gets_403(xapi: XapiClient) -> None:
    client, credentials = services.client_create(name="no docs", can_documents=False)
    limited = XapiClient(Issued(client=client, credentials=credentials))
    assert limited.get(state_url(stateId="s")).status_code == 403
    assert put(limited, state_url(stateId="s"), {}).status_code == 403
    assert Document.objects.count() == 0


def test_documents_need_credentials(xapi: XapiClient) -> None:
    assert XapiClient(None).get(state_url(stateId="s")).status_code == 401


# --- the profile resources -----------------------------------------------------------


def activity_profile_url(**extra: Any) -> str:
    params: dict[str, Any] = {"activityId": ACTIVITY, **extra}
    return f"{ACTIVITY_PROFILE}?{q(**{k: v for k, v in params.items() if v is not None})}"


def agent_profile_url(**extra: Any) -> str:
    params: dict[str, Any] = {"agent": AGENT, **extra}
    return f"{AGENT_PROFILE}?{q(**{k: v for k, v in params.items() if v is not None})}"


UrlOf = Callable[..., str]
PROFILE_URLS: list[UrlOf] = [activity_profile_url, agent_profile_url]


@pytest.mark.parametrize("url_of", PROFILE_URLS)
def test_a_profile_put_without_concurrency_headers(xapi: XapiClient, url_of: UrlOf) -> None:
    url = url_of(profileId="p")
    response = put(xapi, url, {"v": 1})
    assert response.status_code == 400  # new document: a PUT must say which it expects
    assert put(xapi, url, {"v": 1}, **{"If-None-Match": "*"}).status_code == 204
    response = put(xapi, url, {"v": 2})
    assert response.status_code == 409  # it exists: the client must send its ETag
    assert body(response)["message"]
    assert body(xapi.get(url)) == {"v": 1}


@pytest.mark.parametrize("url_of", PROFILE_URLS)
def test_profile_concurrency(xapi: XapiClient, url_of: UrlOf) -> None:
    url = url_of(profileId="c")
    assert put(xapi, url, {"v": 1}, **{"If-None-Match": "*"}).status_code == 204
    assert put(xapi, url, {"v": 9}, **{"If-None-Match": "*"}).status_code == 412
    etag = xapi.get(url)["ETag"]
    assert etag == etag_of(b'{"v": 1}')
    bad = '"' + "1" * 40 + '"'
    assert put(xapi, url, {"v": 9}, **{"If-Match": bad}).status_code == 412
    assert body(xapi.get(url)) == {"v": 1}
    assert put(xapi, url, {"v": 2}, **{"If-Match": etag}).status_code == 204
    assert body(xapi.get(url)) == {"v": 2}
    assert put(xapi, url, {"v": 3}, **{"If-Match": etag}).status_code == 412  # stale
    missing = url_of(profileId="absent")
    assert put(xapi, missing, {"v": 1}, **{"If-Match": "*"}).status_code == 412
    assert xapi.get(missing).status_code == 404


@pytest.mark.parametrize("url_of", PROFILE_URLS)
def test_profile_post_merges_and_lists(xapi: XapiClient, url_of: UrlOf) -> None:
    assert post(xapi, url_of(profileId="a"), {"x": 1, "y": {"k": 1}}).status_code == 204
    assert post(xapi, url_of(profileId="a"), {"y": {"j": 2}}).status_code == 204
    assert body(xapi.get(url_of(profileId="a"))) == {"x": 1, "y": {"j": 2}}
    post(xapi, url_of(profileId="b"), {})
    Document.objects.filter(document_id="a").update(updated=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert sorted(body(xapi.get(url_of()))) == ["a", "b"]
    assert body(xapi.get(url_of(since="2021-06-01T12:00:00.000Z"))) == ["b"]
    assert xapi.get(url_of(since="not a time")).status_code == 400
    assert post(xapi, url_of(profileId="a"), "plain", content_type="text/plain").status_code == 400


@pytest.mark.parametrize("url_of", PROFILE_URLS)
def test_profile_delete(xapi: XapiClient, url_of: UrlOf) -> None:
    post(xapi, url_of(profileId="d"), {"v": 1})
    assert xapi.delete(url_of()).status_code == 400  # a profile is deleted one at a time
    assert xapi.get(url_of(profileId="d")).status_code == 200
    assert xapi.delete(url_of(profileId="d")).status_code == 204
    assert xapi.get(url_of(profileId="d")).status_code == 404


@pytest.mark.parametrize("method", ["GET", "PUT", "POST", "DELETE"])
def test_profile_requests_without_their_object_are_400(xapi: XapiClient, method: str) -> None:
    for url in (
        f"{ACTIVITY_PROFILE}?profileId=p",
        f"{AGENT_PROFILE}?profileId=p",
        activity_profile_url(activityId="true", profileId="p"),
        agent_profile_url(agent={"mbox": "nope"}, profileId="p"),
        agent_profile_url(profileId="p", activityId=ACTIVITY),
    ):
        response = xapi.generic(
            method, url, data="{}", content_type="application/json", headers={"If-None-Match": "*"}
        )
        assert response.status_code == 400, url


def test_profiles_of_activities_and_agents_do_not_mix(xapi: XapiClient) -> None:
    put(xapi, activity_profile_url(profileId="same"), {"of": "activity"}, **{"If-None-Match": "*"})
    put(xapi, agent_profile_url(profileId="same"), {"of": "agent"}, **{"If-None-Match": "*"})
    assert body(xapi.get(activity_profile_url(profileId="same"))) == {"of": "activity"}
    assert body(xapi.get(agent_profile_url(profileId="same"))) == {"of": "agent"}
    kinds = set(Document.objects.values_list("kind", flat=True))
    assert kinds == {DocumentKind.ACTIVITY_PROFILE, DocumentKind.AGENT_PROFILE}
