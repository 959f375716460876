"""Every write to municipalities and organizations."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.access import can_edit_organization, municipalities_administered_by
from mentoring.organizations.models import Municipality, Organization, OrganizationKind

EDITABLE_FIELDS = (
    "kind",
    "partner_kind",
    "full_name",
    "short_name",
    "code",
    "address",
    "head_name",
    "phone",
    "email",
    "website",
    "inn",
)


def _normalise(organization: Organization) -> None:
    if organization.kind != OrganizationKind.PARTNER:
        organization.partner_kind = ""
    organization.full_clean()


@transaction.atomic
def organization_create(*, by: User, municipality: Municipality, **fields: Any) -> Organization:
    if not municipalities_administered_by(by).filter(pk=municipality.pk).exists():
        raise PermissionDenied("Создавать организации может только администратор управления образования.")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    organization = Organization(municipality=municipality, **fields)
    _normalise(organization)
    organization.save()
    return organization


@transaction.atomic
def organization_update(*, by: User, organization: Organization, **fields: Any) -> Organization:
    if not can_edit_organization(by, organization):
        raise PermissionDenied("Изменять организацию может только администратор управления образования.")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    if "kind" in fields and fields["kind"] != organization.kind and organization.memberships.exists():
        raise ValidationError({"kind": "Нельзя изменить тип организации, в которой уже есть люди."})
    for name, value in fields.items():
        setattr(organization, name, value)
    _normalise(organization)
    organization.save()
    return organization


@transaction.atomic
def organization_archive(*, by: User, organization: Organization) -> Organization:
    if not can_edit_organization(by, organization):
        raise PermissionDenied(
            "Переносить организацию в архив может только администратор управления образования."
        )
    if organization.kind == OrganizationKind.DEPARTMENT:
        raise ValidationError("Управление образования нельзя перенести в архив.")
    if not organization.is_archived:
        organization.is_archived = True
        organization.archived_at = timezone.now()
        organization.save(update_fields=["is_archived", "archived_at", "updated_at"])
    return organization


@transaction.atomic
def organization_restore(*, by: User, organization: Organization) -> Organization:
    if not can_edit_organization(by, organization):
        raise PermissionDenied(
            "Возвращать организацию из архива может только администратор управления образования."
        )
    if organization.is_archived:
        organization.is_archived = False
        organization.archived_at = None
        organization.save(update_fields=["is_archived", "archived_at", "updated_at"])
    return organization


def organization_has_dependents(organization: Organization) -> bool:
    """Whether anything protected refers to the organization (people, roles, programs, documents,
    roadmaps…), so that it may only be archived, not deleted. Read from the model's relations, so a
    new kind of record is covered without changing this function."""
    for relation in Organization._meta.related_objects:
        if relation.on_delete is not models.PROTECT:
            continue
        related = relation.related_model
        if (
            isinstance(related, type)
            and related._default_manager.filter(**{relation.field.name: organization}).exists()
        ):
            return True
    return False


@transaction.atomic
def organization_delete(*, by: User, organization: Organization) -> None:
    """Deletes an organization entered by mistake. One that has people or documents is archived instead."""
    if not can_edit_organization(by, organization):
        raise PermissionDenied("Удалять организации может только администратор управления образования.")
    if organization.kind == OrganizationKind.DEPARTMENT:
        raise ValidationError("Управление образования удалить нельзя.")
    if organization_has_dependents(organization):
        raise ValidationError("В организации есть люди или документы: её можно только перенести в архив.")
    try:
        organization.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ValidationError(
            "В организации есть люди или документы: её можно только перенести в архив."
        ) from error
