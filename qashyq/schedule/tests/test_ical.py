"""iCalendar output (RFC 5545, SIS-2): written, then parsed back by a strict reader."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from qashyq.schedule.ical import CalendarEvent, calendar, escape_text, fold
from qashyq.schedule.tests.conftest import almaty

CONTENT_LINE = re.compile(r"^(?P<name>[A-Z-]+)(?P<params>(;[^:]*)?):(?P<value>.*)$")


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def parse(text: str) -> list[dict[str, str]]:
    """A strict reader: CRLF lines of at most 75 octets, folded lines unfolded (§3.1),
    components nested, text unescaped. Returns the VEVENTs' properties."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert all(len(line.encode()) <= 75 for line in physical)
    assert all("\n" not in line and "\r" not in line for line in physical)
    logical: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    assert logical[0] == "BEGIN:VCALENDAR"
    assert logical[-1] == "END:VCALENDAR"
    events: list[dict[str, str]] = []
    stack: list[str] = []
    for line in logical:
        match = CONTENT_LINE.match(line)
        assert match, line
        name, value = match["name"], match["value"]
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({})
        elif name == "END":
            assert stack.pop() == value
        elif stack[-1] == "VEVENT":
            events[-1][name] = value
    assert stack == []
    return events


def event(**overrides: object) -> CalendarEvent:
    values: dict[str, object] = {
        "uid": "class-1@portal.atyrau.edu.kz",
        "starts_at": almaty(2026, 3, 2, 10, 0),
        "ends_at": almaty(2026, 3, 2, 11, 20),
        "summary": "Алгоритмдер және деректер құрылымдары (дәріс)",
        "stamp": dt.datetime(2026, 2, 20, 8, 30, 15, tzinfo=dt.UTC),
        "description": "ALG2105; синхронды, Jitsi\nТақырып: сұрыптау, іздеу",
        "location": "https://meet.jit.si/qashyq-alg",
        "url": "https://portal.atyrau.edu.kz/schedule/classes/1/",
        "categories": ("синхронды",),
    }
    values.update(overrides)
    return CalendarEvent(**values)  # type: ignore[arg-type]


def test_a_calendar_parses_back_with_every_value():
    text = calendar([event(), event(uid="class-2@x", cancelled=True)], name="Қашық; кесте")
    header = text.split("BEGIN:VEVENT")[0]
    assert header == (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Qashyq//Schedule//KK\r\n"
        "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Қашық\\; кесте\r\n"
        "X-WR-TIMEZONE:Asia/Almaty\r\n"
    )
    first, second = parse(text)
    assert first["UID"] == "class-1@portal.atyrau.edu.kz"
    assert first["DTSTAMP"] == "20260220T083015Z"
    assert (first["DTSTART"], first["DTEND"]) == ("20260302T050000Z", "20260302T062000Z")
    assert unescape(first["SUMMARY"]) == "Алгоритмдер және деректер құрылымдары (дәріс)"
    assert unescape(first["DESCRIPTION"]) == "ALG2105; синхронды, Jitsi\nТақырып: сұрыптау, іздеу"
    assert first["DESCRIPTION"].startswith("ALG2105\\; синхронды\\, Jitsi\\nТақырып")
    assert unescape(first["LOCATION"]) == "https://meet.jit.si/qashyq-alg"
    assert first["URL"] == "https://portal.atyrau.edu.kz/schedule/classes/1/"
    assert first["STATUS"] == "CONFIRMED"
    assert second["STATUS"] == "CANCELLED"


def test_long_kazakh_lines_fold_without_breaking_letters():
    line = "SUMMARY:" + "Қазақстан Республикасының білім беру жүйесі " * 5
    folded = fold(line)
    parts = folded.split("\r\n")
    assert [len(p.encode()) <= 75 for p in parts] == [True] * len(parts)
    assert len(parts[0].encode()) in {74, 75}  # 75, or 74 when a 2-byte letter would be cut
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
    assert fold("SUMMARY:short") == "SUMMARY:short"


def test_escaping():
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar([event(starts_at=dt.datetime(2026, 3, 2, 10, 0))], name="x")  # noqa: DTZ001
