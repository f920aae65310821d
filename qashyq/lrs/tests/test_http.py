"""The HTTP rules every xAPI resource shares (xAPI 1.0.3 Communication part 1): the
version header, authentication, the alternate request syntax, HEAD, CORS, errors."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client as PlainClient
from django.test import RequestFactory

from qashyq.lrs import services
from qashyq.lrs.http import json_response, params_check, xapi_view
from qashyq.lrs.models import Client
from qashyq.lrs.tests.conftest import Issued, XapiClient

pytestmark = pytest.mark.django_db


@xapi_view(methods={"GET", "PUT"})
def echo(request: HttpRequest, client: Client) -> HttpResponse:
    params = params_check(request, allowed={"a", "b"})
    return json_response(
        {
            "client": client.key,
            "method": request.method,
            "params": dict(params.items()),
            "body": request.body.decode(),
            "content_type": request.META.get("CONTENT_TYPE", ""),
            "if_match": request.META.get("HTTP_IF_MATCH", ""),
        }
    )


def _call(method: str, path: str = "/xapi/x", *, data: str = "", **headers: str) -> HttpResponse:
    factory = RequestFactory()
    request = factory.generic(
        method, path, data=data, content_type=headers.pop("content_type", ""), headers=headers
    )
    return echo(request)


def test_a_valid_request_reaches_the_handler_with_its_client(issued: Issued) -> None:
    response = _call(
        "GET", "/xapi/x?a=1", **{"X-Experience-API-Version": "1.0.3", "Authorization": issued.basic}
    )
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert json.loads(response.content)["client"] == issued.credentials.key
    assert json.loads(response.content)["params"] == {"a": "1"}


def test_a_bearer_token_authenticates(issued: Issued) -> None:
    response = _call("GET", **{"X-Experience-API-Version": "1.0.3", "Authorization": issued.bearer})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "authorization",
    ["", "Basic", "Basic !!!", "Bearer nope", "Basic " + base64.b64encode(b"nokey").decode()],
)
def test_missing_or_bad_credentials_get_401(issued: Issued, authorization: str) -> None:
    headers = {"X-Experience-API-Version": "1.0.3"}
    if authorization:
        headers["Authorization"] = authorization
    response = _call("GET", **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="xAPI"'
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert json.loads(response.content)["code"] == "unauthorized"


def test_a_wrong_secret_gets_401(issued: Issued) -> None:
    raw = f"{issued.credentials.key}:wrong".encode()
    response = _call(
        "GET",
        **{
            "X-Experience-API-Version": "1.0.3",
            "Authorization": "Basic " + base64.b64encode(raw).decode(),
        },
    )
    assert response.status_code == 401


def test_a_revoked_client_gets_401(issued: Issued) -> None:
    services.client_revoke(client=issued.client)
    response = _call("GET", **{"X-Experience-API-Version": "1.0.3", "Authorization": issued.basic})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("version", "status"),
    [
        (None, 400),
        ("0.95", 400),
        ("0.9", 400),
        ("1.1.0", 400),
        ("2.0.0", 400),
        ("1.0", 200),
        ("1.0.0", 200),
        ("1.0.1", 200),
        ("1.0.3", 200),
        ("1.0.9", 200),
    ],
)
def test_the_version_header(issued: Issued, version: str | None, status: int) -> None:
    headers = {"Authorization": issued.basic}
    if version is not None:
        headers["X-Experience-API-Version"] = version
    response = _call("GET", **headers)
    assert response.status_code == status
    assert response["X-Experience-API-Version"] == "1.0.3"


def test_a_method_the_resource_lacks_gets_405(issued: Issued) -> None:
    response = _call(
        "DELETE", **{"X-Experience-API-Version": "1.0.3", "Authorization": issued.basic}
    )
    assert response.status_code == 405


def test_unknown_wrongly_cased_or_repeated_parameters_get_400(issued: Issued) -> None:
    headers = {"X-Experience-API-Version": "1.0.3", "Authorization": issued.basic}
    assert _call("GET", "/xapi/x?A=1", **headers).status_code == 400
    assert _call("GET", "/xapi/x?c=1", **headers).status_code == 400
    assert _call("GET", "/xapi/x?a=1&a=2", **headers).status_code == 400


def test_head_answers_like_get_without_a_body(issued: Issued) -> None:
    response = _call("HEAD", **{"X-Experience-API-Version": "1.0.3", "Authorization": issued.basic})
    assert response.status_code == 200
    assert response.content == b""


def test_cors_preflight_needs_no_credentials() -> None:
    response = _call(
        "OPTIONS", **{"Origin": "https://mooc.example", "Access-Control-Request-Method": "PUT"}
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {
        "GET",
        "PUT",
        "HEAD",
        "OPTIONS",
    }
    assert "X-Experience-API-Version" in response["Access-Control-Allow-Headers"]
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_the_alternate_request_syntax_becomes_the_request_it_stands_for(issued: Issued) -> None:
    form = urlencode(
        {
            "Authorization": issued.basic,
            "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json",
            "If-Match": '"abc"',
            "content": '{"x": "é"}',
            "a": "1",
        }
    )
    response = _call(
        "POST", "/xapi/x?method=PUT", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body == {
        "client": issued.credentials.key,
        "method": "PUT",
        "params": {"a": "1"},
        "body": '{"x": "é"}',
        "content_type": "application/json",
        "if_match": '"abc"',
    }


def test_the_alternate_request_syntax_keeps_the_real_headers_the_form_lacks(
    issued: Issued,
) -> None:
    response = _call(
        "POST",
        "/xapi/x?method=GET",
        data="a=1",
        content_type="application/x-www-form-urlencoded",
        **{"X-Experience-API-Version": "1.0.3", "Authorization": issued.basic},
    )
    assert response.status_code == 200
    assert json.loads(response.content)["params"] == {"a": "1"}
    assert json.loads(response.content)["method"] == "GET"


def test_the_form_of_the_alternate_request_syntax_overrides_the_headers(issued: Issued) -> None:
    response = _call(
        "POST",
        "/xapi/x?method=GET",
        data=urlencode({"X-Experience-API-Version": "0.8"}),
        content_type="application/x-www-form-urlencoded",
        **{"X-Experience-API-Version": "1.0.3", "Authorization": issued.basic},
    )
    assert response.status_code == 400


def test_the_alternate_request_syntax_needs_a_form(issued: Issued) -> None:
    headers = {"X-Experience-API-Version": "1.0.3", "Authorization": issued.basic}
    assert _call("POST", "/xapi/x?method=PUT", **headers).status_code == 400
    response = _call(
        "POST", "/xapi/x?method=PUT", data='{"a": 1}', content_type="application/json", **headers
    )
    assert response.status_code == 400


def test_the_alternate_request_syntax_rejects_extra_query_parameters(issued: Issued) -> None:
    form = urlencode({"Authorization": issued.basic, "X-Experience-API-Version": "1.0.3"})
    response = _call(
        "POST",
        "/xapi/x?method=GET&a=1",
        data=form,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_the_alternate_request_syntax_must_be_a_post(issued: Issued) -> None:
    response = _call(
        "GET",
        "/xapi/x?method=PUT",
        **{"X-Experience-API-Version": "1.0.3", "Authorization": issued.basic},
    )
    assert response.status_code == 400


def test_the_about_resource_needs_neither_credentials_nor_version() -> None:
    response = PlainClient().get("/xapi/about")
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == "1.0.3"
    body = json.loads(response.content)
    assert body == {"version": ["1.0.0", "1.0.1", "1.0.2", "1.0.3"], "extensions": {}}
    assert PlainClient().post("/xapi/about").status_code == 405
    assert XapiClient(None).get("/xapi/about?x=1").status_code == 400


def test_a_body_over_the_upload_limit_is_413(issued: Issued, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    response = _call(
        "PUT",
        data="x" * 11,
        content_type="application/octet-stream",
        **{"X-Experience-API-Version": "1.0.3", "Authorization": issued.basic},
    )
    assert response.status_code == 413
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert json.loads(response.content)["code"] == "too_large"


def test_xapi_resources_are_exempt_from_csrf(issued: Issued) -> None:
    """Clients authenticate with a header, never with a cookie: no CSRF token is needed."""
    strict = PlainClient(
        enforce_csrf_checks=True,
        headers={"X-Experience-API-Version": "1.0.3", "Authorization": issued.basic},
    )
    url = "/xapi/activities/state?activityId=http://example.com/a&stateId=s&agent=" + (
        '{"mbox":"mailto:a@example.com"}'
    )
    response = strict.put(url, data="{}", content_type="application/json")
    assert response.status_code == 204


@pytest.mark.parametrize("path", ["/xapi/activity/state", "/xapi/statements/", "/xapi/nothing"])
def test_an_unknown_resource_is_an_xapi_404(path: str) -> None:
    response = XapiClient(None).get(path)
    assert response.status_code == 404
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert json.loads(response.content)["code"] == "not_found"


def test_the_pages_keep_their_slash_redirects() -> None:
    assert PlainClient().get("/xapi/vocabulary").status_code == 301
