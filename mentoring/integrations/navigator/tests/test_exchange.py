"""The Navigator exchange: an export followed by the import on a fresh database restores the ids."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentoring.integrations.navigator.exporting import build_export, render
from mentoring.integrations.navigator.importing import apply_navigator_import, plan_navigator_import
from mentoring.integrations.navigator.models import ExternalId, ExternalKind
from mentoring.mentorships.tests.factories import make_mentee, make_mentor, make_pair
from mentoring.people.models import Person
from mentoring.people.tests.factories import PersonFactory


def _district(world):
    mentor = make_mentor(world.school, last_name="Егорова", first_name="Анна", external_id="nav-p-1")
    mentee = make_mentee(world.school, last_name="Киселёв", first_name="Павел", external_id="nav-p-2")
    pair = make_pair(world.school, by=world.curator, mentor=mentor, mentees=[mentee])
    ExternalId.objects.create(
        municipality=world.municipality,
        kind=ExternalKind.PROGRAM,
        program=pair.program,
        external_id="nav-prog-1",
    )
    ExternalId.objects.create(
        municipality=world.municipality,
        kind=ExternalKind.MENTORSHIP,
        mentorship=pair,
        external_id="nav-pair-1",
    )
    return mentor, mentee, pair


def _forget_ids(world):
    """What a fresh database (the same people, programs and pairs, no Navigator ids) looks like."""
    ExternalId.objects.all().delete()
    Person.objects.filter(municipality=world.municipality).update(external_id="")


@pytest.mark.parametrize("fmt", ["json", "xlsx", "csv"])
def test_an_export_followed_by_the_import_restores_the_external_ids(world, fmt):
    mentor, mentee, pair = _district(world)
    data = render(build_export(municipality=world.municipality), fmt)
    _forget_ids(world)
    filename = {"json": "n.json", "xlsx": "n.xlsx", "csv": "n.zip"}[fmt]
    plan = plan_navigator_import(municipality=world.municipality, data=data, filename=filename)
    assert plan.is_valid, (plan.errors, [r for r in plan.rows if r.status == "error"])
    assert plan.count("set") == 4
    apply_navigator_import(by=world.superuser, municipality=world.municipality, plan=plan)
    mentor.person.refresh_from_db()
    mentee.person.refresh_from_db()
    assert (mentor.person.external_id, mentee.person.external_id) == ("nav-p-1", "nav-p-2")
    assert ExternalId.objects.get(program=pair.program).external_id == "nav-prog-1"
    assert ExternalId.objects.get(mentorship=pair).external_id == "nav-pair-1"


def test_people_without_consent_are_not_exported(world):
    _district(world)
    PersonFactory(organization=world.school, last_name="Безсогласия")
    export = build_export(municipality=world.municipality)
    names = [row["last_name"] for row in export.tables["participants"]]
    assert "Безсогласия" not in names
    assert sorted(names) == ["Егорова", "Киселёв"]


def test_an_id_given_twice_in_the_file_stops_the_whole_import(world):
    _district(world)
    document = json.loads(render(build_export(municipality=world.municipality), "json"))
    document["participants"][1]["external_id"] = document["participants"][0]["external_id"]
    _forget_ids(world)
    plan = plan_navigator_import(
        municipality=world.municipality, data=json.dumps(document).encode(), filename="n.json"
    )
    assert not plan.is_valid
    with pytest.raises(Exception, match="ошибки"):
        apply_navigator_import(by=world.superuser, municipality=world.municipality, plan=plan)
    assert not Person.objects.exclude(external_id="").exists()


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"", "a.json"),
        (b"{not json", "a.json"),
        (b"PK\x03\x04broken", "a.zip"),
        (b"x", "a.exe"),
        (b"garbage", "a.xlsx"),
    ],
)
def test_a_broken_file_is_refused_with_a_russian_message(world, data, filename):
    plan = plan_navigator_import(municipality=world.municipality, data=data, filename=filename)
    assert plan.errors
    assert not plan.is_valid
    assert any(ch in plan.errors[0] for ch in "аеиоуя")


def test_the_command_writes_the_export_to_a_folder(world, tmp_path, capsys):
    _district(world)
    call_command("navigator_export", "--municipality", "sech", "--format", "csv", "--output", str(tmp_path))
    names = sorted(path.name for path in tmp_path.iterdir())
    assert len(names) == 3
    assert all(name.endswith(".csv") for name in names)
    text = (tmp_path / next(n for n in names if "participants" in n)).read_text("utf-8-sig")
    assert text.startswith("Идентификатор в Навигаторе;")
    assert "nav-p-1" in text


def test_the_department_downloads_uploads_previews_and_applies(world, client_for):
    _district(world)
    client = client_for(world.department_admin)
    response = client.get(reverse("navigator:export", kwargs={"pk": world.municipality.pk, "fmt": "csv"}))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["mentorships.csv", "participants.csv", "programs.csv"]
    data = client.get(
        reverse("navigator:export", kwargs={"pk": world.municipality.pk, "fmt": "json"})
    ).content
    _forget_ids(world)
    upload = io.BytesIO(data)
    upload.name = "navigator.json"
    response = client.post(
        reverse("navigator:import"), {"municipality": world.municipality.pk, "file": upload}
    )
    assert response.status_code == 200
    assert "Будет установлен" in response.content.decode()
    token = response.context["token"]
    assert not Person.objects.exclude(external_id="").exists()
    response = client.post(reverse("navigator:import_apply", kwargs={"token": token}))
    assert response.status_code == 302
    assert Person.objects.exclude(external_id="").count() == 2


def test_the_menu_offers_the_navigator_exchange_to_the_department_admin_only(world, client_for):
    home = reverse("home")
    assert "Обмен с Навигатором" in client_for(world.department_admin).get(home).content.decode()
    for user in (world.methodologist, world.head, world.curator, world.mentor):
        assert "Обмен с Навигатором" not in client_for(user).get(home).content.decode()


def test_a_draft_program_known_to_the_navigator_is_archived_not_deleted(world):
    from django.core.exceptions import ValidationError

    from mentoring.programs.models import Program
    from mentoring.programs.services import program_delete
    from mentoring.programs.tests.factories import ProgramFactory

    draft = ProgramFactory(organization=world.school)
    ExternalId.objects.create(
        municipality=world.municipality, kind=ExternalKind.PROGRAM, program=draft, external_id="nav-prog-9"
    )
    with pytest.raises(ValidationError, match="Навигатора"):
        program_delete(by=world.curator, program=draft)
    assert Program.objects.filter(pk=draft.pk).exists()
    assert ExternalId.objects.filter(external_id="nav-prog-9").exists()
