"""Export of the bases to XLSX, and the blank import template.

The export speaks the importer's language: the same headers, the same words for roles and
categories, requests as «Направление (Предмет)» joined with «; ». Importing an export back into the
same organization therefore changes nothing, and a school can edit its base in Excel and load it back.

Only people whose consent to processing is valid today are exported (152-FZ: without consent their
data may not leave the system). The caller decides whose people are passed in and writes the
personal-data access log.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Max, QuerySet
from django.utils import timezone

from mentoring.people.importing import COLUMNS, TEMPLATE_EXAMPLE_MARKER
from mentoring.people.models import (
    Consent,
    MenteeRequest,
    MenteeSubtype,
    MentorCompetency,
    Person,
    PersonCategory,
    Sex,
    valid_consent_q,
)
from mentoring.people.selectors import people_with_valid_consent
from mentoring.people.spreadsheet import write_xlsx

# Every column the importer reads, names in separate columns (the import also accepts one «ФИО»).
EXPORT_COLUMNS = [column for column in COLUMNS if column.key != "full_name"]
EXPORT_HEADERS: list[str] = [column.header for column in EXPORT_COLUMNS]
ITEM_SEPARATOR = "; "
ROLE_MENTOR = "наставник"
ROLE_MENTEE = "наставляемый"
_SEX_WORDS = {Sex.MALE: "м", Sex.FEMALE: "ж"}


def _item_label(area_name: str | None, subject_name: str | None, text: str) -> str:
    label = area_name or text
    return f"{label} ({subject_name})" if subject_name else label


def _role(person: Person) -> str:
    roles = []
    if hasattr(person, "mentor_profile"):
        roles.append(ROLE_MENTOR)
    if hasattr(person, "mentee_profile"):
        roles.append(ROLE_MENTEE)
    return ", ".join(roles)


def export_rows(
    people: QuerySet[Person], day: datetime.date | None = None
) -> tuple[int, Iterator[list[object]]]:
    """The number of exported people and their rows in EXPORT_HEADERS order.

    Four queries whatever the number of people: the people with their category, subject and profiles,
    then the open requests, the competencies and the latest valid consent dates, each filtered by a
    subquery rather than a list of ids (a list of 50 000 ids would exceed SQLite's parameter limit).
    """
    day = day or timezone.localdate()
    consented = people_with_valid_consent(people, day)
    ids = consented.values("pk")
    persons = list(
        consented.select_related("category", "subject", "mentee_profile__subtype", "mentor_profile").order_by(
            "last_name", "first_name", "patronymic", "id"
        )
    )
    requests: dict[int, list[str]] = defaultdict(list)
    for person_id, area, subject, text in (
        MenteeRequest.objects.filter(mentee__person_id__in=ids, is_open=True)
        .order_by("priority", "id")
        .values_list("mentee__person_id", "area__name", "subject__name", "text")
    ):
        requests[person_id].append(_item_label(area, subject, text))
    competencies: dict[int, list[str]] = defaultdict(list)
    for person_id, area, subject, text in (
        MentorCompetency.objects.filter(mentor__person_id__in=ids)
        .order_by("id")
        .values_list("mentor__person_id", "area__name", "subject__name", "text")
    ):
        competencies[person_id].append(_item_label(area, subject, text))
    consent_dates: dict[int, datetime.date] = dict(
        Consent.objects.filter(valid_consent_q(day), person_id__in=ids)
        .values("person_id")
        .annotate(latest=Max("given_on"))
        .values_list("person_id", "latest")
    )

    def rows() -> Iterator[list[object]]:
        for person in persons:
            mentee = getattr(person, "mentee_profile", None)
            values: dict[str, object] = {
                "last_name": person.last_name,
                "first_name": person.first_name,
                "patronymic": person.patronymic,
                "birth_date": person.birth_date,
                "sex": _SEX_WORDS.get(Sex(person.sex), "") if person.sex else "",
                "category": person.category.name,
                "school_class": person.school_class,
                "position": person.position,
                "subject": person.subject.name if person.subject else "",
                "experience": person.experience_years,
                "phone": person.phone,
                "email": person.email,
                "role": _role(person),
                "subtype": mentee.subtype.name if mentee is not None and mentee.subtype is not None else "",
                "requests": ITEM_SEPARATOR.join(requests.get(person.pk, [])),
                "competencies": ITEM_SEPARATOR.join(competencies.get(person.pk, [])),
                "consent": consent_dates.get(person.pk),
                "representative_name": person.representative_name,
                "representative_relation": person.representative_relation,
                "representative_phone": person.representative_phone,
                "external_id": person.external_id,
                "notes": person.notes,
            }
            yield [values[column.key] for column in EXPORT_COLUMNS]

    return len(persons), rows()


def export_people_xlsx(people: QuerySet[Person], day: datetime.date | None = None) -> bytes:
    """The people (those with valid consent only) as an XLSX file the importer reads back."""
    _, rows = export_rows(people, day)
    return write_xlsx(EXPORT_HEADERS, rows, sheet_title="Участники")


_HINTS = {
    "Фамилия": "обязательно",
    "Имя": "обязательно",
    "Отчество": "если есть",
    "Дата рождения": "ДД.ММ.ГГГГ; для обучающихся обязательно",
    "Пол": "м или ж",
    "Класс": "для обучающихся: 7А, 11",
    "Должность": "для педагогов и сотрудников",
    "Предмет": "как в справочнике, например Математика",
    "Стаж": "целое число лет",
    "Телефон": "+7 (831) 234-56-78",
    "E-mail": "name@example.ru",
    "Роль": "наставник, наставляемый или оба",
    "Запросы": "через «;», предмет в скобках: Результаты по предмету (Математика)",
    "Компетенции": "через «;», как запросы",
    "Согласие на обработку ПД": "дата согласия ДД.ММ.ГГГГ или «да»",
    "Законный представитель": "ФИО; обязательно для несовершеннолетних",
    "Кем приходится представитель": "мать, отец, опекун",
    "Телефон представителя": "+7 (831) 234-56-78",
    "Внешний идентификатор": "номер в Навигаторе или электронном журнале",
    "Примечания": "любой текст",
}


def import_template_xlsx() -> bytes:
    """The blank table a school fills in: a title, a row of hints on formats, the headers and one
    example row of a fictional pupil (marked so that importing it by mistake is refused)."""
    categories = ", ".join(category.name.lower() for category in PersonCategory.objects.order_by("position"))
    subtypes = ", ".join(MenteeSubtype.objects.filter(is_active=True).values_list("name", flat=True)[:6])
    hints = {**_HINTS, "Категория": f"обязательно: {categories}", "Подтип": f"для наставляемых: {subtypes}"}
    preface = [
        [
            "Шаблон для загрузки участников в «Наставничество». Вторая строка — подсказки, "
            "четвёртая — пример: замените его своими данными. Названия столбцов не меняйте; "
            "ненужные столбцы можно удалить."
        ],
        [hints.get(header, "") for header in EXPORT_HEADERS],
    ]
    example: dict[str, object] = {
        "Фамилия": "Образцова",
        "Имя": "Алиса",
        "Отчество": "Сергеевна",
        "Дата рождения": datetime.date(timezone.localdate().year - 13, 5, 14),
        "Пол": "ж",
        "Категория": "Обучающийся",
        "Класс": "7А",
        "Роль": ROLE_MENTEE,
        "Подтип": "Неуспевающий",
        "Запросы": "Результаты по предмету (Математика); Адаптация в новом классе или школе",
        "Согласие на обработку ПД": timezone.localdate().replace(day=1),
        "Законный представитель": "Образцова Мария Ивановна",
        "Кем приходится представитель": "мать",
        "Телефон представителя": "+7 (831) 234-56-78",
        "Примечания": TEMPLATE_EXAMPLE_MARKER,
    }
    return write_xlsx(
        EXPORT_HEADERS,
        [[example.get(header, "") for header in EXPORT_HEADERS]],
        sheet_title="Участники",
        preface=preface,
    )
