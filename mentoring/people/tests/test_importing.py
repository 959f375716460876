"""Loading a school's table into the bases: everything checked first, then written whole or not at all."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mentoring.people import importing, services
from mentoring.people.importing import (
    ImportRowError,
    apply_import,
    import_people_from_file,
    parse_school_class,
    plan_import,
)
from mentoring.people.models import (
    Consent,
    ConsentGiver,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    Person,
    PersonCategory,
    SupportArea,
)
from mentoring.people.services import current_school_year
from mentoring.people.tests.factories import ConsentFactory, PersonFactory

TODAY = timezone.localdate


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Лист1")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def history_rows() -> int:
    return sum(
        model.history.count()  # type: ignore[attr-defined]
        for model in (Person, MenteeProfile, MentorProfile, MenteeRequest, MentorCompetency, Consent)
    )


def import_file(world, data: bytes, filename: str = "база.xlsx", *, by=None, organization=None):
    organization = organization or world.school
    plan = plan_import(organization=organization, data=data, filename=filename)
    assert plan.errors == []
    return plan, apply_import(by=by or world.curator, organization=organization, plan=plan)


SCHOOL_TABLE = [
    ["Список наставников и наставляемых МБОУ Сеченовская СШ на 2025 год"],
    [],
    [
        "№ п/п",
        "фио",
        "КАТЕГОРИЯ",
        "Дата рождения:",
        "класс",
        "Роль",
        "Подтип",
        "Запросы",
        "Компетенции",
        "предмет",
        "Стаж",
        "Согласие",
        "Законный представитель",
        "e-mail",
    ],
    [
        1,
        "Киселёва Дарья Андреевна",
        "ученица",
        datetime.date(2012, 3, 4),
        '7 "а"',
        "наставляемый",
        "неуспевающий",
        "Результаты по предмету (Математика); Хочу научиться выступать перед классом",
        "",
        "",
        "",
        "01.09.2025",
        "Киселёва Ольга Ивановна",
        "",
    ],
    [
        2,
        "Егорова Анна Петровна",
        "учитель",
        "12.05.1985",
        "",
        "наставник",
        "",
        "",
        "Классное руководство; Методика преподавания предмета (Математика)",
        "математика",
        "5 лет",
        "да",
        "",
        "Egorova@Example.ru",
    ],
    [
        3,
        "Сафонов Илья",
        "выпускник",
        datetime.date(2004, 1, 20),
        "",
        "оба",
        "",
        "Профориентация",
        "Проект (исследовательский, социальный, предпринимательский, творческий)",
        "",
        "",
        datetime.date(2025, 9, 2),
        "",
        "",
    ],
]


def test_a_school_table_with_a_title_row_fills_both_bases(world):
    plan, result = import_file(world, xlsx(SCHOOL_TABLE))

    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert plan.header_row == 3
    assert plan.unknown_columns == ["№ п/п"]
    pupil = Person.objects.get(last_name="Киселёва")
    assert (pupil.organization, pupil.category.code) == (world.school, PersonCategory.PUPIL)
    assert (pupil.patronymic, pupil.birth_date, pupil.school_class) == (
        "Андреевна",
        datetime.date(2012, 3, 4),
        "7А",
    )
    assert pupil.mentee_profile.subtype.name == "Неуспевающий"
    requests = {
        (r.area.name if r.area else None, str(r.subject or ""), r.text) for r in MenteeRequest.objects.all()
    }
    assert requests == {
        ("Результаты по предмету", "Математика", ""),
        (None, "", "Хочу научиться выступать перед классом"),
        ("Профориентация", "", ""),
    }
    assert MenteeRequest.objects.filter(school_year=current_school_year()).count() == 3
    consent = pupil.consents.get()
    assert (consent.given_by, consent.representative_name) == (
        ConsentGiver.REPRESENTATIVE,
        "Киселёва Ольга Ивановна",
    )
    assert (consent.given_on, consent.recorded_by) == (datetime.date(2025, 9, 1), world.curator)

    teacher = Person.objects.get(last_name="Егорова")
    assert (teacher.subject.name, teacher.experience_years, teacher.email) == (
        "Математика",
        5,
        "Egorova@Example.ru",
    )
    assert not hasattr(teacher, "mentee_profile")
    competencies = {(c.area.name, str(c.subject or "")) for c in teacher.mentor_profile.competencies.all()}
    assert competencies == {("Классное руководство", ""), ("Методика преподавания предмета", "Математика")}
    assert teacher.consents.get().given_on == TODAY()
    assert teacher.consents.get().given_by == ConsentGiver.PERSON

    alumnus = Person.objects.get(last_name="Сафонов")
    assert alumnus.patronymic == ""
    assert hasattr(alumnus, "mentee_profile")
    assert hasattr(alumnus, "mentor_profile")
    assert alumnus.consents.get().given_on == datetime.date(2025, 9, 2)
    assert pupil.history.get().history_user == world.curator


def test_a_csv_in_windows_1251_with_semicolons_imports(world):
    text = (
        "Фамилия;Имя;Отчество;Дата рождения;Категория;Класс;Роль;Согласие на обработку ПД;Законный представитель\r\n"
        "Зуев;Максим;Ильич;05.06.2011;обучающийся;8-б;наставляемый;да;Зуева Ирина Петровна\r\n"
    )
    _, result = import_file(world, text.encode("cp1251"), "база.csv")
    assert result.created == 1
    pupil = Person.objects.get()
    assert (pupil.first_name, pupil.grade, pupil.class_letter) == ("Максим", 8, "Б")
    assert pupil.consents.get().given_by == ConsentGiver.REPRESENTATIVE


def test_importing_the_same_file_twice_creates_no_duplicates_and_reports_all_unchanged(world):
    data = xlsx(SCHOOL_TABLE)
    import_file(world, data)
    counts = (Person.objects.count(), MenteeRequest.objects.count(), Consent.objects.count(), history_rows())

    _, result = import_file(world, data)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert (
        Person.objects.count(),
        MenteeRequest.objects.count(),
        Consent.objects.count(),
        history_rows(),
    ) == counts


def test_a_changed_cell_updates_that_person_only_and_keeps_the_history(world):
    import_file(world, xlsx(SCHOOL_TABLE))
    changed = [row[:] for row in SCHOOL_TABLE]
    changed[4][13] = "anna.egorova@example.ru"
    changed[3][7] += "; Профориентация"

    _, result = import_file(world, xlsx(changed))

    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    teacher = Person.objects.get(last_name="Егорова")
    assert teacher.email == "anna.egorova@example.ru"
    assert teacher.history.count() == 2
    assert Person.objects.get(last_name="Киселёва").mentee_profile.requests.count() == 3


def test_an_empty_cell_does_not_erase_what_the_base_has(world):
    person = PersonFactory(organization=world.school, phone="+7 (831) 234-56-78", notes="любит шахматы")
    data = xlsx(
        [
            ["Фамилия", "Имя", "Отчество", "Дата рождения", "Категория", "Класс", "Телефон", "Примечания"],
            [
                person.last_name,
                person.first_name,
                person.patronymic,
                person.birth_date,
                "ученик",
                "7А",
                "",
                "",
            ],
        ]
    )
    _, result = import_file(world, data)
    person.refresh_from_db()
    assert result.unchanged == 1
    assert (person.phone, person.notes) == ("+7 (831) 234-56-78", "любит шахматы")


def test_a_person_found_by_external_id_gets_the_new_surname(world):
    person = PersonFactory(
        organization=world.school, last_name="Иванова", first_name="Мария", external_id="N-1"
    )
    data = xlsx(
        [
            ["ID", "ФИО", "Дата рождения", "Категория", "Класс"],
            ["N-1", "Петрова Мария Андреевич", person.birth_date, "ученица", "7А"],
        ]
    )
    _, result = import_file(world, data)
    person.refresh_from_db()
    assert result.updated == 1
    assert (Person.objects.count(), person.last_name) == (1, "Петрова")


def test_a_new_class_in_the_file_is_this_school_years_class(world):
    person = PersonFactory(organization=world.school, class_year=current_school_year() - 1)
    data = xlsx(
        [
            ["ФИО", "Дата рождения", "Категория", "Класс"],
            [person.full_name, person.birth_date, "ученик", "8 б"],
        ]
    )
    _, result = import_file(world, data)
    person.refresh_from_db()
    assert result.updated == 1
    assert (person.school_class, person.class_year) == ("8Б", current_school_year())


def test_a_direction_no_longer_used_cannot_be_requested_anew(world):
    area = SupportArea.objects.get(name="Профориентация", organization__isnull=True)
    area.is_active = False
    area.save()
    data = xlsx([[*HEADER, "Запросы"], [*pupil_row(1), "Профориентация"]])
    plan = plan_import(organization=world.school, data=data, filename="база.xlsx")
    assert [(error.column, error.message) for error in plan.errors] == [
        ("Запросы", "Направление «Профориентация» больше не используется: выберите другое.")
    ]


def test_the_schools_own_direction_is_matched(world):
    SupportArea.objects.create(name="Шахматный клуб", organization=world.school)
    data = xlsx([[*HEADER, "Запросы"], [*pupil_row(1), "шахматный клуб"]])
    import_file(world, data)
    assert MenteeRequest.objects.get().area.organization == world.school


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7А", (7, "А")),
        ("7 А", (7, "А")),
        ("7-а", (7, "А")),
        ('7 "А"', (7, "А")),
        ("7 «б»", (7, "Б")),
        ("11", (11, "")),
        ("7A", (7, "А")),
        ("10 Б класс", (10, "Б")),
    ],
)
def test_every_usual_spelling_of_a_class_is_understood(typed, expected):
    assert parse_school_class(typed) == expected


# --- errors --------------------------------------------------------------------------------------


HEADER = ["ФИО", "Дата рождения", "Категория", "Класс", "Роль", "Согласие", "Законный представитель"]


def pupil_row(n: int) -> list[object]:
    letters = "абвгдежзиклмнопрстуфхцчшэюя"
    suffix = letters[n % 27] + letters[n // 27 % 27] + letters[n // 729 % 27]
    return [
        f"Ученикова{suffix} Анна Петровна",
        "05.06.2011",
        "ученица",
        "7А",
        "наставляемый",
        "да",
        "Ученикова Ольга",
    ]


def test_ten_thousand_rows_with_one_bad_row_change_nothing_and_the_error_names_row_7000(world):
    rows = [HEADER] + [pupil_row(n) for n in range(10_000)]
    rows[6999][1] = "31.02.2011"  # spreadsheet row 7000: the header is row 1
    data = xlsx(rows)

    outcome = import_people_from_file(
        organization=world.school, data=data, filename="база.xlsx", by=world.curator
    )

    assert outcome == {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "errors": [{"row": 7000, "column": "Дата рождения", "message": "Такой даты нет: «31.02.2011»."}],
    }
    assert Person.objects.count() == 0


def test_a_plan_with_errors_is_refused_whole(world):
    data = xlsx([HEADER, pupil_row(1), ["Зуев Максим", "05.06.2011", "космонавт", "7А", "", "", ""]])
    plan = plan_import(organization=world.school, data=data, filename="база.xlsx")
    assert plan.created == 1
    assert not plan.is_valid
    with pytest.raises(ValidationError, match="Ничего не изменено"):
        apply_import(by=world.curator, organization=world.school, plan=plan)
    assert Person.objects.count() == 0


def test_errors_name_the_row_and_the_column_as_the_school_wrote_them(world):
    data = xlsx(
        [
            ["фио", "дата рождения", "категория", "класс", "пол", "Запросы"],
            ["Зуев Максим", "05.06.2011", "космонавт", "7А", "м", ""],
            ["Зуев Илья", "2011", "ученик", "7А", "муж", ""],
            ["Зуев Олег", "05.06.2011", "ученик", "", "м", ""],
            ["Зуев Пётр", "05.06.2011", "ученик", "7А", "не скажу", ""],
            ["Зуев Семён", "05.06.2011", "ученик", "7А", "м", "Результаты по предмету"],
            ["Зуев", "05.06.2011", "ученик", "7А", "м", ""],
        ]
    )
    plan = plan_import(organization=world.school, data=data, filename="база.xlsx")
    assert [(error.row, error.column) for error in plan.errors] == [
        (2, "категория"),
        (3, "дата рождения"),
        (4, "класс"),
        (5, "пол"),
        (6, "Запросы"),
        (7, "фио"),
    ]
    assert plan.errors[0].message.startswith(
        "Категория «космонавт» не найдена: допустимы «Обучающийся», «Педагог»"
    )
    assert plan.errors[2].message == "Для обучающегося укажите класс (1–11)."
    assert "Результаты по предмету (Математика)" in plan.errors[4].message


def test_missing_required_columns_are_named(world):
    plan = plan_import(
        organization=world.school, data=xlsx([["Фамилия", "Класс"], ["Зуев", "7А"]]), filename="база.xlsx"
    )
    assert [(error.row, error.column) for error in plan.errors] == [(1, "Имя"), (1, "Категория")]
    assert plan.errors[0].message == "Нет обязательного столбца «Имя»."


def test_a_person_kept_by_another_school_is_an_error_naming_that_school(world):
    other = PersonFactory(
        organization=world.other_school, last_name="Зуев", first_name="Максим", patronymic=""
    )
    data = xlsx([HEADER, ["Зуев Максим", other.birth_date, "ученик", "7А", "", "", ""]])
    plan = plan_import(organization=world.school, data=data, filename="база.xlsx")
    assert len(plan.errors) == 1
    assert plan.errors[0].row == 2
    assert "уже числится в «МБОУ Мурзицкая СШ»" in plan.errors[0].message


def test_two_rows_about_the_same_person_are_an_error(world):
    data = xlsx([HEADER, pupil_row(1), pupil_row(2), pupil_row(1)])
    plan = plan_import(organization=world.school, data=data, filename="база.xlsx")
    assert plan.errors == [
        ImportRowError(4, "ФИО", "Этот участник (те же ФИО и дата рождения) уже описан в строке 2.")
    ]


def test_a_minor_with_consent_needs_a_legal_representative(world):
    data = xlsx([HEADER, ["Зуев Максим", "05.06.2011", "ученик", "7А", "наставляемый", "да", ""]])
    plan = plan_import(organization=world.school, data=data, filename="база.xlsx")
    assert [(error.row, error.column) for error in plan.errors] == [(2, "Законный представитель")]
    assert "несовершеннолетний" in plan.errors[0].message


def test_a_withdrawn_consent_is_not_brought_back_by_an_old_file(world):
    consent = ConsentFactory(person__organization=world.school, given_on=datetime.date(2025, 9, 1))
    consent.withdrawn_on = datetime.date(2025, 10, 1)
    consent.save()
    person = consent.person
    data = xlsx(
        [
            HEADER,
            [person.full_name, person.birth_date, "ученик", "7А", "", "01.09.2025", "Иванова Мария Петровна"],
        ]
    )
    assert plan_import(organization=world.school, data=data, filename="база.xlsx").is_valid
    data = xlsx(
        [HEADER, [person.full_name, person.birth_date, "ученик", "7А", "", "да", "Иванова Мария Петровна"]]
    )
    plan = plan_import(organization=world.school, data=data, filename="база.xlsx")
    assert "отозвано 01.10.2025" in plan.errors[0].message


def test_a_consent_date_in_the_future_is_refused(world):
    tomorrow = TODAY() + datetime.timedelta(days=1)
    data = xlsx([HEADER, ["Егорова Анна", "", "учитель", "", "наставник", tomorrow, ""]])
    plan = plan_import(organization=world.school, data=data, filename="база.xlsx")
    assert [(error.column, error.message) for error in plan.errors] == [
        ("Согласие", "Дата согласия не может быть в будущем.")
    ]


def test_a_new_namesake_with_another_birth_date_is_imported_with_a_warning(world):
    PersonFactory(organization=world.other_school, last_name="Зуев", first_name="Максим", patronymic="")
    data = xlsx([HEADER, ["Зуев Максим", "01.01.2011", "ученик", "7А", "", "", ""]])
    plan = plan_import(organization=world.school, data=data, filename="база.xlsx")
    assert plan.is_valid
    assert plan.created == 1
    assert [warning.row for warning in plan.likely_duplicates] == [2]
    assert "МБОУ Мурзицкая СШ" in plan.likely_duplicates[0].message


def hostile_files() -> list[tuple[str, bytes, str]]:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (30 * 1024 * 1024))
    return [
        ("empty", b"", "Файл пустой."),
        ("random bytes", bytes(range(256)) * 16, "не похож на таблицу"),
        ("pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "Это PDF-документ"),
        ("ole", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "защищён паролем"),
        ("zip bomb", bomb.getvalue(), "слишком большой объём"),
    ]


@pytest.mark.parametrize(
    ("data", "message"), [case[1:] for case in hostile_files()], ids=[c[0] for c in hostile_files()]
)
def test_a_hostile_file_gives_a_clear_error_and_changes_nothing(world, data, message):
    outcome = import_people_from_file(
        organization=world.school, data=data, filename="база.xlsx", by=world.curator
    )
    assert outcome["created"] == 0
    assert len(outcome["errors"]) == 1
    assert outcome["errors"][0]["row"] is None
    assert message in outcome["errors"][0]["message"]
    assert Person.objects.count() == 0


def test_too_many_rows_are_refused_and_nothing_changes(world, settings):
    settings.PEOPLE_IMPORT_MAX_ROWS = 5
    data = xlsx([HEADER] + [pupil_row(n) for n in range(6)])
    outcome = import_people_from_file(organization=world.school, data=data, filename="база.xlsx")
    assert (
        outcome["errors"][0]["message"]
        == "В файле больше 5 строк: разделите его на части и загрузите по очереди."
    )
    assert Person.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(world, settings):
    settings.PEOPLE_IMPORT_MAX_BYTES = 1024
    data = xlsx([HEADER] + [pupil_row(n) for n in range(50)])
    outcome = import_people_from_file(organization=world.school, data=data, filename="база.xlsx")
    assert (
        outcome["errors"][0]["message"] == "Файл больше 1 КБ: разделите его на части и загрузите по очереди."
    )
    assert Person.objects.count() == 0


def test_every_database_rule_of_a_person_is_checked_by_the_import():
    """The planner checks constraints and foreign keys for the whole file instead of row by row; a
    new one on Person must be added to its bulk checks (importing.CHECKED_IN_BULK_*)."""
    constraints = {constraint.name for constraint in Person._meta.constraints}
    foreign_keys = {field.name for field in Person._meta.concrete_fields if field.is_relation}
    assert constraints == importing.CHECKED_IN_BULK_CONSTRAINTS
    assert foreign_keys == set(services.CHECKED_IN_BULK_FOREIGN_KEYS)


# --- who may apply ---------------------------------------------------------------------------------


def test_a_curator_cannot_apply_an_import_into_another_school(world):
    plan = plan_import(
        organization=world.other_school, data=xlsx([HEADER, pupil_row(1)]), filename="база.xlsx"
    )
    with pytest.raises(PermissionDenied):
        apply_import(by=world.curator, organization=world.other_school, plan=plan)
    assert Person.objects.count() == 0


def test_the_department_admin_may_import_into_any_school_of_the_municipality(world):
    _, result = import_file(
        world, xlsx([HEADER, pupil_row(1)]), by=world.department_admin, organization=world.other_school
    )
    assert result.created == 1


def test_nobody_loads_people_into_the_department_even_from_the_command_line(world):
    plan = plan_import(organization=world.department, data=xlsx([HEADER, pupil_row(1)]), filename="база.xlsx")
    assert [(error.row, error.message[:18]) for error in plan.errors] == [(None, "В «УО» участников ")]
    with pytest.raises(ValidationError):
        apply_import(by=None, organization=world.department, plan=plan)


def test_a_plan_is_applied_once(world):
    plan = plan_import(organization=world.school, data=xlsx([HEADER, pupil_row(1)]), filename="база.xlsx")
    apply_import(by=world.curator, organization=world.school, plan=plan)
    with pytest.raises(ValidationError):
        apply_import(by=world.curator, organization=world.school, plan=plan)
    assert Person.objects.count() == 1


def test_the_default_row_limit_is_twenty_thousand():
    assert importing.max_import_rows() == 20_000
