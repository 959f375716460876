"""The certificate (справка) of a mentor's work in a school year (DOCX), for the head to sign: for the
incentive payments and the teacher's attestation."""

from __future__ import annotations

import datetime
import io

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from mentoring.outreach.hours import MentorYear, format_hours
from mentoring.people.models import MentorProfile


def _paragraph(document: object, text: str, *, bold: bool = False, centre: bool = False) -> None:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(13)
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def hours_certificate_docx(mentor: MentorProfile, work: MentorYear, *, day: datetime.date) -> bytes:
    person = mentor.person
    organization = person.organization
    document = DocxDocument()
    _paragraph(document, organization.full_name, bold=True, centre=True)
    _paragraph(document, "СПРАВКА", bold=True, centre=True)
    _paragraph(document, f"о работе наставника в {work.label} учебном году", centre=True)
    _paragraph(document, f"от {day:%d.%m.%Y}")
    position = f", {person.position}" if person.position else ""
    _paragraph(
        document,
        f"Дана {person.full_name}{position}, в том, что в {work.label} учебном году "
        f"(с 01.09.{work.year} по 31.08.{work.year + 1}) он(а) являлся(ась) наставником "
        f"в {organization.short_name}: наставнических пар — {work.pairs}, групп — {work.groups}, "
        f"наставляемых — {work.mentees}; проведено встреч — {work.meetings}, "
        f"часов наставничества — {format_hours(work.hours)}.",
    )
    if work.programs:
        table = document.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        headers = ("Программа наставничества", "Пар", "Групп", "Наставляемых", "Встреч", "Часов")
        for cell, title in zip(table.rows[0].cells, headers, strict=True):
            cell.text = title
        for program in work.programs:
            row = table.add_row().cells
            values = (program.title, program.pairs, program.groups, program.mentees, program.meetings)
            for cell, value in zip(row, (*values, format_hours(program.hours)), strict=True):
                cell.text = str(value)
        total = table.add_row().cells
        for cell, value in zip(
            total,
            ("Итого", work.pairs, work.groups, work.mentees, work.meetings, format_hours(work.hours)),
            strict=True,
        ):
            cell.text = str(value)
    else:
        _paragraph(document, "Встреч с наставляемыми в этом учебном году не проведено.")
    _paragraph(document, "Справка выдана для предъявления по месту требования.")
    _paragraph(document, "")
    _paragraph(document, f"Руководитель ______________ {organization.head_name or '_______________'}")
    _paragraph(document, "М. П.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
