"""The BigBlueButton client against the local double, which verifies checksums as the
real server does (LMS-3)."""

from __future__ import annotations

import datetime as dt
import hashlib
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from qashyq.schedule import bbb
from qashyq.schedule.bbb import BbbClient, BbbConfig, BbbError, BbbUnavailable
from qashyq.schedule.tests.bbb_double import FakeRecording, serve

SECRET = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _get_status(url: str) -> tuple[int, bytes, str]:
    """GET without following redirects: (status, body, Location)."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, response.read(), response.headers.get("Location", "")
    except urllib.error.HTTPError as error:  # 302 surfaces as HTTPError without a handler
        return error.code, error.read(), error.headers.get("Location", "")


def client(double_url: str, secret: str = SECRET, algorithm: str = "sha256") -> BbbClient:
    return BbbClient(
        BbbConfig(url=f"{double_url}/bigbluebutton/api", secret=secret, algorithm=algorithm)
    )


def test_checksum_matches_the_documented_example():
    """The API documentation's example: sha1 of callName + query + secret."""
    query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444"
    assert bbb.checksum("create", query, SECRET) == "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"
    assert (
        bbb.checksum("create", query, SECRET, "sha256")
        == hashlib.sha256(f"create{query}{SECRET}".encode()).hexdigest()
    )


def test_checksum_rejects_an_unknown_algorithm():
    with pytest.raises(ValueError, match="md5"):
        bbb.checksum("create", "", SECRET, "md5")


def test_signed_url_puts_the_checksum_last_over_the_exact_query():
    c = BbbClient(
        BbbConfig(url="https://bbb.example.kz/bigbluebutton/api/", secret="s", algorithm="sha1")
    )
    url = c.signed_url("isMeetingRunning", [("meetingID", "a b&c"), ("empty", "")])
    assert url == (
        "https://bbb.example.kz/bigbluebutton/api/isMeetingRunning?meetingID=a+b%26c&checksum="
        + hashlib.sha1(b"isMeetingRunningmeetingID=a+b%26cs").hexdigest()  # noqa: S324
    )


@pytest.mark.parametrize("algorithm", ["sha1", "sha256", "sha384", "sha512"])
def test_create_is_accepted_with_every_algorithm(algorithm):
    with serve(SECRET) as double:
        meeting = client(double.url, algorithm=algorithm).create(
            meeting_id="m-1", name="Алгоритмдер", attendee_password="ap", moderator_password="mp"
        )
        assert meeting.meeting_id == "m-1"
        assert meeting.create_time == double.meetings["m-1"].create_time
        assert meeting.duplicate is False
        assert double.meetings["m-1"].name == "Алгоритмдер"


def test_create_twice_is_the_same_meeting():
    with serve(SECRET) as double:
        c = client(double.url)
        first = c.create(
            meeting_id="m-1", name="x", attendee_password="ap", moderator_password="mp"
        )
        second = c.create(
            meeting_id="m-1", name="x", attendee_password="ap", moderator_password="mp"
        )
        assert second.duplicate is True
        assert second.create_time == first.create_time
        assert list(double.meetings) == ["m-1"]


def test_wrong_secret_fails_the_checksum_check():
    with serve(SECRET) as double:
        with pytest.raises(BbbError) as caught:
            client(double.url, secret="not-the-secret").create(
                meeting_id="m-1", name="x", attendee_password="ap", moderator_password="mp"
            )
        assert caught.value.message_key == "checksumError"
        assert double.meetings == {}


def test_a_server_without_sha1_refuses_sha1():
    with serve(SECRET, algorithms=("sha256",)) as double:
        with pytest.raises(BbbError) as caught:
            client(double.url, algorithm="sha1").is_meeting_running(meeting_id="m")
        assert caught.value.message_key == "checksumError"
        assert client(double.url, algorithm="sha256").is_meeting_running(meeting_id="m") is False


def test_join_urls_by_role_pass_the_checksum_and_redirect_to_the_room():
    with serve(SECRET) as double:
        c = client(double.url)
        meeting = c.create(
            meeting_id="m-1", name="x", attendee_password="ap", moderator_password="mp"
        )
        assert c.is_meeting_running(meeting_id="m-1") is False
        teacher = c.join_url(
            meeting_id="m-1",
            full_name="Ахметов Серік",
            moderator=True,
            password="mp",
            user_id="7",
            create_time=meeting.create_time,
        )
        student = c.join_url(
            meeting_id="m-1",
            full_name="Сәрсенова Айгерім",
            moderator=False,
            password="ap",
            user_id="8",
            create_time=meeting.create_time,
        )
        assert _get_status(teacher)[0] == 302
        status, _body, location = _get_status(student)
        assert (status, location) == (302, f"{double.url}/html5client/join?sessionToken=fake")
        assert double.joins == [
            {"meetingID": "m-1", "fullName": "Ахметов Серік", "role": "MODERATOR", "userID": "7"},
            {"meetingID": "m-1", "fullName": "Сәрсенова Айгерім", "role": "VIEWER", "userID": "8"},
        ]
        assert c.is_meeting_running(meeting_id="m-1") is True
        query = parse_qs(urlsplit(student).query)
        assert query["role"] == ["VIEWER"]
        assert query["createTime"] == [meeting.create_time]


def test_a_tampered_join_url_is_refused():
    with serve(SECRET) as double:
        c = client(double.url)
        c.create(meeting_id="m-1", name="x", attendee_password="ap", moderator_password="mp")
        url = c.join_url(
            meeting_id="m-1", full_name="Student", moderator=False, password="ap", user_id="8"
        )
        forged = url.replace("role=VIEWER", "role=MODERATOR")
        status, body, _location = _get_status(forged)
        assert status == 200
        assert b"<messageKey>checksumError</messageKey>" in body
        assert double.joins == []


def test_end_closes_the_meeting_once():
    with serve(SECRET) as double:
        c = client(double.url)
        c.create(meeting_id="m-1", name="x", attendee_password="ap", moderator_password="mp")
        assert c.end(meeting_id="m-1", moderator_password="mp") is True
        assert c.end(meeting_id="m-1", moderator_password="mp") is False
        assert double.ended == ["m-1"]


def test_end_with_the_wrong_password_is_an_error():
    with serve(SECRET) as double:
        c = client(double.url)
        c.create(meeting_id="m-1", name="x", attendee_password="ap", moderator_password="mp")
        with pytest.raises(BbbError) as caught:
            c.end(meeting_id="m-1", moderator_password="ap")
        assert caught.value.message_key == "invalidPassword"


def test_recordings_are_parsed():
    with serve(SECRET) as double:
        double.recordings.append(
            FakeRecording(
                record_id="r-1",
                meeting_id="m-1",
                url="https://bbb.example.kz/playback/r-1",
                start_ms=1_772_337_600_000,
                end_ms=1_772_343_000_000,
                length=90,
            )
        )
        double.recordings.append(
            FakeRecording(
                record_id="r-2",
                meeting_id="other",
                url="https://x/2",
                start_ms=1,
                end_ms=2,
                length=1,
            )
        )
        c = client(double.url)
        found = c.recordings(meeting_id="m-1")
        assert [
            (r.record_id, r.url, r.length_minutes, r.published, r.playback_format) for r in found
        ] == [("r-1", "https://bbb.example.kz/playback/r-1", 90, True, "presentation")]
        assert found[0].started_at == dt.datetime(2026, 3, 1, 4, 0, tzinfo=dt.UTC)
        assert found[0].ended_at == dt.datetime(2026, 3, 1, 5, 30, tzinfo=dt.UTC)
        assert c.recordings(meeting_id="none") == []


def test_hook_create_registers_the_callback():
    with serve(SECRET) as double:
        hook = client(double.url).hook_create(
            callback_url="https://portal/schedule/bbb/events/", meeting_id="m-1"
        )
        assert hook == "1"
        assert double.hooks == [
            {"callbackURL": "https://portal/schedule/bbb/events/", "meetingID": "m-1"}
        ]


def test_an_unreachable_server_is_unavailable():
    with serve(SECRET) as double:
        url = double.url
    with pytest.raises(BbbUnavailable):
        client(url).is_meeting_running(meeting_id="m-1")


def test_webhook_checksum():
    body = "domain=x&event=%5B%5D&timestamp=1"
    digest = hashlib.sha1(f"https://p/hook{body}{SECRET}".encode()).hexdigest()  # noqa: S324
    assert bbb.webhook_checksum_matches(
        callback_url="https://p/hook", body=body, secret=SECRET, given=digest
    )
    assert not bbb.webhook_checksum_matches(
        callback_url="https://p/hook", body=body + "x", secret=SECRET, given=digest
    )
    assert not bbb.webhook_checksum_matches(
        callback_url="https://p/hook", body=body, secret=SECRET, given="abc"
    )
