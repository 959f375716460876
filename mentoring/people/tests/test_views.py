import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from mentoring.common.models import AccessAction, PersonalDataAccess
from mentoring.people.models import Consent, MenteeProfile, Person, PersonCategory, SupportArea
from mentoring.people.tests.factories import (
    ConsentFactory,
    MenteeProfileFactory,
    MenteeRequestFactory,
    MentorProfileFactory,
    PersonFactory,
)


def _pupil_form(world, **changes):
    return {
        "organization": str(world.school.pk),
        "category": str(PersonCategory.objects.get(code="pupil").pk),
        "last_name": "Семёнова",
        "first_name": "Алёна",
        "patronymic": "Игоревна",
        "birth_date": "02.04.2011",
        "sex": "F",
        "grade": "8",
        "class_letter": "Б",
        **changes,
    }


def test_a_curator_adds_a_pupil_and_lands_on_the_card(world, client_for):
    response = client_for(world.curator).post(reverse("people:create"), _pupil_form(world))
    pupil = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", kwargs={"pk": pupil.pk})
    assert pupil.birth_date == datetime.date(2011, 4, 2)
    assert PersonalDataAccess.objects.filter(action=AccessAction.CREATE, object_id=pupil.pk).count() == 1


def test_a_likely_duplicate_is_shown_and_needs_confirmation(world, client_for):
    PersonFactory(
        organization=world.other_school,
        last_name="СЕМЕНОВА",
        first_name="алена",
        patronymic="Игоревна",
        birth_date=datetime.date(2011, 4, 2),
    )
    client = client_for(world.curator)
    response = client.post(reverse("people:create"), _pupil_form(world))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Возможно, этот человек уже есть в базе" in page
    assert world.other_school.short_name in page
    assert Person.objects.count() == 1
    response = client.post(reverse("people:create"), _pupil_form(world, confirm_duplicate="on"))
    assert response.status_code == 302
    assert Person.objects.count() == 2
    card = client.get(response["Location"]).content.decode()
    assert "Возможный дубликат" in card


HOSTILE = [
    pytest.param({"last_name": ""}, "Обязательное поле", id="empty-surname"),
    pytest.param({"last_name": "Я" * 10_000}, "не более 100 символов", id="10000-characters"),
    pytest.param({"last_name": "<script>alert(1)</script>"}, "Допустимы только буквы", id="script"),
    pytest.param({"first_name": "Robert'); DROP TABLE people_person;--"}, "Допустимы только буквы", id="sql"),
    pytest.param({"birth_date": "31.02.2011"}, "Введите правильную дату", id="impossible-date"),
    pytest.param({"birth_date": "01.01.2999"}, "между 01.01.1900", id="future-birth"),
    pytest.param({"grade": ""}, "укажите класс", id="pupil-without-class"),
    pytest.param({"grade": "99"}, "меньше либо равно 11", id="grade-99"),
    pytest.param({"organization": str(10**9)}, "Выберите корректный вариант", id="unknown-organization"),
    pytest.param({"category": "x"}, "Выберите корректный вариант", id="bad-category"),
    pytest.param({"phone": "звоните"}, "Введите телефон", id="bad-phone"),
    pytest.param({"notes": "\x00"}, "запрещённый символ", id="nul"),
]


@pytest.mark.parametrize(("changes", "message"), HOSTILE)
def test_bad_input_returns_the_form_with_a_russian_message_and_saves_nothing(
    changes, message, world, client_for
):
    response = client_for(world.curator).post(reverse("people:create"), _pupil_form(world, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_a_curator_cannot_add_a_person_to_another_school_through_the_form(world, client_for):
    response = client_for(world.curator).post(
        reverse("people:create"), _pupil_form(world, organization=str(world.other_school.pk))
    )
    assert response.status_code == 200
    assert not Person.objects.exists()


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(surname=st.text(max_size=150))
def test_any_surname_is_saved_exactly_or_refused_with_the_form(surname, world, client_for):
    Person.objects.all().delete()
    response = client_for(world.curator).post(reverse("people:create"), _pupil_form(world, last_name=surname))
    saved = Person.objects.first()
    if saved is None:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert saved.last_name == surname.strip()


def test_every_view_of_a_card_is_logged_without_personal_data(world, client_for):
    pupil = PersonFactory(organization=world.school, last_name="Иванов")
    client = client_for(world.methodologist)
    client.get(reverse("people:detail", kwargs={"pk": pupil.pk}), REMOTE_ADDR="10.1.2.3")
    client.get(reverse("people:detail", kwargs={"pk": pupil.pk}), REMOTE_ADDR="10.1.2.3")
    events = PersonalDataAccess.objects.filter(action=AccessAction.VIEW, object_id=pupil.pk)
    assert events.count() == 2
    event = events.first()
    assert event.user == world.methodologist
    assert event.ip_address == "10.1.2.3"
    assert event.organization == world.school
    assert "Иванов" not in event.details


def test_an_outsider_is_not_logged_and_gets_404(world, client_for):
    pupil = PersonFactory(organization=world.school)
    response = client_for(world.other_curator).get(reverse("people:detail", kwargs={"pk": pupil.pk}))
    assert response.status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_the_department_reads_the_access_log_of_its_municipality_only(world, client_for):
    pupil = PersonFactory(organization=world.school)
    foreign = PersonFactory(organization=world.foreign_school)
    client_for(world.curator).get(reverse("people:detail", kwargs={"pk": pupil.pk}))
    client_for(world.foreign_curator).get(reverse("people:detail", kwargs={"pk": foreign.pk}))
    page = client_for(world.department_admin).get(reverse("people:access_log")).content.decode()
    assert f"участник № {pupil.pk}" in page
    assert f"участник № {foreign.pk}<" not in page
    assert world.curator.get_short_name() in page


def test_the_card_shows_missing_consent_and_the_bases(world, client_for):
    pupil = PersonFactory(organization=world.school)
    MenteeRequestFactory(mentee=MenteeProfileFactory(person=pupil))
    page = client_for(world.curator).get(reverse("people:detail", kwargs={"pk": pupil.pk})).content.decode()
    assert "Нет действующего согласия" in page
    assert "Адаптация в новом классе или школе" in page
    assert "Не в базе наставников" in page


def test_a_pupil_sees_the_own_card_without_edit_buttons(world, client_for):
    pupil = PersonFactory(organization=world.school, user=world.mentee)
    page = client_for(world.mentee).get(reverse("people:detail", kwargs={"pk": pupil.pk})).content.decode()
    assert pupil.full_name in page
    assert reverse("people:edit", kwargs={"pk": pupil.pk}) not in page


def test_a_consent_with_a_scan_is_recorded_through_the_form_and_downloaded_with_a_log_entry(
    world, client_for
):
    pupil = PersonFactory(organization=world.school, representative_name="Иванова Мария Петровна")
    client = client_for(world.curator)
    response = client.post(
        reverse("people:consent_add", kwargs={"pk": pupil.pk}),
        {
            "given_by": "representative",
            "representative_name": "",
            "given_on": "01.09.2025",
            "allows_processing": "on",
            "document": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 consent", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.representative_name == "Иванова Мария Петровна"
    download = client.get(reverse("people:consent_document", kwargs={"pk": consent.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 consent"
    assert PersonalDataAccess.objects.filter(action=AccessAction.DOWNLOAD, object_id=consent.pk).exists()


def test_an_executable_posing_as_a_scan_is_refused_by_the_form(world, client_for):
    pupil = PersonFactory(organization=world.school, representative_name="Иванова Мария Петровна")
    response = client_for(world.curator).post(
        reverse("people:consent_add", kwargs={"pk": pupil.pk}),
        {
            "given_by": "representative",
            "given_on": "01.09.2025",
            "allows_processing": "on",
            "document": SimpleUploadedFile("scan.pdf", b"MZ\x90\x00\x03 not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "не соответствует расширению" in response.content.decode()
    assert not Consent.objects.exists()


def test_withdrawing_a_consent_takes_the_person_out_of_matching(world, client_for):
    pupil = PersonFactory(organization=world.school)
    consent = ConsentFactory(person=pupil)
    client_for(world.curator).post(reverse("people:consent_withdraw", kwargs={"pk": consent.pk}))
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None
    page = client_for(world.curator).get(reverse("people:detail", kwargs={"pk": pupil.pk})).content.decode()
    assert "Нет действующего согласия" in page


def test_a_curator_puts_a_pupil_into_the_mentee_base_and_adds_a_request(world, client_for):
    pupil = PersonFactory(organization=world.school)
    client = client_for(world.curator)
    response = client.post(
        reverse("people:mentee_profile", kwargs={"pk": pupil.pk}),
        {"subtype": "", "joined_on": "01.09.2025", "status": "waiting"},
    )
    assert response.status_code == 302
    area = SupportArea.objects.get(name="Профориентация", organization__isnull=True)
    response = client.post(
        reverse("people:request_add", kwargs={"pk": pupil.pk}),
        {"area": str(area.pk), "text": "", "subject": "", "priority": "1", "raised_by": "parent"},
    )
    assert response.status_code == 302
    request = MenteeProfile.objects.get(person=pupil).requests.get()
    assert request.area == area
    assert request.priority == 1


def test_a_request_needs_an_area_or_words(world, client_for):
    pupil = MenteeProfileFactory(person=PersonFactory(organization=world.school)).person
    response = client_for(world.curator).post(
        reverse("people:request_add", kwargs={"pk": pupil.pk}),
        {"area": "", "text": "", "subject": "", "priority": "2", "raised_by": "self"},
    )
    assert response.status_code == 200
    assert "опишите запрос своими словами" in response.content.decode()


def test_the_rollover_page_previews_and_then_applies(world, client_for):
    pupil = PersonFactory(organization=world.school, grade=10)
    client = client_for(world.curator)
    preview = client.get(reverse("people:rollover"), {"from_year": "2025", "carry_over_requests": "on"})
    assert "перейдут в следующий класс: <strong>1</strong>" in preview.content.decode()
    pupil.refresh_from_db()
    assert pupil.grade == 10
    response = client.post(reverse("people:rollover"), {"from_year": "2025", "carry_over_requests": "on"})
    assert response.status_code == 302
    pupil.refresh_from_db()
    assert pupil.grade == 11


@pytest.mark.parametrize("year", ["abc", "1500", "", "2025; DROP"])
def test_the_rollover_page_refuses_a_bad_year_without_changing_anything(year, world, client_for):
    pupil = PersonFactory(organization=world.school, grade=10)
    response = client_for(world.curator).post(reverse("people:rollover"), {"from_year": year})
    assert response.status_code == 200
    pupil.refresh_from_db()
    assert pupil.grade == 10


def test_a_curator_adds_an_own_catalogue_entry_that_other_schools_do_not_see(world, client_for):
    response = client_for(world.curator).post(
        reverse("people:catalogue"),
        {"owner": f"o{world.school.pk}", "name": "Школьный театр", "audience": "pupils"},
    )
    assert response.status_code == 302
    assert SupportArea.objects.get(name="Школьный театр").organization == world.school
    other = client_for(world.other_curator).get(reverse("people:catalogue")).content.decode()
    assert "Школьный театр" not in other
    duplicate = client_for(world.curator).post(
        reverse("people:catalogue"),
        {"owner": f"o{world.school.pk}", "name": "Школьный театр", "audience": "pupils"},
    )
    assert duplicate.status_code == 200
    assert "уже есть в каталоге организации" in duplicate.content.decode()


def test_a_curator_cannot_write_into_the_municipal_catalogue(world, client_for):
    response = client_for(world.curator).post(
        reverse("people:catalogue"),
        {"owner": f"m{world.municipality.pk}", "name": "Хор", "audience": "pupils"},
    )
    assert response.status_code == 200
    assert not SupportArea.objects.filter(name="Хор").exists()


def _add_people(world, count):
    for number in range(count):
        person = PersonFactory(
            organization=world.school, last_name="Иванов", first_name=f"Иван{'а' * (number % 5)}"
        )
        ConsentFactory(person=person)
        MenteeRequestFactory(mentee=MenteeProfileFactory(person=person))
        if number % 3 == 0:
            MentorProfileFactory(person=person)


@pytest.mark.parametrize("extra", [3, 40])
def test_the_list_and_the_card_take_a_bounded_number_of_queries(
    extra, world, client_for, django_assert_max_num_queries
):
    _add_people(world, extra)
    client = client_for(world.curator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("people:list")).status_code == 200
    person = Person.objects.filter(organization=world.school).first()
    with django_assert_max_num_queries(20):
        assert client.get(reverse("people:detail", kwargs={"pk": person.pk})).status_code == 200
