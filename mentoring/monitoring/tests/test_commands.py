"""The commands `indicators` and `take_register_snapshots`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mentoring.monitoring.models import RegisterSnapshot, SnapshotReason
from mentoring.monitoring.tests.factories import YEAR, build_district, take, target

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_indicators_prints_every_indicator_as_json(world):
    district = build_district(world)
    target("1", "70", municipality=world.municipality, by=world.department_admin)
    take(world.municipality, quarter=4)
    payload = json.loads(
        run("indicators", "--municipality", "sech", "--year", "2025", "--quarter", "4", "--json")
    )
    assert payload["quarter"] == 4
    assert payload["snapshot"]["as_of"] == "2025-12-31"
    rows = {row["code"]: row for row in payload["indicators"]}
    assert set(rows) == {"1", "2", "3", "4", "5", "6", "7"}
    assert rows["1"] == {
        "code": "1",
        "name": rows["1"]["name"],
        "target": "70.00",
        "actual": None,
        "numerator": 4,
        "denominator": None,
        "missing": "не внесён контингент за 2025 год: МБУ ДО «Дом творчества»",
    }
    assert (rows["4"]["numerator"], rows["4"]["denominator"], rows["4"]["actual"]) == (1, 2, "50.0")
    school = json.loads(
        run(
            "indicators",
            "--municipality",
            "sech",
            "--organization",
            district.school_a.code,
            "--year",
            "2025",
            "--json",
        )
    )
    school_rows = {row["code"]: row for row in school["indicators"]}
    assert (school_rows["1"]["numerator"], school_rows["1"]["denominator"], school_rows["1"]["actual"]) == (
        3,
        20,
        "15.0",
    )


def test_indicators_prints_a_readable_russian_table(world):
    build_district(world, complete=True)
    take(world.municipality, quarter=4)
    text = run("indicators", "--municipality", "sech", "--year", "2025")
    assert "Целевые показатели: Сеченовский муниципальный район, 2025 год" in text
    assert "Срез персонифицированного учёта на 31.12.2025" in text
    assert "10.0" in text
    assert "нет данных: за период нет ответов на анкеты" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Укажите муниципалитет"),
        (["--municipality", "nowhere", "--year", "2025"], "не найден"),
        (["--municipality", "sech"], "Укажите год"),
        (["--municipality", "sech", "--year", "двадцать"], "--year: нужно целое число"),
        (["--municipality", "sech", "--year", "1800"], "--year: нужно целое число от 2019"),
        (
            ["--municipality", "sech", "--year", "2025", "--quarter", "5"],
            "--quarter: нужно целое число от 1 до 4",
        ),
        (["--municipality", "sech", "--year", "2025", "--organization", "luk-school-1"], "не найдена"),
        (
            ["--municipality", "sech", "--year", "2025", "--organization", "sech-partner-1"],
            "школ и организаций ДО",
        ),
    ],
)
def test_indicators_refuses_bad_arguments_in_russian(world, args, message):
    with pytest.raises(CommandError) as raised:
        run("indicators", *args)
    assert message in str(raised.value)


def test_take_register_snapshots_takes_the_quarter_just_ended_once(world):
    build_district(world)
    first = run("take_register_snapshots", "--date", "2026-01-05")
    assert "sech: снят срез за IV квартал 2025 г., записей 12" in first
    assert "luk: снят срез за IV квартал 2025 г., записей 0" in first
    second = run("take_register_snapshots", "--date", "2026-01-20")
    assert "sech: срез за IV квартал 2025 г. уже есть" in second
    assert "Снято срезов: 0." in second
    snapshot = RegisterSnapshot.objects.get(municipality=world.municipality)
    assert (snapshot.year, snapshot.quarter, snapshot.reason) == (YEAR, 4, SnapshotReason.QUARTER_END)
    assert snapshot.taken_by is None


@pytest.mark.parametrize(("value", "message"), [("05.01.2026", "ГГГГ-ММ-ДД"), ("2999-01-01", "в будущем")])
def test_take_register_snapshots_refuses_a_bad_date(world, value, message):
    with pytest.raises(CommandError) as raised:
        run("take_register_snapshots", "--date", value)
    assert message in str(raised.value)
    assert not RegisterSnapshot.objects.exists()
