"""A copy of everything held about one person (152-FZ, art. 14), made by the department's administrator."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse

from mentoring.common.models import AccessAction, PersonalDataAccess
from mentoring.mentorships.tests.factories import make_mentee, make_mentor, make_pair
from mentoring.people.models import Person
from mentoring.people.subject_rights import person_export

SCAN = b"%PDF-1.4 signed by the parent"


@pytest.fixture
def pupil(world):
    """A mentee with a user account, a scanned consent, a changed card and a pair with a mentor."""
    mentee = make_mentee(world.school, user=world.mentee, last_name="Киселёв", first_name="Павел")
    person = mentee.person
    consent = person.consents.get()
    consent.document.save("consent.pdf", ContentFile(SCAN), save=True)
    person.notes = "Любит шахматы"
    person.save()
    mentor = make_mentor(world.school, last_name="Егорова", first_name="Анна")
    make_pair(world.school, by=world.curator, mentor=mentor, mentees=[mentee])
    return person


def _open(content: bytes) -> tuple[dict, zipfile.ZipFile]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return json.loads(archive.read("data.json")), archive


def test_the_export_holds_the_persons_rows_across_apps_their_history_and_their_files(world, pupil):
    data, archive = _open(person_export(person=pupil, by=world.department_admin))
    rows = data["записи"]
    assert rows["people.Person"][0]["last_name"] == "Киселёв"
    assert rows["people.Consent"][0]["person"] == pupil.pk
    assert rows["people.MenteeProfile"][0]["person"] == pupil.pk
    assert any(row["mentee"] == pupil.mentee_profile.pk for row in rows["mentorships.MentorshipMentee"])
    assert {row["notes"] for row in rows["people.HistoricalPerson"]} == {"", "Любит шахматы"}
    (account,) = rows["accounts.User"]
    assert account["username"] == world.mentee.username
    assert "password" not in account
    (scan,) = [name for name in archive.namelist() if name.startswith("files/people.Consent/")]
    assert archive.read(scan) == SCAN
    assert "152-ФЗ" in archive.read("README.txt").decode()


def test_the_export_holds_nothing_of_the_mentor_on_the_other_side_of_the_pair(world, pupil):
    data, _ = _open(person_export(person=pupil, by=world.department_admin))
    text = json.dumps(data, ensure_ascii=False)
    assert "Егорова" not in text
    mentor = Person.objects.get(last_name="Егорова")
    assert all(row["pk"] != mentor.pk for row in data["записи"]["people.Person"])


def test_an_export_leaves_one_event_in_the_access_log_without_personal_data(world, pupil):
    before = PersonalDataAccess.objects.count()
    person_export(person=pupil, by=world.department_admin)
    assert PersonalDataAccess.objects.count() == before + 1
    event = PersonalDataAccess.objects.latest("pk")
    assert (event.action, event.object_type, event.object_id) == (AccessAction.EXPORT, "person", pupil.pk)
    assert "Киселёв" not in event.details
    assert "Павел" not in event.details


@pytest.mark.parametrize("persona", ["methodologist", "head", "curator", "foreign_department_admin"])
def test_only_the_department_administrator_of_the_municipality_exports_a_person(world, pupil, persona):
    before = PersonalDataAccess.objects.count()
    with pytest.raises(PermissionDenied):
        person_export(person=pupil, by=getattr(world, persona))
    assert PersonalDataAccess.objects.count() == before


def test_the_person_card_offers_the_export_to_the_department_and_the_button_gives_a_zip(
    world, pupil, client_for
):
    admin = client_for(world.department_admin)
    card = admin.get(reverse("people:detail", args=[pupil.pk]))
    url = reverse("people:subject_export", args=[pupil.pk])
    assert url in card.content.decode()
    response = admin.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="person-{pupil.pk}-data.zip"'
    assert "no-store" in response["Cache-Control"]
    data, _ = _open(response.content)
    assert data["выгрузка"]["человек"] == pupil.pk


def test_the_head_sees_no_export_button_and_is_refused_in_russian(world, pupil, client_for):
    head = client_for(world.head)
    url = reverse("people:subject_export", args=[pupil.pk])
    assert url not in head.get(reverse("people:detail", args=[pupil.pk])).content.decode()
    response = head.get(url)
    assert response.status_code == 403
    assert "администратор управления образования" in response.content.decode()


def test_a_missing_stored_file_is_named_in_the_export_instead_of_failing(world, pupil):
    consent = pupil.consents.get()
    consent.document.storage.delete(consent.document.name)
    data, archive = _open(person_export(person=pupil, by=world.department_admin))
    assert len(data["выгрузка"]["файлы, которых нет в хранилище"]) == 1
    assert not [name for name in archive.namelist() if name.startswith("files/")]
