import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from mentoring.organizations import services
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.organizations.tests.factories import OrganizationFactory


def _school_fields(**changes):
    return {
        "kind": OrganizationKind.SCHOOL,
        "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Рябинская СШ»",
        "short_name": "МБОУ Рябинская СШ",
        "code": "sech-ryabina",
        **changes,
    }


def test_only_a_department_admin_of_that_municipality_creates_organizations(world):
    for outsider in (world.methodologist, world.head, world.foreign_department_admin):
        with pytest.raises(PermissionDenied):
            services.organization_create(by=outsider, municipality=world.municipality, **_school_fields())
    created = services.organization_create(
        by=world.department_admin, municipality=world.municipality, **_school_fields()
    )
    assert created.municipality == world.municipality


def test_a_second_department_in_one_municipality_is_refused(world):
    with pytest.raises(ValidationError, match="уже есть управление образования"):
        services.organization_create(
            by=world.department_admin,
            municipality=world.municipality,
            **_school_fields(kind=OrganizationKind.DEPARTMENT),
        )


def test_the_database_itself_refuses_a_second_department(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(
            municipality=world.municipality, kind=OrganizationKind.DEPARTMENT, short_name="УО-2", code="uo-2"
        )


def test_the_database_refuses_a_partner_without_a_partner_kind(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(
            municipality=world.municipality, kind=OrganizationKind.PARTNER, short_name="ООО «Х»", code="x-1"
        )


def test_an_organization_with_people_cannot_be_deleted_even_bypassing_the_service(world):
    with pytest.raises(ProtectedError):
        world.school.delete()
    with pytest.raises(ValidationError):
        services.organization_delete(by=world.department_admin, organization=world.school)


def test_a_municipality_with_organizations_cannot_be_deleted(world):
    with pytest.raises(ProtectedError):
        world.municipality.delete()


def test_archiving_twice_keeps_the_first_archive_date(world):
    empty = OrganizationFactory(municipality=world.municipality)
    services.organization_archive(by=world.department_admin, organization=empty)
    first = empty.archived_at
    services.organization_archive(by=world.department_admin, organization=empty)
    assert empty.archived_at == first


def test_every_change_is_kept_in_the_history_with_its_author(world):
    services.organization_update(
        by=world.department_admin, organization=world.school, phone="+7 831 111-22-33"
    )
    record = world.school.history.first()
    assert record.phone == "+7 831 111-22-33"
    assert record.history_type == "~"


def test_an_organization_with_a_program_but_no_people_is_archived_not_deleted(world):
    from mentoring.programs.tests.factories import ProgramFactory

    empty = OrganizationFactory(municipality=world.municipality)
    ProgramFactory(organization=empty)
    assert services.organization_has_dependents(empty)
    with pytest.raises(ValidationError):
        services.organization_delete(by=world.department_admin, organization=empty)
    assert Organization.objects.filter(pk=empty.pk).exists()
