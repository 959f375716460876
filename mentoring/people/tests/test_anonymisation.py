"""Anonymisation of a person whose consent was withdrawn or whose retention period ended (152-FZ, art. 21):
nothing that identifies the human is left in any table, history table or stored file, and the figures
stay the same."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.tests.factories import UserFactory
from mentoring.common.models import AccessAction, PersonalDataAccess
from mentoring.documents.tests.factories import make_document
from mentoring.mentorships import services as mentorship_services
from mentoring.mentorships.models import MeetingKind, Mentorship
from mentoring.mentorships.tests.factories import SEQUENCE, give_all_feedback, make_mentee, make_pair, walk
from mentoring.monitoring.dashboards import dashboard
from mentoring.monitoring.services import snapshot_take
from mentoring.people.anonymisation import (
    ANONYMOUS_LAST_NAME,
    identifying_pattern,
    people_due_for_anonymisation,
    person_anonymise,
)
from mentoring.people.models import Consent, Person
from mentoring.people.services import consent_withdraw

# Marks of the person that must not survive anywhere (lower case; names in several case forms).
TRACES = ("зюзельк", "евлампи", "порфир", "zyuzelkina", "123-45-67", "nav-777123", "lampa2010")


def _every_text_in_the_database() -> str:
    """All text columns of all tables, lower-cased, as one string (the test database is small)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            description = connection.introspection.get_table_description(cursor, table)
            columns = [column.name for column in description]
            quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                chunks.append(
                    " ".join(str(value) for value in row if isinstance(value, str | bytes | memoryview))
                )
    return "\n".join(chunks).lower()


def _every_stored_file(media_root: str) -> str:
    root = Path(media_root)
    parts = []
    for path in root.rglob("*"):
        if path.is_file():
            parts.append(str(path.relative_to(root)).lower())
            parts.append(path.read_bytes().decode("utf-8", "ignore").lower())
    return "\n".join(parts)


@pytest.fixture
def evlampia(world):
    """A pupil with her traces everywhere: the card, a representative, a scanned consent (withdrawn),
    an account, a completed pair with meetings that name her, her feedback, a document about her alone
    and an order about her and another pupil."""
    account = UserFactory(
        username="lampa2010", last_name="Зюзелькина", first_name="Евлампия", email="zyuzelkina@example.org"
    )
    mentee = make_mentee(
        world.school,
        user=account,
        last_name="Зюзелькина",
        first_name="Евлампия",
        patronymic="Порфирьевна",
        email="zyuzelkina@example.org",
        phone="+7 900 123-45-67",
        representative_name="Зюзелькин Порфирий Игнатьевич",
        representative_relation="отец",
        external_id="NAV-777123",
        notes="Евлампия любит шахматы",
        birth_date=datetime.date(2012, 3, 14),
    )
    person = mentee.person
    consent = person.consents.get()
    consent.given_by = "representative"
    consent.representative_name = "Зюзелькин Порфирий Игнатьевич"
    consent.save()
    consent.document.save("zyuzelkina-consent.pdf", ContentFile(b"%PDF-1.4 Zyuzelkina"), save=True)
    pair = make_pair(world.school, by=world.curator, mentees=[mentee])
    meetings = walk(pair, SEQUENCE, by=world.curator)
    for meeting in meetings:
        give_all_feedback(meeting, by=world.curator, rating=9)
    meeting = meetings[1]
    meeting.notes = "Евлампии понравилось; с Зюзелькиной договорились о проекте"
    meeting.save()
    feedback = meeting.feedback.get(author=person)
    feedback.comment = "Спасибо, Евлампия довольна"
    feedback.save()
    mentorship_services.mentorship_complete(
        by=world.curator, mentorship=pair, results="Евлампия подтянула алгебру"
    )
    make_document(
        world.school,
        by=world.curator,
        title="Характеристика Зюзелькиной Е. П.",
        content=b"%PDF-1.4 Zyuzelkina alone",
    ).people.set([person])
    shared_order = make_document(
        world.school, by=world.curator, title="О закреплении пар", content=b"%PDF order"
    )
    shared_order.people.set([person, pair.mentor.person])
    consent_withdraw(
        by=world.curator, consent=consent, withdrawn_on=timezone.localdate() - datetime.timedelta(days=40)
    )
    return person


def test_nothing_identifying_is_left_and_the_figures_stay(
    world, evlampia, settings, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    year = today.year
    snapshot_take(
        by=world.department_admin,
        municipality=world.municipality,
        year=year,
        quarter=(today.month - 1) // 3 + 1,
        reason="on_demand",
    )
    before = dashboard(municipality=world.municipality, year=year, organization=world.school)
    found_before = _every_text_in_the_database()
    assert all(trace in found_before for trace in TRACES[:5])
    assert "zyuzelkina" in _every_stored_file(settings.MEDIA_ROOT)

    with django_capture_on_commit_callbacks(execute=True):
        result = person_anonymise(by=world.department_admin, person=evlampia)

    left = _every_text_in_the_database()
    assert [trace for trace in TRACES if trace in left] == []
    assert "zyuzelkina" not in _every_stored_file(settings.MEDIA_ROOT)
    assert result.files_deleted == 2  # the consent scan and the document about her alone
    assert result.shared_documents_kept == 1
    person = Person.objects.get(pk=evlampia.pk)
    assert person.full_name == f"{ANONYMOUS_LAST_NAME} № {person.pk}"
    assert person.birth_date == datetime.date(2012, 7, 1)
    assert person.anonymised_at is not None
    assert person.user_id is None
    # The words around her name stay: a meeting note keeps what happened.
    assert (
        Mentorship.objects.get(participants__mentee__person=person)
        .meetings.filter(notes__contains="договорились о проекте")
        .exists()
    )

    after = dashboard(municipality=world.municipality, year=year, organization=world.school)
    assert after.involvement == before.involvement
    assert after.indicators == before.indicators
    assert after.meetings == before.meetings
    assert after.feedback == before.feedback
    assert after.satisfaction == before.satisfaction


def test_the_account_is_closed(world, evlampia, client_for):
    account = evlampia.user
    person_anonymise(by=world.department_admin, person=evlampia)
    account.refresh_from_db()
    assert not account.is_active
    assert not account.has_usable_password()
    assert not account.memberships.filter(is_active=True).exists()
    assert (
        client_for(None).post(reverse("login"), {"username": "lampa2010", "password": "x"}).status_code == 200
    )


def test_one_event_without_personal_data(world, evlampia):
    before = PersonalDataAccess.objects.count()
    person_anonymise(by=world.department_admin, person=evlampia)
    (event,) = PersonalDataAccess.objects.all()[: PersonalDataAccess.objects.count() - before]
    assert event.action == AccessAction.ANONYMISE
    assert event.object_id == evlampia.pk
    assert not any(trace in event.details.lower() for trace in TRACES)


def test_refused_while_in_an_open_pair_and_nothing_changes(world):
    mentee = make_mentee(world.school, last_name="Зюзелькина", first_name="Евлампия")
    make_pair(world.school, by=world.curator, mentees=[mentee])
    with pytest.raises(ValidationError, match="действующей паре"):
        person_anonymise(by=world.department_admin, person=mentee.person)
    assert Person.objects.get(pk=mentee.person.pk).last_name == "Зюзелькина"


@pytest.mark.parametrize("persona", ["curator", "head", "methodologist", "foreign_department_admin"])
def test_only_the_department_administrator_anonymises(world, evlampia, persona):
    with pytest.raises(PermissionDenied):
        person_anonymise(by=world.persona(persona), person=evlampia)
    assert Person.objects.get(pk=evlampia.pk).anonymised_at is None


def test_twice_is_refused(world, evlampia):
    person_anonymise(by=world.department_admin, person=evlampia)
    with pytest.raises(ValidationError, match="уже обезличены"):
        person_anonymise(by=world.department_admin, person=Person.objects.get(pk=evlampia.pk))


def test_names_are_found_in_their_case_forms():
    pattern = identifying_pattern(["Зюзелькина Евлампия Порфирьевна"], ["+7 900 123-45-67"])
    assert pattern is not None
    text = "Зюзелькиной помогли, Евлампию похвалили, звонить +7 900 123-45-67; Петрова не трогаем"
    assert pattern.sub("*", text) == "* помогли, * похвалили, звонить *; Петрова не трогаем"


def test_due_records_follow_the_retention_settings(world, evlampia, settings):
    settings.RETENTION_AFTER_CONSENT_WITHDRAWAL_DAYS = 30
    settings.RETENTION_AFTER_ARCHIVE_DAYS = 365
    archived = make_mentee(world.school).person
    Person.objects.filter(pk=archived.pk).update(
        is_archived=True, archived_at=timezone.now() - datetime.timedelta(days=400)
    )
    recent = make_mentee(world.school).person
    Person.objects.filter(pk=recent.pk).update(is_archived=True, archived_at=timezone.now())
    people = Person.objects.filter(municipality=world.municipality)

    due = {record.person.pk: record for record in people_due_for_anonymisation(people)}
    assert set(due) == {evlampia.pk, archived.pk}
    assert due[evlampia.pk].reason.startswith("согласие отозвано")
    assert due[evlampia.pk].due_since == timezone.localdate() - datetime.timedelta(days=10)

    settings.RETENTION_AFTER_CONSENT_WITHDRAWAL_DAYS = 60
    assert {record.person.pk for record in people_due_for_anonymisation(people)} == {archived.pk}
    # A new valid consent stops the clock.
    Consent.objects.create(person=evlampia, given_on=timezone.localdate(), given_by="person")
    settings.RETENTION_AFTER_CONSENT_WITHDRAWAL_DAYS = 30
    assert evlampia.pk not in {record.person.pk for record in people_due_for_anonymisation(people)}


def test_the_command_lists_without_names_and_anonymises(world, evlampia, capsys):
    call_command("personal_data_due", "--municipality", world.municipality.code)
    listed = capsys.readouterr().out
    assert f"№ {evlampia.pk}" in listed
    assert "зюзельк" not in listed.lower()
    call_command(
        "personal_data_due",
        "--municipality",
        world.municipality.code,
        "--anonymise",
        "--by",
        world.department_admin.username,
    )
    assert Person.objects.get(pk=evlampia.pk).anonymised_at is not None
    call_command("personal_data_due", "--municipality", world.municipality.code)
    assert "нет" in capsys.readouterr().out.lower()


def test_the_pages(world, evlampia, client_for):
    client = client_for(world.department_admin)
    page = client.get(reverse("people:retention"))
    assert page.status_code == 200
    assert "Зюзелькина" in page.content.decode()
    refused = client.post(reverse("people:anonymise", args=[evlampia.pk]), {})
    assert refused.status_code == 302
    assert Person.objects.get(pk=evlampia.pk).anonymised_at is None
    done = client.post(reverse("people:anonymise", args=[evlampia.pk]), {"confirm": "on"}, follow=True)
    assert "обезличены" in done.content.decode()
    assert Person.objects.get(pk=evlampia.pk).anonymised_at is not None
    assert "Зюзелькина" not in client.get(reverse("people:retention")).content.decode()


def test_meeting_kind_sequence_is_untouched(world, evlampia):
    """The fixed meeting sequence of the pair survives: only texts change."""
    pair = Mentorship.objects.get(participants__mentee__person=evlampia)
    kinds = list(pair.meetings.order_by("starts_at").values_list("kind", flat=True))
    person_anonymise(by=world.department_admin, person=evlampia)
    assert list(pair.meetings.order_by("starts_at").values_list("kind", flat=True)) == kinds
    assert kinds[0] == MeetingKind.INTRO


def test_an_anonymised_record_takes_no_new_data(world, evlampia, client_for):
    person_anonymise(by=world.department_admin, person=evlampia)
    client = client_for(world.curator)
    card = client.get(reverse("people:detail", args=[evlampia.pk])).content.decode()
    assert reverse("people:edit", args=[evlampia.pk]) not in card
    edit = client.get(reverse("people:edit", args=[evlampia.pk]))
    assert edit.status_code == 403
    assert "обезличены" in edit.content.decode()
    refused = client.post(reverse("people:consent_add", args=[evlampia.pk]), {"given_on": "01.09.2026"})
    assert refused.status_code == 403
    assert Person.objects.get(pk=evlampia.pk).consents.count() == 1
