"""xAPI 1.0.3 statement validation (lrs.validation): each MUST the conformance suite checks."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from django.utils import translation

from qashyq.lrs.validation import (
    StatementInvalid,
    is_duration,
    is_iri,
    is_language_tag,
    statement_validate,
    statements_validate,
    timestamp_parse,
)

ACTOR = {"objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.com"}
VERB = {"id": "http://adlnet.gov/expapi/verbs/attempted", "display": {"en-US": "attempted"}}
ACTIVITY = {"objectType": "Activity", "id": "http://example.com/activities/quiz"}
SHA2 = "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"
ATTACHMENT = {
    "usageType": "http://example.com/attachment-usage/test",
    "display": {"en-US": "A test attachment"},
    "description": {"en-US": "A test attachment (description)"},
    "contentType": "text/plain; charset=ascii",
    "length": 27,
    "sha2": SHA2,
    "fileUrl": "http://over.there.com/file.txt",
}


def statement(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"actor": ACTOR, "verb": VERB, "object": ACTIVITY}
    base = copy.deepcopy(base)
    base.update(copy.deepcopy(changes))
    return base


def substatement(**changes: Any) -> dict[str, Any]:
    sub: dict[str, Any] = {"objectType": "SubStatement", "actor": ACTOR, "verb": VERB}
    sub["object"] = ACTIVITY
    sub.update(changes)
    return statement(object=sub)


def invalid(value: object, path: str) -> None:
    with pytest.raises(StatementInvalid) as raised:
        statement_validate(value)
    assert raised.value.extra["path"] == path
    assert raised.value.status == 400


VALID = [
    ("minimal", statement()),
    ("no objectType on actor", statement(actor={"mbox": "mailto:a@b.kz"})),
    (
        "every field",
        statement(
            id="fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
            result={
                "score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10},
                "success": True,
                "completion": False,
                "response": "yes",
                "duration": "PT1H0M0.1S",
                "extensions": {"http://example.com/ext": None},
            },
            context={
                "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
                "instructor": {"objectType": "Agent", "openid": "http://openid.example.com/1"},
                "team": {"objectType": "Group", "member": [{"mbox": "mailto:x@y.kz"}]},
                "contextActivities": {
                    "parent": {"id": "http://example.com/course"},
                    "grouping": [{"id": "http://example.com/program"}],
                    "category": [],
                    "other": [{"objectType": "Activity", "id": "urn:x:1"}],
                },
                "revision": "2",
                "platform": "Qashyq",
                "language": "kk-KZ",
                "statement": {
                    "objectType": "StatementRef",
                    "id": "16fd2706-8baf-433b-82eb-8c7fada847da",
                },
                "extensions": {"http://example.com/e": {"a": [1, 2]}},
            },
            timestamp="2013-05-18T05:32:34.804+06:00",
            stored="2013-05-18T05:32:34.804Z",
            authority={"objectType": "Agent", "account": {"homePage": "http://x.kz", "name": "a"}},
            version="1.0.3",
            attachments=[ATTACHMENT],
        ),
    ),
    (
        "identified group actor",
        statement(actor={"objectType": "Group", "mbox_sha1sum": "a" * 40}),
    ),
    (
        "identified group with members",
        statement(
            actor={
                "objectType": "Group",
                "account": {"homePage": "http://x.kz", "name": "g"},
                "member": [{"mbox": "mailto:a@b.kz"}],
            }
        ),
    ),
    ("agent object", statement(object={"objectType": "Agent", "mbox": "mailto:o@b.kz"})),
    ("group object", statement(object={"objectType": "Group", "member": []})),
    (
        "voiding",
        statement(
            verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
            object={"objectType": "StatementRef", "id": "16fd2706-8baf-433b-82eb-8c7fada847da"},
        ),
    ),
    ("substatement", substatement(timestamp="2013-05-18T05:32:34Z")),
    (
        "substatement with statementref",
        substatement(
            object={"objectType": "StatementRef", "id": "16fd2706-8baf-433b-82eb-8c7fada847da"}
        ),
    ),
    (
        "choice interaction",
        statement(
            object={
                "id": "http://example.com/q1",
                "definition": {
                    "name": {"en": "Q1"},
                    "description": {"und": "?"},
                    "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                    "moreInfo": "https://example.com/more",
                    "interactionType": "choice",
                    "correctResponsesPattern": ["golf[,]tetris"],
                    "choices": [{"id": "golf", "description": {"en-US": "Golf"}}, {"id": "tetris"}],
                    "extensions": {"http://example.com/x": ""},
                },
            }
        ),
    ),
    (
        "matching interaction",
        statement(
            object={
                "id": "http://example.com/q2",
                "definition": {
                    "interactionType": "matching",
                    "source": [{"id": "a"}],
                    "target": [{"id": "a"}],
                },
            }
        ),
    ),
    (
        "3-legged oauth authority",
        statement(
            authority={
                "objectType": "Group",
                "member": [
                    {"account": {"homePage": "http://x.kz", "name": "app"}},
                    {"mbox": "mailto:user@x.kz"},
                ],
            }
        ),
    ),
    ("version 1.0", statement(version="1.0")),
    ("empty extensions", statement(result={"extensions": {}})),
    ("raw without bounds", statement(result={"score": {"raw": -100.25}})),
    ("scaled -1", statement(result={"score": {"scaled": -1.0}})),
]


@pytest.mark.parametrize(("_case", "value"), VALID)
def test_valid_statements_pass(_case: str, value: dict[str, Any]) -> None:
    statement_validate(value)


INVALID = [
    ("not an object", [], "statement"),
    ("unknown property", statement(foo=1), "statement.foo"),
    ("wrong case property", statement(Verb=VERB), "statement.Verb"),
    ("no actor", {"verb": VERB, "object": ACTIVITY}, "statement.actor"),
    ("no verb", {"actor": ACTOR, "object": ACTIVITY}, "statement.verb"),
    ("no object", {"actor": ACTOR, "verb": VERB}, "statement.object"),
    ("id numeric", statement(id=12345), "statement.id"),
    ("id too long", statement(id="AA97B177-9383-4934-8543-0F91A7A028368"), "statement.id"),
    ("id letter", statement(id="MA97B177-9383-4934-8543-0F91A7A02836"), "statement.id"),
    ("agent two ifis", statement(actor={**ACTOR, "openid": "http://o.kz"}), "statement.actor"),
    ("agent no ifi", statement(actor={"name": "x"}), "statement.actor"),
    ("agent bad mbox", statement(actor={"mbox": "ann@example.com"}), "statement.actor.mbox"),
    ("agent bad sha1", statement(actor={"mbox_sha1sum": "xyz"}), "statement.actor.mbox_sha1sum"),
    ("agent bad openid", statement(actor={"openid": "not an iri"}), "statement.actor.openid"),
    (
        "account no name",
        statement(actor={"account": {"homePage": "http://x.kz"}}),
        "statement.actor.account.name",
    ),
    (
        "account bad homepage",
        statement(actor={"account": {"homePage": "x.kz", "name": "a"}}),
        "statement.actor.account.homePage",
    ),
    (
        "account name object",
        statement(actor={"account": {"homePage": "http://x.kz", "name": {"k": 1}}}),
        "statement.actor.account.name",
    ),
    (
        "account extra key",
        statement(actor={"account": {"homePage": "http://x.kz", "name": "a", "x": 1}}),
        "statement.actor.account.x",
    ),
    ("agent objectType wrong case", statement(actor={**ACTOR, "objectType": "agent"}), None),
    ("agent name number", statement(actor={**ACTOR, "name": 5}), "statement.actor.name"),
    ("agent member", statement(actor={**ACTOR, "member": []}), "statement.actor.member"),
    ("anonymous group without member", statement(actor={"objectType": "Group"}), None),
    (
        "group with group member",
        statement(actor={"objectType": "Group", "member": [{"objectType": "Group", "member": []}]}),
        "statement.actor.member[0].objectType",
    ),
    (
        "group two ifis",
        statement(actor={"objectType": "Group", "mbox": "mailto:a@b.kz", "openid": "http://o"}),
        "statement.actor",
    ),
    ("verb no id", statement(verb={"display": {"en": "x"}}), "statement.verb.id"),
    ("verb id not iri", statement(verb={"id": "attempted"}), "statement.verb.id"),
    ("verb extra", statement(verb={**VERB, "name": "x"}), "statement.verb.name"),
    ("verb display lang", statement(verb={**VERB, "display": {"a12345678": "x"}}), None),
    ("verb display value", statement(verb={**VERB, "display": {"en": 1}}), None),
    ("activity no id", statement(object={"objectType": "Activity"}), "statement.object.id"),
    (
        "activity bad iri scheme",
        statement(object={"id": "ab=c://should.fail.com"}),
        "statement.object.id",
    ),
    ("activity extra", statement(object={**ACTIVITY, "name": "x"}), "statement.object.name"),
    ("bad objectType", statement(object={**ACTIVITY, "objectType": "activity"}), None),
    (
        "agent object without objectType",
        statement(object={"mbox": "mailto:o@b.kz"}),
        "statement.object.mbox",
    ),
    (
        "definition unknown",
        statement(object={**ACTIVITY, "definition": {"foo": 1}}),
        "statement.object.definition.foo",
    ),
    (
        "definition type",
        statement(object={**ACTIVITY, "definition": {"type": "quiz"}}),
        "statement.object.definition.type",
    ),
    (
        "definition moreInfo",
        statement(object={**ACTIVITY, "definition": {"moreInfo": 12}}),
        "statement.object.definition.moreInfo",
    ),
    (
        "interaction list without interactionType",
        statement(object={**ACTIVITY, "definition": {"choices": [{"id": "a"}]}}),
        "statement.object.definition.interactionType",
    ),
    (
        "unknown interactionType",
        statement(object={**ACTIVITY, "definition": {"interactionType": "essay"}}),
        "statement.object.definition.interactionType",
    ),
    (
        "list wrong for interactionType",
        statement(object={**ACTIVITY, "definition": {"interactionType": "likert", "choices": []}}),
        "statement.object.definition.choices",
    ),
    (
        "duplicate component id",
        statement(
            object={
                **ACTIVITY,
                "definition": {"interactionType": "choice", "choices": [{"id": "a"}, {"id": "a"}]},
            }
        ),
        "statement.object.definition.choices[1].id",
    ),
    (
        "component without id",
        statement(
            object={**ACTIVITY, "definition": {"interactionType": "performance", "steps": [{}]}}
        ),
        "statement.object.definition.steps[0].id",
    ),
    (
        "correctResponsesPattern not strings",
        statement(
            object={
                **ACTIVITY,
                "definition": {"interactionType": "numeric", "correctResponsesPattern": [4]},
            }
        ),
        "statement.object.definition.correctResponsesPattern",
    ),
    (
        "extension key not iri",
        statement(object={**ACTIVITY, "definition": {"extensions": {"key": 1}}}),
        "statement.object.definition.extensions.key",
    ),
    ("statementref bad id", statement(object={"objectType": "StatementRef", "id": 1}), None),
    (
        "statementref extra",
        statement(
            object={
                "objectType": "StatementRef",
                "id": "16fd2706-8baf-433b-82eb-8c7fada847da",
                "definition": {},
            }
        ),
        "statement.object.definition",
    ),
    ("substatement with id", substatement(id="16fd2706-8baf-433b-82eb-8c7fada847da"), None),
    ("substatement with stored", substatement(stored="2013-05-18T05:32:34Z"), None),
    ("substatement with version", substatement(version="1.0.0"), None),
    ("substatement with authority", substatement(authority=ACTOR), None),
    (
        "nested substatement",
        substatement(object={"objectType": "SubStatement", "actor": ACTOR, "verb": VERB}),
        "statement.object.object.objectType",
    ),
    (
        "substatement bad timestamp",
        substatement(timestamp="2008-09-15T15:53:00.601-00:00"),
        "statement.object.timestamp",
    ),
    ("result score number", statement(result={"score": 5}), "statement.result.score"),
    ("scaled above 1", statement(result={"score": {"scaled": 1.01}}), None),
    ("scaled below -1", statement(result={"score": {"scaled": -1.00001}}), None),
    ("raw above max", statement(result={"score": {"raw": 5, "max": 4.98}}), None),
    ("raw below min", statement(result={"score": {"raw": 5, "min": 5.73}}), None),
    ("min above max", statement(result={"score": {"min": 5, "max": 4}}), None),
    ("score boolean", statement(result={"score": {"raw": True}}), None),
    ("score extra", statement(result={"score": {"total": 1}}), None),
    ("success string", statement(result={"success": "true"}), "statement.result.success"),
    ("completion number", statement(result={"completion": 1}), "statement.result.completion"),
    ("response number", statement(result={"response": 1}), "statement.result.response"),
    ("duration", statement(result={"duration": "PA1H0M0S"}), "statement.result.duration"),
    ("duration number", statement(result={"duration": 12345}), "statement.result.duration"),
    ("result extra", statement(result={"grade": "A"}), "statement.result.grade"),
    ("result extensions list", statement(result={"extensions": []}), None),
    ("context registration", statement(context={"registration": "x"}), None),
    (
        "context team agent",
        statement(context={"team": ACTOR}),
        "statement.context.team.objectType",
    ),
    ("context instructor", statement(context={"instructor": {"name": "x"}}), None),
    (
        "context activities bad key",
        statement(context={"contextActivities": {"parents": []}}),
        "statement.context.contextActivities.parents",
    ),
    (
        "context activity not an activity",
        statement(context={"contextActivities": {"parent": [{"id": "nope"}]}}),
        "statement.context.contextActivities.parent[0].id",
    ),
    (
        "revision with agent object",
        statement(
            object={"objectType": "Agent", "mbox": "mailto:o@b.kz"}, context={"revision": "1"}
        ),
        "statement.context.revision",
    ),
    (
        "platform with statementref object",
        statement(
            object={"objectType": "StatementRef", "id": "16fd2706-8baf-433b-82eb-8c7fada847da"},
            context={"platform": "x"},
        ),
        "statement.context.platform",
    ),
    (
        "platform in substatement with agent object",
        substatement(
            object={"objectType": "Agent", "mbox": "mailto:o@b.kz"}, context={"platform": "x"}
        ),
        "statement.object.context.platform",
    ),
    ("revision number", statement(context={"revision": 2}), "statement.context.revision"),
    ("context language", statement(context={"language": "english!"}), None),
    (
        "context statement not a ref",
        statement(context={"statement": {"id": "16fd2706-8baf-433b-82eb-8c7fada847da"}}),
        "statement.context.statement.objectType",
    ),
    ("context extra", statement(context={"foo": 1}), "statement.context.foo"),
    ("timestamp string", statement(timestamp="should fail"), "statement.timestamp"),
    ("timestamp date", statement(timestamp="01/011/2015"), "statement.timestamp"),
    ("timestamp -00", statement(timestamp="2008-09-15T15:53:00.601-00"), None),
    ("timestamp -0000", statement(timestamp="2008-09-15T15:53:00.601-0000"), None),
    ("timestamp -00:00", statement(timestamp="2008-09-15T15:53:00.601-00:00"), None),
    ("timestamp month 13", statement(timestamp="2008-13-15T15:53:00Z"), None),
    ("stored", statement(stored="yesterday"), "statement.stored"),
    ("version 2", statement(version="2.0.0"), "statement.version"),
    ("version 1.1", statement(version="1.1"), "statement.version"),
    ("version number", statement(version=1.0), "statement.version"),
    ("authority no ifi", statement(authority={"name": "x"}), "statement.authority"),
    (
        "authority identified group",
        statement(authority={"objectType": "Group", "mbox": "mailto:g@b.kz"}),
        "statement.authority",
    ),
    (
        "authority identified group of two",
        statement(
            authority={
                "objectType": "Group",
                "mbox": "mailto:g@b.kz",
                "member": [{"mbox": "mailto:a@b.kz"}, {"mbox": "mailto:b@b.kz"}],
            }
        ),
        "statement.authority",
    ),
    (
        "authority group of three",
        statement(
            authority={
                "objectType": "Group",
                "member": [
                    {"mbox": "mailto:a@b.kz"},
                    {"mbox": "mailto:b@b.kz"},
                    {"mbox": "mailto:c@b.kz"},
                ],
            }
        ),
        "statement.authority.member",
    ),
    (
        "authority group with group member",
        statement(
            authority={
                "objectType": "Group",
                "member": [{"mbox": "mailto:a@b.kz"}, {"objectType": "Group", "member": []}],
            }
        ),
        "statement.authority.member[1].objectType",
    ),
    (
        "voiding an activity",
        statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"}),
        "statement.object",
    ),
    ("attachments object", statement(attachments=ATTACHMENT), "statement.attachments"),
    (
        "attachment without sha2",
        statement(attachments=[{k: v for k, v in ATTACHMENT.items() if k != "sha2"}]),
        "statement.attachments[0].sha2",
    ),
    (
        "attachment sha2 numeric",
        statement(attachments=[{**ATTACHMENT, "sha2": 12345}]),
        "statement.attachments[0].sha2",
    ),
    (
        "attachment usageType",
        statement(attachments=[{**ATTACHMENT, "usageType": "should fail"}]),
        "statement.attachments[0].usageType",
    ),
    (
        "attachment contentType",
        statement(attachments=[{**ATTACHMENT, "contentType": 12345}]),
        "statement.attachments[0].contentType",
    ),
    (
        "attachment length",
        statement(attachments=[{**ATTACHMENT, "length": "should fail"}]),
        "statement.attachments[0].length",
    ),
    (
        "attachment fileUrl",
        statement(attachments=[{**ATTACHMENT, "fileUrl": "should fail"}]),
        "statement.attachments[0].fileUrl",
    ),
    (
        "attachment display language",
        statement(attachments=[{**ATTACHMENT, "display": {"a12345678": "x"}}]),
        None,
    ),
    ("null result", statement(result=None), "statement.result"),
]


@pytest.mark.parametrize(("_case", "value", "path"), INVALID)
def test_invalid_statements_are_refused(_case: str, value: object, path: str | None) -> None:
    with pytest.raises(StatementInvalid) as raised:
        statement_validate(value)
    assert raised.value.status == 400
    if path is not None:
        assert raised.value.extra["path"] == path


def test_error_names_the_property() -> None:
    invalid(statement(result={"duration": "P"}), "statement.result.duration")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2013-05-18T05:32:34.804Z", datetime(2013, 5, 18, 5, 32, 34, 804000, tzinfo=UTC)),
        (
            "2013-05-18T05:32:34.804+06:00",
            datetime(2013, 5, 18, 5, 32, 34, 804000, tzinfo=timezone(timedelta(hours=6))),
        ),
        (
            "20130518T053234-0530",
            datetime(2013, 5, 18, 5, 32, 34, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
        ),
        ("2013-05-18T05:32:34", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2013-05-18T05:32Z", datetime(2013, 5, 18, 5, 32, tzinfo=UTC)),
        ("2013-05-18T05:32:34.123456789Z", datetime(2013, 5, 18, 5, 32, 34, 123456, tzinfo=UTC)),
        ("2013-05-18T05:32:34+00:00", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2013-05-18", None),
        ("2013-05-18T25:00:00Z", None),
        ("2013-05-18T05:32:34+24:00", None),
        ("2013-05-18 05:32:34Z", None),
        ("2008-09-15T15:53:00.601-00:00", None),
        (1368855154, None),
    ],
)
def test_timestamp_parse(value: object, expected: datetime | None) -> None:
    assert timestamp_parse(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("PT1H0M0.1S", True),
        ("P1Y2M3DT4H5M6S", True),
        ("P3W", True),
        ("P4W1D", False),
        ("P1Y3W", False),
        ("PT0S", True),
        ("P0.5D", True),
        ("P", False),
        ("PT", False),
        ("P1DT", False),
        ("PA1H0M0S", False),
        ("1H", False),
    ],
)
def test_duration(value: str, expected: bool) -> None:
    assert is_duration(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en", True),
        ("en-US", True),
        ("kk-Cyrl-KZ", True),
        ("zh-Hant-TW", True),
        ("de-CH-1901", True),
        ("und", True),
        ("x-private", True),
        ("i-klingon", True),
        ("es-419", True),
        ("a12345678", False),
        ("a12345", False),
        ("en_US", False),
        ("", False),
        ("english language", False),
    ],
)
def test_language_tags(value: str, expected: bool) -> None:
    assert is_language_tag(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("http://example.com/a b", False),
        ("http://example.com/ä", True),
        ("urn:uuid:16fd2706-8baf-433b-82eb-8c7fada847da", True),
        ("mailto:a@b.kz", True),
        ("example.com", False),
        ("ab=c://should.fail.com", False),
        ("", False),
        (None, False),
    ],
)
def test_iris(value: object, expected: bool) -> None:
    assert is_iri(value) is expected


def test_batch_returns_the_list_and_names_the_bad_statement() -> None:
    good = statement()
    assert statements_validate(good) == [good]
    assert statements_validate([good, good]) == [good, good]
    with translation.override("en"), pytest.raises(StatementInvalid) as raised:
        statements_validate([good, statement(version="2.0")])
    assert raised.value.message.startswith("Statement 1: ")
    assert raised.value.extra["path"] == "statement.version"


def test_batch_refuses_a_repeated_id() -> None:
    one = statement(id="fd41c918-b88b-4b20-a0a5-a4c32391aaa0")
    two = statement(id="FD41C918-B88B-4B20-A0A5-A4C32391AAA0")
    with pytest.raises(StatementInvalid):
        statements_validate([one, two])
