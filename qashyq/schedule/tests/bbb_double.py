"""A local BigBlueButton double: a real HTTP server on 127.0.0.1 in a thread.

It checks every call's checksum the way BigBlueButton's ParamsProcessorUtil does: take
the raw query string as received, cut the `checksum=…` parameter out of it textually,
pick the algorithm from the digest's length (40 sha1, 64 sha256, 96 sha384, 128 sha512,
only those the server supports), hash callName + query + secret and compare. It keeps
meetings in memory and answers the XML of the real API for create, join,
isMeetingRunning, end, getRecordings and hooks/create.
"""

from __future__ import annotations

import hashlib
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit
from xml.sax.saxutils import escape

LENGTHS = {40: "sha1", 64: "sha256", 96: "sha384", 128: "sha512"}


@dataclass
class FakeMeeting:
    meeting_id: str
    name: str
    attendee_pw: str
    moderator_pw: str
    create_time: str
    meta: dict[str, str]
    running: bool = False


@dataclass
class FakeRecording:
    record_id: str
    meeting_id: str
    url: str
    start_ms: int
    end_ms: int
    length: int
    published: bool = True


@dataclass
class BbbDouble:
    secret: str
    algorithms: tuple[str, ...] = ("sha1", "sha256", "sha384", "sha512")
    meetings: dict[str, FakeMeeting] = field(default_factory=dict)
    recordings: list[FakeRecording] = field(default_factory=list)
    joins: list[dict[str, str]] = field(default_factory=list)
    hooks: list[dict[str, str]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    url: str = ""

    def checksum_ok(self, call: str, raw_query: str) -> bool:
        params = parse_qs(raw_query, keep_blank_values=True)
        given = (params.get("checksum") or [""])[0]
        query = raw_query.replace(f"&checksum={given}", "")
        query = query.replace(f"checksum={given}&", "")
        query = query.replace(f"checksum={given}", "")
        algorithm = LENGTHS.get(len(given))
        if algorithm is None or algorithm not in self.algorithms:
            return False
        expected = hashlib.new(algorithm, f"{call}{query}{self.secret}".encode()).hexdigest()
        return expected == given

    # ------------------------------------------------------------ the API

    def answer(self, call: str, raw_query: str) -> tuple[int, str, dict[str, str]]:
        """(status, XML body, extra headers) for one call."""
        self.calls.append(call)
        if not self.checksum_ok(call, raw_query):
            return _failed("checksumError", "You did not pass the checksum security check")
        q = {k: v[0] for k, v in parse_qs(raw_query, keep_blank_values=True).items()}
        handler = {
            "create": self._create,
            "join": self._join,
            "isMeetingRunning": self._running,
            "end": self._end,
            "getRecordings": self._recordings,
            "hooks/create": self._hook,
        }.get(call)
        if handler is None:
            return _failed("unsupportedRequest", "This request is not supported.")
        return handler(q)

    def _create(self, q: dict[str, str]) -> tuple[int, str, dict[str, str]]:
        meeting_id = q.get("meetingID", "")
        if not meeting_id:
            return _failed("missingParamMeetingID", "You must specify a meeting ID.")
        existing = self.meetings.get(meeting_id)
        duplicate = existing is not None
        if existing is None:
            existing = FakeMeeting(
                meeting_id=meeting_id,
                name=q.get("name", ""),
                attendee_pw=q.get("attendeePW", "ap"),
                moderator_pw=q.get("moderatorPW", "mp"),
                create_time=str(int(time.time() * 1000)),
                meta={k[5:]: v for k, v in q.items() if k.startswith("meta_")},
            )
            self.meetings[meeting_id] = existing
        key = "duplicateWarning" if duplicate else ""
        return _ok(
            f"<meetingID>{escape(meeting_id)}</meetingID>"
            f"<internalMeetingID>{hashlib.sha1(meeting_id.encode()).hexdigest()}"  # noqa: S324
            f"-{existing.create_time}</internalMeetingID>"
            f"<attendeePW>{escape(existing.attendee_pw)}</attendeePW>"
            f"<moderatorPW>{escape(existing.moderator_pw)}</moderatorPW>"
            f"<createTime>{existing.create_time}</createTime>"
            "<hasBeenForciblyEnded>false</hasBeenForciblyEnded>"
            f"<messageKey>{key}</messageKey><message></message>"
        )

    def _join(self, q: dict[str, str]) -> tuple[int, str, dict[str, str]]:
        meeting = self.meetings.get(q.get("meetingID", ""))
        if meeting is None:
            return _failed("invalidMeetingIdentifier", "The meeting ID does not exist.")
        if q.get("createTime") and q["createTime"] != meeting.create_time:
            return _failed("mismatchCreateTime", "The createTime does not match.")
        role = q.get("role", "").upper()
        password = q.get("password", "")
        if role not in {"MODERATOR", "VIEWER"}:
            if password == meeting.moderator_pw:
                role = "MODERATOR"
            elif password == meeting.attendee_pw:
                role = "VIEWER"
            else:
                return _failed("invalidPassword", "You either did not supply a password.")
        meeting.running = True
        self.joins.append(
            {
                "meetingID": meeting.meeting_id,
                "fullName": q.get("fullName", ""),
                "role": role,
                "userID": q.get("userID", ""),
            }
        )
        if q.get("redirect", "true") == "false":
            return _ok("<messageKey>successfullyJoined</messageKey><url>/html5client</url>")
        return 302, "", {"Location": f"{self.url}/html5client/join?sessionToken=fake"}

    def _running(self, q: dict[str, str]) -> tuple[int, str, dict[str, str]]:
        meeting = self.meetings.get(q.get("meetingID", ""))
        running = "true" if meeting is not None and meeting.running else "false"
        return _ok(f"<running>{running}</running>")

    def _end(self, q: dict[str, str]) -> tuple[int, str, dict[str, str]]:
        meeting = self.meetings.get(q.get("meetingID", ""))
        if meeting is None:
            return _failed("notFound", "We could not find a meeting with that meeting ID")
        if q.get("password") and q["password"] != meeting.moderator_pw:
            return _failed("invalidPassword", "You must supply the moderator password.")
        del self.meetings[meeting.meeting_id]
        self.ended.append(meeting.meeting_id)
        return _ok(
            "<messageKey>sentEndMeetingRequest</messageKey>"
            "<message>A request to end the meeting was sent.</message>"
        )

    def _recordings(self, q: dict[str, str]) -> tuple[int, str, dict[str, str]]:
        ids = set(filter(None, q.get("meetingID", "").split(",")))
        found = [r for r in self.recordings if not ids or r.meeting_id in ids]
        if not found:
            return _ok(
                "<recordings></recordings><messageKey>noRecordings</messageKey>"
                "<message>There are no recordings for the meeting(s).</message>"
            )
        items = "".join(
            "<recording>"
            f"<recordID>{escape(r.record_id)}</recordID><meetingID>{escape(r.meeting_id)}</meetingID>"
            f"<name>class</name><published>{str(r.published).lower()}</published>"
            f"<state>published</state><startTime>{r.start_ms}</startTime>"
            f"<endTime>{r.end_ms}</endTime><participants>3</participants>"
            "<playback><format><type>presentation</type>"
            f"<url>{escape(r.url)}</url><length>{r.length}</length></format></playback>"
            "</recording>"
            for r in found
        )
        return _ok(f"<recordings>{items}</recordings>")

    def _hook(self, q: dict[str, str]) -> tuple[int, str, dict[str, str]]:
        self.hooks.append(
            {"callbackURL": q.get("callbackURL", ""), "meetingID": q.get("meetingID", "")}
        )
        return _ok(
            f"<hookID>{len(self.hooks)}</hookID><permanentHook>false</permanentHook>"
            "<rawData>false</rawData>"
        )


def _ok(inner: str) -> tuple[int, str, dict[str, str]]:
    return 200, f"<response><returncode>SUCCESS</returncode>{inner}</response>", {}


def _failed(key: str, message: str) -> tuple[int, str, dict[str, str]]:
    return (
        200,
        "<response><returncode>FAILED</returncode>"
        f"<messageKey>{key}</messageKey><message>{escape(message)}</message></response>",
        {},
    )


class _Handler(BaseHTTPRequestHandler):
    double: BbbDouble

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        prefix = "/bigbluebutton/api/"
        if parts.path.startswith("/html5client/"):  # the room itself: nothing to check
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not parts.path.startswith(prefix):
            self.send_response(404)
            self.end_headers()
            return
        status, body, headers = self.double.answer(parts.path[len(prefix) :], parts.query)
        payload = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/xml;charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def serve(secret: str, algorithms: tuple[str, ...] | None = None) -> Iterator[BbbDouble]:
    """Run a double on a free loopback port for the block; its API URL is `double.url`
    + "/bigbluebutton/api/"."""
    double = BbbDouble(secret=secret) if algorithms is None else BbbDouble(secret, algorithms)
    handler = type("Handler", (_Handler,), {"double": double})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    double.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield double
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def enter(url: str) -> int:
    """What a browser does with a join URL: GET it (following the redirect to the room);
    the status of the last answer."""
    if not url.startswith("http://127.0.0.1:"):
        msg = f"not a double's URL: {url}"
        raise ValueError(msg)
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return int(response.status)


def webhook_post(*, callback_url: str, events: list[str], secret: str) -> tuple[str, str]:
    """The URL (with checksum) and form body bbb-webhooks would post for `events` (each a
    JSON object as text): checksum = sha1(callbackURL + body + secret)."""
    body = urlencode(
        {"domain": "bbb.example.kz", "event": "[" + ",".join(events) + "]", "timestamp": "1"}
    )
    digest = hashlib.sha1(f"{callback_url}{body}{secret}".encode()).hexdigest()  # noqa: S324
    joiner = "&" if "?" in callback_url else "?"
    return f"{callback_url}{joiner}checksum={digest}", body
