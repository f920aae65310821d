"""A BigBlueButton API client (LMS-3: synchronous classes in a video-conference room).

Every call is an HTTPS GET of `<BBB_URL><callName>?<query>&checksum=<hex>` where the
checksum is the SHA-1 (or SHA-256/384/512) hex digest of callName + query + the shared
secret, the query exactly as sent (URL-encoded, without the checksum parameter). The
server answers XML: `<response><returncode>SUCCESS|FAILED</returncode>…</response>`.

Implemented: create (idempotent on the server), join URLs by role (moderator for
teachers, viewer for students), isMeetingRunning, end, getRecordings, hooks/create
(the bbb-webhooks plugin), and the checksum check of webhook callbacks. Pure: no Django
models; `services` builds the client from settings and turns errors into domain errors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

ALGORITHMS = ("sha1", "sha256", "sha384", "sha512")
# The length of a hex digest tells the algorithm, as BigBlueButton reads it.
ALGORITHM_BY_LENGTH = {40: "sha1", 64: "sha256", 96: "sha384", 128: "sha512"}


class BbbError(Exception):
    """The server answered FAILED (`message_key`: checksumError, notFound, …)."""

    def __init__(self, message_key: str, message: str) -> None:
        super().__init__(f"{message_key}: {message}")
        self.message_key = message_key
        self.message = message


class BbbUnavailable(Exception):
    """The server could not be reached or did not answer XML."""


def checksum(call: str, query: str, secret: str, algorithm: str = "sha1") -> str:
    """The hex digest BigBlueButton expects: hash(callName + query + secret)."""
    if algorithm not in ALGORITHMS:
        msg = f"unsupported checksum algorithm {algorithm!r}"
        raise ValueError(msg)
    return hashlib.new(algorithm, f"{call}{query}{secret}".encode()).hexdigest()


def checksum_matches(call: str, query: str, secret: str, given: str) -> bool:
    """Whether `given` is the checksum of the call, by whichever algorithm its length says."""
    algorithm = ALGORITHM_BY_LENGTH.get(len(given))
    if algorithm is None:
        return False
    return hmac.compare_digest(checksum(call, query, secret, algorithm), given.lower())


def webhook_checksum_matches(*, callback_url: str, body: str, secret: str, given: str) -> bool:
    """bbb-webhooks signs a callback as hash(callbackURL + raw body + secret) and appends
    it to the URL as `checksum`; the algorithm follows from the digest's length."""
    algorithm = ALGORITHM_BY_LENGTH.get(len(given))
    if algorithm is None:
        return False
    expected = hashlib.new(algorithm, f"{callback_url}{body}{secret}".encode()).hexdigest()
    return hmac.compare_digest(expected, given.lower())


@dataclass(frozen=True)
class BbbConfig:
    url: str  # the API endpoint, e.g. https://bbb.example.kz/bigbluebutton/api/
    secret: str
    algorithm: str = "sha256"
    timeout: float = 10.0

    @property
    def base(self) -> str:
        return self.url if self.url.endswith("/") else f"{self.url}/"


@dataclass(frozen=True)
class Meeting:
    meeting_id: str
    internal_meeting_id: str
    create_time: str
    duplicate: bool  # the meeting already existed (create is idempotent)


@dataclass(frozen=True)
class BbbRecording:
    record_id: str
    meeting_id: str
    published: bool
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    playback_format: str
    url: str
    length_minutes: int


Params = Sequence[tuple[str, str]]


class BbbClient:
    """Calls one BigBlueButton server."""

    def __init__(self, config: BbbConfig) -> None:
        self.config = config

    # ------------------------------------------------------------ URLs

    def signed_url(self, call: str, params: Params) -> str:
        query = urlencode([(k, v) for k, v in params if v != ""])
        digest = checksum(call, query, self.config.secret, self.config.algorithm)
        joined = f"{query}&checksum={digest}" if query else f"checksum={digest}"
        return f"{self.config.base}{call}?{joined}"

    def join_url(
        self,
        *,
        meeting_id: str,
        full_name: str,
        moderator: bool,
        password: str,
        user_id: str,
        create_time: str = "",
    ) -> str:
        """Where to send a person's browser: moderator for teachers, viewer for students.

        `role` is what BigBlueButton 2.4+ reads; `password` keeps older servers working;
        `createTime` stops a join link from working in a later meeting of the same id."""
        return self.signed_url(
            "join",
            [
                ("fullName", full_name),
                ("meetingID", meeting_id),
                ("role", "MODERATOR" if moderator else "VIEWER"),
                ("password", password),
                ("userID", user_id),
                ("createTime", create_time),
                ("redirect", "true"),
            ],
        )

    # ------------------------------------------------------------ calls

    def create(
        self,
        *,
        meeting_id: str,
        name: str,
        attendee_password: str,
        moderator_password: str,
        record: bool = True,
        logout_url: str = "",
        end_callback_url: str = "",
        welcome: str = "",
        duration_minutes: int = 0,
    ) -> Meeting:
        """Create the room, or get the running one with the same id."""
        root = self._call(
            "create",
            [
                ("name", name),
                ("meetingID", meeting_id),
                ("attendeePW", attendee_password),
                ("moderatorPW", moderator_password),
                ("record", "true" if record else "false"),
                ("autoStartRecording", "false"),
                ("allowStartStopRecording", "true"),
                ("logoutURL", logout_url),
                ("welcome", welcome),
                ("duration", str(duration_minutes) if duration_minutes else ""),
                ("meta_endCallbackUrl", end_callback_url),
                ("meta_bbb-origin", "Qashyq"),
            ],
        )
        return Meeting(
            meeting_id=_text(root, "meetingID") or meeting_id,
            internal_meeting_id=_text(root, "internalMeetingID"),
            create_time=_text(root, "createTime"),
            duplicate=_text(root, "messageKey") == "duplicateWarning",
        )

    def is_meeting_running(self, *, meeting_id: str) -> bool:
        root = self._call("isMeetingRunning", [("meetingID", meeting_id)])
        return _text(root, "running") == "true"

    def end(self, *, meeting_id: str, moderator_password: str) -> bool:
        """End the meeting; False when the server does not know it (already over)."""
        try:
            self._call("end", [("meetingID", meeting_id), ("password", moderator_password)])
        except BbbError as error:
            if error.message_key == "notFound":
                return False
            raise
        return True

    def recordings(self, *, meeting_id: str) -> list[BbbRecording]:
        root = self._call("getRecordings", [("meetingID", meeting_id)])
        found: list[BbbRecording] = []
        for node in root.iterfind("recordings/recording"):
            for fmt in node.iterfind("playback/format"):
                found.append(
                    BbbRecording(
                        record_id=_text(node, "recordID"),
                        meeting_id=_text(node, "meetingID"),
                        published=_text(node, "published") == "true",
                        started_at=_millis(_text(node, "startTime")),
                        ended_at=_millis(_text(node, "endTime")),
                        playback_format=_text(fmt, "type"),
                        url=_text(fmt, "url"),
                        length_minutes=int(_text(fmt, "length") or 0),
                    )
                )
                break  # the first playback format is the one we link
        return found

    def hook_create(self, *, callback_url: str, meeting_id: str) -> str:
        """Ask the bbb-webhooks plugin to post this meeting's events (user-left …)."""
        root = self._call(
            "hooks/create", [("callbackURL", callback_url), ("meetingID", meeting_id)]
        )
        return _text(root, "hookID")

    def _call(self, call: str, params: Params) -> ET.Element:
        url = self.signed_url(call, params)
        request = urllib.request.Request(url, headers={"Accept": "application/xml"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:  # noqa: S310 - the configured BBB server
                body = response.read()
        except urllib.error.HTTPError as error:
            body = error.read()
            if not body:
                raise BbbUnavailable(f"{call}: HTTP {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise BbbUnavailable(f"{call}: {error}") from error
        try:
            # The XML comes from our own configured server; the stdlib parser fetches no
            # external entities.
            root = ET.fromstring(body)  # noqa: S314
        except ET.ParseError as error:
            raise BbbUnavailable(f"{call}: not XML") from error
        if _text(root, "returncode") != "SUCCESS":
            raise BbbError(_text(root, "messageKey") or "unknown", _text(root, "message"))
        return root


def _text(node: ET.Element, path: str) -> str:
    found = node.find(path)
    return (found.text or "").strip() if found is not None else ""


def _millis(value: str) -> dt.datetime | None:
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value) / 1000, tz=dt.UTC)
