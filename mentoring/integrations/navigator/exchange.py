"""The exchange format with the regional Navigator: three tables (programs, participants,
mentorships), each column with a stable key and a Russian name. docs/navigator-exchange.md describes
every field; this module is the single source of both."""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_NAME = "nastavnichestvo-navigator"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Column:
    key: str
    header: str


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str
    columns: tuple[Column, ...]

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]


PROGRAMS = TableSpec(
    "programs",
    "Программы",
    (
        Column("external_id", "Идентификатор в Навигаторе"),
        Column("system_id", "Идентификатор в системе"),
        Column("organization_code", "Код организации"),
        Column("organization", "Организация"),
        Column("title", "Название программы"),
        Column("form", "Форма наставничества"),
        Column("starts_on", "Начало"),
        Column("ends_on", "Окончание"),
        Column("status", "Статус"),
    ),
)
PARTICIPANTS = TableSpec(
    "participants",
    "Участники",
    (
        Column("external_id", "Идентификатор в Навигаторе"),
        Column("system_id", "Идентификатор в системе"),
        Column("last_name", "Фамилия"),
        Column("first_name", "Имя"),
        Column("patronymic", "Отчество"),
        Column("birth_date", "Дата рождения"),
        Column("sex", "Пол"),
        Column("category", "Категория"),
        Column("organization_code", "Код организации"),
        Column("organization", "Организация"),
        Column("school_class", "Класс"),
        Column("role", "Роль"),
    ),
)
MENTORSHIPS = TableSpec(
    "mentorships",
    "Пары и группы",
    (
        Column("external_id", "Идентификатор в Навигаторе"),
        Column("system_id", "Идентификатор в системе"),
        Column("organization_code", "Код организации"),
        Column("program_external_id", "Идентификатор программы в Навигаторе"),
        Column("program_title", "Программа"),
        Column("program_starts_on", "Начало программы"),
        Column("mentor_external_id", "Идентификатор наставника в Навигаторе"),
        Column("mentor_last_name", "Фамилия наставника"),
        Column("mentor_first_name", "Имя наставника"),
        Column("mentor_patronymic", "Отчество наставника"),
        Column("mentor_birth_date", "Дата рождения наставника"),
        Column("mentee_external_ids", "Идентификаторы наставляемых в Навигаторе"),
        Column("mentees", "Наставляемые"),
        Column("started_on", "Начало работы"),
        Column("planned_end_on", "Плановое завершение"),
        Column("ended_on", "Завершена"),
        Column("status", "Статус"),
    ),
)
TABLES = (PROGRAMS, PARTICIPANTS, MENTORSHIPS)
DATE_KEYS = frozenset(
    {
        "starts_on",
        "ends_on",
        "birth_date",
        "program_starts_on",
        "mentor_birth_date",
        "started_on",
        "planned_end_on",
        "ended_on",
    }
)
