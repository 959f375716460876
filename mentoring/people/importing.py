"""Import of the bases of mentors and mentees from a school's spreadsheet (XLSX or CSV).

Two steps, so that a school sees every problem before anything changes:

1. `plan_import` reads the whole file, checks every row by the rules of the person form
   (`validate_person`), finds who each row is, and lists errors by the row number and column header
   the school sees in Excel;
2. `apply_import` writes the plan in one transaction, and refuses a plan with any error: a file is
   applied whole or not at all (ARCHITECTURE.md, «Imports are validated whole»).

Rules a school can rely on:

- a row is the same person as a record of the municipality with the same external id, otherwise
  with the same full name and birth date (case, spaces and ё/е aside), as `likely_duplicates` says;
- a person kept by another organization of the municipality is not changed: that row is an error,
  because the importing school may not edit another school's records;
- an empty cell never erases what the base already has, and a missing column changes nothing: a
  school may send only the columns it wants to fill in;
- the import only adds: a place in the mentee or mentor base, requests, competencies and a consent
  are added when missing, never duplicated and never removed (removal is a decision made on the
  person card);
- importing the same file again changes nothing, and neither does importing our own export.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from mentoring.accounts.models import User
from mentoring.common.access import can_keep_people_of
from mentoring.common.validators import plain_text
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.people.models import (
    Consent,
    ConsentGiver,
    MenteeProfile,
    MenteeRequest,
    MenteeSubtype,
    MentorCompetency,
    MentorProfile,
    Person,
    PersonCategory,
    Sex,
    Subject,
    SupportArea,
    support_areas_for,
    valid_consent_q,
)
from mentoring.people.normalize import normalize_header, normalize_text
from mentoring.people.services import (
    PERSON_FIELDS,
    current_school_year,
    person_search_name,
    validate_person,
)
from mentoring.people.spreadsheet import (
    MEGABYTE,
    CellValue,
    SpreadsheetError,
    Table,
    read_table,
    unneutralize_formula,
)

DEFAULT_MAX_ROWS = 20000
DEFAULT_MAX_BYTES = 20 * MEGABYTE
# Rows per INSERT/UPDATE statement and ids per IN (...) list: within SQLite's 999 parameters.
BATCH_SIZE = 500
LOOKUP_CHUNK = 500
MAX_ITEM_LENGTH = 500
# The import template's example row carries this note; importing it by mistake is an error.
TEMPLATE_EXAMPLE_MARKER = "Пример заполнения — удалите эту строку"


# --- columns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column the importer reads: its key, the header our template and export use, and the other
    names schools give it (compared after `normalize_header`: case, punctuation and ё/е aside)."""

    key: str
    header: str
    synonyms: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("full_name", "ФИО", ("фамилия имя отчество", "ф и о", "фио участника", "фио полностью")),
    Column("last_name", "Фамилия"),
    Column("first_name", "Имя"),
    Column("patronymic", "Отчество"),
    Column("birth_date", "Дата рождения", ("дата рожд", "день рождения", "д р")),
    Column("sex", "Пол"),
    Column("category", "Категория", ("категория участника",)),
    Column("school_class", "Класс", ("класс литера", "класс буква")),
    Column("position", "Должность"),
    Column("subject", "Предмет", ("преподаваемый предмет", "учебный предмет")),
    Column(
        "experience", "Стаж", ("стаж лет", "педагогический стаж", "педагогический стаж лет", "стаж работы")
    ),
    Column("phone", "Телефон", ("контактный телефон", "мобильный телефон", "тел")),
    Column("email", "E-mail", ("email", "электронная почта", "эл почта", "адрес электронной почты", "почта")),
    Column("role", "Роль", ("роль в программе",)),
    Column("subtype", "Подтип", ("подтип наставляемого",)),
    Column("requests", "Запросы", ("запрос", "запросы наставляемого")),
    Column("competencies", "Компетенции", ("компетенция", "компетенции наставника")),
    Column(
        "consent",
        "Согласие на обработку ПД",
        ("согласие", "согласие на обработку персональных данных", "согласие пд", "дата согласия"),
    ),
    Column(
        "representative_name",
        "Законный представитель",
        ("фио представителя", "фио законного представителя", "законный представитель фио"),
    ),
    Column("representative_relation", "Кем приходится представитель", ("кем приходится", "степень родства")),
    Column("representative_phone", "Телефон представителя", ("телефон законного представителя",)),
    Column("external_id", "Внешний идентификатор", ("id", "идентификатор", "внешний id")),
    Column("notes", "Примечания", ("примечание", "комментарий")),
)
COLUMN_BY_KEY: dict[str, Column] = {column.key: column for column in COLUMNS}
_COLUMN_BY_NAME: dict[str, Column] = {
    normalize_header(name): column for column in COLUMNS for name in (column.header, *column.synonyms)
}
# What `read_table` looks for to find the header row.
KNOWN_HEADERS: frozenset[str] = frozenset(_COLUMN_BY_NAME)

# Person fields filled straight from a text column.
_TEXT_FIELDS = {
    "position": "position",
    "phone": "phone",
    "email": "email",
    "representative_name": "representative_name",
    "representative_relation": "representative_relation",
    "representative_phone": "representative_phone",
    "external_id": "external_id",
    "notes": "notes",
}
# Which column a person field's validation error belongs to.
_FIELD_COLUMN = {
    "last_name": "last_name",
    "first_name": "first_name",
    "patronymic": "patronymic",
    "birth_date": "birth_date",
    "sex": "sex",
    "category": "category",
    "grade": "school_class",
    "class_letter": "school_class",
    "position": "position",
    "subject": "subject",
    "experience_years": "experience",
    "email": "email",
    "phone": "phone",
    "representative_name": "representative_name",
    "representative_relation": "representative_relation",
    "representative_phone": "representative_phone",
    "external_id": "external_id",
    "notes": "notes",
}
# Foreign keys compare by id ("category" -> "category_id"), so an unchanged row costs no queries.
_PERSON_ATTNAMES = tuple(cast(models.Field, Person._meta.get_field(name)).attname for name in PERSON_FIELDS)

_CLASS_FIELDS = frozenset({"grade", "class_letter", "category"})

_SEX = {
    "м": Sex.MALE,
    "муж": Sex.MALE,
    "мужской": Sex.MALE,
    "мужчина": Sex.MALE,
    "ж": Sex.FEMALE,
    "жен": Sex.FEMALE,
    "женский": Sex.FEMALE,
    "женщина": Sex.FEMALE,
}
_MENTOR_WORDS = {"наставник", "наставница"}
_MENTEE_WORDS = {"наставляемый", "наставляемая", "наставляемые"}
_BOTH_WORDS = {"оба", "обе", "и то и другое"}
_YES = {"да", "есть", "получено", "получено согласие", "имеется", "+", "v", "✓"}
_NO = {"нет", "не получено", "отсутствует", "-"}

_DATE_DMY = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4})(?:\s*г\.?)?$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_CLASS = re.compile(r"^(\d{1,2})\s*[-–—]?\s*([A-Za-zА-ЯЁа-яё]{0,3})(?:\s*(?:класс|кл)\.?)?$")
_CLASS_QUOTES = str.maketrans("", "", "\"'«»“”„`")
# Latin letters that look like Cyrillic ones, typed by mistake in class letters («7A» with a Latin A).
_LATIN_LOOKALIKES = str.maketrans("ABEKMHOPCTXaeopcx", "АВЕКМНОРСТХаеорсх")
_EXPERIENCE = re.compile(r"^(\d{1,3})(?:\s*(?:год|года|лет|г\.?|л\.?))?$")
_ITEM_WITH_SUBJECT = re.compile(r"^(?P<name>.+?)\s*\((?P<subject>[^()]+)\)$")
_ITEM_SEPARATORS = re.compile(r"[;\n]")


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRowError:
    """One problem: the row as Excel numbers it (None for the whole file), the column header as the
    school wrote it ("" for the whole row) and a Russian message."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = [f"строка {self.row}"] if self.row is not None else []
        if self.column:
            where.append(f"столбец «{self.column}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message


# The name the views were promised. It shadows the builtin only in a module that imports it by this
# name; prefer ImportRowError.
ImportError = ImportRowError


@dataclass(frozen=True)
class DuplicateWarning:
    """A new person who looks like somebody already in the municipality (same name, other birth date)."""

    row: int
    message: str

    def __str__(self) -> str:
        return f"строка {self.row}: {self.message}"


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


class RowStatus:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class RowPlan:
    """What applying one valid row will do."""

    row: int
    person: Person
    is_new: bool
    changed_fields: list[str] = field(default_factory=list)
    new_mentee: MenteeProfile | None = None
    changed_mentee: MenteeProfile | None = None
    new_mentor: MentorProfile | None = None
    new_requests: list[MenteeRequest] = field(default_factory=list)
    new_competencies: list[MentorCompetency] = field(default_factory=list)
    new_consent: Consent | None = None

    @property
    def status(self) -> str:
        if self.is_new:
            return RowStatus.CREATED
        if (
            self.changed_fields
            or self.new_mentee
            or self.changed_mentee
            or self.new_mentor
            or self.new_requests
            or self.new_competencies
            or self.new_consent
        ):
            return RowStatus.UPDATED
        return RowStatus.UNCHANGED


@dataclass
class ImportPlan:
    """The checked file: errors, warnings and, for every valid row, what applying will do."""

    organization: Organization
    filename: str
    header_row: int | None = None
    data_rows: int = 0
    errors: list[ImportRowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    likely_duplicates: list[DuplicateWarning] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)
    applied: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def _count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def created(self) -> int:
        return self._count(RowStatus.CREATED)

    @property
    def updated(self) -> int:
        return self._count(RowStatus.UPDATED)

    @property
    def unchanged(self) -> int:
        return self._count(RowStatus.UNCHANGED)


# --- reading cells ---------------------------------------------------------------------------------


class _CellError(Exception):
    """A cell that cannot be understood; the message is for the school."""


def _text(value: CellValue) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return unneutralize_formula(value.strip())


def parse_date(value: CellValue) -> datetime.date:
    """An Excel date cell, or text ДД.ММ.ГГГГ (also with «/» or «-», an optional «г.») or ГГГГ-ММ-ДД."""
    if isinstance(value, datetime.date):
        return value
    text = value.strip()
    day = month = year = 0
    if match := _DATE_DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _DATE_ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise _CellError(f"Дата «{text}» не распознана: укажите её в виде ДД.ММ.ГГГГ, например 05.09.2012.")
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise _CellError(f"Такой даты нет: «{text}».") from error


def parse_school_class(value: CellValue) -> tuple[int, str]:
    """«7А», «7 А», «7-а», «7 "А"», «11», «7А класс» -> (7, "А")."""
    text = " ".join(_text(value).translate(_CLASS_QUOTES).split())
    match = _CLASS.match(text)
    if match is None:
        raise _CellError(f"Класс «{text}» не распознан: укажите номер и букву, например 7А или 11.")
    grade = int(match.group(1))
    if not 1 <= grade <= 11:
        raise _CellError(f"Класс «{text}»: номер класса должен быть от 1 до 11.")
    return grade, match.group(2).translate(_LATIN_LOOKALIKES).upper()


def parse_role(value: CellValue) -> tuple[bool, bool]:
    """(mentor, mentee) from «наставник», «наставляемый», «наставник, наставляемый», «оба»."""
    text = normalize_header(_text(value))
    if text in _BOTH_WORDS:
        return True, True
    words = set(text.split()) - {"и"}
    mentor, mentee = bool(words & _MENTOR_WORDS), bool(words & _MENTEE_WORDS)
    if not (mentor or mentee) or words - _MENTOR_WORDS - _MENTEE_WORDS:
        raise _CellError(
            f"Роль «{_text(value)}» не распознана: укажите «наставник», «наставляемый» или «наставник, наставляемый»."
        )
    return mentor, mentee


def parse_experience(value: CellValue) -> int:
    text = _text(value)
    match = _EXPERIENCE.match(text.lower())
    if match is None:
        raise _CellError(f"Стаж «{text}» не распознан: укажите целое число лет, например 12.")
    return int(match.group(1))


def split_items(value: CellValue) -> list[str]:
    """Requests and competencies are separated by «;» (or by line breaks inside the cell)."""
    return [" ".join(item.split()) for item in _ITEM_SEPARATORS.split(_text(value)) if item.strip()]


# --- the person form's rules, with the database look-ups done in bulk --------------------------------

# What `Model.full_clean` would ask the database row by row (five queries a row, 50 000 for a school's
# file), and where the planner checks it instead.
#  - foreign keys exist: the planner takes municipality, organization, category and subject from the
#    database itself and never sets the user;
#  - unique_external_id_in_municipality: external ids are looked up for the whole file at once, and
#    repeated ids within the file are errors;
#  - archived_person_has_archive_date: the import never archives anybody or changes the archive date.
# The database still enforces all of them when the plan is applied. A test fails when Person gains a
# constraint or a foreign key missing from these lists, so that the importer is revisited.
CHECKED_IN_BULK_CONSTRAINTS = frozenset(
    {"unique_external_id_in_municipality", "archived_person_has_archive_date"}
)


def validate_person_checked_in_bulk(person: Person) -> None:
    """`validate_person` (the person form's rules) without its per-row database queries: the planner
    checks foreign keys and constraints for the whole file (see CHECKED_IN_BULK_*)."""
    validate_person(person, check_database=False)


# --- the planner -----------------------------------------------------------------------------------

_Item = tuple[SupportArea | None, Subject | None, str]


def _item_key(area_id: int | None, subject_id: int | None, text: str) -> tuple[int | None, int | None, str]:
    return area_id, subject_id, normalize_text(text)


@dataclass
class _ParsedRow:
    number: int
    fields: dict[str, Any]
    search_name: str
    role_given: bool = False
    wants_mentor: bool = False
    wants_mentee: bool = False
    subtype: MenteeSubtype | None = None
    requests: list[_Item] = field(default_factory=list)
    competencies: list[_Item] = field(default_factory=list)
    consent_on: datetime.date | None = None
    consent_given: bool = False


@dataclass
class _ConsentState:
    valid_today: bool = False
    given_dates: set[datetime.date] = field(default_factory=set)
    last_withdrawn: datetime.date | None = None


def _chunks(values: Sequence[Any], size: int = LOOKUP_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class _Planner:
    """Holds the reference data and the people of the municipality the file mentions, loaded in a
    few bulk queries, so that checking 10 000 rows does not cost 10 000 look-ups."""

    def __init__(self, organization: Organization, plan: ImportPlan) -> None:
        self.organization = organization
        self.plan = plan
        self.today = timezone.localdate()
        self.school_year = current_school_year(self.today)
        self.headers: dict[str, str] = {}  # column key -> header text in the file
        self.keys: dict[str, str] = {}  # header text in the file -> column key
        self._load_reference_data()

    # reference data

    def _load_reference_data(self) -> None:
        self.categories: dict[str, PersonCategory] = {}
        self.category_list = list(PersonCategory.objects.order_by("position", "name"))
        for category in self.category_list:
            names = [category.name, category.code, *category.synonyms.split(",")]
            for name in names:
                key = normalize_header(name)
                if key:
                    self.categories.setdefault(key, category)
        self.subjects = {normalize_header(subject.name): subject for subject in Subject.objects.all()}
        self.subtypes: dict[str, MenteeSubtype] = {}
        self.subtype_categories: dict[int, set[int]] = {}
        for subtype in MenteeSubtype.objects.prefetch_related("categories"):
            self.subtypes[normalize_header(subtype.name)] = subtype
            self.subtype_categories[subtype.pk] = {category.pk for category in subtype.categories.all()}
        self.areas: dict[str, SupportArea] = {}
        areas = SupportArea.objects.filter(
            support_areas_for(self.organization.pk, self.organization.municipality_id)
        )
        # The organization's own entry wins over the municipality's, which wins over the default.
        for area in sorted(
            areas, key=lambda area: (area.organization_id is not None, area.municipality_id is not None)
        ):
            self.areas[normalize_header(area.name)] = area

    # columns

    def header(self, key: str) -> str:
        """The column as the school named it, or our name when the column is missing."""
        return self.headers.get(key) or COLUMN_BY_KEY[key].header

    def error(self, row: int | None, key: str, message: str) -> None:
        column = "" if not key else self.header(key)
        self.plan.errors.append(ImportRowError(row=row, column=column, message=message))

    def read_headers(self, table: Table) -> bool:
        """Maps the file's headers to columns; False when required columns are missing."""
        for text in table.headers:
            column = _COLUMN_BY_NAME.get(normalize_header(text))
            if column is None:
                self.plan.unknown_columns.append(text)
            elif column.key in self.headers:
                self.error(
                    table.header_row,
                    column.key,
                    f"Столбцы «{self.headers[column.key]}» и «{text}» означают одно и то же: оставьте один.",
                )
            else:
                self.headers[column.key] = text
                self.keys[text] = column.key
        has_full_name = "full_name" in self.headers
        has_parts = any(key in self.headers for key in ("last_name", "first_name", "patronymic"))
        if has_full_name and has_parts:
            self.error(
                table.header_row,
                "full_name",
                "Укажите имя либо одним столбцом «ФИО», либо столбцами «Фамилия», «Имя», «Отчество» — не обоими способами.",
            )
        elif not has_full_name:
            for key in ("last_name", "first_name"):
                if key not in self.headers:
                    self.error(
                        table.header_row, key, f"Нет обязательного столбца «{COLUMN_BY_KEY[key].header}»."
                    )
        if "category" not in self.headers:
            self.error(table.header_row, "category", "Нет обязательного столбца «Категория».")
        return not self.plan.errors

    # pass 1: cells to values

    def parse_row(self, number: int, cells: dict[str, CellValue]) -> _ParsedRow | None:
        values = {self.keys[header]: value for header, value in cells.items() if header in self.keys}
        if not values:
            return None  # only unknown columns are filled, e.g. a numbered but empty row
        errors_before = len(self.plan.errors)
        fields: dict[str, Any] = {}

        def cell(key: str, parse: Callable[[CellValue], Any]) -> Any:
            if key not in values:
                return None
            try:
                return parse(values[key])
            except _CellError as error:
                self.error(number, key, str(error))
                return None

        if "full_name" in self.headers:
            parts = _text(values["full_name"]).split() if "full_name" in values else []
            if len(parts) < 2:
                self.error(number, "full_name", "Укажите хотя бы фамилию и имя через пробел.")
            else:
                fields["last_name"], fields["first_name"] = parts[0], parts[1]
                fields["patronymic"] = " ".join(parts[2:])
        else:
            for key in ("last_name", "first_name"):
                if key in values and _text(values[key]):
                    fields[key] = " ".join(_text(values[key]).split())
                else:
                    self.error(number, key, f"Укажите {'фамилию' if key == 'last_name' else 'имя'}.")
            if "patronymic" in values:
                fields["patronymic"] = " ".join(_text(values["patronymic"]).split())

        if "category" not in values:
            self.error(number, "category", "Укажите категорию участника.")
        else:
            category = self.categories.get(normalize_header(_text(values["category"])))
            if category is None:
                names = ", ".join(f"«{item.name}»" for item in self.category_list)
                self.error(
                    number,
                    "category",
                    f"Категория «{_text(values['category'])}» не найдена: допустимы {names}.",
                )
            else:
                fields["category"] = category
                if category.code != PersonCategory.PUPIL and "school_class" not in values:
                    # An alumnus or a teacher has no class: the one kept from school years goes.
                    fields["grade"], fields["class_letter"] = None, ""

        birth_date = cell("birth_date", parse_date)
        if birth_date is not None:
            fields["birth_date"] = birth_date
        if "sex" in values:
            sex = _SEX.get(normalize_header(_text(values["sex"])))
            if sex is None:
                self.error(number, "sex", f"Пол «{_text(values['sex'])}» не распознан: укажите «м» или «ж».")
            else:
                fields["sex"] = sex
        school_class = cell("school_class", parse_school_class)
        if school_class is not None:
            fields["grade"], fields["class_letter"] = school_class
        if "subject" in values:
            subject = self.subjects.get(normalize_header(_text(values["subject"])))
            if subject is None:
                self.error(
                    number,
                    "subject",
                    f"Предмет «{_text(values['subject'])}» не найден в справочнике предметов.",
                )
            else:
                fields["subject"] = subject
        experience = cell("experience", parse_experience)
        if experience is not None:
            fields["experience_years"] = experience
        for key, name in _TEXT_FIELDS.items():
            if key in values:
                text = _text(values[key])
                if text:
                    fields[name] = text
        if normalize_text(fields.get("notes", "")) == normalize_text(TEMPLATE_EXAMPLE_MARKER):
            self.error(number, "", "Это строка-пример из шаблона: удалите её и загрузите файл снова.")

        parsed = _ParsedRow(
            number=number,
            fields=fields,
            search_name=person_search_name(
                fields.get("last_name", ""), fields.get("first_name", ""), fields.get("patronymic", "")
            ),
        )
        role = cell("role", parse_role)
        if role is not None:
            parsed.role_given = True
            parsed.wants_mentor, parsed.wants_mentee = role
        if "subtype" in values:
            parsed.subtype = self.subtypes.get(normalize_header(_text(values["subtype"])))
            if parsed.subtype is None:
                names = ", ".join(f"«{subtype.name}»" for subtype in self.subtypes.values())
                self.error(
                    number, "subtype", f"Подтип «{_text(values['subtype'])}» не найден: допустимы {names}."
                )
        if "requests" in values:
            parsed.requests = self.parse_items(number, "requests", values["requests"])
        if "competencies" in values:
            parsed.competencies = self.parse_items(number, "competencies", values["competencies"])
        if "consent" in values:
            self.parse_consent(parsed, values["consent"])
        if len(self.plan.errors) > errors_before:
            return None
        return parsed

    def parse_items(self, number: int, key: str, value: CellValue) -> list[_Item]:
        """Each item is a catalogue entry («Профориентация»), an entry with a subject in brackets
        («Результаты по предмету (Математика)») or free text kept as typed."""
        items: list[_Item] = []
        for text in split_items(value):
            area = self.areas.get(normalize_header(text))
            subject: Subject | None = None
            free_text = ""
            if area is None:
                match = _ITEM_WITH_SUBJECT.match(text)
                if match is not None:
                    name_area = self.areas.get(normalize_header(match.group("name")))
                    subject = self.subjects.get(normalize_header(match.group("subject")))
                    if subject is not None:
                        area = name_area
                        free_text = "" if name_area is not None else match.group("name")
                    elif name_area is not None:
                        self.error(
                            number,
                            key,
                            f"«{text}»: предмет «{match.group('subject')}» не найден в справочнике предметов.",
                        )
                        continue
                    else:
                        free_text = text
                else:
                    free_text = text
            if free_text:
                problem = self._free_text_problem(free_text)
                if problem:
                    self.error(number, key, f"«{free_text[:60]}»: {problem}")
                    continue
            items.append((area, subject, free_text))
        return items

    @staticmethod
    def _free_text_problem(text: str) -> str:
        if len(text) > MAX_ITEM_LENGTH:
            return f"не длиннее {MAX_ITEM_LENGTH} символов."
        try:
            plain_text(text)
        except ValidationError as error:
            return " ".join(error.messages)
        return ""

    def parse_consent(self, parsed: _ParsedRow, value: CellValue) -> None:
        if isinstance(value, str):
            word = normalize_text(unneutralize_formula(value)).rstrip(".")
            if word in _NO:
                return
            if word in _YES:
                parsed.consent_given = True
                return
        try:
            given_on = parse_date(value)
        except _CellError:
            self.error(
                parsed.number,
                "consent",
                f"«{_text(value)}»: укажите дату согласия в виде ДД.ММ.ГГГГ или «да» (согласие получено сегодня).",
            )
            return
        if given_on > self.today:
            self.error(parsed.number, "consent", "Дата согласия не может быть в будущем.")
            return
        parsed.consent_given, parsed.consent_on = True, given_on

    # loading the people the file mentions

    def load_people(self, rows: list[_ParsedRow]) -> None:
        municipality_id = self.organization.municipality_id
        names = sorted({row.search_name for row in rows})
        external_ids = sorted({row.fields["external_id"] for row in rows if row.fields.get("external_id")})
        people: dict[int, Person] = {}
        base = Person.objects.filter(municipality_id=municipality_id).select_related(
            "organization", "category", "mentee_profile", "mentor_profile"
        )
        for chunk in _chunks(names):
            people.update((person.pk, person) for person in base.filter(search_name__in=chunk))
        for chunk in _chunks(external_ids):
            for person in base.filter(external_id__in=chunk):
                people.setdefault(person.pk, person)
        self.by_name: dict[str, list[Person]] = defaultdict(list)
        self.by_external_id: dict[str, Person] = {}
        for person in people.values():
            self.by_name[person.search_name].append(person)
            if person.external_id:
                self.by_external_id[person.external_id] = person
        own = [pk for pk, person in people.items() if person.organization_id == self.organization.pk]
        self.request_keys: dict[int, set[tuple[int | None, int | None, str]]] = defaultdict(set)
        self.competency_keys: dict[int, set[tuple[int | None, int | None, str]]] = defaultdict(set)
        self.consents: dict[int, _ConsentState] = defaultdict(_ConsentState)
        for chunk in _chunks(own):
            requests = MenteeRequest.objects.filter(mentee__person_id__in=chunk).values_list(
                "mentee__person_id", "area_id", "subject_id", "text", "is_open", "school_year"
            )
            for person_id, area_id, subject_id, text, is_open, school_year in requests:
                # A closed request of an earlier year may be raised again; an open one or one of this
                # year is already there.
                if is_open or school_year == self.school_year:
                    self.request_keys[person_id].add(_item_key(area_id, subject_id, text))
            competencies = MentorCompetency.objects.filter(mentor__person_id__in=chunk).values_list(
                "mentor__person_id", "area_id", "subject_id", "text"
            )
            for person_id, area_id, subject_id, text in competencies:
                self.competency_keys[person_id].add(_item_key(area_id, subject_id, text))
            consents = Consent.objects.filter(person_id__in=chunk).values_list(
                "person_id", "given_on", "withdrawn_on"
            )
            for person_id, given_on, withdrawn_on in consents:
                state = self.consents[person_id]
                state.given_dates.add(given_on)
                if withdrawn_on and (state.last_withdrawn is None or withdrawn_on > state.last_withdrawn):
                    state.last_withdrawn = withdrawn_on
            valid = Consent.objects.filter(valid_consent_q(self.today), person_id__in=chunk).values_list(
                "person_id", flat=True
            )
            for person_id in valid:
                self.consents[person_id].valid_today = True

    # pass 2: who the row is and what changes

    def plan_rows(self, rows: list[_ParsedRow]) -> None:
        seen_external_ids: dict[str, int] = {}
        seen_names: dict[tuple[str, datetime.date | None], int] = {}
        seen_people: dict[int, int] = {}
        name_key = "full_name" if "full_name" in self.headers else "last_name"
        for parsed in rows:
            external_id = parsed.fields.get("external_id", "")
            birth_date = parsed.fields.get("birth_date")
            if external_id and external_id in seen_external_ids:
                self.error(
                    parsed.number,
                    "external_id",
                    f"Этот внешний идентификатор уже указан в строке {seen_external_ids[external_id]}.",
                )
                continue
            identity = (parsed.search_name, birth_date)
            if identity in seen_names:
                self.error(
                    parsed.number,
                    name_key,
                    f"Этот участник (те же ФИО и дата рождения) уже описан в строке {seen_names[identity]}.",
                )
                continue
            if external_id:
                seen_external_ids[external_id] = parsed.number
            seen_names[identity] = parsed.number
            found, existing = self.find_existing(parsed, name_key)
            if not found:
                continue
            if existing is not None:
                if existing.pk in seen_people:
                    self.error(
                        parsed.number,
                        name_key,
                        f"Этот участник уже описан в строке {seen_people[existing.pk]}.",
                    )
                    continue
                seen_people[existing.pk] = parsed.number
            self.plan_row(parsed, existing, name_key)

    def find_existing(self, parsed: _ParsedRow, name_key: str) -> tuple[bool, Person | None]:
        """(True, the person the row describes or None for a new one), or (False, None) after
        recording an error."""
        external_id = parsed.fields.get("external_id", "")
        birth_date = parsed.fields.get("birth_date")
        existing: Person | None = None
        if external_id:
            existing = self.by_external_id.get(external_id)
            if (
                existing is not None
                and existing.search_name != parsed.search_name
                and birth_date is not None
                and existing.birth_date is not None
                and existing.birth_date != birth_date
            ):
                self.error(
                    parsed.number,
                    "external_id",
                    f"Идентификатор «{external_id}» в системе принадлежит другому участнику "
                    f"(другие ФИО и дата рождения): проверьте его.",
                )
                return False, None
        if existing is None:
            twins = [
                person
                for person in self.by_name.get(parsed.search_name, [])
                if person.birth_date == birth_date
            ]
            own = [person for person in twins if person.organization_id == self.organization.pk]
            if len(own) > 1:
                self.error(
                    parsed.number,
                    name_key,
                    "В базе уже несколько участников с такими ФИО и датой рождения: объедините их в системе, "
                    "потом повторите импорт.",
                )
                return False, None
            if own:
                existing = own[0]
            elif twins:
                existing = twins[0]
            if (
                existing is not None
                and external_id
                and existing.external_id
                and existing.external_id != external_id
            ):
                self.error(
                    parsed.number,
                    "external_id",
                    f"У этого участника в системе другой внешний идентификатор: «{existing.external_id}».",
                )
                return False, None
        if existing is not None and existing.organization_id != self.organization.pk:
            self.error(
                parsed.number,
                "external_id" if external_id and existing.external_id == external_id else name_key,
                f"Этот участник уже числится в «{existing.organization.short_name}»: изменить его запись может "
                "только эта организация, а перевести к вам — управление образования.",
            )
            return False, None
        return True, existing

    def plan_row(self, parsed: _ParsedRow, existing: Person | None, name_key: str) -> None:
        number = parsed.number
        if existing is None:
            person = Person(organization=self.organization, municipality_id=self.organization.municipality_id)
            original: dict[str, Any] = {}
        else:
            person = existing
            original = {name: getattr(person, name) for name in _PERSON_ATTNAMES}
        for name, value in parsed.fields.items():
            setattr(person, name, value)
        try:
            validate_person_checked_in_bulk(person)
        except ValidationError as error:
            self.report_validation(number, error, name_key)
            return
        row = RowPlan(row=number, person=person, is_new=existing is None)
        if existing is not None:
            row.changed_fields = [
                name
                for name, attname in zip(PERSON_FIELDS, _PERSON_ATTNAMES, strict=True)
                if getattr(person, attname) != original[attname]
            ]
            if _CLASS_FIELDS & set(row.changed_fields):
                # The class in the file is this year's class (the roll-over advances it from here).
                is_pupil = person.category.code == PersonCategory.PUPIL
                person.class_year = self.school_year if is_pupil else None
                row.changed_fields.append("class_year")
        errors_before = len(self.plan.errors)
        self.plan_bases(parsed, row, existing)
        self.plan_consent(parsed, row, existing)
        if len(self.plan.errors) == errors_before:
            self.plan.rows.append(row)
            if row.is_new:
                self.warn_if_similar(parsed, person)

    def report_validation(self, number: int, error: ValidationError, name_key: str) -> None:
        if not hasattr(error, "error_dict"):
            self.error(number, "", " ".join(error.messages))
            return
        for name, problems in error.error_dict.items():
            message = " ".join(ValidationError(problems).messages)
            if name == NON_FIELD_ERRORS:
                self.error(number, "", message)
                continue
            key = _FIELD_COLUMN.get(name, "")
            if key in {"last_name", "first_name", "patronymic"} and "full_name" in self.headers:
                key = "full_name"
            self.error(number, key, message)

    def plan_bases(self, parsed: _ParsedRow, row: RowPlan, existing: Person | None) -> None:
        person = row.person
        mentee: MenteeProfile | None = getattr(existing, "mentee_profile", None) if existing else None
        mentor: MentorProfile | None = getattr(existing, "mentor_profile", None) if existing else None
        # Without a «Роль» cell, requests and a subtype make a mentee and competencies a mentor.
        wants_mentee = parsed.wants_mentee or (
            not parsed.role_given and bool(parsed.requests or parsed.subtype)
        )
        wants_mentor = parsed.wants_mentor or (not parsed.role_given and bool(parsed.competencies))
        number = parsed.number
        if mentee is None and not wants_mentee:
            if parsed.subtype is not None:
                self.error(
                    number,
                    "subtype",
                    "Подтип указывается для наставляемых: в столбце «Роль» укажите «наставляемый».",
                )
            if parsed.requests:
                self.error(
                    number,
                    "requests",
                    "Запросы указываются для наставляемых: в столбце «Роль» укажите «наставляемый».",
                )
        if mentor is None and not wants_mentor and parsed.competencies:
            self.error(
                number,
                "competencies",
                "Компетенции указываются для наставников: в столбце «Роль» укажите «наставник».",
            )
        subtype = parsed.subtype
        unchanged_subtype = mentee is not None and subtype is not None and mentee.subtype_id == subtype.pk
        if (
            subtype is not None
            and not unchanged_subtype
            and person.category_id not in self.subtype_categories.get(subtype.pk, set())
        ):
            self.error(
                number, "subtype", f"Подтип «{subtype.name}» не относится к категории «{person.category}»."
            )
            subtype = None
        if mentee is None and wants_mentee:
            mentee = row.new_mentee = MenteeProfile(person=person, subtype=subtype, joined_on=self.today)
        elif mentee is not None and subtype is not None and mentee.subtype_id != subtype.pk:
            mentee.subtype = subtype
            row.changed_mentee = mentee
        if mentor is None and wants_mentor:
            mentor = row.new_mentor = MentorProfile(person=person, joined_on=self.today)
        if mentee is not None and parsed.requests:
            known = self.request_keys.get(person.pk, set()) if existing else set()
            for area, subject, text in self.new_items(number, "requests", parsed.requests, known):
                row.new_requests.append(
                    MenteeRequest(
                        mentee=mentee, area=area, subject=subject, text=text, school_year=self.school_year
                    )
                )
        if mentor is not None and parsed.competencies:
            known = self.competency_keys.get(person.pk, set()) if existing else set()
            for area, subject, text in self.new_items(number, "competencies", parsed.competencies, known):
                row.new_competencies.append(
                    MentorCompetency(mentor=mentor, area=area, subject=subject, text=text)
                )

    def new_items(
        self, number: int, key: str, items: list[_Item], known: set[tuple[int | None, int | None, str]]
    ) -> list[_Item]:
        """The items the person does not have yet. Only these are checked against the catalogue's
        current rules, so that an export of older records still imports back unchanged."""
        new: list[_Item] = []
        seen = set(known)
        for area, subject, text in items:
            item_key = _item_key(area.pk if area else None, subject.pk if subject else None, text)
            if item_key in seen:
                continue
            seen.add(item_key)
            if area is not None and not area.is_active:
                self.error(number, key, f"Направление «{area.name}» больше не используется: выберите другое.")
            elif area is not None and area.needs_subject and subject is None:
                self.error(
                    number,
                    key,
                    f"Для направления «{area.name}» укажите предмет в скобках, например «{area.name} (Математика)».",
                )
            else:
                new.append((area, subject, text))
        return new

    def plan_consent(self, parsed: _ParsedRow, row: RowPlan, existing: Person | None) -> None:
        if not parsed.consent_given:
            return
        person = row.person
        state = self.consents.get(person.pk, _ConsentState()) if existing else _ConsentState()
        given_on = parsed.consent_on or self.today
        if state.valid_today or given_on in state.given_dates:
            return  # already recorded: never duplicated
        if state.last_withdrawn is not None and (
            parsed.consent_on is None or given_on <= state.last_withdrawn
        ):
            self.error(
                parsed.number,
                "consent",
                f"Согласие этого участника отозвано {state.last_withdrawn:%d.%m.%Y}: укажите дату нового согласия, "
                "данного после отзыва.",
            )
            return
        if person.birth_date is not None and given_on < person.birth_date:
            self.error(parsed.number, "consent", "Дата согласия раньше даты рождения.")
            return
        if person.is_minor_on(given_on):
            if not person.representative_name:
                self.error(
                    parsed.number,
                    "representative_name",
                    "Участник несовершеннолетний: согласие за него даёт законный представитель — укажите его ФИО.",
                )
                return
            row.new_consent = Consent(
                person=person,
                given_by=ConsentGiver.REPRESENTATIVE,
                representative_name=person.representative_name,
                given_on=given_on,
            )
        else:
            row.new_consent = Consent(person=person, given_by=ConsentGiver.PERSON, given_on=given_on)

    def warn_if_similar(self, parsed: _ParsedRow, person: Person) -> None:
        similar = [
            other
            for other in self.by_name.get(parsed.search_name, [])
            if other.birth_date != person.birth_date
        ]
        for other in similar[:3]:
            born = (
                f", дата рождения {other.birth_date:%d.%m.%Y}" if other.birth_date else ", без даты рождения"
            )
            self.plan.likely_duplicates.append(
                DuplicateWarning(
                    row=parsed.number,
                    message=f"Похож на участника «{other.full_name}»{born} из «{other.organization.short_name}»: "
                    "проверьте, не один ли это человек.",
                )
            )


# --- the public functions ----------------------------------------------------------------------------


def max_import_rows() -> int:
    """Data rows one file may have (settings.PEOPLE_IMPORT_MAX_ROWS, 20 000 by default)."""
    return int(getattr(settings, "PEOPLE_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_import_bytes() -> int:
    """Bytes one file may have (settings.PEOPLE_IMPORT_MAX_BYTES, 20 MB by default)."""
    return int(getattr(settings, "PEOPLE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _refusal(organization: Organization) -> str:
    """Why nobody may load people into this organization, or ""."""
    if organization.kind == OrganizationKind.DEPARTMENT:
        return (
            f"В «{organization.short_name}» участников не загружают: выберите школу, организацию "
            "дополнительного образования или партнёра."
        )
    if organization.is_archived:
        return f"Организация «{organization.short_name}» в архиве: загрузка в её базы закрыта."
    return ""


def plan_import(
    *,
    organization: Organization,
    data: bytes,
    filename: str,
    max_rows: int | None = None,
    max_bytes: int | None = None,
) -> ImportPlan:
    """Reads and checks the whole file; writes nothing. A file that cannot be read at all gives a plan
    with one error for the whole file (row None)."""
    plan = ImportPlan(organization=organization, filename=filename)
    refusal = _refusal(organization)
    if refusal:
        plan.errors.append(ImportRowError(row=None, column="", message=refusal))
        return plan
    try:
        table = read_table(
            data,
            filename,
            max_rows=max_rows if max_rows is not None else max_import_rows(),
            max_bytes=max_bytes if max_bytes is not None else max_import_bytes(),
            known_headers=KNOWN_HEADERS,
        )
    except SpreadsheetError as error:
        plan.errors.append(ImportRowError(row=None, column="", message=error.message))
        return plan
    plan.header_row = table.header_row
    plan.data_rows = len(table.rows)
    planner = _Planner(organization, plan)
    if not planner.read_headers(table):
        return plan
    parsed_rows = [parsed for number, cells in table.rows if (parsed := planner.parse_row(number, cells))]
    planner.load_people(parsed_rows)
    planner.plan_rows(parsed_rows)
    plan.errors.sort(key=lambda error: error.row or 0)
    if not plan.rows and not plan.errors:
        plan.errors.append(
            ImportRowError(row=None, column="", message="В файле нет ни одной строки с участниками.")
        )
    return plan


def _bulk_create(objects: list[Any], model: Any, by: User | None) -> None:
    if objects:
        bulk_create_with_history(objects, model, batch_size=BATCH_SIZE, default_user=by)


@transaction.atomic
def _write(plan: ImportPlan, by: User | None) -> None:
    now = timezone.now()
    rows = plan.rows
    _bulk_create([row.person for row in rows if row.is_new], Person, by)
    changed = [row for row in rows if not row.is_new and row.changed_fields]
    if changed:
        fields = sorted(
            {name for row in changed for name in row.changed_fields} | {"search_name", "updated_at"}
        )
        for row in changed:
            row.person.updated_at = now
        bulk_update_with_history(
            [row.person for row in changed], Person, fields, batch_size=BATCH_SIZE, default_user=by
        )
    _bulk_create([row.new_mentee for row in rows if row.new_mentee], MenteeProfile, by)
    changed_mentees = [row.changed_mentee for row in rows if row.changed_mentee]
    if changed_mentees:
        for profile in changed_mentees:
            profile.updated_at = now
        bulk_update_with_history(
            changed_mentees, MenteeProfile, ["subtype", "updated_at"], batch_size=BATCH_SIZE, default_user=by
        )
    _bulk_create([row.new_mentor for row in rows if row.new_mentor], MentorProfile, by)
    _bulk_create([request for row in rows for request in row.new_requests], MenteeRequest, by)
    _bulk_create([competency for row in rows for competency in row.new_competencies], MentorCompetency, by)
    consents = [row.new_consent for row in rows if row.new_consent]
    for consent in consents:
        consent.recorded_by = by
    _bulk_create(consents, Consent, by)


def apply_import(*, by: User | None, organization: Organization, plan: ImportPlan) -> ImportResult:
    """Writes a checked plan in one transaction; a plan with any error is refused whole.

    `by` is the user who imports: the consents and the change history name them. None is allowed only
    for the command line run by the server's administrator (`manage.py import_people` without --user).
    Apply the plan right after making it (in the same request): a plan made yesterday does not know
    today's changes, and the database then refuses the conflicting rows and nothing is written.
    """
    if by is not None and not can_keep_people_of(by, organization):
        raise PermissionDenied(f"Вы не можете изменять базы организации «{organization.short_name}».")
    refusal = _refusal(organization)
    if refusal:
        raise ValidationError(refusal)
    if plan.organization.pk != organization.pk:
        raise ValidationError("Файл проверялся для другой организации: загрузите его снова.")
    if plan.errors:
        raise ValidationError(
            f"В файле есть ошибки ({len(plan.errors)}): исправьте их и загрузите файл снова. Ничего не изменено."
        )
    if plan.applied:
        raise ValidationError("Этот файл уже загружен.")
    result = ImportResult(created=plan.created, updated=plan.updated, unchanged=plan.unchanged)
    try:
        _write(plan, by)
    except IntegrityError as error:
        raise ValidationError(
            "Пока файл проверялся, данные в системе изменились. Ничего не изменено: загрузите файл ещё раз."
        ) from error
    plan.applied = True
    return result


def import_summary(plan: ImportPlan, result: ImportResult | None = None) -> dict[str, Any]:
    """The plain summary the command's --json prints and an API may return.

    Without a result (a dry run) the counts are what applying would do; with errors they are zero,
    because nothing is written.
    """
    if plan.errors:
        return {
            "created": 0,
            "updated": 0,
            "unchanged": 0,
            "errors": [error.as_dict() for error in plan.errors],
        }
    counts = result or ImportResult(created=plan.created, updated=plan.updated, unchanged=plan.unchanged)
    return {"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged, "errors": []}


def import_people_from_file(
    *,
    organization: Organization,
    data: bytes,
    filename: str,
    by: User | None = None,
    dry_run: bool = False,
    max_rows: int | None = None,
) -> dict[str, Any]:
    """Plans and, unless `dry_run` or the file has errors, applies: the one call a script needs."""
    plan = plan_import(organization=organization, data=data, filename=filename, max_rows=max_rows)
    if plan.errors or dry_run:
        return import_summary(plan)
    return import_summary(plan, apply_import(by=by, organization=organization, plan=plan))
