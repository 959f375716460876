"""The XLSX of a register snapshot (roadmap 5.1): one row per person, role and mentorship, as it stood
on the snapshot date. Text that a spreadsheet program could run as a formula is neutralised by
write_xlsx."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from mentoring.monitoring.models import RegisterEntry
from mentoring.people.spreadsheet import write_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

REGISTER_HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Роль",
    "Категория",
    "Возраст на дату среза",
    "Молодой специалист",
    "Организация участника",
    "Организация программы",
    "Программа",
    "Форма наставничества",
    "Пара или группа №",
    "Внешний идентификатор",
]


def _rows(entries: Iterable[RegisterEntry]) -> Iterator[Sequence[object]]:
    for entry in entries:
        person = entry.person
        yield [
            person.last_name,
            person.first_name,
            person.patronymic,
            entry.get_role_display(),
            entry.category.name,
            entry.age if entry.age is not None else "",
            "да" if entry.is_young_specialist else "",
            entry.person_organization.short_name if entry.person_organization else "",
            entry.organization.short_name,
            entry.program.title,
            entry.form.name,
            entry.mentorship_id,
            person.external_id,
        ]


def export_register_xlsx(entries: Iterable[RegisterEntry], *, municipality: str, description: str) -> bytes:
    return write_xlsx(
        REGISTER_HEADERS,
        _rows(entries),
        sheet_title="Персонифицированный учёт",
        preface=[[f"Персонифицированный учёт участников наставничества: {municipality}"], [description]],
    )
