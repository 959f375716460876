"""The import of Navigator ids: a file in our exchange format (JSON, XLSX, a CSV table or a ZIP of
CSV tables) sets the external ids of the municipality's people, programs and mentorships.

Rows are matched, not trusted by our ids (a Navigator file may come from another installation):
- a participant by full name (case, spaces and ё/е aside), birth date and organization code;
- a program by organization code, title and start date;
- a mentorship by its program, its mentor (name and birth date) and its start date.

`plan_navigator_import` reads and matches everything and writes nothing (the preview);
`apply_navigator_import` writes the plan in one transaction and refuses a plan with errors. A row
that matches nothing is skipped and shown; it does not stop the others.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import load_workbook

from mentoring.accounts.models import User
from mentoring.integrations.navigator.exchange import MENTORSHIPS, PARTICIPANTS, PROGRAMS, TABLES, TableSpec
from mentoring.integrations.navigator.models import ExternalId, ExternalKind
from mentoring.mentorships.models import Mentorship
from mentoring.organizations.models import Municipality
from mentoring.people.models import Person
from mentoring.people.normalize import normalize_header, normalize_text
from mentoring.people.services import person_update
from mentoring.people.spreadsheet import unneutralize_formula
from mentoring.programs.models import Program

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ID = re.compile(r"^[^\x00-\x1f<>]{1,64}$")


class NavigatorFileError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class RowPlan:
    table: str
    row: int
    label: str
    external_id: str
    status: str  # "set" | "same" | "not_found" | "ambiguous" | "error"
    message: str = ""
    target_pk: int | None = None


@dataclass
class NavigatorPlan:
    municipality: Municipality
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and not any(row.status == "error" for row in self.rows)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def count_set(self) -> int:
        return self.count("set")

    @property
    def count_same(self) -> int:
        return self.count("same")

    @property
    def count_not_found(self) -> int:
        return self.count("not_found")

    @property
    def count_ambiguous(self) -> int:
        return self.count("ambiguous")

    @property
    def count_error(self) -> int:
        return self.count("error")

    def summary(self) -> dict[str, int]:
        return dict(Counter(row.status for row in self.rows))


# --- reading ---------------------------------------------------------------------------------------

_HEADER_TO_KEY: dict[str, dict[str, str]] = {
    spec.key: {
        **{normalize_header(column.header): column.key for column in spec.columns},
        **{column.key: column.key for column in spec.columns},
    }
    for spec in TABLES
}


def _table_of(headers: list[str]) -> TableSpec | None:
    """Which table a header row belongs to (by its Russian names or stable keys)."""
    best, score = None, 0
    for spec in TABLES:
        known = _HEADER_TO_KEY[spec.key]
        hits = sum(1 for header in headers if header in known or normalize_header(header) in known)
        if hits > score:
            best, score = spec, hits
    return best if score >= 3 else None


def _rows_from_grid(grid: list[list[Any]], into: dict[str, list[dict[str, Any]]]) -> None:
    if not grid:
        return
    headers = ["" if value is None else str(value).strip() for value in grid[0]]
    spec = _table_of(headers)
    if spec is None:
        raise NavigatorFileError(
            "Не удалось узнать таблицу по заголовкам: нужны столбцы формата обмена (см. описание)."
        )
    known = _HEADER_TO_KEY[spec.key]
    keys = [known.get(header) or known.get(normalize_header(header)) for header in headers]
    for values in grid[1:]:
        row = {
            key: value for key, value in zip(keys, values, strict=False) if key and value not in (None, "")
        }
        if row:
            into.setdefault(spec.key, []).append(row)


def _read_csv(data: bytes, into: dict[str, list[dict[str, Any]]]) -> None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1251", errors="replace")
    if "\x00" in text:
        raise NavigatorFileError("Файл CSV повреждён (нулевые байты).")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        grid = [
            [unneutralize_formula(cell) for cell in line]
            for line in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    except csv.Error as error:
        raise NavigatorFileError("Не удалось прочитать CSV.") from error
    _rows_from_grid(grid, into)


def read_exchange_file(data: bytes, filename: str) -> dict[str, list[dict[str, Any]]]:
    """The tables of the file, as rows of stable keys; NavigatorFileError with a Russian message."""
    if not data:
        raise NavigatorFileError("Файл пустой.")
    if len(data) > MAX_BYTES:
        raise NavigatorFileError("Файл больше 20 МБ.")
    name = filename.lower()
    tables: dict[str, list[dict[str, Any]]] = {}
    if name.endswith(".json"):
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as error:
            raise NavigatorFileError(
                "Файл JSON не читается: проверьте, что это выгрузка формата обмена."
            ) from error
        if not isinstance(document, dict):
            raise NavigatorFileError("В файле JSON нет таблиц формата обмена.")
        for spec in TABLES:
            rows = document.get(spec.key) or []
            if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
                raise NavigatorFileError(f"Раздел «{spec.key}» должен быть списком объектов.")
            tables[spec.key] = [
                {key: row[key] for key in spec.keys if row.get(key) not in (None, "")} for row in rows
            ]
    elif name.endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds on a broken file
            raise NavigatorFileError("Файл XLSX не читается.") from error
        for sheet in workbook.worksheets:
            grid = [
                [unneutralize_formula(v) if isinstance(v, str) else v for v in row]
                for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1)
            ]
            if grid and _table_of(["" if v is None else str(v) for v in grid[0]]) is not None:
                _rows_from_grid(grid, tables)
    elif name.endswith(".zip"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for info in archive.infolist():
                    if info.filename.lower().endswith(".csv"):
                        if info.file_size > MAX_BYTES:
                            raise NavigatorFileError("Файл в архиве больше 20 МБ.")
                        _read_csv(archive.read(info), tables)
        except zipfile.BadZipFile as error:
            raise NavigatorFileError("Архив ZIP повреждён.") from error
    elif name.endswith(".csv"):
        _read_csv(data, tables)
    else:
        raise NavigatorFileError("Нужен файл JSON, XLSX, CSV или ZIP с таблицами CSV.")
    if not any(tables.values()):
        raise NavigatorFileError("В файле нет ни одной строки.")
    if sum(len(rows) for rows in tables.values()) > MAX_ROWS:
        raise NavigatorFileError(f"В файле больше {MAX_ROWS} строк.")
    return tables


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    try:
        if match := _DMY.match(text):
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        if match := _ISO.match(text):
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        pass
    raise ValueError(f"неверная дата «{text[:20]}»")


def _name_key(last: Any, first: Any, patronymic: Any) -> str:
    return normalize_text(f"{last or ''} {first or ''} {patronymic or ''}")


# --- planning --------------------------------------------------------------------------------------


def plan_navigator_import(*, municipality: Municipality, data: bytes, filename: str) -> NavigatorPlan:
    plan = NavigatorPlan(municipality=municipality)
    try:
        tables = read_exchange_file(data, filename)
    except NavigatorFileError as error:
        plan.errors.append(error.message)
        return plan
    people = list(Person.objects.filter(municipality=municipality).select_related("organization"))
    by_person: dict[tuple[str, datetime.date | None, str], list[Person]] = {}
    for person in people:
        key = (person.search_name, person.birth_date, person.organization.code)
        by_person.setdefault(key, []).append(person)
    person_ids_taken = {p.external_id: p.pk for p in people if p.external_id}
    programs = list(
        Program.objects.filter(organization__municipality=municipality).select_related("organization")
    )
    by_program: dict[tuple[str, str], list[Program]] = {}
    for program in programs:
        by_program.setdefault((program.organization.code, normalize_text(program.title)), []).append(program)
    mentorships = list(
        Mentorship.objects.filter(organization__municipality=municipality).select_related("mentor__person")
    )
    by_mentorship: dict[tuple[int, int, datetime.date], list[Mentorship]] = {}
    for mentorship in mentorships:
        pair_key = (mentorship.program_id, mentorship.mentor.person_id, mentorship.started_on)
        by_mentorship.setdefault(pair_key, []).append(mentorship)
    taken = {
        (row.kind, row.external_id): (row.program_id or row.mentorship_id)
        for row in ExternalId.objects.filter(municipality=municipality)
    }
    current = {
        (row.kind, row.program_id or row.mentorship_id): row.external_id
        for row in ExternalId.objects.filter(municipality=municipality)
    }

    def find_person(
        last: Any, first: Any, patronymic: Any, birth: datetime.date | None, code: str
    ) -> list[Person]:
        return by_person.get((_name_key(last, first, patronymic), birth, code), [])

    def find_program(code: str, title: Any, starts: datetime.date | None) -> list[Program]:
        found = by_program.get((code, normalize_text(str(title or ""))), [])
        if starts is not None and len(found) > 1:
            found = [p for p in found if p.starts_on == starts]
        return found

    seen: dict[tuple[str, str], int] = {}
    for spec in TABLES:
        for number, row in enumerate(tables.get(spec.key, []), start=2):
            external_id = str(row.get("external_id", "")).strip()
            entry = RowPlan(
                table=spec.title, row=number, label="", external_id=external_id, status="not_found"
            )
            plan.rows.append(entry)
            try:
                if spec is PARTICIPANTS:
                    entry.label = " ".join(
                        str(row.get(k, "")) for k in ("last_name", "first_name", "patronymic")
                    ).strip()
                    found: list[Any] = find_person(
                        row.get("last_name"),
                        row.get("first_name"),
                        row.get("patronymic"),
                        _date(row.get("birth_date")),
                        str(row.get("organization_code", "")),
                    )
                elif spec is PROGRAMS:
                    entry.label = str(row.get("title", ""))
                    found = find_program(
                        str(row.get("organization_code", "")), row.get("title"), _date(row.get("starts_on"))
                    )
                else:
                    entry.label = f"{row.get('mentor_last_name', '')} {row.get('mentor_first_name', '')}: {row.get('program_title', '')}"
                    code = str(row.get("organization_code", ""))
                    program_found = find_program(
                        code, row.get("program_title"), _date(row.get("program_starts_on"))
                    )
                    mentor_found = find_person(
                        row.get("mentor_last_name"),
                        row.get("mentor_first_name"),
                        row.get("mentor_patronymic"),
                        _date(row.get("mentor_birth_date")),
                        code,
                    )
                    if not mentor_found:
                        # A partner's employee mentors in a school's program: match by name and birth date only.
                        mentor_found = [
                            p
                            for key, group in by_person.items()
                            for p in group
                            if key[0]
                            == _name_key(
                                row.get("mentor_last_name"),
                                row.get("mentor_first_name"),
                                row.get("mentor_patronymic"),
                            )
                            and key[1] == _date(row.get("mentor_birth_date"))
                        ]
                    started = _date(row.get("started_on"))
                    found = [
                        m
                        for program in program_found
                        for mentor in mentor_found
                        for m in (by_mentorship.get((program.pk, mentor.pk, started), []) if started else [])
                    ]
            except ValueError as error:
                entry.status, entry.message = "error", f"Строка {number}: {error}."
                continue
            if not external_id:
                entry.status, entry.message = "skipped", "Нет идентификатора Навигатора: строка пропущена."
                continue
            if not _ID.match(external_id):
                entry.status, entry.message = (
                    "error",
                    "Идентификатор длиннее 64 символов или с недопустимыми символами.",
                )
                continue
            kind = {
                "participants": "person",
                "programs": ExternalKind.PROGRAM,
                "mentorships": ExternalKind.MENTORSHIP,
            }[spec.key]
            if (kind, external_id) in seen:
                entry.status, entry.message = (
                    "error",
                    f"Идентификатор «{external_id}» уже указан в строке {seen[(kind, external_id)]}.",
                )
                continue
            seen[(kind, external_id)] = number
            if not found:
                entry.message = "Не найдено в системе: строка пропущена."
                continue
            if len(found) > 1:
                entry.status, entry.message = (
                    "ambiguous",
                    "Подходит несколько записей: строка пропущена, укажите идентификатор вручную.",
                )
                continue
            target = found[0]
            entry.target_pk = target.pk
            owner = person_ids_taken.get(external_id) if kind == "person" else taken.get((kind, external_id))
            existing = target.external_id if kind == "person" else current.get((kind, target.pk), "")
            if owner is not None and owner != target.pk:
                entry.status, entry.message = (
                    "error",
                    f"Идентификатор «{external_id}» в системе уже у другой записи.",
                )
            elif existing == external_id:
                entry.status, entry.message = "same", "Уже установлен."
            else:
                entry.status = "set"
                entry.message = f"Будет заменён (был «{existing}»)." if existing else "Будет установлен."
    if not plan.rows and not plan.errors:
        plan.errors.append("В файле нет ни одной строки.")
    return plan


@transaction.atomic
def apply_navigator_import(*, by: User, municipality: Municipality, plan: NavigatorPlan) -> int:
    """Writes the ids of the rows marked "set"; a plan with any error is refused whole."""
    if plan.municipality.pk != municipality.pk:
        raise ValidationError("Файл проверялся для другого муниципалитета: загрузите его снова.")
    if not plan.is_valid:
        raise ValidationError("В файле есть ошибки: исправьте их и загрузите файл снова. Ничего не изменено.")
    changed = 0
    rows = [row for row in plan.rows if row.status == "set" and row.target_pk is not None]
    # People first released of ids they give up, so that two people may swap ids in one file.
    people_rows = [row for row in rows if row.table == PARTICIPANTS.title]
    people = Person.objects.select_related("organization").in_bulk([row.target_pk for row in people_rows])
    for row in people_rows:
        person = people[row.target_pk]
        person_update(by=by, person=person, external_id=row.external_id)
        changed += 1
    for row in rows:
        if row.table == PROGRAMS.title:
            ExternalId.objects.update_or_create(
                kind=ExternalKind.PROGRAM,
                program_id=row.target_pk,
                defaults={"municipality": municipality, "external_id": row.external_id},
            )
            changed += 1
        elif row.table == MENTORSHIPS.title:
            ExternalId.objects.update_or_create(
                kind=ExternalKind.MENTORSHIP,
                mentorship_id=row.target_pk,
                defaults={"municipality": municipality, "external_id": row.external_id},
            )
            changed += 1
    return changed
