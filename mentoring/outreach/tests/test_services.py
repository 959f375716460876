import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mentoring.accounts.models import Membership, Role
from mentoring.documents.models import IncentiveScheme
from mentoring.organizations.models import OrganizationKind
from mentoring.organizations.tests.factories import OrganizationFactory
from mentoring.outreach import services
from mentoring.outreach.models import (
    Award,
    CampaignEntry,
    ContestEntry,
    ContestResult,
    Enrolment,
    EnrolmentStatus,
    InformationLetter,
    LetterReceipt,
    LetterStatus,
)
from mentoring.outreach.tests.factories import (
    SMALL_PDF,
    SMALL_PNG,
    ContestFactory,
    InformationLetterFactory,
    InformationResourceFactory,
    RecognitionEventFactory,
    TrainingFactory,
    mentor_in,
)
from mentoring.people.models import TrainingStatus
from mentoring.roadmaps.models import ItemStatus
from mentoring.roadmaps.tests.factories import make_roadmap

# --- letters ----------------------------------------------------------------------------------------


def _letter(world, **fields):
    return services.letter_create(
        by=world.department_admin,
        municipality=world.municipality,
        subject=fields.pop("subject", "О формировании баз наставников"),
        body=fields.pop("body", "Просим сформировать базы наставников и наставляемых."),
        **fields,
    )


def test_a_letter_to_all_reaches_every_school_and_do_in_the_system_and_by_email(
    world, django_capture_on_commit_callbacks
):
    do = OrganizationFactory(
        municipality=world.municipality,
        kind=OrganizationKind.SUPPLEMENTARY,
        short_name="МБУ ДО ДДТ",
        code="sech-do",
        email="ddt@example.ru",
    )
    OrganizationFactory(
        municipality=world.municipality,
        short_name="Закрытая школа",
        code="sech-old",
        is_archived=True,
        archived_at=timezone.now(),
    )
    letter = _letter(world)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.letter_send(
            by=world.methodologist, letter=letter, link="https://nastavnik.example/letters/1/"
        )
    assert count == 3
    assert set(letter.receipts.values_list("organization__code", flat=True)) == {
        world.school.code,
        world.other_school.code,
        do.code,
    }
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    assert letter.sent_by == world.methodologist
    assert len(mail.outbox) == 3
    to_school = next(message for message in mail.outbox if world.curator.email in message.to)
    assert world.head.email in to_school.to
    assert world.other_curator.email not in to_school.to
    assert "О формировании баз наставников" in to_school.subject
    assert "https://nastavnik.example/letters/1/" in to_school.body


def test_a_letter_to_chosen_organizations_reaches_only_them(world, django_capture_on_commit_callbacks):
    letter = _letter(world, to_all=False, organizations=[world.other_school, world.partner])
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_send(by=world.department_admin, letter=letter)
    assert set(letter.receipts.values_list("organization_id", flat=True)) == {
        world.other_school.pk,
        world.partner.pk,
    }
    assert all(world.curator.email not in message.to for message in mail.outbox)


def test_a_letter_cannot_be_addressed_to_another_municipality(world):
    with pytest.raises(ValidationError, match="своего муниципалитета"):
        _letter(world, to_all=False, organizations=[world.foreign_school])
    assert not InformationLetter.objects.exists()


def test_only_the_department_writes_letters(world):
    with pytest.raises(PermissionDenied):
        services.letter_create(by=world.head, municipality=world.municipality, subject="Письмо", body="Текст")
    with pytest.raises(PermissionDenied):
        services.letter_create(
            by=world.foreign_department_admin, municipality=world.municipality, subject="Письмо", body="Текст"
        )


def test_a_sent_letter_is_neither_changed_nor_sent_twice(world):
    letter = _letter(world)
    services.letter_send(by=world.department_admin, letter=letter)
    letter.refresh_from_db()
    with pytest.raises(ValidationError, match="уже отправлено"):
        services.letter_send(by=world.department_admin, letter=letter)
    with pytest.raises(ValidationError, match="уже отправлено"):
        services.letter_update(
            by=world.department_admin, letter=letter, subject="Другая тема", body="Другой текст"
        )
    with pytest.raises(ValidationError, match="уже отправлено"):
        services.letter_delete(by=world.department_admin, letter=letter)
    assert LetterReceipt.objects.filter(letter=letter).count() == 2


def test_a_letter_whose_addressees_were_all_archived_is_not_sent_and_stays_a_draft(world):
    letter = _letter(world, to_all=False, organizations=[world.other_school])
    world.other_school.is_archived, world.other_school.archived_at = True, timezone.now()
    world.other_school.save()
    with pytest.raises(ValidationError, match="некому отправить"):
        services.letter_send(by=world.department_admin, letter=letter)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT
    assert not LetterReceipt.objects.exists()


def test_marking_read_keeps_the_first_reader_and_refuses_outsiders(world):
    letter = _letter(world)
    services.letter_send(by=world.department_admin, letter=letter)
    receipt = letter.receipts.get(organization=world.school)
    services.letter_mark_read(by=world.curator, receipt=receipt)
    services.letter_mark_read(by=world.head, receipt=receipt)
    receipt.refresh_from_db()
    assert receipt.read_by == world.curator
    assert receipt.read_at is not None
    with pytest.raises(PermissionDenied):
        services.letter_mark_read(by=world.other_curator, receipt=receipt)
    with pytest.raises(PermissionDenied):
        services.letter_mark_read(
            by=world.department_admin, receipt=letter.receipts.get(organization=world.other_school)
        )
    assert letter.receipts.get(organization=world.other_school).read_at is None


def test_a_letter_by_the_quarterly_roadmap_item_marks_this_quarters_checkpoint_done(world):
    roadmap = make_roadmap(world.department, year=timezone.localdate().year)
    item = roadmap.items.get(number="2.1")
    letter = _letter(world, roadmap_item=item)
    services.letter_send(by=world.department_admin, letter=letter)
    today = timezone.localdate()
    done = item.checkpoints.filter(status=ItemStatus.DONE)
    assert done.count() == 1
    checkpoint = done.get()
    assert checkpoint.due_date >= today
    assert (checkpoint.due_date - today).days <= 92


def test_a_letter_cannot_point_to_a_schools_roadmap(world):
    roadmap = make_roadmap(world.school, year=timezone.localdate().year)
    with pytest.raises(ValidationError, match="муниципальной дорожной карты"):
        _letter(world, roadmap_item=roadmap.items.get(number="2.1"))


def test_a_draft_takes_no_more_than_ten_attachments_and_refuses_programs(world):
    letter = InformationLetterFactory(municipality=world.municipality, created_by=world.department_admin)
    with pytest.raises(ValidationError):
        services.letter_attachment_add(
            by=world.department_admin, letter=letter, file=SimpleUploadedFile("setup.pdf.exe", b"MZ\x90\x00")
        )
    for number in range(services.MAX_ATTACHMENTS):
        services.letter_attachment_add(
            by=world.department_admin, letter=letter, file=SimpleUploadedFile(f"файл {number}.pdf", SMALL_PDF)
        )
    with pytest.raises(ValidationError, match="не больше 10"):
        services.letter_attachment_add(
            by=world.department_admin, letter=letter, file=SimpleUploadedFile("ещё.pdf", SMALL_PDF)
        )
    assert letter.attachments.count() == 10
    assert letter.attachments.first().file_name == "файл 0.pdf"


# --- information campaign ---------------------------------------------------------------------------


def test_a_curator_logs_a_publication_of_the_own_school_only(world):
    entry = services.campaign_entry_create(
        by=world.curator,
        organization=world.school,
        date=timezone.localdate(),
        title="Старт программы «ученик – ученик»",
        audiences=["pupils", "parents"],
        channel="site",
        photo=SimpleUploadedFile("фото.png", SMALL_PNG),
    )
    assert entry.audiences == "parents,pupils"
    assert entry.audience_labels == ["Родители", "Обучающиеся"]
    assert entry.file_name == "фото.png"
    assert entry.photo.name.startswith("outreach/campaign/")
    with pytest.raises(PermissionDenied):
        services.campaign_entry_create(
            by=world.curator,
            organization=world.other_school,
            date=timezone.localdate(),
            title="Чужая публикация",
            audiences=["pupils"],
            channel="site",
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"audiences": []}, "для кого публикация", id="no-audience"),
        pytest.param({"audiences": ["aliens"]}, "для кого публикация", id="unknown-audience"),
        pytest.param({"date": datetime.date(2001, 1, 1)}, "раньше", id="ancient-date"),
        pytest.param({"title": "<script>alert(1)</script>"}, "Используйте только буквы", id="markup"),
        pytest.param(
            {"photo": SimpleUploadedFile("фото.png", SMALL_PDF)}, "не соответствует", id="pdf-as-png"
        ),
        pytest.param({"link": "javascript:alert(1)"}, "http", id="javascript-link"),
    ],
)
def test_bad_campaign_input_is_refused_in_russian_and_nothing_is_stored(world, changes, message):
    data = {
        "organization": world.school,
        "date": timezone.localdate(),
        "title": "Родительское собрание",
        "audiences": ["parents"],
        "channel": "meeting",
        **changes,
    }
    with pytest.raises(ValidationError, match=message):
        services.campaign_entry_create(by=world.curator, **data)
    assert not CampaignEntry.objects.exists()


def test_a_resource_of_another_school_cannot_be_the_channel_of_a_publication(world):
    foreign = InformationResourceFactory(organization=world.other_school)
    with pytest.raises(ValidationError, match="этой же организации"):
        services.campaign_entry_create(
            by=world.department_admin,
            organization=world.school,
            date=timezone.localdate(),
            title="Публикация",
            audiences=["teachers"],
            channel="social",
            resource=foreign,
        )


# --- portal ---------------------------------------------------------------------------------------------


def test_branding_takes_only_colours_and_real_pictures(world):
    base = {
        "by": world.department_admin,
        "municipality": world.municipality,
        "title": "Наставничество",
        "intro": "Текст",
    }
    with pytest.raises(ValidationError, match="#RRGGBB"):
        services.portal_settings_save(**base, primary_colour="red;}body{display:none")
    with pytest.raises(ValidationError):
        services.portal_settings_save(**base, logo=SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>"))
    portal = services.portal_settings_save(
        **base, primary_colour="#2A7AB0", logo=SimpleUploadedFile("logo.png", SMALL_PNG)
    )
    assert portal.primary_colour == "#2a7ab0"
    assert portal.file_kind == "PNG"
    with pytest.raises(PermissionDenied):
        services.portal_settings_save(**{**base, "by": world.head})


def test_only_a_curator_or_head_publishes_a_contact_card_and_only_their_own(world):
    card = services.portal_contact_publish(
        by=world.curator, organization=world.school, position="Куратор", phone="+7 (831) 934-20-11"
    )
    assert card.user == world.curator
    assert card.consented_at is not None
    with pytest.raises(PermissionDenied):
        services.portal_contact_publish(
            by=world.curator, organization=world.other_school, position="Куратор", phone="+7 831 000-00-00"
        )
    with pytest.raises(PermissionDenied):
        services.portal_contact_publish(
            by=world.mentor, organization=world.school, position="Наставник", phone="+7 831 000-00-00"
        )
    with pytest.raises(ValidationError, match="телефон или e-mail"):
        services.portal_contact_publish(by=world.head, organization=world.school, position="Директор")
    with pytest.raises(PermissionDenied):
        services.portal_contact_remove(by=world.other_curator, contact=card)
    services.portal_contact_remove(by=world.curator, contact=card)


# --- trainings --------------------------------------------------------------------------------------


def test_completing_a_training_makes_the_mentor_trained_for_matching(world):
    mentor = mentor_in(world.school)
    mentor.training_status = TrainingStatus.NOT_TRAINED
    mentor.save()
    training = TrainingFactory(organization=world.department, created_by=world.department_admin)
    [enrolment] = services.training_enrol(by=world.curator, training=training, mentors=[mentor])
    mentor.refresh_from_db()
    assert mentor.training_status == TrainingStatus.IN_TRAINING
    services.enrolment_complete(
        by=world.methodologist,
        enrolment=enrolment,
        completed_on=training.ends_on,
        certificate_number="5222-2025-1040",
        certificate=SimpleUploadedFile("удостоверение.pdf", SMALL_PDF),
    )
    mentor.refresh_from_db()
    enrolment.refresh_from_db()
    assert mentor.training_status == TrainingStatus.TRAINED
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.file_name == "удостоверение.pdf"
    assert mentor.history.first().training_status == TrainingStatus.TRAINED


def test_enrolling_or_dropping_out_never_lowers_a_trained_mentor(world):
    mentor = mentor_in(world.school)
    mentor.training_status = TrainingStatus.TRAINED
    mentor.save()
    training = TrainingFactory(organization=world.department, created_by=world.department_admin)
    [enrolment] = services.training_enrol(by=world.head, training=training, mentors=[mentor])
    services.enrolment_drop(by=world.head, enrolment=enrolment)
    mentor.refresh_from_db()
    assert mentor.training_status == TrainingStatus.TRAINED
    assert Enrolment.objects.get().status == EnrolmentStatus.NOT_COMPLETED


def test_nobody_is_enrolled_when_one_of_them_already_is(world):
    first, second = mentor_in(world.school), mentor_in(world.school)
    training = TrainingFactory(organization=world.department, created_by=world.department_admin)
    services.training_enrol(by=world.curator, training=training, mentors=[first])
    with pytest.raises(ValidationError, match="Уже записаны"):
        services.training_enrol(by=world.curator, training=training, mentors=[second, first])
    assert list(training.enrolments.values_list("person_id", flat=True)) == [first.person_id]


def test_a_curator_enrols_the_own_schools_mentors_and_curators_but_nobody_elses(world):
    other = mentor_in(world.other_school)
    training = TrainingFactory(organization=world.department, created_by=world.department_admin)
    with pytest.raises(PermissionDenied):
        services.training_enrol(by=world.curator, training=training, mentors=[other])
    own_role = Membership.objects.get(user=world.curator, role=Role.CURATOR)
    other_role = Membership.objects.get(user=world.other_curator, role=Role.CURATOR)
    with pytest.raises(PermissionDenied):
        services.training_enrol(by=world.curator, training=training, curators=[other_role])
    [enrolment] = services.training_enrol(by=world.curator, training=training, curators=[own_role])
    assert enrolment.user == world.curator
    assert enrolment.organization == world.school


def test_a_training_for_curators_takes_no_mentors(world):
    training = TrainingFactory(
        organization=world.department, audience="curators", created_by=world.department_admin
    )
    with pytest.raises(ValidationError, match="только для кураторов"):
        services.training_enrol(
            by=world.department_admin, training=training, mentors=[mentor_in(world.school)]
        )


def test_a_training_cannot_be_completed_before_it_began(world):
    training = TrainingFactory(organization=world.department, created_by=world.department_admin)
    [enrolment] = services.training_enrol(
        by=world.curator, training=training, mentors=[mentor_in(world.school)]
    )
    with pytest.raises(ValidationError, match="раньше"):
        services.enrolment_complete(
            by=world.curator,
            enrolment=enrolment,
            completed_on=training.starts_on - datetime.timedelta(days=1),
        )
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED


def test_a_school_keeps_its_own_trainings_but_not_the_departments(world):
    own = services.training_create(
        by=world.curator,
        organization=world.school,
        title="Тренинг для наставников-старшеклассников",
        provider="Педагог-психолог",
        format="in_person",
        audience="mentors",
        hours=8,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    assert own.municipality == world.municipality
    with pytest.raises(PermissionDenied):
        services.training_create(
            by=world.curator,
            organization=world.department,
            title="Курс",
            provider="НИРО",
            format="remote",
            audience="both",
            hours=36,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
        )


# --- contests ---------------------------------------------------------------------------------------


def test_a_school_enters_its_mentor_in_a_nomination_and_records_a_win_with_the_diploma(world):
    contest = ContestFactory(municipality=world.municipality, created_by=world.department_admin)
    mentor = mentor_in(world.school)
    entry = services.contest_entry_create(
        by=world.curator,
        contest=contest,
        organization=world.school,
        person=mentor.person,
        nomination="Наставник обучающихся",
        submitted_on=datetime.date(2025, 9, 20),
    )
    services.contest_entry_set_result(
        by=world.head,
        entry=entry,
        result=ContestResult.WINNER,
        result_on=datetime.date(2025, 12, 10),
        file=SimpleUploadedFile("диплом.pdf", SMALL_PDF),
    )
    entry.refresh_from_db()
    assert entry.result == ContestResult.WINNER
    assert entry.file_name == "диплом.pdf"
    with pytest.raises(ValidationError, match="остаётся"):
        services.contest_entry_delete(by=world.curator, entry=entry)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"nomination": "Лучший директор"}, "номинацию", id="unknown-nomination"),
        pytest.param({"person": "other_school_mentor"}, "наставника из базы", id="mentor-of-another-school"),
    ],
)
def test_an_entry_outside_the_contests_rules_is_refused(world, changes, message):
    contest = ContestFactory(municipality=world.municipality, created_by=world.department_admin)
    data = {
        "contest": contest,
        "organization": world.school,
        "person": mentor_in(world.school).person,
        "nomination": "Наставник обучающихся",
        "submitted_on": datetime.date(2025, 9, 20),
        **changes,
    }
    if data["person"] == "other_school_mentor":
        data["person"] = mentor_in(world.other_school).person
    with pytest.raises(ValidationError, match=message):
        services.contest_entry_create(by=world.curator, **data)
    assert not ContestEntry.objects.exists()


def test_a_nomination_with_entries_cannot_be_removed(world):
    contest = ContestFactory(municipality=world.municipality, created_by=world.department_admin)
    services.contest_entry_create(
        by=world.curator,
        contest=contest,
        organization=world.school,
        nomination="Наставник обучающихся",
        submitted_on=datetime.date(2025, 9, 20),
    )
    with pytest.raises(ValidationError, match="Наставник обучающихся"):
        services.contest_update(
            by=world.department_admin,
            contest=contest,
            title=contest.title,
            level=contest.level,
            year=contest.year,
            starts_on=contest.starts_on,
            ends_on=contest.ends_on,
            nominations=["Наставник молодого педагога"],
        )


# --- awards -----------------------------------------------------------------------------------------


def test_awards_take_the_forms_of_the_granting_organizations_incentive_scheme(world):
    IncentiveScheme.objects.create(
        organization=world.school,
        title="Система мотивации",
        incentive_kinds=["Благодарственное письмо", "Стимулирующая выплата"],
        adopted_on=datetime.date(2025, 9, 1),
    )
    mentor = mentor_in(world.school)
    assert services.award_kinds_for(world.school) == ["Благодарственное письмо", "Стимулирующая выплата"]
    assert "Почётная грамота" in services.award_kinds_for(world.other_school)
    with pytest.raises(ValidationError, match="системы мотивации"):
        services.award_create(
            by=world.head,
            organization=world.school,
            person=mentor.person,
            kind="Почётная грамота",
            date=datetime.date(2025, 12, 20),
            reason="За работу",
        )
    award = services.award_create(
        by=world.head,
        organization=world.school,
        person=mentor.person,
        kind="Стимулирующая выплата",
        date=datetime.date(2025, 12, 20),
        reason="За подготовку победителя олимпиады",
        event=RecognitionEventFactory(municipality=world.municipality, created_by=world.department_admin),
    )
    assert award.kind == "Стимулирующая выплата"


def test_a_school_awards_its_own_mentors_and_the_department_any_mentor_of_the_municipality(world):
    other = mentor_in(world.other_school)
    base = {"kind": "Благодарственное письмо", "date": datetime.date(2025, 12, 20), "reason": "За работу"}
    with pytest.raises(ValidationError, match="из базы этой организации"):
        services.award_create(by=world.head, organization=world.school, person=other.person, **base)
    with pytest.raises(PermissionDenied):
        services.award_create(by=world.head, organization=world.other_school, person=other.person, **base)
    award = services.award_create(
        by=world.methodologist,
        organization=world.department,
        person=other.person,
        **{**base, "kind": "Почётная грамота"},
    )
    assert award.organization == world.department
    with pytest.raises(ValidationError, match="в будущем"):
        services.award_create(
            by=world.department_admin,
            organization=world.department,
            person=other.person,
            **{**base, "kind": "Почётная грамота", "date": timezone.localdate() + datetime.timedelta(days=3)},
        )
    assert Award.objects.count() == 1


def test_a_partners_mentor_is_trained_through_the_partners_representative(world):
    partner_mentor = mentor_in(world.partner)
    training = TrainingFactory(organization=world.department, created_by=world.department_admin)
    [enrolment] = services.training_enrol(
        by=world.partner_representative, training=training, mentors=[partner_mentor]
    )
    assert enrolment.organization == world.partner
