"""Writing the personal-data access log."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from mentoring.accounts.models import User
from mentoring.common.models import AccessAction, PersonalDataAccess
from mentoring.organizations.models import Municipality, Organization
from mentoring.people.models import Person


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the proxy in front of us reports it (nginx sets X-Real-IP)."""
    if request is None:
        return None
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or None


def log_personal_data_access(
    *,
    user: User,
    request: HttpRequest | None,
    action: AccessAction,
    object_type: str,
    organization: Organization | None,
    object_id: int | None = None,
    details: str = "",
    municipality: Municipality | None = None,
) -> PersonalDataAccess:
    """Records one event. `details` must not contain personal data (counts, filters, file kinds only).
    A list across a whole municipality names the municipality instead of an organization."""
    if organization is None and municipality is None:
        raise TypeError("an access event names an organization or a municipality")
    return PersonalDataAccess.objects.create(
        user=user,
        ip_address=client_address(request),
        action=action,
        object_type=object_type,
        object_id=object_id,
        organization=organization,
        municipality_id=organization.municipality_id if organization is not None else municipality.pk,  # type: ignore[union-attr]
        details=details[:300],
    )


def log_personal_data_accesses(
    *,
    user: User,
    request: HttpRequest | None,
    action: AccessAction,
    object_type: str,
    events: Iterable[tuple[Organization, str]],
) -> list[PersonalDataAccess]:
    """Records one event per (organization, details) pair in a single INSERT: a list or a file that
    gives out the people of many organizations logs each of them without a query per organization."""
    address = client_address(request)
    return PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            user=user,
            ip_address=address,
            action=action,
            object_type=object_type,
            organization=organization,
            municipality_id=organization.municipality_id,
            details=details[:300],
        )
        for organization, details in events
    )


def log_people_shown(
    *,
    user: User,
    request: HttpRequest | None,
    action: AccessAction,
    people: Iterable[Person],
    details: str,
) -> list[PersonalDataAccess]:
    """One event per organization whose people a page of a list gave out, with how many of them:
    `details` is prefixed to «записей N»."""
    shown: dict[int, list[Person]] = {}
    for person in people:
        shown.setdefault(person.organization_id, []).append(person)
    return log_personal_data_accesses(
        user=user,
        request=request,
        action=action,
        object_type="people_base",
        events=[(group[0].organization, f"{details}: записей {len(group)}") for group in shown.values()],
    )
