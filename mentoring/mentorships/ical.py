"""A small iCalendar (RFC 5545) writer for the meetings feed: CRLF line ends, text escaping and line
folding at 75 octets without splitting a UTF-8 character. Times are written in UTC (the «Z» form), so
no VTIMEZONE is needed and every calendar program shows them in its own zone."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

CRLF = "\r\n"
MAX_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    # Bumped whenever the event changes, so that calendar programs take the new version.
    sequence: int = 0


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545, 3.3.11): backslash, semicolon, comma and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Splits a content line into pieces of at most 75 octets joined by CRLF and one space (3.1)."""
    pieces: list[str] = []
    current = ""
    current_octets = 0
    limit = MAX_OCTETS
    for character in line:
        size = len(character.encode("utf-8"))
        if current_octets + size > limit:
            pieces.append(current)
            current, current_octets = "", 0
            # A continuation line starts with a space, which counts towards its 75 octets.
            limit = MAX_OCTETS - 1
        current += character
        current_octets += size
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def utc(moment: datetime.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("iCalendar times must be timezone-aware")
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _line(name: str, value: str) -> str:
    return fold(f"{name}:{value}") + CRLF


def render_calendar(events: Iterable[CalendarEvent], *, name: str, now: datetime.datetime) -> bytes:
    """The whole VCALENDAR as UTF-8 bytes."""
    out = [
        _line("BEGIN", "VCALENDAR"),
        _line("VERSION", "2.0"),
        _line("PRODID", "-//Nastavnichestvo//Mentoring meetings//RU"),
        _line("CALSCALE", "GREGORIAN"),
        _line("METHOD", "PUBLISH"),
        _line("X-WR-CALNAME", escape_text(name)),
    ]
    stamp = utc(now)
    for event in events:
        out += [
            _line("BEGIN", "VEVENT"),
            _line("UID", event.uid),
            _line("DTSTAMP", stamp),
            _line("DTSTART", utc(event.starts_at)),
            _line("DTEND", utc(event.ends_at)),
            _line("SEQUENCE", str(event.sequence)),
            _line("SUMMARY", escape_text(event.summary)),
        ]
        if event.location:
            out.append(_line("LOCATION", escape_text(event.location)))
        if event.description:
            out.append(_line("DESCRIPTION", escape_text(event.description)))
        if event.url:
            out.append(_line("URL", event.url))
        out.append(_line("STATUS", "CANCELLED" if event.cancelled else "CONFIRMED"))
        out.append(_line("END", "VEVENT"))
    out.append(_line("END", "VCALENDAR"))
    return "".join(out).encode("utf-8")
