"""The activities and agents resources (xAPI 1.0.3 Communication 2.4, 2.5)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest

from qashyq.footprint import services as footprint_services
from qashyq.lrs import services
from qashyq.lrs.models import ReadScope
from qashyq.lrs.tests.conftest import Issued, XapiClient

pytestmark = pytest.mark.django_db

ACTIVITY = "http://www.example.com/verify/complete/34534100123"


def statement(name: dict[str, str]) -> dict[str, Any]:
    return {
        "actor": {"objectType": "Agent", "mbox": "mailto:learner@example.com"},
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"en-US": "completed"},
        },
        "object": {
            "objectType": "Activity",
            "id": ACTIVITY,
            "definition": {"name": name, "type": "http://adlnet.gov/expapi/activities/course"},
        },
    }


def test_an_activity_merges_what_every_statement_says_of_it(
    xapi: XapiClient, issued: Issued
) -> None:
    footprint_services.statements_store(
        statements=[statement({"en-US": "meeting"}), statement({"fr-FR": "réunion"})],
        stream_key=issued.client.stream_key,
        authority=issued.client.authority,
    )
    response = xapi.get(f"/xapi/activities?{urlencode({'activityId': ACTIVITY})}")
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert json.loads(response.content) == {
        "objectType": "Activity",
        "id": ACTIVITY,
        "definition": {
            "name": {"en-US": "meeting", "fr-FR": "réunion"},
            "type": "http://adlnet.gov/expapi/activities/course",
        },
    }


def test_an_activity_no_statement_names_is_its_id(xapi: XapiClient) -> None:
    response = xapi.get("/xapi/activities?activityId=http://example.com/unknown")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "objectType": "Activity",
        "id": "http://example.com/unknown",
    }


@pytest.mark.parametrize("query", ["", "activityId=true", "activityId=", "activityid=http://a.b/c"])
def test_an_activities_request_without_a_valid_activity_id_is_400(
    xapi: XapiClient, query: str
) -> None:
    assert xapi.get(f"/xapi/activities?{query}").status_code == 400


def test_the_agents_resource_returns_a_person(xapi: XapiClient) -> None:
    agent = {
        "objectType": "Agent",
        "name": "Rick James",
        "account": {"homePage": "http://www.example.com/agentId/1", "name": "Rick James"},
    }
    response = xapi.get(f"/xapi/agents?{urlencode({'agent': json.dumps(agent)})}")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "objectType": "Person",
        "name": ["Rick James"],
        "account": [{"homePage": "http://www.example.com/agentId/1", "name": "Rick James"}],
    }
    response = xapi.get(
        f"/xapi/agents?{urlencode({'agent': json.dumps({'mbox': 'mailto:a@example.com'})})}"
    )
    assert json.loads(response.content) == {
        "objectType": "Person",
        "mbox": ["mailto:a@example.com"],
    }


@pytest.mark.parametrize(
    "agent",
    [
        None,
        "not json",
        json.dumps({"name": "nobody"}),
        json.dumps({"objectType": "Group", "mbox": "mailto:g@example.com"}),
        json.dumps({"mbox": "mailto:a@example.com", "mbox_sha1sum": "a" * 40}),
    ],
)
def test_an_agents_request_without_a_valid_agent_is_400(
    xapi: XapiClient, agent: str | None
) -> None:
    query = urlencode({"agent": agent}) if agent is not None else ""
    assert xapi.get(f"/xapi/agents?{query}").status_code == 400


@pytest.mark.parametrize("scope", [ReadScope.OWN, ReadScope.NONE])
def test_activities_and_agents_need_the_right_to_read_all_statements(scope: ReadScope) -> None:
    client, credentials = services.client_create(name="limited", read_scope=scope)
    limited = XapiClient(Issued(client=client, credentials=credentials))
    assert limited.get("/xapi/activities?activityId=http://example.com/a").status_code == 403
    agent = json.dumps({"mbox": "mailto:a@example.com"})
    assert limited.get(f"/xapi/agents?{urlencode({'agent': agent})}").status_code == 403


def test_activities_and_agents_need_credentials() -> None:
    anonymous = XapiClient(None)
    assert anonymous.get("/xapi/activities?activityId=http://example.com/a").status_code == 401
