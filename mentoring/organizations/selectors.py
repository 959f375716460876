"""Reads of organizations for pages, reports and the API."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from mentoring.accounts.models import Membership, Role, User
from mentoring.common.access import organizations_visible_to
from mentoring.common.ordering import in_order_of
from mentoring.organizations.models import OrganizationKind


def _active(role: str) -> Q:
    return Q(memberships__is_active=True, memberships__role=role)


def organization_list(
    *, visible_to: User, q: str = "", kind: str = "", include_archived: bool = False
) -> QuerySet:
    """Organizations the user may see, with counts of people by role (one query)."""
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
    return organizations.annotate(
        people_count=Count("memberships__user", filter=Q(memberships__is_active=True), distinct=True),
        curator_count=Count("memberships", filter=_active(Role.CURATOR)),
        mentor_count=Count("memberships", filter=_active(Role.MENTOR)),
        mentee_count=Count("memberships", filter=_active(Role.MENTEE)),
    ).order_by("municipality__name", in_order_of("kind", OrganizationKind.values), "short_name")


def organization_staff(*, organization_id: int) -> QuerySet[Membership]:
    """Active memberships of one organization with their users, for the staff list."""
    return (
        Membership.objects.filter(organization_id=organization_id, is_active=True)
        .select_related("user")
        .order_by(in_order_of("role", Role.values), "user__last_name", "user__first_name")
    )


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
