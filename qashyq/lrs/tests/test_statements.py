"""The statements resource, /xapi/statements (xAPI 1.0.3 Communication 2.1, FP-1)."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from typing import Any
from urllib.parse import urlencode

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from qashyq.footprint.models import Statement
from qashyq.lrs import services
from qashyq.lrs.jws import SIGNATURE_USAGE
from qashyq.lrs.models import Attachment, ReadScope
from qashyq.lrs.multipart import Part, multipart_build, multipart_parse
from qashyq.lrs.tests.conftest import Issued, XapiClient

pytestmark = pytest.mark.django_db

Response = Any  # the test client's response (a patched HttpResponse)

URL = "/xapi/statements"
VERB = "http://adlnet.gov/expapi/verbs/attempted"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
ACTIVITY = "http://example.com/activities/quiz"
ANN = {"objectType": "Agent", "mbox": "mailto:ann@example.com"}
BOB = {"objectType": "Agent", "mbox": "mailto:bob@example.com"}


def make(**changes: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "actor": ANN,
        "verb": {"id": VERB, "display": {"en-US": "attempted", "kk-KZ": "talpyndy"}},
        "object": {
            "objectType": "Activity",
            "id": ACTIVITY,
            "definition": {"name": {"en-US": "Quiz", "ru-RU": "Тест"}},
        },
    }
    statement.update(changes)
    return statement


def post(xapi: XapiClient, body: object) -> Response:
    return xapi.post(URL, data=json.dumps(body), content_type="application/json")


def get(xapi: XapiClient, **params: str) -> Response:
    return xapi.get(f"{URL}?{urlencode(params)}")


def body(response: Response) -> Any:
    return json.loads(response.content)


# --- PUT and POST ------------------------------------------------------------------------


def test_post_stores_a_statement_and_get_returns_it_completed(
    xapi: XapiClient, issued: Issued
) -> None:
    response = post(xapi, make())
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == "1.0.3"
    [statement_id] = body(response)
    fetched = get(xapi, statementId=statement_id)
    assert fetched.status_code == 200
    assert fetched["X-Experience-API-Consistent-Through"].endswith("Z")
    assert fetched["Last-Modified"]
    statement = body(fetched)
    assert statement["id"] == statement_id
    assert statement["authority"] == issued.client.authority
    assert statement["version"] == "1.0.0"
    assert statement["timestamp"] == statement["stored"]
    assert {k: statement[k] for k in ("actor", "verb", "object")} == {
        k: make()[k] for k in ("actor", "verb", "object")
    }
    row = Statement.objects.get(statement_id=statement_id)
    assert row.stream.key == f"client:{issued.client.pk}"


def test_post_of_a_batch_returns_ids_in_order(xapi: XapiClient) -> None:
    ids = [str(uuid.uuid4()), str(uuid.uuid4())]
    response = post(xapi, [make(id=ids[0]), make(), make(id=ids[1])])
    assert response.status_code == 200
    returned = body(response)
    assert returned[0] == ids[0]
    assert returned[2] == ids[1]
    assert len(returned) == 3
    assert Statement.objects.count() == 3


def test_a_batch_with_one_invalid_statement_stores_nothing(xapi: XapiClient) -> None:
    response = post(xapi, [make(), make(verb={"id": "not an iri"})])
    assert response.status_code == 400
    assert "statement.verb.id" in body(response)["message"]
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    ("_case", "raw", "kind"),
    [
        ("not json", b"{", "application/json"),
        ("NaN", b'{"actor": NaN}', "application/json"),
        ("form", b"a=1", "application/x-www-form-urlencoded-x"),
        ("text", b"{}", "text/plain"),
    ],
)
def test_bodies_that_are_not_statements_are_400(
    xapi: XapiClient, _case: str, raw: bytes, kind: str
) -> None:
    assert xapi.post(URL, data=raw, content_type=kind).status_code == 400
    assert Statement.objects.count() == 0


def test_put_stores_under_the_statement_id(xapi: XapiClient) -> None:
    statement_id = str(uuid.uuid4())
    url = f"{URL}?statementId={statement_id}"
    sent = make(timestamp="2024-05-01T10:00:00.000+05:00")
    response = xapi.put(url, data=json.dumps(sent), content_type="application/json")
    assert response.status_code == 204
    assert response.content == b""
    assert body(get(xapi, statementId=statement_id))["id"] == statement_id
    # The same statement again is accepted and not stored twice; a different one conflicts.
    again = xapi.put(url, data=json.dumps(sent), content_type="application/json")
    assert again.status_code == 204
    other = make(verb={"id": "http://adlnet.gov/expapi/verbs/passed"})
    assert xapi.put(url, data=json.dumps(other), content_type="application/json").status_code == 409
    assert Statement.objects.filter(statement_id=statement_id).count() == 1


# Fixed ids: parametrized test ids must be the same in every xdist worker.
ID_A = "6f1c2b1e-3d4a-4f5b-9c6d-7e8f9a0b1c2d"
ID_B = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


@pytest.mark.parametrize(
    ("_case", "query", "payload", "status"),
    [
        ("no statementId", "", make(), 400),
        ("statementId not a uuid", "?statementId=abc", make(), 400),
        ("id differs", f"?statementId={ID_A}", make(id=ID_B), 400),
        ("an array", f"?statementId={ID_A}", [make()], 400),
        ("unknown parameter", f"?statementId={ID_A}&x=1", make(), 400),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else "",
)
def test_bad_puts_are_refused(
    xapi: XapiClient, _case: str, query: str, payload: object, status: int
) -> None:
    response = xapi.put(f"{URL}{query}", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == status
    assert Statement.objects.count() == 0


def test_post_with_an_existing_id_and_other_content_is_409(xapi: XapiClient) -> None:
    statement_id = str(uuid.uuid4())
    assert post(xapi, make(id=statement_id)).status_code == 200
    assert post(xapi, make(id=statement_id, actor=BOB)).status_code == 409


def test_single_context_activities_come_back_as_arrays(xapi: XapiClient) -> None:
    parent = {"objectType": "Activity", "id": "http://example.com/course"}
    [statement_id] = body(post(xapi, make(context={"contextActivities": {"parent": parent}})))
    statement = body(get(xapi, statementId=statement_id))
    assert statement["context"]["contextActivities"] == {"parent": [parent]}


# --- permissions -------------------------------------------------------------------------


def test_a_client_without_write_permission_gets_403(db: None) -> None:
    client, credentials = services.client_create(name="reader", can_write_statements=False)
    xapi = XapiClient(Issued(client=client, credentials=credentials))
    assert post(xapi, make()).status_code == 403
    assert Statement.objects.count() == 0


def test_read_scopes(xapi: XapiClient) -> None:
    [theirs] = body(post(xapi, make()))
    own_client, own_credentials = services.client_create(name="own", read_scope=ReadScope.OWN)
    own = XapiClient(Issued(client=own_client, credentials=own_credentials))
    [mine] = body(post(own, make(actor=BOB)))
    assert [s["id"] for s in body(get(own))["statements"]] == [mine]
    assert get(own, statementId=theirs).status_code == 404
    assert get(own, statementId=mine).status_code == 200
    none_client, none_credentials = services.client_create(name="none", read_scope=ReadScope.NONE)
    none = XapiClient(Issued(client=none_client, credentials=none_credentials))
    assert get(none).status_code == 403


def test_without_credentials_401(db: None) -> None:
    assert post(XapiClient(None), make()).status_code == 401


# --- GET ---------------------------------------------------------------------------------


def test_queries_filter_and_order(xapi: XapiClient) -> None:
    registration = str(uuid.uuid4())
    first = body(post(xapi, make()))[0]
    second = body(post(xapi, make(actor=BOB, context={"registration": registration})))[0]
    third = body(
        post(
            xapi,
            make(
                verb={"id": "http://adlnet.gov/expapi/verbs/passed"},
                object={"id": "http://example.com/other"},
                context={"contextActivities": {"grouping": [{"id": ACTIVITY}]}},
            ),
        )
    )[0]

    def ids(**params: str) -> list[str]:
        response = get(xapi, **params)
        assert response.status_code == 200, response.content
        return [s["id"] for s in body(response)["statements"]]

    assert ids() == [third, second, first]
    assert ids(ascending="true") == [first, second, third]
    assert ids(agent=json.dumps(BOB)) == [second]
    assert ids(verb="http://adlnet.gov/expapi/verbs/passed") == [third]
    assert ids(activity=ACTIVITY) == [second, first]
    assert ids(activity=ACTIVITY, related_activities="true") == [third, second, first]
    assert ids(registration=registration) == [second]
    stored = {s["id"]: s["stored"] for s in body(get(xapi))["statements"]}
    assert ids(since=stored[first], ascending="true") == [
        s for s in (second, third) if stored[s] > stored[first]
    ]
    assert first in ids(until=stored[first])
    assert third not in ids(until=stored[first]) or stored[third] == stored[first]


def test_more_pages_keep_the_query(xapi: XapiClient) -> None:
    ids = [body(post(xapi, make()))[0] for _ in range(5)]
    body(post(xapi, make(actor=BOB)))
    seen: list[str] = []
    response = get(xapi, agent=json.dumps(ANN), limit="2")
    pages = 0
    while True:
        pages += 1
        result = body(response)
        assert set(result) == {"statements", "more"}
        assert len(result["statements"]) <= 2
        seen += [s["id"] for s in result["statements"]]
        if not result["more"]:
            break
        assert result["more"].startswith("/xapi/statements?")
        response = xapi.get(result["more"])
        assert response.status_code == 200
    assert seen == list(reversed(ids))
    assert pages == 3


def test_voiding(xapi: XapiClient) -> None:
    [target] = body(post(xapi, make()))
    voiding = make(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target})
    [voider] = body(post(xapi, voiding))
    assert get(xapi, statementId=target).status_code == 404
    assert body(get(xapi, voidedStatementId=target))["id"] == target
    assert get(xapi, voidedStatementId=voider).status_code == 404
    assert [s["id"] for s in body(get(xapi))["statements"]] == [voider]
    # A voiding statement cannot be voided, and a voiding statement needs a StatementRef.
    again = make(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": voider})
    assert post(xapi, again).status_code == 400
    assert post(xapi, make(verb={"id": VOIDED})).status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        {"statementId": "nope"},
        {"statementId": str(uuid.uuid4()), "voidedStatementId": str(uuid.uuid4())},
        {"statementId": str(uuid.uuid4()), "agent": json.dumps(ANN)},
        {"agent": "{"},
        {"agent": json.dumps({"name": "no ifi"})},
        {"verb": "attempted"},
        {"activity": "quiz"},
        {"registration": "x"},
        {"since": "yesterday"},
        {"until": "2008-09-15T15:53:00.601-00:00"},
        {"limit": "-1"},
        {"limit": "many"},
        {"format": "full"},
        {"attachments": "yes"},
        {"ascending": "TRUE1"},
        {"Since": "2012-06-01T19:09:13.245Z"},
        {"more": "!!!"},
    ],
)
def test_bad_queries_are_400_and_say_consistent_through(
    xapi: XapiClient, query: dict[str, str]
) -> None:
    response = get(xapi, **query)
    assert response.status_code == 400
    assert response["X-Experience-API-Consistent-Through"]


def test_an_unknown_statement_is_404(xapi: XapiClient) -> None:
    response = get(xapi, statementId=str(uuid.uuid4()))
    assert response.status_code == 404
    assert response["X-Experience-API-Consistent-Through"]


def test_head_answers_like_get_without_a_body(xapi: XapiClient) -> None:
    post(xapi, make())
    response = xapi.head(URL)
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Experience-API-Consistent-Through"]


def test_format_ids(xapi: XapiClient) -> None:
    group = {
        "objectType": "Group",
        "name": "G",
        "member": [{"objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.com"}],
    }
    sub = {
        "objectType": "SubStatement",
        "actor": {**BOB, "name": "Bob"},
        "verb": {"id": VERB, "display": {"en": "x"}},
        "object": {"id": ACTIVITY, "definition": {"name": {"en": "Quiz"}}},
    }
    [statement_id] = body(post(xapi, make(actor=group, object=sub)))
    statement = body(get(xapi, statementId=statement_id, format="ids"))
    assert statement["actor"] == {
        "objectType": "Group",
        "member": [{"objectType": "Agent", "mbox": "mailto:ann@example.com"}],
    }
    assert statement["verb"] == {"id": VERB}
    assert statement["object"]["actor"] == BOB
    assert statement["object"]["verb"] == {"id": VERB}
    assert statement["object"]["object"] == {"id": ACTIVITY}


def test_format_canonical_picks_the_accepted_language(xapi: XapiClient) -> None:
    [statement_id] = body(post(xapi, make()))
    url = f"{URL}?{urlencode({'statementId': statement_id, 'format': 'canonical'})}"
    statement = body(xapi.get(url, headers={"Accept-Language": "ru-RU, kk;q=0.5"}))
    assert statement["verb"]["display"] == {"kk-KZ": "talpyndy"}
    assert statement["object"]["definition"]["name"] == {"ru-RU": "Тест"}
    exact = body(xapi.get(url.replace("canonical", "exact"), headers={"Accept-Language": "ru"}))
    assert exact["verb"]["display"] == make()["verb"]["display"]


# --- attachments and signatures ----------------------------------------------------------

TEXT = b"here is a simple attachment"
TEXT_SHA2 = hashlib.sha256(TEXT).hexdigest()


def attachment_meta(sha2: str = TEXT_SHA2, **changes: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "usageType": "http://example.com/attachment-usage/test",
        "display": {"en-US": "A test attachment"},
        "contentType": "text/plain",
        "length": len(TEXT),
        "sha2": sha2,
    }
    meta.update(changes)
    return meta


def attachment_part(
    content: bytes = TEXT, sha2: str = TEXT_SHA2, headers: dict[str, str] | None = None
) -> Part:
    base = {
        "Content-Type": "text/plain",
        "Content-Transfer-Encoding": "binary",
        "X-Experience-API-Hash": sha2,
    }
    base.update(headers or {})
    return Part(headers={k: v for k, v in base.items() if v}, body=content)


def post_multipart(xapi: XapiClient, statements: object, *parts: Part) -> Response:
    first = Part(headers={"Content-Type": "application/json"}, body=json.dumps(statements).encode())
    kind, raw = multipart_build(parts=[first, *parts])
    return xapi.post(URL, data=raw, content_type=kind)


def test_multipart_attachments_are_stored_and_returned(xapi: XapiClient) -> None:
    response = post_multipart(xapi, make(attachments=[attachment_meta()]), attachment_part())
    assert response.status_code == 200, response.content
    [statement_id] = body(response)
    stored = Attachment.objects.get(sha2=TEXT_SHA2)
    assert bytes(stored.content) == TEXT
    fetched = get(xapi, statementId=statement_id, attachments="true")
    assert fetched["Content-Type"].startswith("multipart/mixed; boundary=")
    parts = multipart_parse(content_type=fetched["Content-Type"], body=fetched.content)
    assert json.loads(parts[0].body)["id"] == statement_id
    assert parts[1].headers["x-experience-api-hash"] == TEXT_SHA2
    assert parts[1].body == TEXT
    listing = get(xapi, attachments="true")
    parts = multipart_parse(content_type=listing["Content-Type"], body=listing.content)
    assert [s["id"] for s in json.loads(parts[0].body)["statements"]] == [statement_id]
    assert [p.body for p in parts[1:]] == [TEXT]


def test_json_attachments_need_a_file_url(xapi: XapiClient) -> None:
    assert post(xapi, make(attachments=[attachment_meta()])).status_code == 400
    with_url = attachment_meta(fileUrl="http://example.com/file.txt")
    assert post(xapi, make(attachments=[with_url])).status_code == 200


@pytest.mark.parametrize(
    ("_case", "parts"),
    [
        ("missing part", []),
        (
            "excess part",
            [attachment_part(), attachment_part(b"other", hashlib.sha256(b"other").hexdigest())],
        ),
        ("hash header missing", [attachment_part(sha2="")]),
        ("not binary", [attachment_part(headers={"Content-Transfer-Encoding": "base64"})]),
        ("content does not match hash", [attachment_part(content=b"tampered")]),
    ],
)
def test_bad_multipart_requests_are_400(xapi: XapiClient, _case: str, parts: list[Part]) -> None:
    response = post_multipart(xapi, make(attachments=[attachment_meta()]), *parts)
    assert response.status_code == 400
    assert Statement.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_first_part_must_be_json(xapi: XapiClient) -> None:
    kind, raw = multipart_build(parts=[attachment_part()])
    assert xapi.post(URL, data=raw, content_type=kind).status_code == 400


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _signed(statement: dict[str, Any], alg: str = "RS256") -> tuple[dict[str, Any], Part]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signing_input = (
        f"{_b64url(json.dumps({'alg': alg}).encode())}.{_b64url(json.dumps(statement).encode())}"
    )
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    token = f"{signing_input}.{_b64url(signature)}".encode()
    sha2 = hashlib.sha256(token).hexdigest()
    meta = attachment_meta(
        sha2=sha2,
        usageType=SIGNATURE_USAGE,
        contentType="application/octet-stream",
        length=len(token),
    )
    part = attachment_part(token, sha2, {"Content-Type": "application/octet-stream"})
    return {**statement, "attachments": [meta]}, part


def test_signed_statements(xapi: XapiClient) -> None:
    original = make(id=str(uuid.uuid4()))
    signed, part = _signed(original)
    assert post_multipart(xapi, signed, part).status_code == 200
    wrong, part = _signed(make(id=str(uuid.uuid4())), alg="HS256")
    assert post_multipart(xapi, wrong, part).status_code == 400
    tampered, part = _signed(make(id=str(uuid.uuid4())))
    tampered["actor"] = BOB
    assert post_multipart(xapi, tampered, part).status_code == 400
    assert Statement.objects.count() == 1
