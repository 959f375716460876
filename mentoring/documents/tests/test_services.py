import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mentoring.documents import services
from mentoring.documents.models import Document, DocumentKind, DocumentStatus, IncentiveScheme
from mentoring.documents.reference_defaults import INCENTIVE_KINDS
from mentoring.documents.tests.factories import SMALL_PDF, kind, make_document, make_roadmap_item
from mentoring.organizations.tests.factories import OrganizationFactory
from mentoring.people.tests.factories import PersonFactory


def _create(world, *, by=None, organization=None, **fields):
    values = {
        "kind": kind(),
        "title": "О внедрении целевой модели наставничества",
        "date": datetime.date(2025, 9, 1),
        "number": "45-од",
    }
    values.update(fields)
    return services.document_create(
        by=by or world.curator, organization=organization or world.school, **values
    )


def _update(document, *, by, **changes):
    values = {
        "kind": document.kind,
        "title": document.title,
        "date": document.date,
        "number": document.number,
        "status": document.status,
    }
    values.update(changes)
    return services.document_update(by=by, document=document, **values)


def test_a_curator_registers_an_order_with_its_scan_under_a_random_name(world):
    document = _create(
        world,
        status=DocumentStatus.IN_FORCE,
        title="  О внедрении   целевой модели  ",
        file=SimpleUploadedFile("Приказ № 45.pdf", SMALL_PDF),
    )
    assert document.title == "О внедрении целевой модели"
    assert document.created_by == world.curator
    assert document.file_name == "Приказ № 45.pdf"
    assert document.file_kind == "PDF"
    assert document.file.name.startswith(f"documents/{world.school.pk}/")
    assert "Приказ" not in document.file.name
    assert document.search_text == "45-од о внедрении целевой модели"
    assert document.history.count() == 1


def test_a_document_names_only_people_of_its_own_school(world):
    own = PersonFactory(organization=world.school)
    stranger = PersonFactory(organization=world.other_school)
    with pytest.raises(ValidationError) as error:
        _create(world, people=[own, stranger])
    assert "только участников из баз организации" in error.value.message_dict["people"][0]
    assert not Document.objects.exists()
    assert list(_create(world, people=[own]).people.all()) == [own]


def test_an_order_of_the_department_may_name_people_of_every_school_of_the_municipality(world):
    pupils = [PersonFactory(organization=world.school), PersonFactory(organization=world.other_school)]
    foreign = PersonFactory(organization=world.foreign_school)
    document = _create(world, by=world.department_admin, organization=world.department, people=pupils)
    assert set(document.people.all()) == set(pupils)
    with pytest.raises(ValidationError):
        _create(world, by=world.department_admin, organization=world.department, people=[foreign])


def test_a_document_in_force_is_not_dated_in_the_future_but_a_draft_may_be(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _create(world, status=DocumentStatus.IN_FORCE, date=tomorrow)
    assert "не может быть в будущем" in error.value.message_dict["date"][0]
    assert _create(world, date=tomorrow).status == DocumentStatus.DRAFT


def test_a_document_that_was_in_force_never_becomes_a_draft_again(world):
    document = make_document(world.school, by=world.curator, status=DocumentStatus.IN_FORCE)
    with pytest.raises(ValidationError) as error:
        _update(document, by=world.curator, status=DocumentStatus.DRAFT)
    assert "нельзя перевести" in error.value.message_dict["status"][0]
    _update(document, by=world.curator, status=DocumentStatus.CANCELLED)
    _update(document, by=world.curator, status=DocumentStatus.IN_FORCE)
    document.refresh_from_db()
    assert document.status == DocumentStatus.IN_FORCE
    assert document.history.count() == 3


def test_a_kind_of_another_municipality_or_one_no_longer_used_is_refused(world):
    foreign_kind = DocumentKind.objects.create(municipality=world.other_municipality, name="Протокол")
    with pytest.raises(ValidationError) as error:
        _create(world, kind=foreign_kind)
    assert "другому муниципалитету" in error.value.message_dict["kind"][0]
    hidden = DocumentKind.objects.create(municipality=world.municipality, name="Старый вид", is_active=False)
    with pytest.raises(ValidationError):
        _create(world, kind=hidden)


def test_a_document_keeps_its_kind_after_the_kind_is_hidden(world):
    own_kind = DocumentKind.objects.create(municipality=world.municipality, name="Протокол совета")
    document = _create(world, kind=own_kind)
    own_kind.is_active = False
    own_kind.save()
    _update(document, by=world.curator, title="Протокол заседания совета наставников")
    document.refresh_from_db()
    assert document.kind == own_kind


@pytest.mark.parametrize("persona", ["methodologist", "other_curator", "foreign_department_admin", "mentor"])
def test_only_the_schools_head_curator_and_the_department_admin_register_its_documents(world, persona):
    with pytest.raises(PermissionDenied):
        _create(world, by=getattr(world, persona))
    assert _create(world, by=world.department_admin).organization == world.school
    assert _create(world, by=world.head, number="46-од").organization == world.school


def test_the_department_keeps_its_own_documents_a_school_does_not(world):
    assert (
        _create(world, by=world.methodologist, organization=world.department).organization == world.department
    )
    with pytest.raises(PermissionDenied):
        _create(world, by=world.head, organization=world.department)


def test_an_archived_school_gets_no_new_documents(world):
    archived = OrganizationFactory(
        municipality=world.municipality, is_archived=True, archived_at=timezone.now(), code="sech-old"
    )
    with pytest.raises(PermissionDenied):
        _create(world, by=world.department_admin, organization=archived)


def test_only_a_draft_is_deleted_and_its_file_goes_after_the_deletion_is_committed(
    world, django_capture_on_commit_callbacks
):
    in_force = make_document(world.school, by=world.curator, status=DocumentStatus.IN_FORCE)
    with pytest.raises(ValidationError) as error:
        services.document_delete(by=world.curator, document=in_force)
    assert "только проект" in error.value.messages[0]
    draft = make_document(world.school, by=world.curator, content=SMALL_PDF)
    stored, pk = draft.file.name, draft.pk
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.document_delete(by=world.curator, document=draft)
    assert default_storage.exists(stored), "the file stays until the deletion is committed"
    for callback in callbacks:
        callback()
    assert not default_storage.exists(stored)
    assert not Document.objects.filter(pk=pk).exists()
    assert Document.history.filter(id=pk, history_type="-").exists(), "the history keeps what was deleted"


def test_a_draft_approving_an_incentive_scheme_is_not_deleted(world):
    draft = make_document(world.school, by=world.curator)
    IncentiveScheme.objects.create(
        organization=world.school, title="Система", adopted_on=datetime.date(2025, 9, 1), document=draft
    )
    with pytest.raises(ValidationError) as error:
        services.document_delete(by=world.curator, document=draft)
    assert "система мотивации" in error.value.messages[0]


def test_a_new_file_replaces_the_old_one_which_is_removed_after_commit(
    world, django_capture_on_commit_callbacks
):
    document = make_document(world.school, by=world.curator, content=SMALL_PDF)
    old = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        _update(document, by=world.curator, file=SimpleUploadedFile("новый.pdf", SMALL_PDF + b" "))
    document.refresh_from_db()
    assert document.file_name == "новый.pdf"
    assert default_storage.exists(document.file.name)
    assert not default_storage.exists(old)
    with django_capture_on_commit_callbacks(execute=True):
        _update(document, by=world.curator, remove_file=True)
    document.refresh_from_db()
    assert not document.file
    assert document.file_name == ""


def test_a_refused_file_leaves_the_document_and_its_file_as_they_were(world):
    document = make_document(world.school, by=world.curator, content=SMALL_PDF)
    stored = document.file.name
    with pytest.raises(ValidationError):
        _update(
            document,
            by=world.curator,
            title="Новое название",
            file=SimpleUploadedFile("скан.pdf", b"MZ\x90\x00" + b"\x00" * 64),
        )
    document.refresh_from_db()
    assert document.title == "О внедрении целевой модели наставничества"
    assert document.file.name == stored
    assert default_storage.exists(stored)


def test_an_archived_person_stays_linked_when_the_document_is_edited(world):
    person = PersonFactory(organization=world.school)
    document = _create(world, people=[person])
    person.is_archived = True
    person.archived_at = timezone.now()
    person.save()
    _update(document, by=world.curator, people=[person])
    assert list(document.people.all()) == [person]
    newcomer = PersonFactory(organization=world.school, is_archived=True, archived_at=timezone.now())
    with pytest.raises(ValidationError):
        _update(document, by=world.curator, people=[person, newcomer])


def test_a_document_is_linked_only_to_items_of_its_own_organizations_roadmap(world):
    document = make_document(world.school, by=world.curator)
    own_item = make_roadmap_item(world.school)
    services.document_link_roadmap_item(by=world.curator, document=document, item=own_item)
    assert list(own_item.documents.all()) == [document]
    foreign_item = make_roadmap_item(world.other_school)
    with pytest.raises(ValidationError) as error:
        services.document_link_roadmap_item(by=world.curator, document=document, item=foreign_item)
    assert "своей организации" in error.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.document_link_roadmap_item(by=world.methodologist, document=document, item=own_item)
    services.document_unlink_roadmap_item(by=world.curator, document=document, item=own_item)
    assert not document.roadmap_items.exists()


def test_a_document_may_be_registered_as_the_result_of_a_roadmap_item(world):
    item = make_roadmap_item(world.school)
    document = _create(world, roadmap_items=[item])
    assert list(document.roadmap_items.all()) == [item]
    with pytest.raises(ValidationError):
        _create(world, roadmap_items=[make_roadmap_item(world.other_school)], number="99")


# --- incentive schemes ---------------------------------------------------------------------------


def _scheme(world, *, by=None, organization=None, **fields):
    values = {
        "title": "Положение о системе мотивации наставников",
        "adopted_on": datetime.date(2025, 9, 1),
        "incentive_kinds": [INCENTIVE_KINDS[0], INCENTIVE_KINDS[3]],
    }
    values.update(fields)
    return services.incentive_scheme_save(
        by=by or world.curator, organization=organization or world.school, **values
    )


def test_an_organization_has_one_current_scheme_and_the_history_keeps_the_earlier_one(world):
    first = _scheme(world)
    second = _scheme(world, title="Новая редакция", incentive_kinds=[INCENTIVE_KINDS[6], INCENTIVE_KINDS[0]])
    assert first.pk == second.pk
    assert IncentiveScheme.objects.filter(organization=world.school).count() == 1
    assert second.incentive_kinds == [INCENTIVE_KINDS[0], INCENTIVE_KINDS[6]], "kept in the list's order"
    assert [row.title for row in second.history.order_by("history_date")] == [
        "Положение о системе мотивации наставников",
        "Новая редакция",
    ]


def test_a_scheme_names_at_least_one_incentive_from_the_list(world):
    with pytest.raises(ValidationError) as error:
        _scheme(world, incentive_kinds=[])
    assert "хотя бы одну" in error.value.message_dict["incentive_kinds"][0]
    with pytest.raises(ValidationError) as error:
        _scheme(world, incentive_kinds=["Премия имени себя"])
    assert "из списка" in error.value.message_dict["incentive_kinds"][0]
    assert not IncentiveScheme.objects.exists()


def test_a_scheme_is_approved_by_a_document_of_the_same_organization(world):
    other = make_document(world.other_school, by=world.other_curator)
    with pytest.raises(ValidationError) as error:
        _scheme(world, document=other)
    assert "этой же организации" in error.value.message_dict["document"][0]
    own = make_document(world.school, by=world.curator, kind=kind("Система мотивации наставников"))
    assert _scheme(world, document=own).document == own


def test_the_database_keeps_one_scheme_per_organization(world):
    _scheme(world)
    duplicate = IncentiveScheme(
        organization=world.school, title="Вторая", adopted_on=datetime.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "уже есть система мотивации" in str(error.value)


def test_a_methodologist_reads_schemes_but_adopts_only_the_departments(world):
    with pytest.raises(PermissionDenied):
        _scheme(world, by=world.methodologist)
    assert (
        _scheme(world, by=world.methodologist, organization=world.department).organization == world.department
    )
