"""The built-in template is the seed roadmap, word for word, and the migration loads it whole."""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

import pytest
from django.apps import apps

from mentoring.documents.reference_defaults import DOCUMENT_KINDS
from mentoring.roadmaps import seed_2021
from mentoring.roadmaps.deadlines import parse_deadline
from mentoring.roadmaps.models import RoadmapTemplate, TemplateItem, TemplateSection

SEED_NAME = "000_9600eaf07fc5e7ca.txt"
# The seeds sit in ../shared beside the checkout; a clone elsewhere finds them through MENTORING_SEEDS_DIR
# or at the workplace's fixed place.
_CANDIDATES = [
    Path(os.environ.get("MENTORING_SEEDS_DIR", "/nonexistent")) / SEED_NAME,
    Path(__file__).resolve().parents[3].parent / "shared" / "seeds" / SEED_NAME,
    Path("/work/shared/seeds") / SEED_NAME,
]
SEED_FILE = next((path for path in _CANDIDATES if path.is_file()), _CANDIDATES[1])
ITEM_NUMBERS = [
    *(f"1.{n}" for n in range(1, 7)),
    *(f"2.{n}" for n in range(1, 8)),
    *(f"3.{n}" for n in range(1, 4)),
    *(f"4.{n}" for n in range(1, 7)),
    *(f"5.{n}" for n in range(1, 5)),
    *(f"6.{n}" for n in range(1, 3)),
]
_ITEM_MARK = re.compile(r"^(\d\.\d)\.?\s")
_SECTION_MARK = re.compile(r"^(\d)\.\s")
_PREAMBLE_END = "№ п/п"

# The text was extracted from a PDF table: in the row of 2.5 the first line of every cell comes first,
# so three of its cells are cut in two. Each is checked as its pieces, in order, within the row.
SPLIT_CELLS = {
    ("2.5", "title"): [
        "Разработка программно-методических",
        "материалов на уровне образовательных организаций, необходимых для реализации ЦМН",
    ],
    ("2.5", "deadline_text"): ["в течение всего", "периода реализации ЦМН"],
    ("2.5", "result_text"): ["Программно-", "методическое обеспечение реализации ЦМН"],
}
# The seed's row of 6.2 has no deadline: the cell is merged with the one of 6.1 above it.
MERGED_DEADLINES = {"6.2": "6.1"}


def squeeze(text: str) -> str:
    """Text without spaces, line breaks and soft hyphens: PDF line breaks make no difference."""
    return re.sub(r"[\s\xad]+", "", text)


def seed_rows(text: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """The preamble, the text of each section heading and the text of each item's row (squeezed)."""
    preamble: list[str] = []
    sections: dict[str, list[str]] = {}
    rows: dict[str, list[str]] = {}
    current: list[str] = preamble
    for line in text.splitlines():
        item = _ITEM_MARK.match(line)
        section = _SECTION_MARK.match(line)
        if item:
            current = rows.setdefault(item[1], [])
            line = line[item.end() :]
        elif section:
            current = sections.setdefault(section[1], [])
            line = line[section.end() :]
        current.append(line)
    return (
        squeeze("\n".join(preamble)),
        {number: squeeze("\n".join(lines)) for number, lines in sections.items()},
        {number: squeeze("\n".join(lines)) for number, lines in rows.items()},
    )


def occurs_in_order(pieces: list[str], text: str) -> bool:
    position = 0
    for piece in pieces:
        found = text.find(squeeze(piece), position)
        if found < 0:
            return False
        position = found + len(squeeze(piece))
    return True


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED_FILE.is_file():
        pytest.skip(f"нет файла исходной дорожной карты {SEED_FILE}")
    return SEED_FILE.read_text(encoding="utf-8")


def test_the_seed_file_has_exactly_the_items_1_1_to_6_2_in_order(seed_text):
    numbers = [match[1] for line in seed_text.splitlines() if (match := _ITEM_MARK.match(line))]
    assert numbers == ITEM_NUMBERS


def test_the_template_data_has_six_sections_and_the_items_1_1_to_6_2_in_order():
    assert [section["number"] for section in seed_2021.SECTIONS] == ["1", "2", "3", "4", "5", "6"]
    assert [item["number"] for item in seed_2021.all_items()] == ITEM_NUMBERS
    for section in seed_2021.SECTIONS:
        assert all(item["number"].startswith(section["number"] + ".") for item in section["items"])


def test_the_title_and_the_approval_line_are_the_seeds(seed_text):
    preamble, _, _ = seed_rows(seed_text)
    assert squeeze(seed_2021.APPROVED_BY) in preamble
    assert squeeze(seed_2021.TITLE) in preamble
    assert seed_2021.TITLE.startswith(seed_2021.HEADING)


@pytest.mark.django_db
def test_every_section_title_is_the_seeds_word_for_word(seed_text):
    _, sections, _ = seed_rows(seed_text)
    template = RoadmapTemplate.objects.get(code=seed_2021.CODE)
    for section in template.sections.all():
        assert sections[section.number].startswith(squeeze(section.title)), section.number


@pytest.mark.django_db
def test_every_item_of_the_loaded_template_is_worded_as_in_its_row_of_the_seed(seed_text):
    _, _, rows = seed_rows(seed_text)
    items = TemplateItem.objects.filter(section__template__code=seed_2021.CODE).order_by(
        "section__position", "position"
    )
    assert [item.number for item in items] == ITEM_NUMBERS
    for item in items:
        row = rows[item.number]
        assert row.startswith(squeeze(item.title)) or (item.number, "title") in SPLIT_CELLS, item.number
        for field in ("title", "deadline_text", "responsible_text", "result_text"):
            value = getattr(item, field)
            assert value.strip(), (item.number, field)
            assert " ".join(value.split()) == value, (item.number, field)
            pieces = SPLIT_CELLS.get((item.number, field))
            if pieces is not None:
                assert squeeze("".join(pieces)) == squeeze(value), (item.number, field)
                assert occurs_in_order(pieces, row), (item.number, field)
            elif field == "deadline_text" and item.number in MERGED_DEADLINES:
                assert squeeze(value) in rows[MERGED_DEADLINES[item.number]], item.number
            else:
                assert squeeze(value) in row, (item.number, field, value)
        assert occurs_in_order(item.sub_points, row), item.number


def test_items_that_list_points_keep_the_introduction_as_title_and_the_points_apart():
    items = {item["number"]: item for item in seed_2021.all_items()}
    assert items["4.4"]["title"] == "Организация работы наставнических пар или групп:"
    assert items["4.4"]["sub_points"][0] == "встреча-знакомство;"
    assert items["4.4"]["sub_points"][-1] == "итоговая встреча."
    assert len(items["4.4"]["sub_points"]) == 5
    assert len(items["4.6"]["sub_points"]) == 2
    assert items["6.1"]["sub_points"] == [
        "контроль реализации ЦМН;",
        "контроль проведения программ наставничества",
    ]
    assert len(items["6.2"]["sub_points"]) == 2
    assert items["4.3"]["title"].startswith("*")
    listing = {number for number, item in items.items() if item["sub_points"]}
    assert listing == {"4.4", "4.6", "6.1", "6.2"}


def test_whose_roadmap_an_item_falls_into_follows_its_responsible_parties():
    for item in seed_2021.all_items():
        responsible = item["responsible_text"]
        assert item["for_department"] == bool(re.search(r"Управлени[ея] образования|ИМГ", responsible))
        kinds = []
        if re.search(r"\bОО\b", responsible):
            kinds.append("school")
        if re.search(r"\bДО\b", responsible):
            kinds.append("supplementary")
        assert item["organization_kinds"] == kinds, item["number"]
    items = {item["number"]: item for item in seed_2021.all_items()}
    assert items["1.1"]["organization_kinds"] == ["school"]
    assert items["1.2"]["for_department"] is True
    assert items["1.2"]["organization_kinds"] == []


def test_every_document_kind_named_by_the_template_exists_in_the_reference_list():
    named = [item["document_kind"] for item in seed_2021.all_items() if item["document_kind"]]
    assert set(named) <= set(DOCUMENT_KINDS)
    items = {item["number"]: item for item in seed_2021.all_items()}
    assert items["1.5"]["document_kind"] == "Соглашение с организацией-партнёром"
    assert items["2.1"]["document_kind"] == "Информационное письмо"
    assert items["6.1"]["document_kind"] == "Справка (отчёт) организации"
    assert items["6.2"]["document_kind"] == "Справка (отчёт) муниципалитета"


@pytest.mark.django_db
def test_the_migration_loads_all_sections_and_items_in_order_with_parsed_rules_and_kinds():
    template = RoadmapTemplate.objects.get(code="sechenovsky-2021")
    assert template.year == 2021
    assert template.municipality is None
    assert template.title == seed_2021.TITLE
    assert template.approved_by == seed_2021.APPROVED_BY
    sections = list(template.sections.order_by("position"))
    assert [(section.number, section.title) for section in sections] == [
        (section["number"], section["title"]) for section in seed_2021.SECTIONS
    ]
    items = list(
        TemplateItem.objects.filter(section__template=template)
        .select_related("document_kind", "section")
        .order_by("section__position", "position")
    )
    assert len(items) == 28
    for item, data in zip(items, seed_2021.all_items(), strict=True):
        assert item.number == data["number"]
        assert item.section.number == data["number"].split(".")[0]
        assert item.title == data["title"]
        assert item.sub_points == data["sub_points"]
        assert item.deadline_text == data["deadline_text"]
        assert item.responsible_text == data["responsible_text"]
        assert item.result_text == data["result_text"]
        assert item.for_department == data["for_department"]
        assert item.organization_kinds == data["organization_kinds"]
        assert item.deadline_rule == parse_deadline(data["deadline_text"], year=2021)
        assert item.deadline_rule["kind"] != "text", item.number
        assert (item.document_kind.name if item.document_kind else None) == data["document_kind"]
    by_number = {item.number: item for item in items}
    assert by_number["3.3"].deadline_rule == {"kind": "before_month", "year": 2021, "month": 12}
    assert by_number["4.3"].deadline_rule == {"kind": "relative", "days": 14, "from": "form_chosen"}
    assert by_number["6.1"].deadline_rule["kind"] == "period"


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_a_deleted_template_comes_back_whole():
    migration = importlib.import_module("mentoring.roadmaps.migrations.0002_sechenovsky_2021_template")
    template = RoadmapTemplate.objects.get(code=seed_2021.CODE)
    template.title = "Изменено управлением образования"
    template.save()
    migration.load_template(apps, None)
    assert RoadmapTemplate.objects.filter(code=seed_2021.CODE).count() == 1
    assert RoadmapTemplate.objects.get(code=seed_2021.CODE).title == "Изменено управлением образования"
    assert TemplateItem.objects.filter(section__template__code=seed_2021.CODE).count() == 28

    TemplateItem.objects.filter(section__template=template).delete()
    TemplateSection.objects.filter(template=template).delete()
    template.delete()
    migration.load_template(apps, None)
    assert TemplateSection.objects.filter(template__code=seed_2021.CODE).count() == 6
    assert TemplateItem.objects.filter(section__template__code=seed_2021.CODE).count() == 28
