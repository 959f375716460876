"""manage.py import_people: the same import from the command line, for scripts and administrators."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mentoring.people.models import Consent, Person

HEADER = ["ФИО", "Дата рождения", "Категория", "Класс", "Роль", "Согласие", "Законный представитель"]
GOOD_ROWS = [
    ["Зуев Максим Ильич", "05.06.2011", "ученик", "8Б", "наставляемый", "да", "Зуева Ирина Петровна"],
    ["Егорова Анна Петровна", "12.05.1985", "учитель", "", "наставник", "да", ""],
]


@pytest.fixture
def table_file(tmp_path):
    def write(rows: list[list[object]], name: str = "база.xlsx") -> str:
        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        path = tmp_path / name
        workbook.save(path)
        return str(path)

    return write


def run(*args: str) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("import_people", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_json_output_has_the_counts_and_no_errors(world, table_file):
    out, error = run(
        "--organization", "sech-school-1", "--json", "--user", "curator1", table_file([HEADER, *GOOD_ROWS])
    )
    assert error is None
    assert json.loads(out) == {"created": 2, "updated": 0, "unchanged": 0, "errors": []}
    assert Person.objects.filter(organization=world.school).count() == 2
    assert Consent.objects.filter(recorded_by=world.curator).count() == 2


def test_errors_give_a_non_zero_exit_json_with_rows_and_columns_and_change_nothing(world, table_file):
    rows = [HEADER, *GOOD_ROWS, ["Зуев Илья", "31.02.2011", "ученик", "8Б", "", "", ""]]
    out, error = run("--organization", "sech-school-1", "--json", table_file(rows))
    assert error is not None
    assert "Ничего не изменено" in str(error)
    assert json.loads(out) == {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "errors": [{"row": 4, "column": "Дата рождения", "message": "Такой даты нет: «31.02.2011»."}],
    }
    assert "«" in out  # Russian text, not \\u escapes
    assert Person.objects.count() == 0


def test_a_summary_in_russian_lists_each_error_with_its_row_and_column(world, table_file):
    rows = [HEADER, ["Зуев Илья", "05.06.2011", "космонавт", "8Б", "", "", ""]]
    out, error = run("--organization", "sech-school-1", table_file(rows))
    assert error is not None
    assert "строка 2, столбец «Категория»: Категория «космонавт» не найдена" in out


def test_a_dry_run_checks_the_file_and_writes_nothing(world, table_file):
    out, error = run("--organization", "sech-school-1", "--dry-run", table_file([HEADER, *GOOD_ROWS]))
    assert error is None
    assert "Будет создано: 2" in out
    assert Person.objects.count() == 0


def test_the_second_run_of_the_same_file_reports_everything_unchanged(world, table_file):
    path = table_file([HEADER, *GOOD_ROWS])
    run("--organization", "sech-school-1", path)
    out, error = run("--organization", "sech-school-1", "--json", path)
    assert error is None
    assert json.loads(out) == {"created": 0, "updated": 0, "unchanged": 2, "errors": []}


def test_a_csv_file_is_imported_from_the_command_line(world, tmp_path):
    path = tmp_path / "база.csv"
    path.write_bytes(("\n".join(";".join(row) for row in [HEADER, *GOOD_ROWS]) + "\n").encode("cp1251"))
    out, error = run("--organization", "sech-school-1", str(path))
    assert error is None
    assert "Создано: 2" in out


def test_an_unknown_organization_code_is_a_clear_error(world, table_file):
    _, error = run("--organization", "no-such-school", table_file([HEADER, *GOOD_ROWS]))
    assert error is not None
    assert "Организация с кодом «no-such-school» не найдена" in str(error)


def test_a_missing_file_is_a_clear_error(world, tmp_path):
    _, error = run("--organization", "sech-school-1", str(tmp_path / "нет такого.xlsx"))
    assert error is not None
    assert "Не удалось прочитать файл" in str(error)


def test_a_user_who_does_not_keep_the_school_cannot_import_into_it(world, table_file):
    _, error = run("--organization", "sech-school-2", "--user", "curator1", table_file([HEADER, *GOOD_ROWS]))
    assert error is not None
    assert "МБОУ Мурзицкая СШ" in str(error)
    assert Person.objects.count() == 0


def test_a_hostile_file_is_refused_with_its_reason(world, tmp_path):
    path = tmp_path / "база.xlsx"
    path.write_bytes(b"%PDF-1.4 not a table")
    out, error = run("--organization", "sech-school-1", "--json", str(path))
    assert error is not None
    assert json.loads(out)["errors"][0]["message"].startswith("Это PDF-документ")
