"""The import pages (upload → preview → confirm) and the export, through the web interface."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.common.models import AccessAction, PersonalDataAccess
from mentoring.people.models import Person
from mentoring.people.tests.factories import ConsentFactory, PersonFactory

HEADERS = [
    "ФИО",
    "Дата рождения",
    "Категория",
    "Класс",
    "Роль",
    "Запросы",
    "Согласие на обработку ПД",
    "Законный представитель",
]


def _xlsx(rows, *, title="Список наставляемых МБОУ Сеченовская СШ"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append([])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("baza.xlsx", buffer.getvalue())


GOOD_ROWS = [
    [
        "Орлова Вера Ивановна",
        "12.03.2012",
        "ученик",
        "7А",
        "наставляемый",
        "Профориентация",
        "01.09.2025",
        "Орлова Ирина Петровна",
    ],
    [
        "Фролов Глеб Сергеевич",
        "05.06.2009",
        "обучающийся",
        "10 Б",
        "наставник",
        "",
        "да",
        "Фролова Анна Ивановна",
    ],
]


def test_a_curator_previews_a_file_confirms_it_and_finds_the_people_in_the_base(world, client_for):
    client = client_for(world.curator)
    preview = client.post(
        reverse("people:import"), {"organization": world.school.pk, "file": _xlsx(GOOD_ROWS)}
    )
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Ошибок нет. Будет добавлено: 2" in page
    assert not Person.objects.exists()
    token = preview.context["token"]
    response = client.post(reverse("people:import_confirm", kwargs={"token": token}))
    assert response.status_code == 302
    assert Person.objects.filter(organization=world.school).count() == 2
    assert (
        PersonalDataAccess.objects.filter(action=AccessAction.IMPORT, organization=world.school).count() == 1
    )
    again = client.post(reverse("people:import_confirm", kwargs={"token": token}))
    assert again.status_code == 404


def test_a_file_with_an_error_names_the_row_and_column_and_offers_no_confirmation(world, client_for):
    rows = [*GOOD_ROWS, ["Белов Иван", "31.02.2012", "ученик", "5А", "наставляемый", "", "", ""]]
    preview = client_for(world.curator).post(
        reverse("people:import"), {"organization": world.school.pk, "file": _xlsx(rows)}
    )
    page = preview.content.decode()
    assert '<td class="num">6</td><td>Дата рождения</td>' in page
    assert "Загрузить в базу" not in page
    assert preview.context["token"] == ""
    assert not Person.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_explained_in_russian(world, client_for):
    preview = client_for(world.curator).post(
        reverse("people:import"),
        {"organization": world.school.pk, "file": SimpleUploadedFile("baza.xlsx", b"MZ\x90\x00 not a table")},
    )
    assert preview.status_code == 200
    assert "Загрузить в базу" not in preview.content.decode()
    assert preview.context["plan"].errors
    assert not Person.objects.exists()


def test_a_curator_cannot_import_into_another_school(world, client_for):
    response = client_for(world.curator).post(
        reverse("people:import"), {"organization": world.other_school.pk, "file": _xlsx(GOOD_ROWS)}
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Person.objects.exists()


def test_another_user_cannot_confirm_somebody_elses_upload(world, client_for):
    preview = client_for(world.curator).post(
        reverse("people:import"), {"organization": world.school.pk, "file": _xlsx(GOOD_ROWS)}
    )
    token = preview.context["token"]
    response = client_for(world.head).post(reverse("people:import_confirm", kwargs={"token": token}))
    assert response.status_code == 404
    assert not Person.objects.exists()


def test_the_template_is_a_spreadsheet_with_the_expected_headers(world, client_for):
    response = client_for(world.curator).get(reverse("people:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header_rows = [row for row in sheet.iter_rows(values_only=True) if "Фамилия" in row]
    assert len(header_rows) == 1
    assert "Согласие на обработку ПД" in header_rows[0]


def test_the_export_leaves_out_people_without_consent_and_other_schools_and_is_logged(world, client_for):
    with_consent = PersonFactory(organization=world.school, last_name="Согласов")
    ConsentFactory(person=with_consent)
    PersonFactory(organization=world.school, last_name="Безсогласия")
    other = PersonFactory(organization=world.other_school, last_name="Чужаков")
    ConsentFactory(person=other)
    response = client_for(world.curator).get(reverse("people:export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    surnames = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert surnames == ["Согласов"]
    event = PersonalDataAccess.objects.get(action=AccessAction.EXPORT)
    assert (event.organization, event.details) == (world.school, "записей: 1")
