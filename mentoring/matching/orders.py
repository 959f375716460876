"""The order forming a program's pairs and groups (DOCX), for the head to sign."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from mentoring.people.models import MenteeProfile, MentorProfile
from mentoring.programs.models import Program


def _paragraph(document: object, text: str, *, bold: bool = False, centre: bool = False) -> None:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(13)
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def pairs_order_docx(
    program: Program,
    groups: Sequence[tuple[MentorProfile, Sequence[MenteeProfile]]],
    *,
    day: datetime.date,
    curator_name: str,
) -> bytes:
    organization = program.organization
    document = DocxDocument()
    _paragraph(document, organization.full_name, bold=True, centre=True)
    _paragraph(document, "ПРИКАЗ", bold=True, centre=True)
    _paragraph(
        document, f"от {day:%d.%m.%Y}                                                            № ______"
    )
    _paragraph(
        document,
        f"О формировании наставнических пар и групп по программе наставничества «{program.title}»",
        bold=True,
    )
    form_name = program.form.name_for(organization.kind)
    pairs = sum(1 for _, mentees in groups if len(mentees) == 1)
    mentee_count = sum(len(mentees) for _, mentees in groups)
    chosen = program.form_chosen_on.strftime("%d.%m.%Y") if program.form_chosen_on else "—"
    for line in (
        "В соответствии с Положением о наставничестве, на основании анализа запросов наставляемых и "
        f"компетенций наставников, в срок двух недель с даты выбора формы наставничества ({chosen}) "
        "ПРИКАЗЫВАЮ:",
        f"1. Сформировать наставнические пары и группы по форме «{form_name}» согласно приложению: "
        f"пар — {pairs}, групп — {len(groups) - pairs}, наставляемых — {mentee_count}.",
        f"2. Куратору внедрения целевой модели наставничества ({curator_name or '_______________'}) "
        "организовать встречи-знакомства наставников и наставляемых и контроль работы пар и групп.",
        "3. Наставникам составить совместно с наставляемыми планы работы.",
        "4. Контроль исполнения приказа оставляю за собой.",
        f"Руководитель ______________ {organization.head_name or '_______________'}",
    ):
        _paragraph(document, line)
    document.add_page_break()
    _paragraph(document, f"Приложение к приказу от {day:%d.%m.%Y} № ______", centre=False)
    _paragraph(document, "Состав наставнических пар и групп", bold=True, centre=True)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, title in zip(
        table.rows[0].cells, ("№", "Наставник", "Наставляемые", "Пара / группа"), strict=True
    ):
        cell.text = title
    for number, (mentor, mentees) in enumerate(groups, start=1):
        row = table.add_row().cells
        mentor_line = mentor.person.full_name
        if mentor.person.organization_id != organization.pk:
            mentor_line += f" ({mentor.person.organization.short_name})"
        elif mentor.person.school_class:
            mentor_line += f", {mentor.person.school_class} класс"
        row[0].text = str(number)
        row[1].text = mentor_line
        row[2].text = "\n".join(
            mentee.person.full_name
            + (f", {mentee.person.school_class} класс" if mentee.person.school_class else "")
            for mentee in mentees
        )
        row[3].text = "группа" if len(mentees) > 1 else "пара"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
