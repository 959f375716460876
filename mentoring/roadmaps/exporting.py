"""Roadmaps and roadmap templates as the documents schools file: JSON, XLSX and DOCX.

Every format has the seed's five columns («№ п/п», «Наименование мероприятий», «Срок реализации»,
«Ответственный исполнитель», «Результат. Вид документа»), a row per section spanning the table and a
row per item, sub-points as separate lines of the item's cell.

The functions take a `RoadmapTemplate` or a `Roadmap` that the caller has already fetched with its
access check (templates hold no personal data; a roadmap's export holds no names either) and read the
sections and items in two queries. Nothing here writes to the database.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell, _Row
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from mentoring.people.spreadsheet import MAX_CELL_CHARACTERS, neutralize_formula
from mentoring.roadmaps.deadlines import DEADLINE_LABEL, deadline_dates
from mentoring.roadmaps.models import Roadmap, RoadmapItem, RoadmapStatus, RoadmapTemplate, TemplateItem

HEADERS = [
    "№ п/п",
    "Наименование мероприятий",
    "Срок реализации",
    "Ответственный исполнитель",
    "Результат. Вид документа",
]
HEADING = "План мероприятий (дорожная карта)"
SUB_POINT_MARK = "– "
DATE_FORMAT = "%d.%m.%Y"
# Characters Word refuses in a document (XML 1.0 forbids them); the same set openpyxl strips.
_XML_ILLEGAL = ILLEGAL_CHARACTERS_RE
_SPACES = re.compile(r"[ \t]+")

ExportTarget = RoadmapTemplate | Roadmap


@dataclass(frozen=True)
class ExportItem:
    """One item as every format shows it. `extra` holds the fields only a template or a roadmap has."""

    number: str
    title: str
    sub_points: list[str]
    deadline_text: str
    deadline_rule: dict[str, Any]
    due_dates: list[tuple[str, date]]
    responsible_text: str
    result_text: str
    document_kind: str | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def title_lines(self) -> list[str]:
        """The title and then each sub-point on its own line."""
        return [self.title, *(SUB_POINT_MARK + point for point in self.sub_points)]


@dataclass
class ExportSection:
    number: str
    title: str
    items: list[ExportItem] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(frozen=True)
class ExportHeading:
    """The lines above the table: who approved it (top right) and the title (centred)."""

    approval: str
    title: str


def _sub_points(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(point) for point in value if str(point).strip()]


def _rule(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _template_item(item: TemplateItem) -> ExportItem:
    rule = _rule(item.deadline_rule)
    return ExportItem(
        number=item.number,
        title=item.title,
        sub_points=_sub_points(item.sub_points),
        deadline_text=item.deadline_text,
        deadline_rule=rule,
        due_dates=deadline_dates(rule),
        responsible_text=item.responsible_text,
        result_text=item.result_text,
        document_kind=item.document_kind.name if item.document_kind else None,
        extra={
            "for_department": item.for_department,
            "organization_kinds": list(item.organization_kinds or []),
        },
    )


def _roadmap_item(item: RoadmapItem) -> ExportItem:
    rule = _rule(item.deadline_rule)
    # A roadmap's dates are its own (set from the wording when it was made, then edited by its owner,
    # possibly for another year than the template's): its checkpoints, else its due date.
    dates = [(checkpoint.label, checkpoint.due_date) for checkpoint in item.checkpoints.all()]
    if not dates and item.due_date:
        dates = [(DEADLINE_LABEL, item.due_date)]
    return ExportItem(
        number=item.number,
        title=item.title,
        sub_points=_sub_points(item.sub_points),
        deadline_text=item.deadline_text,
        deadline_rule=rule,
        due_dates=dates,
        responsible_text=item.responsible_text,
        result_text=item.result_text,
        document_kind=item.document_kind.name if item.document_kind else None,
        extra={
            "status": item.status,
            "status_label": item.get_status_display(),
            "done_on": _date_text(item.done_on),
        },
    )


def roadmap_rows(obj: ExportTarget) -> list[ExportSection]:
    """The sections of a template or a roadmap in order, each with its items in order."""
    if isinstance(obj, RoadmapTemplate):
        sections = obj.sections.order_by("position", "pk").prefetch_related(
            Prefetch(
                "items",
                queryset=TemplateItem.objects.select_related("document_kind").order_by("position", "pk"),
            )
        )
        return [
            ExportSection(
                number=section.number,
                title=section.title,
                items=[_template_item(item) for item in section.items.all()],
            )
            for section in sections
        ]
    result: list[ExportSection] = []
    items = (
        obj.items.select_related("document_kind").prefetch_related("checkpoints").order_by("position", "pk")
    )
    for item in items:
        # A roadmap's items carry their section; consecutive items of one section form it.
        if not result or (result[-1].number, result[-1].title) != (item.section_number, item.section_title):
            result.append(ExportSection(number=item.section_number, title=item.section_title))
        result[-1].items.append(_roadmap_item(item))
    return result


def export_heading(obj: ExportTarget) -> ExportHeading:
    if isinstance(obj, RoadmapTemplate):
        return ExportHeading(approval=obj.approved_by, title=obj.title)
    organization = obj.organization.short_name
    if obj.status == RoadmapStatus.APPROVED and obj.order_date and obj.order_number:
        approval = f"Утверждена приказом {organization} от {obj.order_date:%d.%m.%Y} № {obj.order_number}"
    else:
        approval = f"Проект. {organization}. Статус: {obj.get_status_display().lower()}"
    return ExportHeading(approval=approval, title=obj.title)


def _date_text(day: date | None) -> str | None:
    return day.strftime(DATE_FORMAT) if day else None


# --- JSON ------------------------------------------------------------------------------------------


def _item_json(item: ExportItem) -> dict[str, Any]:
    return {
        "number": item.number,
        "title": item.title,
        "sub_points": list(item.sub_points),
        "deadline_text": item.deadline_text,
        "deadline_rule": item.deadline_rule,
        "due_dates": [{"label": label, "date": _date_text(day)} for label, day in item.due_dates],
        "due_date": _date_text(item.due_dates[-1][1]) if item.due_dates else None,
        "responsible_text": item.responsible_text,
        "result_text": item.result_text,
        "document_kind": item.document_kind,
        **item.extra,
    }


def export_json(obj: ExportTarget) -> dict[str, Any]:
    """The template or roadmap as a JSON-ready dict; dates as ДД.ММ.ГГГГ."""
    heading = export_heading(obj)
    data: dict[str, Any]
    if isinstance(obj, RoadmapTemplate):
        data = {
            "type": "template",
            "code": obj.code,
            "year": obj.year,
            "title": obj.title,
            "approved_by": obj.approved_by,
        }
    else:
        data = {
            "type": "roadmap",
            "id": obj.pk,
            "organization": {"code": obj.organization.code, "name": obj.organization.short_name},
            "year": obj.year,
            "title": obj.title,
            "approved_by": heading.approval,
            "status": obj.status,
            "status_label": obj.get_status_display(),
            "order_number": obj.order_number,
            "order_date": _date_text(obj.order_date),
        }
    data["sections"] = [
        {
            "number": section.number,
            "title": section.title,
            "items": [_item_json(item) for item in section.items],
        }
        for section in roadmap_rows(obj)
    ]
    return data


# --- XLSX ------------------------------------------------------------------------------------------

_XLSX_WIDTHS = [9, 60, 26, 32, 42]
_LINE_HEIGHT_POINTS = 15
_THIN = Side(style="thin", color="FF000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_WRAP_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _xlsx_text(value: str) -> str:
    """Text a spreadsheet program shows as text: no illegal characters, no formula (see
    `mentoring.people.spreadsheet.neutralize_formula`)."""
    return neutralize_formula(_XML_ILLEGAL.sub("", value)[:MAX_CELL_CHARACTERS])


def _lines_needed(text: str, width: float) -> int:
    per_line = max(int(width * 1.1), 1)
    return sum(max(math.ceil(len(line) / per_line), 1) for line in text.split("\n"))


def export_xlsx(obj: ExportTarget) -> bytes:
    """One sheet: the approval line and the title above, the frozen header row, then a merged row per
    section and a row per item. Landscape A4, fitted to the page width when printed."""
    heading = export_heading(obj)
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Дорожная карта"
    last_column = get_column_letter(len(HEADERS))
    total_width = sum(_XLSX_WIDTHS)
    for index, width in enumerate(_XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    def put(row: int, column: int, value: str, *, font: Font | None = None, alignment: Alignment) -> None:
        cell = sheet.cell(row=row, column=column, value=_xlsx_text(value))
        cell.data_type = "s"  # never a formula, whatever the text
        cell.alignment = alignment
        if font is not None:
            cell.font = font

    def merged_row(row: int, text: str, *, font: Font, alignment: Alignment, border: bool) -> None:
        put(row, 1, text, font=font, alignment=alignment)
        sheet.merge_cells(f"A{row}:{last_column}{row}")
        if border:
            for column in range(1, len(HEADERS) + 1):
                sheet.cell(row=row, column=column).border = _BORDER
        sheet.row_dimensions[row].height = _lines_needed(text, total_width) * _LINE_HEIGHT_POINTS

    merged_row(
        1,
        heading.approval,
        font=Font(italic=True),
        alignment=Alignment(wrap_text=True, horizontal="right", vertical="top"),
        border=False,
    )
    merged_row(2, heading.title, font=Font(bold=True, size=12), alignment=_WRAP_CENTRE, border=False)
    header_row = 3
    for column, header in enumerate(HEADERS, start=1):
        put(header_row, column, header, font=Font(bold=True), alignment=_WRAP_CENTRE)
        sheet.cell(row=header_row, column=column).border = _BORDER
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    row = header_row
    for section in roadmap_rows(obj):
        row += 1
        merged_row(row, section.label, font=Font(bold=True), alignment=_WRAP_TOP, border=True)
        for item in section.items:
            row += 1
            values = [
                item.number,
                "\n".join(item.title_lines),
                item.deadline_text,
                item.responsible_text,
                item.result_text,
            ]
            for column, value in enumerate(values, start=1):
                put(row, column, value, alignment=_WRAP_TOP)
                sheet.cell(row=row, column=column).border = _BORDER
            lines = max(
                _lines_needed(value, width) for value, width in zip(values, _XLSX_WIDTHS, strict=True)
            )
            sheet.row_dimensions[row].height = lines * _LINE_HEIGHT_POINTS
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- DOCX ------------------------------------------------------------------------------------------

# A4 landscape less the margins: 297 − 20 − 15 = 262 mm for the table.
_DOCX_WIDTHS_MM = [16, 96, 42, 48, 60]
_FONT = "Times New Roman"


def _docx_text(value: str) -> str:
    """Text Word accepts: no XML-illegal characters, single spaces."""
    return _SPACES.sub(" ", _XML_ILLEGAL.sub("", value)).strip()


def _repeat_as_header(row: _Row) -> None:
    """Word repeats the row at the top of every page the table runs over."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _fill(cell: _Cell, lines: list[str], *, bold: bool = False, centre: bool = False, size: int = 11) -> None:
    """Writes each line as its own paragraph of the cell (the first one reuses the empty paragraph)."""
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(_docx_text(line))
        run.bold = bold
        run.font.size = Pt(size)


def _set_widths(table: Table) -> None:
    """Word reads the cells' widths, LibreOffice the grid's: both are set."""
    for column, width in zip(table.columns, _DOCX_WIDTHS_MM, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, _DOCX_WIDTHS_MM, strict=False):
            cell.width = Mm(width)


def export_docx(obj: ExportTarget) -> bytes:
    """A Word document like the seed: the approval block top right, the title centred in bold, the
    table with the five columns and the «1 2 3 4 5» row repeated on every page, landscape A4."""
    heading = export_heading(obj)
    document = Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = Mm(297), Mm(210)
    page.left_margin, page.right_margin = Mm(20), Mm(15)
    page.top_margin, page.bottom_margin = Mm(15), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)

    if heading.approval:
        approval = document.add_paragraph(_docx_text(heading.approval))
        approval.paragraph_format.left_indent = Mm(180)
    title = _docx_text(heading.title)
    document.add_paragraph()
    lines = [HEADING, title[len(HEADING) :].strip()] if title.startswith(HEADING) else [title]
    for line in lines:
        if not line:
            continue
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    document.add_paragraph()

    table = document.add_table(rows=0, cols=len(HEADERS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.add_row()
    for cell, text in zip(header.cells, HEADERS, strict=True):
        _fill(cell, [text], bold=True, centre=True)
    _repeat_as_header(header)
    numbers = table.add_row()
    for index, cell in enumerate(numbers.cells, start=1):
        _fill(cell, [str(index)], centre=True)
    _repeat_as_header(numbers)

    for section in roadmap_rows(obj):
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        _fill(merged, [section.label], bold=True)
        for item in section.items:
            cells = table.add_row().cells
            _fill(cells[0], [item.number])
            _fill(cells[1], item.title_lines)
            _fill(cells[2], [item.deadline_text])
            _fill(cells[3], [item.responsible_text])
            _fill(cells[4], [item.result_text])
    _set_widths(table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
