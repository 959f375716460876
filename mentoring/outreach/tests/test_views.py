import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mentoring.common.models import PersonalDataAccess
from mentoring.outreach.models import (
    CampaignEntry,
    Enrolment,
    EnrolmentStatus,
    InformationLetter,
    LetterStatus,
    RecognitionEvent,
)
from mentoring.outreach.tests.factories import (
    SMALL_PDF,
    SMALL_PNG,
    AwardFactory,
    CampaignEntryFactory,
    ContestEntryFactory,
    ContestFactory,
    EnrolmentFactory,
    RecognitionEventFactory,
    TrainingFactory,
    mentor_in,
    sent_letter,
)
from mentoring.people.models import TrainingStatus
from mentoring.roadmaps.tests.factories import make_roadmap

# --- letters ----------------------------------------------------------------------------------------


def test_the_department_writes_attaches_and_sends_a_letter_and_sees_who_has_not_read_it(world, client_for):
    client = client_for(world.department_admin)
    response = client.post(
        reverse("outreach:letter_create"),
        {
            "number": "01-12/345",
            "subject": "О курсах «Школа наставника»",
            "body": "Просим направить заявки на курсы.",
            "to_all": "1",
        },
    )
    letter = InformationLetter.objects.get()
    assert response["Location"] == reverse("outreach:letter_detail", kwargs={"pk": letter.pk})
    client.post(
        reverse("outreach:attachment_add", kwargs={"pk": letter.pk}),
        {"file": SimpleUploadedFile("Положение.pdf", SMALL_PDF)},
    )
    page = client.post(
        reverse("outreach:letter_send", kwargs={"pk": letter.pk}), follow=True
    ).content.decode()
    assert "Письмо отправлено: организаций — 2" in page
    client_for(world.curator).post(reverse("outreach:letter_mark_read", kwargs={"pk": letter.pk}))
    page = client.get(reverse("outreach:letter_detail", kwargs={"pk": letter.pk})).content.decode()
    unread = page.split('id="unread"')[1].split("</ul>")[0]
    assert "Не прочитали (1 из 2)" in page
    assert world.other_school.short_name in unread
    assert world.school.short_name not in unread
    assert "Положение.pdf" in page


def test_a_recipient_reads_the_letter_with_its_attachment_and_marks_it_read(world, client_for):
    letter = sent_letter(by=world.department_admin, to=[world.school], body="Текст письма для школ.")
    client = client_for(world.curator)
    listing = client.get(reverse("outreach:letter_list"), {"unread": "1"}).content.decode()
    assert letter.subject in listing
    page = client.get(reverse("outreach:letter_detail", kwargs={"pk": letter.pk})).content.decode()
    assert "Текст письма для школ." in page
    assert "Отметить прочитанным" in page
    client.post(reverse("outreach:letter_mark_read", kwargs={"pk": letter.pk}))
    assert letter.receipts.get().read_by == world.curator
    assert letter.subject not in client.get(reverse("outreach:letter_list"), {"unread": "1"}).content.decode()


def test_a_letter_to_chosen_organizations_is_invisible_to_the_others(world, client_for):
    letter = sent_letter(by=world.department_admin, to=[world.school])
    for user in (world.other_curator, world.partner_representative, world.foreign_curator):
        client = client_for(user)
        assert letter.subject not in client.get(reverse("outreach:letter_list")).content.decode()
        assert client.get(reverse("outreach:letter_detail", kwargs={"pk": letter.pk})).status_code == 404


def test_the_letters_page_suggests_this_quarters_letter_of_the_roadmap_until_it_is_sent(world, client_for):
    roadmap = make_roadmap(world.department, year=timezone.localdate().year)
    item = roadmap.items.get(number="2.1")
    client = client_for(world.methodologist)
    page = client.get(reverse("outreach:letter_list")).content.decode()
    assert "дорожной карте в этом квартале нужно информационное письмо (п. 2.1)" in page
    assert reverse("roadmaps:detail", kwargs={"pk": roadmap.pk}) in page
    assert f"?roadmap_item={item.pk}" in page
    sent_letter(by=world.department_admin, to=[world.school])
    assert "нужно информационное письмо" not in client.get(reverse("outreach:letter_list")).content.decode()


def test_a_letter_form_with_bad_input_answers_in_russian_and_creates_nothing(world, client_for):
    response = client_for(world.department_admin).post(
        reverse("outreach:letter_create"),
        {"subject": "<b>Тема</b>", "body": "x" * 30_000, "to_all": "0"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Используйте только буквы" in page
    assert "не более 20000" in page or "не больше 20000" in page or "20000" in page
    assert not InformationLetter.objects.exists()


def test_a_letter_to_nobody_in_particular_asks_to_choose(world, client_for):
    response = client_for(world.department_admin).post(
        reverse("outreach:letter_create"), {"subject": "Тема", "body": "Текст", "to_all": "0"}
    )
    assert "Выберите организации" in response.content.decode()
    assert not InformationLetter.objects.exists()


# --- information campaign ---------------------------------------------------------------------------


def test_a_curator_logs_a_publication_with_a_photo_that_only_staff_can_open(world, client_for):
    client = client_for(world.curator)
    response = client.post(
        reverse("outreach:campaign_entry_create"),
        {
            "organization": world.school.pk,
            "date": "15.10.2025",
            "kind": "event",
            "title": "Родительское собрание о наставничестве",
            "audiences": ["parents", "teachers"],
            "channel": "meeting",
            "reach": "45",
            "photo": SimpleUploadedFile("собрание.png", SMALL_PNG),
        },
    )
    assert response.status_code == 302
    entry = CampaignEntry.objects.get()
    assert entry.date == datetime.date(2025, 10, 15)
    page = client.get(reverse("outreach:campaign")).content.decode()
    assert "Родительское собрание о наставничестве" in page
    assert "Родители, Педагоги" in page or "Педагоги, Родители" in page
    photo = reverse("outreach:campaign_entry_photo", kwargs={"pk": entry.pk})
    assert client.get(photo).status_code == 200
    assert client_for(world.mentor).get(photo).status_code == 404


def test_the_department_filters_the_municipalitys_campaign_and_downloads_it(world, client_for):
    CampaignEntryFactory(
        organization=world.school, title="Статья для родителей", audiences="parents", channel="media"
    )
    CampaignEntryFactory(
        organization=world.other_school, title="Встреча с предприятием", audiences="enterprises"
    )
    CampaignEntryFactory(organization=world.foreign_school, title="Чужая публикация", audiences="parents")
    client = client_for(world.methodologist)
    page = client.get(reverse("outreach:campaign"), {"audience": "parents"}).content.decode()
    assert "Статья для родителей" in page
    assert "Встреча с предприятием" not in page
    assert "Чужая публикация" not in page
    response = client.get(reverse("outreach:campaign_export"), {"audience": "parents"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    titles = [row[3] for row in rows]
    assert "Статья для родителей" in titles
    assert "Встреча с предприятием" not in titles
    assert "Чужая публикация" not in titles
    data_row = rows[titles.index("Статья для родителей")]
    assert data_row[1] == world.school.short_name
    assert data_row[4] == "Родители"


def test_the_overview_shows_which_schools_published_nothing_this_year(world, client_for):
    CampaignEntryFactory(organization=world.school, date=timezone.localdate())
    page = client_for(world.department_admin).get(reverse("outreach:campaign")).content.decode()
    overview = page.split("Муниципалитет:")[1].split("Журнал публикаций")[0]
    silent = overview.split(world.other_school.short_name)[1].split("</tr>")[0]
    assert "нет записей за период" in silent
    assert "нет записей за период" not in overview.split(world.school.short_name)[1].split("</tr>")[0]


def test_a_curator_sees_only_the_own_schools_campaign(world, client_for):
    CampaignEntryFactory(organization=world.school, title="Наша публикация")
    CampaignEntryFactory(organization=world.other_school, title="Публикация соседей")
    page = client_for(world.curator).get(reverse("outreach:campaign")).content.decode()
    assert "Наша публикация" in page
    assert "Публикация соседей" not in page


# --- trainings --------------------------------------------------------------------------------------


def test_completing_a_training_on_its_page_marks_the_mentor_trained_in_the_mentor_base(world, client_for):
    mentor = mentor_in(world.school)
    mentor.training_status = TrainingStatus.NOT_TRAINED
    mentor.save()
    training = TrainingFactory(organization=world.department, created_by=world.department_admin)
    client = client_for(world.curator)
    client.post(reverse("outreach:training_enrol", kwargs={"pk": training.pk}), {"mentors": [mentor.pk]})
    enrolment = Enrolment.objects.get()
    response = client.post(
        reverse("outreach:enrolment_complete", kwargs={"pk": enrolment.pk}),
        {
            "completed_on": training.ends_on.strftime("%d.%m.%Y"),
            "certificate_number": "5222-1040",
            "certificate": SimpleUploadedFile("удостоверение.pdf", SMALL_PDF),
        },
        follow=True,
    )
    assert "отмечен обученным" in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.training_status == TrainingStatus.TRAINED
    card = client.get(reverse("people:detail", kwargs={"pk": mentor.person_id})).content.decode()
    assert training.title in card
    assert "удостоверение № 5222-1040" in card
    assert "обучен" in card


def test_a_certificate_that_is_a_program_is_refused_and_nothing_changes(world, client_for):
    enrolment = EnrolmentFactory(
        training=TrainingFactory(organization=world.department), person=mentor_in(world.school).person
    )
    response = client_for(world.curator).post(
        reverse("outreach:enrolment_complete", kwargs={"pk": enrolment.pk}),
        {
            "completed_on": "20.10.2025",
            "certificate": SimpleUploadedFile("удостоверение.pdf", b"MZ\x90\x00program"),
        },
    )
    assert response.status_code == 200
    assert "не соответствует" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert not enrolment.certificate


def test_a_certificate_download_is_written_to_the_access_log(world, client_for):
    enrolment = EnrolmentFactory(
        training=TrainingFactory(organization=world.department), person=mentor_in(world.school).person
    )
    enrolment.file_name = "удостоверение.pdf"
    enrolment.certificate.save("c.pdf", io.BytesIO(SMALL_PDF), save=True)
    response = client_for(world.head).get(
        reverse("outreach:enrolment_certificate", kwargs={"pk": enrolment.pk})
    )
    assert response.status_code == 200
    assert PersonalDataAccess.objects.filter(user=world.head, object_type="enrolment_certificate").exists()


# --- contests and awards ----------------------------------------------------------------------------


def test_a_mentors_card_shows_the_awards_and_contests_the_viewer_may_see(world, client_for):
    mentor = mentor_in(world.school)
    event = RecognitionEventFactory(municipality=world.municipality, title="День наставника — 2026")
    AwardFactory(person=mentor.person, organization=world.department, kind="Почётная грамота", event=event)
    ContestEntryFactory(
        contest=ContestFactory(municipality=world.municipality),
        organization=world.school,
        person=mentor.person,
        result="winner",
        result_on=datetime.date(2025, 12, 10),
    )
    card = (
        client_for(world.curator)
        .get(reverse("people:detail", kwargs={"pk": mentor.person_id}))
        .content.decode()
    )
    assert "Почётная грамота" in card
    assert "День наставника — 2026" in card
    assert "Наставник52 — 2025" in card
    assert "победитель" in card


def test_awards_are_granted_in_two_steps_when_the_user_grants_for_several_organizations(world, client_for):
    mentor = mentor_in(world.school)
    client = client_for(world.department_admin)
    choose = client.get(reverse("outreach:award_create")).content.decode()
    assert "От имени организации" in choose
    url = reverse("outreach:award_create") + f"?organization={world.department.pk}"
    response = client.post(
        url,
        {
            "person": mentor.pk,
            "kind": "Почётная грамота",
            "date": "20.12.2025",
            "reason": "За наставничество",
        },
    )
    assert response.status_code == 302
    listing = client.get(reverse("outreach:award_list")).content.decode()
    assert mentor.person.full_name in listing
    assert "Почётная грамота" in listing


def test_the_awards_download_lists_the_awards_for_reports_without_people_lacking_consent(world, client_for):
    mentor = mentor_in(world.school)
    AwardFactory(person=mentor.person, organization=world.school, date=datetime.date(2025, 12, 20))
    unconsented = mentor_in(world.school, consent=False, last_name="Несогласова")
    AwardFactory(person=unconsented.person, organization=world.school, date=datetime.date(2025, 12, 21))
    AwardFactory(person=mentor_in(world.foreign_school).person, organization=world.foreign_school)
    response = client_for(world.department_admin).get(reverse("outreach:award_export"), {"year": "2025"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1].value for row in sheet.iter_rows(min_row=4)]
    assert names == [mentor.person.full_name]
    assert "не выгружено: 1" in sheet["A2"].value
    assert PersonalDataAccess.objects.filter(object_type="awards", organization=world.school).exists()


def test_the_events_page_reminds_of_the_day_of_the_mentor_until_it_is_planned(world, client_for):
    client = client_for(world.department_admin)
    assert "2 марта — День наставника" in client.get(reverse("outreach:event_list")).content.decode()
    form = client.get(reverse("outreach:event_create"), {"kind": "mentor_day"}).content.decode()
    assert "02.03." in form
    today = timezone.localdate()
    year = today.year if (today.month, today.day) <= (3, 2) else today.year + 1
    client.post(
        reverse("outreach:event_create"),
        {
            "kind": "mentor_day",
            "title": f"День наставника — {year}",
            "date": f"02.03.{year}",
            "on_portal": "on",
        },
    )
    assert RecognitionEvent.objects.filter(kind="mentor_day", date=datetime.date(year, 3, 2)).exists()
    assert "пока не запланировано" not in client.get(reverse("outreach:event_list")).content.decode()


# --- bounded queries ------------------------------------------------------------------------------


# The menu and the section's tabs take a few queries of their own on every page.
LISTS = [
    ("curator", "outreach:letter_list", {}, 12),
    ("department_admin", "outreach:letter_list", {}, 14),
    ("department_admin", "outreach:campaign", {}, 14),
    ("curator", "outreach:resource_list", {}, 12),
    ("mentor", "outreach:training_list", {}, 12),
    ("curator", "outreach:contest_list", {}, 12),
    ("department_admin", "outreach:award_list", {"year": "2025"}, 12),
    ("curator", "outreach:event_list", {}, 12),
    ("department_admin", "outreach:news_list", {}, 12),
    ("department_admin", "outreach:overview", {}, 18),
]


def _fill(world, count):
    for number in range(count):
        school = world.school if number % 2 else world.other_school
        sent_letter(
            by=world.department_admin, to=[world.school, world.other_school], subject=f"Письмо {number}"
        )
        CampaignEntryFactory(organization=school, created_by=world.curator)
        training = TrainingFactory(organization=world.department)
        mentor = mentor_in(school)
        EnrolmentFactory(training=training, person=mentor.person)
        ContestEntryFactory(
            contest=ContestFactory(municipality=world.municipality), organization=school, person=mentor.person
        )
        AwardFactory(person=mentor.person, organization=school)
        RecognitionEventFactory(municipality=world.municipality, title=f"Форум {number}")


@pytest.mark.parametrize(("persona", "url_name", "query", "limit"), LISTS)
def test_list_pages_need_the_same_few_queries_for_3_or_30_records(
    world, client_for, django_assert_max_num_queries, persona, url_name, query, limit
):
    client = client_for(world.persona(persona))
    _fill(world, 3)
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(url_name), query).status_code == 200
    _fill(world, 27)
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(url_name), query).status_code == 200


def test_a_training_page_needs_the_same_few_queries_for_3_or_30_participants(
    world, client_for, django_assert_max_num_queries
):
    training = TrainingFactory(organization=world.department)
    client = client_for(world.department_admin)

    def enrol(count):
        for _ in range(count):
            EnrolmentFactory(training=training, person=mentor_in(world.school).person)

    enrol(3)
    with django_assert_max_num_queries(12):
        client.get(reverse("outreach:training_detail", kwargs={"pk": training.pk}))
    enrol(27)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("outreach:training_detail", kwargs={"pk": training.pk}))
    assert page.content.decode().count("наставник</span>") == 30


def test_a_draft_is_never_shown_to_schools(world, client_for):
    draft = InformationLetter.objects.create(
        municipality=world.municipality, subject="Черновик", body="Текст", created_by=world.department_admin
    )
    assert draft.status == LetterStatus.DRAFT
    assert (
        client_for(world.curator).get(reverse("outreach:letter_detail", kwargs={"pk": draft.pk})).status_code
        == 404
    )
