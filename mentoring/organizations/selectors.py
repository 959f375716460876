"""Reads of organizations for pages, reports and the API."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from mentoring.accounts.models import Membership, Role, User
from mentoring.common.access import organizations_visible_to
from mentoring.common.ordering import in_order_of
from mentoring.organizations.models import Organization, OrganizationKind


def organization_list(
    *, visible_to: User, q: str = "", kind: str = "", include_archived: bool = False
) -> QuerySet[Organization]:
    """Organizations the user may see, in the order people expect: department, schools, ДО, partners."""
    organizations = organizations_visible_to(visible_to).select_related("municipality")
    if not include_archived:
        organizations = organizations.filter(is_archived=False)
    if kind:
        organizations = organizations.filter(kind=kind)
    if q:
        organizations = organizations.filter(
            Q(short_name__icontains=q)
            | Q(full_name__icontains=q)
            | Q(code__icontains=q)
            | Q(address__icontains=q)
        )
    return organizations.order_by(
        "municipality__name", in_order_of("kind", OrganizationKind.values), "short_name"
    )


def with_people_counts(organizations: Iterable[Organization]) -> list[Organization]:
    """Sets people_count, curator_count, mentor_count and mentee_count on each organization, counting
    active roles. One grouped query for the given organizations only, so a paginated list costs the
    same whatever the size of the municipality."""
    rows = list(organizations)
    counts = {
        row["organization_id"]: row
        for row in Membership.objects.filter(organization__in=[o.pk for o in rows], is_active=True)
        .values("organization_id")
        .annotate(
            people=Count("user", distinct=True),
            curators=Count("pk", filter=Q(role=Role.CURATOR)),
            mentors=Count("pk", filter=Q(role=Role.MENTOR)),
            mentees=Count("pk", filter=Q(role=Role.MENTEE)),
        )
        .order_by()
    }
    for organization in rows:
        found = counts.get(organization.pk, {})
        organization.people_count = found.get("people", 0)  # type: ignore[attr-defined]
        organization.curator_count = found.get("curators", 0)  # type: ignore[attr-defined]
        organization.mentor_count = found.get("mentors", 0)  # type: ignore[attr-defined]
        organization.mentee_count = found.get("mentees", 0)  # type: ignore[attr-defined]
    return rows


def organization_staff(*, organization_id: int) -> QuerySet[Membership]:
    """Active memberships of one organization with their users, for the staff list."""
    return (
        Membership.objects.filter(organization_id=organization_id, is_active=True)
        .select_related("user")
        .order_by(in_order_of("role", Role.values), "user__last_name", "user__first_name")
    )


def staff_of_organizations(*, organization_ids: Iterable[int]) -> dict[int, list[Membership]]:
    """The staff lists of several organizations in one query (organization id -> its active memberships,
    ordered as `organization_staff` orders them)."""
    staff: dict[int, list[Membership]] = {}
    memberships = (
        Membership.objects.filter(organization_id__in=list(organization_ids), is_active=True)
        .select_related("user")
        .order_by(in_order_of("role", Role.values), "user__last_name", "user__first_name")
    )
    for membership in memberships:
        staff.setdefault(membership.organization_id, []).append(membership)
    return staff


def people_totals(*, visible_to: User) -> dict[str, int]:
    """Distinct people with active roles in the visible, non-archived organizations: somebody who is a
    mentor in two organizations counts once."""
    memberships = Membership.objects.filter(
        is_active=True, organization__in=organizations_visible_to(visible_to), organization__is_archived=False
    )
    return memberships.aggregate(
        people=Count("user", distinct=True),
        mentors=Count("user", filter=Q(role=Role.MENTOR), distinct=True),
        mentees=Count("user", filter=Q(role=Role.MENTEE), distinct=True),
    )
