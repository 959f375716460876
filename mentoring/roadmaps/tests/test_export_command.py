"""manage.py export_roadmap: a template or a roadmap as JSON, DOCX or XLSX from the command line."""

from __future__ import annotations

import io
import json
from datetime import date

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mentoring.roadmaps.exporting import HEADERS
from mentoring.roadmaps.models import Roadmap, RoadmapItem, RoadmapTemplate
from mentoring.roadmaps.tests.test_seed_template import ITEM_NUMBERS

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("export_roadmap", *args, stdout=out)
    return out.getvalue()


def item_numbers(data: dict) -> list[str]:
    return [item["number"] for section in data["sections"] for item in section["items"]]


def test_json_goes_to_the_screen_in_readable_russian():
    out = run("sechenovsky-2021")
    data = json.loads(out)
    assert item_numbers(data) == ITEM_NUMBERS
    assert "Руководители ОО" in out  # not \\u escapes
    assert '\n  "sections"' in out  # indented


def test_json_can_be_written_to_a_file(tmp_path):
    path = tmp_path / "карта.json"
    out = run("sechenovsky-2021", "--format", "json", "--output", str(path))
    assert "Записано" in out
    assert item_numbers(json.loads(path.read_text(encoding="utf-8"))) == ITEM_NUMBERS


def test_docx_is_written_to_the_file_named_by_output(tmp_path):
    path = tmp_path / "карта.docx"
    run("sechenovsky-2021", "--format", "docx", "--output", str(path))
    table = docx.Document(str(path)).tables[0]
    assert [cell.text for cell in table.rows[0].cells] == HEADERS
    assert {row.cells[0].text for row in table.rows} >= set(ITEM_NUMBERS)


def test_xlsx_is_written_to_the_file_named_by_output(tmp_path):
    path = tmp_path / "карта.xlsx"
    run("sechenovsky-2021", "--format", "xlsx", "--output", str(path))
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert list(rows[2]) == HEADERS
    assert [row[0] for row in rows if row[0] in ITEM_NUMBERS] == ITEM_NUMBERS


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_docx_and_xlsx_need_an_output_file(kind):
    with pytest.raises(CommandError, match=f"Для формата {kind} укажите файл: --output"):
        run("sechenovsky-2021", "--format", kind)


def test_an_unknown_template_code_is_explained_in_russian():
    with pytest.raises(CommandError, match="Шаблон дорожной карты с кодом «no-such» не найден") as error:
        run("no-such")
    assert "sechenovsky-2021" in str(error.value)


def test_a_roadmap_is_named_by_its_number(world, tmp_path):
    template = RoadmapTemplate.objects.get(code="sechenovsky-2021")
    roadmap = Roadmap.objects.create(
        template=template, organization=world.school, year=2021, title="Дорожная карта школы"
    )
    RoadmapItem.objects.create(
        roadmap=roadmap,
        section_number="1",
        section_title="Нормативное правовое регулирование",
        number="1.1",
        title="Разработка дорожной карты школы",
        deadline_text="до 15.02.2021 г.",
        deadline_rule={"kind": "date", "date": "2021-02-15"},
        due_date=date(2021, 2, 15),
        responsible_text="Директор",
        result_text="Дорожная карта",
        position=1,
    )
    data = json.loads(run(f"roadmap:{roadmap.pk}"))
    assert data["type"] == "roadmap"
    assert data["title"] == "Дорожная карта школы"
    assert data["sections"][0]["items"][0]["due_date"] == "15.02.2021"
    path = tmp_path / "школа.docx"
    run(f"roadmap:{roadmap.pk}", "--format", "docx", "--output", str(path))
    assert docx.Document(str(path)).tables[0].rows[3].cells[0].text == "1.1"


@pytest.mark.parametrize(
    ("argument", "message"),
    [("roadmap:999999", "Дорожная карта № 999999 не найдена"), ("roadmap:abc", "должен быть числом")],
)
def test_a_missing_or_malformed_roadmap_number_is_explained(argument, message):
    with pytest.raises(CommandError, match=message):
        run(argument)


def test_a_file_that_cannot_be_written_is_explained(tmp_path):
    with pytest.raises(CommandError, match="Не удалось записать файл"):
        run("sechenovsky-2021", "--format", "xlsx", "--output", str(tmp_path / "нет-такой-папки" / "x.xlsx"))
