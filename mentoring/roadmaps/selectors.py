"""Reads of roadmaps for pages, the control of deadlines, exports and reminders."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from mentoring.accounts.models import User
from mentoring.common.access import organizations_visible_to, roadmaps_visible_to
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.roadmaps.models import ItemCheckpoint, ItemStatus, Roadmap, RoadmapItem, RoadmapTemplate

UPCOMING_DAYS = 30


def overdue_items_q(today: datetime.date, prefix: str = "") -> Q:
    """Items not done whose date, or one of whose checkpoints, has passed."""
    return ~Q(**{f"{prefix}status": ItemStatus.DONE}) & (
        Q(**{f"{prefix}due_date__lt": today})
        | Q(
            **{
                f"{prefix}checkpoints__due_date__lt": today,
                f"{prefix}checkpoints__status__in": [ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS],
            }
        )
    )


def upcoming_items_q(today: datetime.date, prefix: str = "") -> Q:
    horizon = today + datetime.timedelta(days=UPCOMING_DAYS)
    return ~Q(**{f"{prefix}status": ItemStatus.DONE}) & Q(
        **{f"{prefix}due_date__gte": today, f"{prefix}due_date__lte": horizon}
    )


def roadmap_list(*, visible_to: User, year: int | None = None, status: str = "") -> QuerySet[Roadmap]:
    roadmaps = roadmaps_visible_to(visible_to).select_related("organization", "template")
    if year:
        roadmaps = roadmaps.filter(year=year)
    if status:
        roadmaps = roadmaps.filter(status=status)
    return roadmaps.order_by("-year", "organization__kind", "organization__short_name")


def roadmap_card(roadmap: Roadmap) -> Roadmap:
    return (
        Roadmap.objects.filter(pk=roadmap.pk)
        .select_related("organization", "organization__municipality", "template")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=RoadmapItem.objects.prefetch_related("checkpoints", "documents__kind").order_by(
                    "position"
                ),
            ),
            "transitions__by",
        )
        .get()
    )


@dataclass
class ControlRow:
    organization: Organization
    roadmap: Roadmap | None
    total: int = 0
    done: int = 0
    overdue: int = 0
    upcoming: int = 0


def control_rows(*, visible_to: User, year: int, today: datetime.date) -> list[ControlRow]:
    """For every school, ДО and the department the user sees: the roadmap of the year (or its
    absence), and how many of its items are done, overdue and due within a month. Three queries."""
    organizations = list(
        organizations_visible_to(visible_to)
        .filter(is_archived=False)
        .exclude(kind=OrganizationKind.PARTNER)
        .order_by("kind", "short_name")
    )
    roadmaps = {
        r.organization_id: r
        for r in Roadmap.objects.filter(organization__in=organizations, year=year)
        .select_related("template")
        .annotate(
            total=Count("items", distinct=True),
            done=Count("items", filter=Q(items__status=ItemStatus.DONE), distinct=True),
            upcoming=Count("items", filter=upcoming_items_q(today, "items__"), distinct=True),
        )
    }
    overdue = dict(
        RoadmapItem.objects.filter(roadmap__in=roadmaps.values())
        .filter(overdue_items_q(today))
        .values("roadmap__organization_id")
        .annotate(count=Count("pk", distinct=True))
        .values_list("roadmap__organization_id", "count")
    )
    rows = []
    for organization in organizations:
        roadmap = roadmaps.get(organization.pk)
        rows.append(
            ControlRow(
                organization=organization,
                roadmap=roadmap,
                total=getattr(roadmap, "total", 0),
                done=getattr(roadmap, "done", 0),
                overdue=overdue.get(organization.pk, 0),
                upcoming=getattr(roadmap, "upcoming", 0),
            )
        )
    return rows


def templates_available_to(user: User) -> QuerySet[RoadmapTemplate]:
    municipalities = organizations_visible_to(user).values("municipality_id")
    return RoadmapTemplate.objects.filter(
        Q(municipality__isnull=True) | Q(municipality_id__in=municipalities)
    )


def items_due_on(day: datetime.date) -> QuerySet[RoadmapItem]:
    """Items (or checkpoints) due on the day and not done, with their roadmap's organization: the
    reminders command's input."""
    checkpoint_items = (
        ItemCheckpoint.objects.filter(due_date=day).exclude(status=ItemStatus.DONE).values("item_id")
    )
    return (
        RoadmapItem.objects.exclude(status=ItemStatus.DONE)
        .filter(Q(due_date=day) | Q(pk__in=checkpoint_items))
        .select_related("roadmap", "roadmap__organization")
    )
