"""iCalendar (RFC 5545) output of the schedule (SIS-2: exportable to any calendar).

Times are written in UTC (`…Z`, RFC 5545 §3.3.5 form #2), so no VTIMEZONE is needed and
calendar apps show them in the viewer's zone; `X-WR-TIMEZONE` says the schedule is kept in
Asia/Almaty. Text values are escaped (§3.3.11) and content lines folded at 75 octets
(§3.1) without splitting a UTF-8 character. Pure: no Django models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

CRLF = "\r\n"
LINE_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    stamp: dt.datetime  # DTSTAMP: when this calendar object was last changed
    description: str = ""
    location: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()
    cancelled: bool = False


def escape_text(value: str) -> str:
    """TEXT escaping: backslash, semicolon, comma; newlines become \\n."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def utc_stamp(value: dt.datetime) -> str:
    if value.tzinfo is None:
        msg = "calendar times must be timezone-aware"
        raise ValueError(msg)
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets; continuation lines begin
    with one space (which counts towards their 75)."""
    encoded = line.encode()
    if len(encoded) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    start, limit = 0, LINE_OCTETS
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1  # never cut inside a multi-byte character
        parts.append(encoded[start:end].decode())
        start, limit = end, LINE_OCTETS - 1
    return f"{CRLF} ".join(parts)


def calendar(
    events: Iterable[CalendarEvent], *, name: str, product: str = "-//Qashyq//Schedule//KK"
) -> str:
    """A VCALENDAR with one VEVENT per class."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Asia/Almaty",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{utc_stamp(event.stamp)}",
            f"DTSTART:{utc_stamp(event.starts_at)}",
            f"DTEND:{utc_stamp(event.ends_at)}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        if event.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
        lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
