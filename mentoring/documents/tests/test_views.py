import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mentoring.common.models import PersonalDataAccess
from mentoring.documents.models import Document, DocumentStatus
from mentoring.documents.tests.factories import SMALL_PDF, kind, make_document, make_roadmap_item
from mentoring.library.tests.samples import ODS_BYTES, docx_bytes, odf_bytes, xlsx_bytes
from mentoring.people.tests.factories import PersonFactory

WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def _form(**changes):
    data = {
        "organization": "",
        "kind": str(kind().pk),
        "number": "45-од",
        "date": "01.09.2025",
        "title": "О внедрении целевой модели наставничества",
        "status": DocumentStatus.IN_FORCE,
        **changes,
    }
    return {key: value for key, value in data.items() if value is not None}


def _post(client, world, **changes):
    return client.post(
        reverse("documents:create"), _form(**{"organization": str(world.school.pk), **changes})
    )


def _stored_files():
    if not default_storage.exists("documents"):
        return []
    folders, _ = default_storage.listdir("documents")
    return [name for folder in folders for name in default_storage.listdir(f"documents/{folder}")[1]]


def test_a_curator_registers_an_order_with_its_scan_and_lands_on_its_card(world, client_for):
    client = client_for(world.curator)
    pupil = PersonFactory(organization=world.school, last_name="Соколова", first_name="Анна")
    response = _post(
        client, world, file=SimpleUploadedFile("Приказ 45-од.pdf", SMALL_PDF), people=[str(pupil.pk)]
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:detail", kwargs={"pk": document.pk})
    card = client.get(response["Location"]).content.decode()
    assert "внесён в реестр" in card
    assert "№ 45-од от 01.09.2025" in card
    assert "Соколова Анна" in card
    assert reverse("documents:download", kwargs={"pk": document.pk}) in card
    download = client.get(reverse("documents:download", kwargs={"pk": document.pk}))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == SMALL_PDF


def test_the_create_page_of_a_curator_offers_the_schools_people_only(world, client_for):
    own = PersonFactory(organization=world.school, last_name="Своякова")
    PersonFactory(organization=world.other_school, last_name="Чужакова")
    page = client_for(world.curator).get(reverse("documents:create")).content.decode()
    assert "Своякова" in page
    assert "Чужакова" not in page
    assert f'value="{own.pk}"' in page


def test_the_department_chooses_the_organization_before_naming_people(world, client_for):
    PersonFactory(organization=world.other_school, last_name="Петрищева")
    client = client_for(world.department_admin)
    page = client.get(reverse("documents:create")).content.decode()
    assert "сначала выберите организацию" in page
    assert "Петрищева" not in page
    chosen = client.get(reverse("documents:create"), {"organization": world.other_school.pk}).content.decode()
    assert "Петрищева" in chosen


TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d.%m.%Y")

HOSTILE = [
    pytest.param({"title": ""}, "Обязательное поле", id="empty-title"),
    pytest.param({"title": "П" * 10_000}, "не более 500 символов", id="10000-characters"),
    pytest.param({"title": "<script>alert(1)</script>"}, "недопустимы", id="markup-in-title"),
    pytest.param({"number": "45<b>"}, "недопустимы", id="markup-in-number"),
    pytest.param({"number": "1" * 60}, "не более 50 символов", id="long-number"),
    pytest.param({"date": "32.13.2025"}, "Введите правильную дату", id="impossible-date"),
    pytest.param({"date": ""}, "Обязательное поле", id="no-date"),
    pytest.param({"date": TOMORROW}, "не может быть в будущем", id="in-force-dated-tomorrow"),
    pytest.param({"kind": "999999"}, "Выберите корректный вариант", id="unknown-kind"),
    pytest.param({"status": "approved"}, "Выберите корректный вариант", id="unknown-status"),
    pytest.param({"organization": "999999"}, "Выберите корректный вариант", id="unknown-organization"),
]


@pytest.mark.parametrize(("changes", "message"), HOSTILE)
def test_bad_input_returns_the_form_with_a_russian_message_and_saves_nothing(
    changes, message, world, client_for
):
    response = _post(client_for(world.curator), world, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_another_schools_organization_or_people_are_refused(world, client_for):
    client = client_for(world.curator)
    response = client.post(reverse("documents:create"), _form(organization=str(world.other_school.pk)))
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    stranger = PersonFactory(organization=world.other_school)
    response = _post(client, world, people=[str(stranger.pk)])
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Document.objects.exists()


UPLOADS = [
    pytest.param("setup.exe", WINDOWS_PROGRAM, "Допустимы только файлы", id="program"),
    pytest.param("приказ.pdf", WINDOWS_PROGRAM, "не соответствует расширению", id="program-named-pdf"),
    pytest.param("приказ.docx", SMALL_PDF, "не соответствует расширению", id="pdf-named-docx"),
    pytest.param("приказ.docx", docx_bytes(macros=True), "макросы", id="docx-with-macros"),
    pytest.param("таблица.odt", ODS_BYTES, "не соответствует расширению", id="spreadsheet-named-odt"),
    pytest.param("приказ.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 60, "Допустимы только файлы", id="old-word"),
    pytest.param("пусто.pdf", b"", "пуст", id="empty-file"),
]


@pytest.mark.parametrize(("name", "content", "message"), UPLOADS)
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_stored(
    name, content, message, world, client_for
):
    response = _post(client_for(world.curator), world, file=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert _stored_files() == []


def test_a_file_larger_than_25_megabytes_is_refused(world, client_for):
    big = SimpleUploadedFile("скан.pdf", b"%PDF-1.4\n" + b"0" * (25 * 1024 * 1024))
    response = _post(client_for(world.curator), world, file=big)
    assert response.status_code == 200
    assert "Файл больше 25 МБ" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("положение.docx", docx_bytes()),
        ("план.xlsx", xlsx_bytes()),
        ("положение.odt", odf_bytes("application/vnd.oasis.opendocument.text")),
        ("скан.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32),
        ("скан.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
    ],
)
def test_office_documents_and_scans_are_accepted(name, content, world, client_for):
    response = _post(client_for(world.curator), world, file=SimpleUploadedFile(name, content))
    assert response.status_code == 302
    assert Document.objects.get().file_name == name


def test_a_curator_never_sees_another_schools_documents(world, client_for):
    document = make_document(
        world.school, by=world.curator, content=SMALL_PDF, title="Приказ Сеченовской школы"
    )
    client = client_for(world.other_curator)
    for name in ("documents:detail", "documents:download", "documents:edit"):
        assert client.get(reverse(name, kwargs={"pk": document.pk})).status_code == 404, name
    assert client.post(reverse("documents:delete", kwargs={"pk": document.pk})).status_code == 404
    assert "Приказ Сеченовской школы" not in client.get(reverse("documents:list")).content.decode()
    assert Document.objects.filter(pk=document.pk).exists()


def test_the_list_filters_by_kind_organization_status_year_and_words(world, client_for):
    regulation = kind("Положение о наставничестве")
    make_document(world.school, by=world.curator, title="О внедрении модели", number="45-од")
    make_document(
        world.school,
        by=world.curator,
        title="Положение о наставничестве в Сеченовской школе",
        number="",
        kind=regulation,
        status=DocumentStatus.IN_FORCE,
        date=datetime.date(2024, 3, 1),
    )
    make_document(world.other_school, by=world.other_curator, title="Приказ Мурзицкой школы", number="12")
    client = client_for(world.department_admin)

    def titles(**query):
        page = client.get(reverse("documents:list"), query).content.decode()
        return [
            title
            for title in ("О внедрении модели", "Положение о наставничестве в", "Приказ Мурзицкой школы")
            if title in page
        ]

    assert titles() == ["О внедрении модели", "Положение о наставничестве в", "Приказ Мурзицкой школы"]
    assert titles(kind=regulation.pk) == ["Положение о наставничестве в"]
    assert titles(organization=world.other_school.pk) == ["Приказ Мурзицкой школы"]
    assert titles(status="in_force") == ["Положение о наставничестве в"]
    assert titles(year=2024) == ["Положение о наставничестве в"]
    assert titles(q="СЕЧЕНОВСКОЙ положение") == ["Положение о наставничестве в"]
    assert titles(q="45-ОД") == ["О внедрении модели"]
    assert titles(year="abc") == [
        "О внедрении модели",
        "Положение о наставничестве в",
        "Приказ Мурзицкой школы",
    ]


@pytest.mark.parametrize("extra", [0, 40])
def test_the_list_takes_the_same_number_of_queries_with_few_and_many_documents(
    extra, world, client_for, django_assert_max_num_queries
):
    item = make_roadmap_item(world.school)
    for number in range(3 + extra):
        document = make_document(world.school, by=world.curator, number=str(number), content=SMALL_PDF)
        document.people.add(PersonFactory(organization=world.school))
        document.roadmap_items.add(item)
    client = client_for(world.department_admin)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("documents:list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3 + extra


def test_a_draft_is_deleted_from_its_card_a_document_in_force_is_not(world, client_for):
    client = client_for(world.head)
    draft = make_document(world.school, by=world.curator)
    response = client.post(reverse("documents:delete", kwargs={"pk": draft.pk}))
    assert response["Location"] == reverse("documents:list")
    assert not Document.objects.filter(pk=draft.pk).exists()
    in_force = make_document(world.school, by=world.curator, status=DocumentStatus.IN_FORCE)
    response = client.post(reverse("documents:delete", kwargs={"pk": in_force.pk}), follow=True)
    assert "отметьте как утративший силу" in response.content.decode()
    assert Document.objects.filter(pk=in_force.pk).exists()


def test_a_methodologist_reads_a_schools_document_but_may_not_delete_it(world, client_for):
    draft = make_document(world.school, by=world.curator)
    client = client_for(world.methodologist)
    assert client.get(reverse("documents:detail", kwargs={"pk": draft.pk})).status_code == 200
    assert client.post(reverse("documents:delete", kwargs={"pk": draft.pk})).status_code == 403
    assert Document.objects.filter(pk=draft.pk).exists()


def test_opening_and_downloading_a_document_that_names_people_is_logged(world, client_for):
    document = make_document(world.school, by=world.curator, content=SMALL_PDF)
    client = client_for(world.methodologist)
    client.get(reverse("documents:detail", kwargs={"pk": document.pk}))
    assert not PersonalDataAccess.objects.exists(), "a document without people is not personal data"
    document.people.add(PersonFactory(organization=world.school))
    client.get(reverse("documents:detail", kwargs={"pk": document.pk}))
    client.get(reverse("documents:download", kwargs={"pk": document.pk}))
    events = list(PersonalDataAccess.objects.order_by("id").values_list("action", "object_type", "object_id"))
    assert events == [("view", "document", document.pk), ("download", "document", document.pk)]


def test_editing_changes_the_text_and_the_people_and_shows_the_history(world, client_for):
    first, second = PersonFactory(organization=world.school), PersonFactory(organization=world.school)
    document = make_document(world.school, by=world.curator)
    document.people.add(first)
    client = client_for(world.curator)
    response = client.post(
        reverse("documents:edit", kwargs={"pk": document.pk}),
        _form(title="О внедрении целевой модели (новая редакция)", people=[str(second.pk)], status="draft"),
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "О внедрении целевой модели (новая редакция)"
    assert list(document.people.all()) == [second]
    card = client.get(reverse("documents:detail", kwargs={"pk": document.pk})).content.decode()
    assert "История изменений" in card


def test_a_refused_edit_shows_the_stored_document_and_changes_nothing(world, client_for):
    document = make_document(world.school, by=world.curator, status=DocumentStatus.IN_FORCE)
    response = client_for(world.curator).post(
        reverse("documents:edit", kwargs={"pk": document.pk}), _form(status="draft", title="Подменённое")
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode(), "«Проект» is not offered"
    document.refresh_from_db()
    assert document.title == "О внедрении целевой модели наставничества"


def test_a_document_is_linked_to_a_roadmap_item_on_its_card_and_unlinked_again(world, client_for):
    document = make_document(world.school, by=world.curator)
    item = make_roadmap_item(world.school)
    make_roadmap_item(world.other_school, number="1.4")
    client = client_for(world.curator)
    card = client.get(reverse("documents:detail", kwargs={"pk": document.pk})).content.decode()
    assert "Издание приказа" in card
    response = client.post(
        reverse("documents:link_item", kwargs={"pk": document.pk}), {"item": item.pk}, follow=True
    )
    assert "связан с мероприятием" in response.content.decode()
    assert list(document.roadmap_items.all()) == [item]
    foreign = make_roadmap_item(world.other_school, number="1.5")
    response = client.post(
        reverse("documents:link_item", kwargs={"pk": document.pk}), {"item": foreign.pk}, follow=True
    )
    assert "Выберите корректный вариант" in response.content.decode()
    client.post(reverse("documents:unlink_item", kwargs={"pk": document.pk, "item_pk": item.pk}))
    assert not document.roadmap_items.exists()


def test_a_document_created_from_a_roadmap_item_is_linked_to_it(world, client_for):
    item = make_roadmap_item(world.school)
    client = client_for(world.department_admin)
    url = f"{reverse('documents:create')}?roadmap_item={item.pk}"
    assert "Документ будет связан с мероприятием" in client.get(url).content.decode()
    response = client.post(url, _form(organization=str(world.school.pk)))
    assert response.status_code == 302
    assert list(Document.objects.get().roadmap_items.all()) == [item]
