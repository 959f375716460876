import logging
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from mentoring.common.models import PersonalDataAccess
from mentoring.library.models import Material, Visibility
from mentoring.library.tests.factories import SMALL_PDF, make_material
from mentoring.library.tests.samples import OLD_WORD_DOCUMENT, PDF_BYTES, WINDOWS_PROGRAM, upload


def _form(world, **changes):
    data = {
        "owner": f"o{world.school.pk}",
        "title": "Анкета наставника (входная)",
        "kind": "questionnaire",
        "audience": "mentors",
        "description": "Заполняется наставником до первой встречи; оценка 1–5.",
        "tags": "анкета, входная диагностика",
        "visibility": "municipality",
        "file": upload("Анкета наставника.pdf", PDF_BYTES),
        "link": "",
        **changes,
    }
    return {key: value for key, value in data.items() if value is not None}


def _stored_files():
    if not default_storage.exists("library"):
        return []
    folders, _ = default_storage.listdir("library")
    return [name for folder in folders for name in default_storage.listdir(f"library/{folder}")[1]]


def test_a_curator_uploads_a_questionnaire_and_lands_on_its_card(world, client_for):
    client = client_for(world.curator)
    response = client.post(reverse("library:create"), _form(world))
    material = Material.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("library:detail", kwargs={"pk": material.pk})
    card = client.get(response["Location"]).content.decode()
    assert "Анкета наставника (входная)" in card
    assert "добавлен в библиотеку" in card
    assert reverse("library:download", kwargs={"pk": material.pk}) in card
    assert material.organization == world.school
    assert material.uploaded_by == world.curator


def test_the_department_shares_a_link_which_opens_without_giving_away_our_address(world, client_for):
    client = client_for(world.methodologist)
    response = client.post(
        reverse("library:create"),
        _form(
            world,
            owner=f"m{world.municipality.pk}",
            file=None,
            link="https://docs.edu.gov.ru/",
            title="Методические рекомендации (письмо от 23.01.2020 № МР-42/02)",
            kind="guideline",
            visibility="public",
        ),
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.organization is None
    card = client_for(world.other_curator).get(response["Location"]).content.decode()
    assert 'href="https://docs.edu.gov.ru/" rel="noopener noreferrer" target="_blank"' in card
    assert reverse("library:download", kwargs={"pk": material.pk}) not in card
    assert client.get(reverse("library:download", kwargs={"pk": material.pk})).status_code == 404


HOSTILE = [
    pytest.param({"title": ""}, "Обязательное поле", id="empty-title"),
    pytest.param({"title": "Я" * 10_000}, "не более 300 символов", id="10000-characters"),
    pytest.param({"title": "<script>alert(1)</script>"}, "Используйте только буквы", id="script-in-title"),
    pytest.param({"title": "Анкета'); DROP TABLE library_material;--"}, "недопустимы", id="sql-in-title"),
    pytest.param(
        {"description": "<img src=x onerror=alert(1)>"}, "Разметка не нужна", id="markup-in-description"
    ),
    pytest.param({"description": "Д" * 5001}, "не более 5000 символов", id="long-description"),
    pytest.param({"description": "\x00"}, "запрещённый символ", id="nul"),
    pytest.param({"tags": "<b>жирный</b>"}, "В метках допустимы", id="markup-in-tags"),
    pytest.param({"kind": "virus"}, "Выберите корректный вариант", id="unknown-kind"),
    pytest.param({"owner": "o999999"}, "Выберите корректный вариант", id="unknown-owner"),
    pytest.param(
        {"link": "javascript:alert(1)", "file": None}, "Введите правильный URL", id="javascript-link"
    ),
    pytest.param({"link": "ftp://example.org/file", "file": None}, "http:// или https://", id="ftp-link"),
    pytest.param({"link": "https://example.org/a"}, "что-то одно", id="file-and-link"),
    pytest.param({"file": None}, "Загрузите файл или укажите ссылку", id="neither"),
    pytest.param({"file": upload("Анкета.pdf", WINDOWS_PROGRAM)}, "Программы и скрипты", id="exe-as-pdf"),
    pytest.param({"file": upload("Анкета.doc", OLD_WORD_DOCUMENT)}, "сохраните его как DOCX", id="old-doc"),
    pytest.param({"file": upload("Анкета.pdf", b"")}, "Отправленный файл пуст", id="empty-file"),
]


@pytest.mark.parametrize(("changes", "message"), HOSTILE)
def test_bad_input_gives_the_form_back_with_a_russian_message_and_saves_nothing(
    world, client_for, changes, message
):
    response = client_for(world.curator).post(reverse("library:create"), _form(world, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Material.objects.exists()
    assert _stored_files() == []


def test_every_mistake_of_the_form_is_shown_at_once(world, client_for):
    response = client_for(world.curator).post(
        reverse("library:create"), _form(world, title="<b>Анкета</b>", kind="", description="<i>")
    )
    page = response.content.decode()
    assert "Используйте только буквы" in page
    assert "Обязательное поле" in page
    assert "Разметка не нужна" in page
    assert not Material.objects.exists()


def test_a_municipal_material_kept_inside_one_organization_is_refused_on_the_visibility_field(
    world, client_for
):
    response = client_for(world.department_admin).post(
        reverse("library:create"), _form(world, owner=f"m{world.municipality.pk}", visibility="organization")
    )
    assert response.status_code == 200
    assert "открывается всем организациям" in response.content.decode()
    assert not Material.objects.exists()


def test_a_curator_cannot_post_a_material_for_another_school(world, client_for):
    response = client_for(world.curator).post(
        reverse("library:create"), _form(world, owner=f"o{world.other_school.pk}")
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Material.objects.exists()


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=st.text(max_size=320), description=st.text(max_size=200), tags=st.text(max_size=60))
def test_any_text_is_saved_or_refused_with_the_form_never_an_error(
    world, client_for, title, description, tags
):
    Material.objects.all().delete()
    response = client_for(world.curator).post(
        reverse("library:create"),
        _form(world, title=title, description=description, tags=tags),
    )
    assert response.status_code in (200, 302)
    assert Material.objects.exists() == (response.status_code == 302)


def test_a_refused_edit_shows_the_message_and_changes_nothing(world, client_for):
    material = make_material(organization=world.school, uploaded_by=world.curator, title="План встреч")
    response = client_for(world.curator).post(
        reverse("library:edit", kwargs={"pk": material.pk}),
        _form(world, title="Новый план", file=upload("План.pdf", WINDOWS_PROGRAM)),
    )
    assert response.status_code == 200
    assert "Программы и скрипты" in response.content.decode()
    material.refresh_from_db()
    assert material.title == "План встреч"
    assert material.file.read() == SMALL_PDF


def test_an_edit_keeps_the_file_when_no_new_one_is_chosen(world, client_for):
    material = make_material(organization=world.school, uploaded_by=world.curator, title="План встреч")
    data = _form(world, title="План встреч на 2025/2026 учебный год", file=None)
    data.pop("owner")
    response = client_for(world.head).post(reverse("library:edit", kwargs={"pk": material.pk}), data)
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.title == "План встреч на 2025/2026 учебный год"
    assert material.file.read() == SMALL_PDF
    card = client_for(world.head).get(reverse("library:detail", kwargs={"pk": material.pk})).content.decode()
    assert "История изменений" in card


def test_a_link_material_opens_for_editing_with_its_link_and_saves_unchanged(world, client_for):
    material = make_material(
        municipality=world.municipality, uploaded_by=world.methodologist, link="https://docs.edu.gov.ru/"
    )
    client = client_for(world.methodologist)
    url = reverse("library:edit", kwargs={"pk": material.pk})
    assert 'value="https://docs.edu.gov.ru/"' in client.get(url).content.decode()
    data = _form(world, file=None, link="https://docs.edu.gov.ru/", title="Письмо № МР-42/02")
    data.pop("owner")
    assert client.post(url, data).status_code == 302
    material.refresh_from_db()
    assert material.title == "Письмо № МР-42/02"
    assert material.link == "https://docs.edu.gov.ru/"


def test_deleting_asks_first_then_removes_the_material_and_its_file(
    world, client_for, django_capture_on_commit_callbacks
):
    material = make_material(organization=world.school, uploaded_by=world.curator, title="План встреч")
    stored = material.file.name
    url = reverse("library:delete", kwargs={"pk": material.pk})
    client = client_for(world.curator)
    confirmation = client.get(url).content.decode()
    assert "Удалить материал?" in confirmation
    assert Material.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("library:list")
    assert not Material.objects.exists()
    assert not default_storage.exists(stored)


def test_download_streams_the_stored_bytes_as_an_attachment_and_logs_nothing_personal(
    world, client_for, caplog
):
    content = PDF_BYTES + "Положение о наставничестве".encode()
    material = make_material(
        organization=world.school,
        uploaded_by=world.curator,
        content=content,
        visibility=Visibility.ORGANIZATION,
    )
    caplog.set_level(logging.DEBUG)
    response = client_for(world.mentee).get(reverse("library:download", kwargs={"pk": material.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment;")
    assert quote("положение.pdf") in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    for personal in (world.mentee.username, world.mentee.last_name, world.curator.last_name, "127.0.0.1"):
        assert personal not in caplog.text
    assert not PersonalDataAccess.objects.exists()


def test_a_file_missing_from_the_storage_is_a_404_not_an_error(world, client_for):
    material = make_material(organization=world.school, uploaded_by=world.curator)
    default_storage.delete(material.file.name)
    response = client_for(world.curator).get(reverse("library:download", kwargs={"pk": material.pk}))
    assert response.status_code == 404


def test_the_list_page_needs_the_same_few_queries_for_3_or_40_materials(
    world, client_for, django_assert_max_num_queries
):
    def add(count):
        for number in range(count):
            make_material(
                organization=world.school if number % 2 else None,
                municipality=world.municipality,
                uploaded_by=world.curator,
                title=f"Материал {number}",
                tags="анкета, план",
            )

    client = client_for(world.curator)
    add(3)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("library:list")).status_code == 200
    add(37)
    with django_assert_max_num_queries(7):
        page = client.get(reverse("library:list"))
    assert page.status_code == 200
    assert "Всего: 40" in page.content.decode()
    with django_assert_max_num_queries(7):
        assert (
            client.get(reverse("library:list"), {"q": "материал", "tag": "анкета", "page": "2"}).status_code
            == 200
        )


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "virus"},
        {"owner": "²"},
        {"owner": "99999999999999999999999"},
        {"page": "abc"},
        {"page": "-1"},
        {"q": "Я" * 5000},
        {"tag": "\x00"},
        {"audience": ["mentors", "mentees"]},
    ],
)
def test_strange_filters_never_give_an_error(world, client_for, query):
    make_material(organization=world.school, uploaded_by=world.curator)
    assert client_for(world.curator).get(reverse("library:list"), query).status_code == 200


def test_search_on_the_list_page_ignores_case_and_yo(world, client_for):
    make_material(municipality=world.municipality, uploaded_by=world.methodologist, title="Учёба без стресса")
    make_material(municipality=world.municipality, uploaded_by=world.methodologist, title="Положение")
    page = client_for(world.mentee).get(reverse("library:list"), {"q": "УЧЕБА"}).content.decode()
    assert "Учёба без стресса" in page
    assert "Положение" not in page


def test_mentors_see_the_library_but_are_not_offered_to_add(world, client_for):
    page = client_for(world.mentor).get(reverse("library:list")).content.decode()
    assert "Методическая библиотека" in page
    assert reverse("library:create") not in page
    assert client_for(world.mentor).get(reverse("library:create")).status_code == 403
