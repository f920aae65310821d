"""The OpenAPI 3 schema is served and describes every operation (issue 2: API)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_openapi_3_with_token_auth(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Qashyq API"
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["TokenAuth"].items()


def test_every_operation_is_described(schema):
    undocumented = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in HTTP_METHODS and not operation.get("description")
    ]
    assert undocumented == []


def test_list_endpoints_are_paginated_and_capped(client, schema):
    programs = schema["paths"]["/api/v1/programs"]["get"]
    names = {p["name"] for p in programs["parameters"]}
    assert {"limit", "offset"} <= names


def test_docs_page_is_served(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content


def test_unauthenticated_call_gets_401_json(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_bad_input_is_explained_per_field_in_the_users_language(token_client, django_user_model):
    from django.utils import translation

    user = django_user_model.objects.create_user(username="u1", password="x-long-pass-1")
    client = token_client(user)
    response = client.post(
        "/api/v1/me/tokens",
        {"name": 5, "expires_at": "someday"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    with translation.override("ru"):
        assert body["message"] == translation.gettext("Some fields are missing or not valid.")
    assert body["message"] != "Some fields are missing or not valid."  # it is Russian
    assert {f["field"] for f in body["extra"]["fields"]} == {"name", "expires_at"}
