"""Deadline wording → rule → dates: every wording of the seed roadmap and the usual variants."""

from __future__ import annotations

import json
from datetime import date

import pytest

from mentoring.roadmaps.deadlines import KINDS, deadline_dates, due_date, parse_deadline

QUARTERS_2021 = [
    ("I квартал", date(2021, 3, 31)),
    ("II квартал", date(2021, 6, 30)),
    ("III квартал", date(2021, 9, 30)),
    ("IV квартал", date(2021, 12, 31)),
]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("до 15.02.2021 г.", {"kind": "date", "date": "2021-02-15"}),
        ("до 20.02.2021", {"kind": "date", "date": "2021-02-20"}),
        ("до 30.12.2021", {"kind": "date", "date": "2021-12-30"}),
        ("апрель 2021", {"kind": "month", "year": 2021, "month": 4}),
        ("декабрь 2021 г.", {"kind": "month", "year": 2021, "month": 12}),
        ("до декабря 2021", {"kind": "before_month", "year": 2021, "month": 12}),
        (
            "с 1 января по 31 декабря 2021 г.",
            {"kind": "period", "start": "2021-01-01", "end": "2021-12-31"},
        ),
        ("ежеквартально", {"kind": "quarterly", "year": 2021}),
        ("в течение года", {"kind": "during_year", "year": 2021}),
        ("в течение всего периода реализации ЦМН", {"kind": "whole_period", "year": 2021}),
        ("в течение всего периода внедрения ЦМН", {"kind": "whole_period", "year": 2021}),
        (
            "в течение двух недель с даты определения модели",
            {"kind": "relative", "days": 14, "from": "form_chosen"},
        ),
        ("в соответствии со сроками реализации программ наставничества", {"kind": "program_terms"}),
        ("в соответствии со сроками реализации плана   наставничества", {"kind": "program_terms"}),
    ],
)
def test_every_wording_of_the_seed_roadmap_gives_its_rule(text, rule):
    assert parse_deadline(text, year=2021) == rule


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("ДО 15.02.2021Г.", {"kind": "date", "date": "2021-02-15"}),
        ("  до  15.02.2021   г. ", {"kind": "date", "date": "2021-02-15"}),
        ("до\xa015.02.21 г.", {"kind": "date", "date": "2021-02-15"}),
        ("не позднее 1 сентября 2021 года", {"kind": "date", "date": "2021-09-01"}),
        ("15 февраля", {"kind": "date", "date": "2021-02-15"}),
        ("до 15.02", {"kind": "date", "date": "2021-02-15"}),
        ("IV квартал 2021 г.", {"kind": "date", "date": "2021-12-31"}),
        ("4 квартал", {"kind": "date", "date": "2021-12-31"}),
        ("Апрель", {"kind": "month", "year": 2021, "month": 4}),
        ("в мае 2022 г.", {"kind": "month", "year": 2022, "month": 5}),
        ("до конца марта", {"kind": "month", "year": 2021, "month": 3}),
        ("до января 2022 г.", {"kind": "before_month", "year": 2022, "month": 1}),
        ("С 01.09.2021 по 31.05.2022", {"kind": "period", "start": "2021-09-01", "end": "2022-05-31"}),
        ("с 1 сентября по 31 мая 2022 г.", {"kind": "period", "start": "2021-09-01", "end": "2022-05-31"}),
        ("с 1 сентября по 31 мая", {"kind": "period", "start": "2021-09-01", "end": "2022-05-31"}),
        ("с января по май 2021", {"kind": "period", "start": "2021-01-01", "end": "2021-05-31"}),
        ("Ежеквартально.", {"kind": "quarterly", "year": 2021}),
        ("1 раз в квартал", {"kind": "quarterly", "year": 2021}),
        ("в течение 2022 года", {"kind": "during_year", "year": 2022}),
        ("в течении года", {"kind": "during_year", "year": 2021}),
        (
            "В течение всего периода реализации целевой модели наставничества",
            {"kind": "whole_period", "year": 2021},
        ),
        ("постоянно", {"kind": "whole_period", "year": 2021}),
        (
            "в течение 14 дней с даты выбора формы наставничества",
            {"kind": "relative", "days": 14, "from": "form_chosen"},
        ),
        (
            "в течение трёх недель с даты определения модели",
            {"kind": "relative", "days": 21, "from": "form_chosen"},
        ),
        ("в соответствии с планом наставничества", {"kind": "program_terms"}),
        ("по плану работы наставнической пары", {"kind": "program_terms"}),
    ],
)
def test_common_variants_are_understood_whatever_the_case_spaces_and_year_marks(text, rule):
    assert parse_deadline(text, year=2021) == rule


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "по мере необходимости",
        "до 31.02.2021",
        "до 15.13.2021",
        "с 31 декабря 2021 по 1 января 2021",
        "в течение двух недель с даты приказа",
        "в течение двенадцати недель с даты определения модели",
        "ежемесячно",
        "\x00\x07",
    ],
)
def test_unknown_or_impossible_wording_is_kept_as_text_without_a_date(text):
    rule = parse_deadline(text, year=2021)
    assert rule == {"kind": "text", "text": " ".join(text.split())}
    assert deadline_dates(rule) == []
    assert due_date(rule) is None


def test_rules_are_json_and_use_only_the_documented_kinds():
    for text in ["до 15.02.2021 г.", "ежеквартально", "с 1 января по 31 декабря 2021 г.", "что-то своё"]:
        rule = parse_deadline(text, year=2021)
        assert json.loads(json.dumps(rule)) == rule
        assert rule["kind"] in KINDS


def test_a_date_month_before_month_and_period_give_one_deadline():
    def dates(text: str, year: int = 2021) -> list[tuple[str, date]]:
        return deadline_dates(parse_deadline(text, year=year))

    assert dates("до 15.02.2021 г.") == [("срок", date(2021, 2, 15))]
    assert dates("апрель 2021") == [("срок", date(2021, 4, 30))]
    assert dates("декабрь 2021 г.") == [("срок", date(2021, 12, 31))]
    assert dates("до декабря 2021") == [("срок", date(2021, 11, 30))]
    assert dates("с 1 января по 31 декабря 2021 г.") == [("срок", date(2021, 12, 31))]


def test_before_january_is_the_last_day_of_the_previous_year():
    assert due_date(parse_deadline("до января 2022", year=2021)) == date(2021, 12, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("февраль 2024", date(2024, 2, 29)),
        ("февраль 2023", date(2023, 2, 28)),
        ("до марта 2024", date(2024, 2, 29)),
        ("до марта 2023", date(2023, 2, 28)),
        ("июнь 2021", date(2021, 6, 30)),
        ("ноябрь 2021", date(2021, 11, 30)),
        ("с сентября по февраль", date(2024, 2, 29)),
    ],
)
def test_a_month_ends_on_its_last_day_including_february_of_a_leap_year(text, expected):
    assert due_date(parse_deadline(text, year=2023)) == expected


def test_quarterly_gives_the_four_quarter_ends_and_the_last_is_the_due_date():
    rule = parse_deadline("ежеквартально", year=2021)
    assert deadline_dates(rule) == QUARTERS_2021
    assert due_date(rule) == date(2021, 12, 31)


def test_during_the_year_and_the_whole_period_are_controlled_at_the_end_of_the_year():
    assert deadline_dates(parse_deadline("в течение года", year=2021)) == [("срок", date(2021, 12, 31))]
    assert due_date(parse_deadline("в течение всего периода реализации ЦМН", year=2022)) == date(2022, 12, 31)


def test_the_two_week_rule_counts_from_the_date_the_form_was_chosen():
    rule = parse_deadline("в течение двух недель с даты определения модели", year=2021)
    assert deadline_dates(rule) == []
    assert due_date(rule) is None
    assert deadline_dates(rule, form_chosen_on=date(2021, 3, 1)) == [("срок", date(2021, 3, 15))]
    assert due_date(rule, form_chosen_on=date(2021, 12, 25)) == date(2022, 1, 8)


def test_program_terms_give_no_date():
    rule = parse_deadline("в соответствии со сроками реализации программ наставничества", year=2021)
    assert deadline_dates(rule, form_chosen_on=date(2021, 3, 1)) == []
    assert due_date(rule) is None


@pytest.mark.parametrize(
    "rule",
    [
        {},
        {"kind": "date"},
        {"kind": "date", "date": "15.02.2021"},
        {"kind": "month", "year": 2021, "month": 13},
        {"kind": "quarterly", "year": "две тысячи"},
        {"kind": "relative", "days": None, "from": "form_chosen"},
        {"kind": "something new"},
    ],
)
def test_a_damaged_rule_gives_no_date_instead_of_an_error(rule):
    assert deadline_dates(rule, form_chosen_on=date(2021, 3, 1)) == []
    assert due_date(rule) is None
