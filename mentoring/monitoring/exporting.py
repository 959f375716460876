"""The XLSX of a register snapshot (roadmap 5.1): one row per person, role and mentorship, as it stood
on the snapshot date. Text that a spreadsheet program could run as a formula is neutralised by
write_xlsx_to.

A snapshot of a region holds hundreds of thousands of rows: they are read as plain values in chunks
(`.values_list(...).iterator()`, no model instances) and written by openpyxl in write-only mode into a
file, so memory stays flat however many rows there are."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO

from django.db.models import QuerySet

from mentoring.monitoring.models import RegisterEntry, RegisterRole
from mentoring.people.spreadsheet import write_xlsx_to

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows fetched from the database at a time.
CHUNK_SIZE = 2000

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

_VALUES = (
    "person__last_name",
    "person__first_name",
    "person__patronymic",
    "role",
    "category__name",
    "age",
    "is_young_specialist",
    "person_organization__short_name",
    "organization__short_name",
    "program__title",
    "form__name",
    "mentorship_id",
    "person__external_id",
)


def _rows(entries: QuerySet[RegisterEntry]) -> Iterator[Sequence[object]]:
    roles = dict(RegisterRole.choices)
    for (
        last_name,
        first_name,
        patronymic,
        role,
        category,
        age,
        young,
        person_organization,
        organization,
        program,
        form,
        mentorship_id,
        external_id,
    ) in entries.values_list(*_VALUES).iterator(chunk_size=CHUNK_SIZE):
        yield [
            last_name,
            first_name,
            patronymic,
            roles.get(role, role),
            category,
            age if age is not None else "",
            "да" if young else "",
            person_organization or "",
            organization,
            program,
            form,
            mentorship_id,
            external_id,
        ]


def export_register_xlsx(
    target: IO[bytes], entries: QuerySet[RegisterEntry], *, municipality: str, description: str
) -> None:
    """Writes the rows of `entries` (in their order) into `target`."""
    write_xlsx_to(
        target,
        REGISTER_HEADERS,
        _rows(entries),
        sheet_title="Персонифицированный учёт",
        preface=[[f"Персонифицированный учёт участников наставничества: {municipality}"], [description]],
    )
