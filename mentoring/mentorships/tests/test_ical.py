"""The hand-written iCalendar writer: escaping, folding at 75 octets without breaking UTF-8, CRLF."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentoring.mentorships.ical import CalendarEvent, escape_text, fold, render_calendar, utc

MOSCOW = datetime.timezone(datetime.timedelta(hours=3))


def test_text_is_escaped_as_rfc_5545_says():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_folded_lines_are_short_and_unfold_to_the_original(text):
    folded = fold(f"DESCRIPTION:{text}")
    assert all(len(line.encode("utf-8")) <= 75 for line in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == f"DESCRIPTION:{text}"


def test_times_are_written_in_utc_and_naive_times_are_refused():
    assert utc(datetime.datetime(2026, 9, 14, 15, 30, tzinfo=MOSCOW)) == "20260914T123000Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        utc(datetime.datetime(2026, 9, 14, 15, 30))


def test_a_calendar_has_crlf_lines_and_one_event_per_meeting():
    start = datetime.datetime(2026, 9, 14, 15, 0, tzinfo=MOSCOW)
    body = render_calendar(
        [
            CalendarEvent(
                uid="meeting-1@nastavnichestvo",
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=45),
                summary="Встреча-знакомство (наставничество)",
                location="Кабинет 12, второй этаж",
                description="Тема: дроби\nПрограмма «Шаг вперёд»",
            )
        ],
        name="Мои встречи",
        now=start,
    ).decode("utf-8")
    lines = body.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == ""
    assert "\n" not in body.replace("\r\n", "")
    assert "DTSTART:20260914T120000Z" in lines
    assert "DTEND:20260914T124500Z" in lines
    assert "LOCATION:Кабинет 12\\, второй этаж" in body.replace("\r\n ", "")
    assert body.count("BEGIN:VEVENT") == body.count("END:VEVENT") == 1
