"""Reads of users and roles for pages, reports and the API."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from mentoring.accounts.models import Membership, User
from mentoring.common.access import organizations_visible_to, users_visible_to


def user_list(
    *, visible_to: User, q: str = "", organization_id: int | None = None, role: str = ""
) -> QuerySet[User]:
    """Users the actor may see, each with those of their active memberships that the actor may see
    (a head does not learn where else the own staff work)."""
    users = users_visible_to(visible_to)
    if q:
        for word in q.split()[:4]:
            users = users.filter(
                Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(patronymic__icontains=word)
                | Q(username__icontains=word)
                | Q(email__icontains=word)
            )
    if organization_id or role:
        # Only roles in organizations the actor sees count: a head filtering by "mentor" must not
        # find that somebody is a mentor elsewhere.
        matching = Membership.objects.filter(
            is_active=True, organization__in=organizations_visible_to(visible_to)
        )
        if organization_id:
            matching = matching.filter(organization_id=organization_id)
        if role:
            matching = matching.filter(role=role)
        users = users.filter(pk__in=matching.values("user_id"))
    return users.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(
                is_active=True, organization__in=organizations_visible_to(visible_to)
            ).select_related("organization"),
            to_attr="active_memberships",
        )
    ).order_by("last_name", "first_name", "patronymic", "pk")


def memberships_of(user: User, *, visible_to: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, organization__in=organizations_visible_to(visible_to))
        .select_related("organization", "organization__municipality")
        .order_by("-is_active", "organization__short_name", "role")
    )
