"""Deadlines of roadmap items: from the wording people write («до 15.02.2021 г.», «ежеквартально»,
«в течение двух недель с даты определения модели») to a rule stored as JSON, and from the rule to dates.

Pure Python: no Django, no database. `parse_deadline` never raises; wording it does not understand is
kept as a rule of kind «text» without a date, and the roadmap's owner sets the date by hand.

Rule kinds (every rule is a JSON-serialisable dict with a `kind`):

==============  ============================================  ==========================================
kind            wording                                       checkpoints
==============  ============================================  ==========================================
date            «до 15.02.2021 г.», «15 февраля 2021»,        the date
                «IV квартал 2021» (the quarter's last day)
month           «апрель 2021», «в декабре 2021 г.»,           the last day of the month
                «до конца декабря 2021»
before_month    «до декабря 2021»                             the last day of the previous month
period          «с 1 января по 31 декабря 2021 г.»,           the end of the period
                «с 01.09.2021 по 31.05.2022», «с января
                по май 2021»
quarterly       «ежеквартально»                               31.03, 30.06, 30.09 and 31.12
during_year     «в течение года», «в течение 2021 года»       31.12 of the year
whole_period    «в течение всего периода реализации ЦМН»      31.12 of the roadmap's year (control date)
relative        «в течение двух недель с даты определения     the date the form (model) was chosen plus
                модели»                                       `days`; none while that date is unknown
program_terms   «в соответствии со сроками реализации         none: the program's or the pair's plan
                программ наставничества»                      sets them
text            anything else                                 none
==============  ============================================  ==========================================

Dates in rules are ISO strings («2021-02-15»); years and months are integers.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

KINDS = (
    "date",
    "month",
    "before_month",
    "period",
    "quarterly",
    "during_year",
    "whole_period",
    "relative",
    "program_terms",
    "text",
)
# What a relative deadline counts from. Only one anchor occurs in the target model (roadmap 4.3).
FROM_FORM_CHOSEN = "form_chosen"

DEADLINE_LABEL = "срок"
QUARTER_LABELS = ("I квартал", "II квартал", "III квартал", "IV квартал")

_MONTH_STEMS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
# Nominative, genitive and prepositional forms: «май», «мая», «мае»; «март», «марта», «марте».
_MONTH = (
    r"(?P<{name}>январ[ьяе]|феврал[ьяе]|март[аеу]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?"
    r"|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"
)
_YEAR = r"(?P<{name}>\d{{4}})"
_NUMBER_WORDS = {
    "одного": 1,
    "одной": 1,
    "один": 1,
    "одна": 1,
    "одну": 1,
    "двух": 2,
    "два": 2,
    "две": 2,
    "трех": 3,
    "три": 3,
    "четырех": 4,
    "четыре": 4,
    "пяти": 5,
    "пять": 5,
    "шести": 6,
    "шесть": 6,
    "семи": 7,
    "семь": 7,
    "десяти": 10,
    "десять": 10,
    "четырнадцати": 14,
    "четырнадцать": 14,
    "пятнадцати": 15,
    "пятнадцать": 15,
    "двадцати": 20,
    "двадцать": 20,
    "тридцати": 30,
    "тридцать": 30,
}
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month_number(word: str) -> int:
    for stem, number in _MONTH_STEMS.items():
        if word.startswith(stem) and (stem != "ма" or len(word) == 3):
            return number
    raise ValueError(word)


def _normalize(text: str) -> str:
    """Lower case, «ё» as «е», one space between words, no «г.»/«года» after a year, no final dot."""
    text = text.replace("\xad", "").replace("\xa0", " ").replace("\u202f", " ")
    text = text.lower().replace("ё", "е")
    text = re.sub(r"[‐‑‒–—−]", "-", text)
    text = " ".join(text.split())
    # «2021 г.», «2021г», «2021 года», «2021 год», «15.02.21г.» → «2021», «15.02.21».
    text = re.sub(r"(\d{4}|(?<=[./])\d{2})\s*(?:г\.?|года|году|год)(?=[\s,.;:)]|$)", r"\1", text)
    return text.strip(" .,;:")


# --- parsing ---------------------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(r"(?P<day>\d{1,2})[./](?P<month>\d{1,2})(?:[./](?P<year>\d{4}|\d{2}))?")
_WORDS_DATE = re.compile(r"(?P<day>\d{1,2})\s+" + _MONTH.format(name="mname") + r"(?:\s+(?P<year>\d{4}))?")
_DATE_PREFIX = r"(?:(?:до|к|не позднее|не позже|по|срок|срок до)\s+)?"
_SINGLE_DATE = re.compile(
    rf"^{_DATE_PREFIX}(?:{_NUMERIC_DATE.pattern}|{_WORDS_DATE.pattern.replace('?P<', '?P<w')})$"
)
_MONTH_ONLY = re.compile(
    r"^(?:(?:в|до конца|к концу|не позднее|не позже|в течени[еи])\s+)?"
    + _MONTH.format(name="month")
    + r"(?:\s+(?:месяц[аеу]?\s+)?"
    + _YEAR.format(name="year")
    + r")?$"
)
_BEFORE_MONTH = re.compile(
    r"^до\s+" + _MONTH.format(name="month") + r"(?:\s+" + _YEAR.format(name="year") + r")?$"
)
_QUARTER = re.compile(
    r"^(?:(?:в|до конца|к концу)\s+)?(?P<q>iv|iii|ii|i|[1-4])\s*(?:-?й\s+)?квартал[аеу]?(?:\s+(?P<year>\d{4}))?$"
)
_MONTH_WITH_YEAR = re.compile(_MONTH.format(name="month") + r"(?:\s+" + _YEAR.format(name="year") + r")?")
_PERIOD = re.compile(r"^(?:в период\s+)?с\s+(?P<start>.+?)\s+(?:по|до)\s+(?P<end>.+)$")
_QUARTERLY = re.compile(r"^(?:ежеквартально|поквартально|каждый квартал|(?:\d+|один)\s+раз\s+в\s+квартал)\b")
_DURING_YEAR = re.compile(
    r"^(?:постоянно\s+)?в\s+течени[еи]\s+(?:(?:всего|календарного)\s+)?(?:(?P<year>\d{4})|года)(?:\s+(?P<year2>\d{4}))?$"
)
_WHOLE_PERIOD = re.compile(
    r"^(?:постоянно|весь период\b.*|в\s+течени[еи]\s+всего\s+(?:периода|срока)\b.*|на\s+протяжении\s+всего\s+периода\b.*)$"
)
_RELATIVE = re.compile(
    r"^(?:в\s+течени[еи]|не позднее|не позже|в срок до)\s+(?P<count>\d+|[а-я]+)?\s*"
    r"(?P<unit>дн(?:я|ей)|день|недел(?:и|ь|ю|я)|суток)\s+(?:с|со|после)\s+(?:даты|дня|момента)?\s*(?P<anchor>.+)$"
)
_FORM_CHOSEN_ANCHOR = re.compile(r"(?:определени|выбор)[а-я]*\s+(?:модели|формы|форм)\b")
_PROGRAM_TERMS = re.compile(
    r"^(?=.*(?:программ|план))(?:в\s+соответствии\s+(?:со\s+сроками|с\s+планом|с\s+графиком|с\s+программой)|по\s+плану|согласно\s+(?:плану|срокам|графику))"
)


def _iso(day: date) -> str:
    return day.isoformat()


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str | None, default: int) -> int:
    if not text:
        return default
    value = int(text)
    return 2000 + value if value < 100 else value


def _parse_point(text: str, *, default_year: int) -> tuple[date, bool]:
    """One end of a period: a date («01.09.2021», «1 сентября 2021») or a month («сентябрь 2021»,
    «мая»), which stands for its first day at the start and its last day at the end.

    Returns the date and whether a year was written (else `default_year` is used).
    """
    text = text.strip()
    match = _NUMERIC_DATE.fullmatch(text)
    if match:
        day = date(_year(match["year"], default_year), int(match["month"]), int(match["day"]))
        return day, match["year"] is not None
    match = _WORDS_DATE.fullmatch(text)
    if match:
        day = date(_year(match["year"], default_year), _month_number(match["mname"]), int(match["day"]))
        return day, match["year"] is not None
    match = _MONTH_WITH_YEAR.fullmatch(text)
    if match:
        return date(_year(match["year"], default_year), _month_number(match["month"]), 1), match[
            "year"
        ] is not None
    raise ValueError(text)


def _same_day_in(day: date, year: int) -> date:
    """The same day and month in another year (29 February becomes the 28th in a common year)."""
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def _parse_period(start_text: str, end_text: str, *, year: int) -> dict[str, Any]:
    end, end_has_year = _parse_point(end_text, default_year=year)
    end_is_month = _MONTH_WITH_YEAR.fullmatch(end_text.strip()) is not None
    if end_is_month:
        end = _last_day(end.year, end.month)
    start, start_has_year = _parse_point(start_text, default_year=end.year)
    if start > end:
        if end_has_year and not start_has_year:
            # «с 1 сентября по 31 мая 2022»: the start is in the year before.
            start = _same_day_in(start, start.year - 1)
        elif not end_has_year:
            # «с 1 сентября по 31 мая» in a roadmap for 2021: a school year starting in 2021.
            if not start_has_year:
                start = _same_day_in(start, year)
            end = _last_day(start.year + 1, end.month) if end_is_month else _same_day_in(end, start.year + 1)
    if start > end:
        raise ValueError("the period ends before it starts")
    return {"kind": "period", "start": _iso(start), "end": _iso(end)}


def _count(word: str | None) -> int:
    if word is None:
        return 1  # «в течение недели»
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS[word]


def parse_deadline(text: str, *, year: int) -> dict[str, Any]:
    """The rule for a deadline's wording; `year` is the roadmap's year, used when the wording names none.

    Never raises: unknown or impossible wording («до 31.02.2021») gives {"kind": "text", "text": ...}.
    """
    original = " ".join(str(text or "").split())
    try:
        rule = _parse(_normalize(original), year=year)
    except (ValueError, KeyError, TypeError, OverflowError):
        rule = None
    return rule if rule is not None else {"kind": "text", "text": original}


def _parse(text: str, *, year: int) -> dict[str, Any] | None:
    if not text:
        return None
    match = _SINGLE_DATE.match(text)
    if match:
        if match["day"]:
            day = date(_year(match["year"], year), int(match["month"]), int(match["day"]))
        else:
            day = date(_year(match["wyear"], year), _month_number(match["wmname"]), int(match["wday"]))
        return {"kind": "date", "date": _iso(day)}
    match = _BEFORE_MONTH.match(text)
    if match:
        return {
            "kind": "before_month",
            "year": _year(match["year"], year),
            "month": _month_number(match["month"]),
        }
    match = _MONTH_ONLY.match(text)
    if match:
        return {"kind": "month", "year": _year(match["year"], year), "month": _month_number(match["month"])}
    match = _QUARTER.match(text)
    if match:
        quarter = _ROMAN_QUARTERS[match["q"]]
        return {"kind": "date", "date": _iso(_last_day(_year(match["year"], year), quarter * 3))}
    match = _PERIOD.match(text)
    if match:
        return _parse_period(match["start"], match["end"], year=year)
    if _QUARTERLY.match(text):
        return {"kind": "quarterly", "year": _year(_find_year(text), year)}
    match = _DURING_YEAR.match(text)
    if match:
        return {"kind": "during_year", "year": _year(match["year"] or match["year2"], year)}
    if _WHOLE_PERIOD.match(text):
        return {"kind": "whole_period", "year": year}
    match = _RELATIVE.match(text)
    if match:
        if not _FORM_CHOSEN_ANCHOR.search(match["anchor"]):
            return None
        count = _count(match["count"])
        days = count * 7 if match["unit"].startswith("недел") else count
        return {"kind": "relative", "days": days, "from": FROM_FORM_CHOSEN}
    if _PROGRAM_TERMS.match(text):
        return {"kind": "program_terms"}
    return None


def _find_year(text: str) -> str | None:
    match = re.search(r"\b(\d{4})\b", text)
    return match[1] if match else None


# --- dates -----------------------------------------------------------------------------------------


def deadline_dates(rule: dict[str, Any], *, form_chosen_on: date | None = None) -> list[tuple[str, date]]:
    """The checkpoints of a rule as (label, date), in order: one «срок», or four quarters.

    Empty when the rule gives no date: «program_terms», «text», a relative rule while the form's date
    is unknown, or a rule that is damaged (hand-edited JSON) — never an exception.
    """
    try:
        return _dates(rule, form_chosen_on=form_chosen_on)
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
        return []


def _dates(rule: dict[str, Any], *, form_chosen_on: date | None) -> list[tuple[str, date]]:
    kind = rule.get("kind")
    if kind == "date":
        return [(DEADLINE_LABEL, date.fromisoformat(rule["date"]))]
    if kind == "month":
        return [(DEADLINE_LABEL, _last_day(int(rule["year"]), int(rule["month"])))]
    if kind == "before_month":
        return [(DEADLINE_LABEL, date(int(rule["year"]), int(rule["month"]), 1) - timedelta(days=1))]
    if kind == "period":
        return [(DEADLINE_LABEL, date.fromisoformat(rule["end"]))]
    if kind == "quarterly":
        year = int(rule["year"])
        return [
            (label, _last_day(year, quarter * 3)) for quarter, label in enumerate(QUARTER_LABELS, start=1)
        ]
    if kind in ("during_year", "whole_period"):
        return [(DEADLINE_LABEL, date(int(rule["year"]), 12, 31))]
    if kind == "relative":
        if form_chosen_on is None:
            return []
        return [(DEADLINE_LABEL, form_chosen_on + timedelta(days=int(rule["days"])))]
    return []


def due_date(rule: dict[str, Any], *, form_chosen_on: date | None = None) -> date | None:
    """The last checkpoint of a rule, or None when it gives no date."""
    dates = deadline_dates(rule, form_chosen_on=form_chosen_on)
    return dates[-1][1] if dates else None
