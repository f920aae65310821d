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
