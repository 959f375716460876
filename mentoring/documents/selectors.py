"""Reads of the documents registry and the incentive schemes for pages (and later the API and reports)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from mentoring.accounts.models import User
from mentoring.common.access import document_holders_visible_to, documents_visible_to
from mentoring.documents.models import Document, DocumentKind, IncentiveScheme
from mentoring.organizations.models import Organization
from mentoring.people.normalize import normalize_text
from mentoring.roadmaps.models import RoadmapItem

MAX_SEARCH_WORDS = 6


@dataclass(frozen=True)
class DocumentFilters:
    q: str = ""
    kind_id: int | None = None
    organization_id: int | None = None
    status: str = ""
    year: int | None = None


def document_list(*, visible_to: User, filters: DocumentFilters) -> QuerySet[Document]:
    """Documents the user may see, newest first, with how many people and roadmap items each names.
    `q` finds every word in the number or the title, whatever the case and ё/е."""
    documents = documents_visible_to(visible_to)
    for word in normalize_text(filters.q).split()[:MAX_SEARCH_WORDS]:
        documents = documents.filter(search_text__contains=word)
    if filters.kind_id:
        documents = documents.filter(kind_id=filters.kind_id)
    if filters.organization_id:
        documents = documents.filter(organization_id=filters.organization_id)
    if filters.status:
        documents = documents.filter(status=filters.status)
    if filters.year:
        documents = documents.filter(
            date__gte=datetime.date(filters.year, 1, 1), date__lte=datetime.date(filters.year, 12, 31)
        )
    return (
        documents.select_related("organization", "kind")
        .annotate(
            people_count=Count("people", distinct=True), items_count=Count("roadmap_items", distinct=True)
        )
        .order_by("-date", "-id")
    )


def kinds_for_municipalities(
    municipality_ids: QuerySet | list[int], *, active_only: bool = True
) -> QuerySet[DocumentKind]:
    """Kinds a document of these municipalities may have: the system's and their own (for a new
    document, only those in use)."""
    kinds = DocumentKind.objects.filter(
        Q(municipality__isnull=True) | Q(municipality_id__in=municipality_ids)
    )
    return kinds.filter(is_active=True) if active_only else kinds


def document_card(document: Document) -> Document:
    return (
        Document.objects.filter(pk=document.pk)
        .select_related("organization", "organization__municipality", "kind", "created_by")
        .get()
    )


def linked_people(document: Document) -> QuerySet:
    return document.people.select_related("organization", "category").order_by(
        "last_name", "first_name", "patronymic", "id"
    )


def linked_items(document: Document) -> QuerySet[RoadmapItem]:
    return document.roadmap_items.select_related("roadmap").order_by(
        "-roadmap__year", "roadmap_id", "position"
    )


def items_linkable_to(document: Document) -> QuerySet[RoadmapItem]:
    """Items of the organization's roadmaps the document is not linked to yet."""
    return (
        RoadmapItem.objects.filter(roadmap__organization_id=document.organization_id)
        .exclude(documents=document)
        .select_related("roadmap")
        .order_by("-roadmap__year", "roadmap_id", "position")
    )


def incentive_overview(*, visible_to: User, missing_only: bool = False) -> QuerySet[Organization]:
    """Organizations whose incentive schemes the user reads (not archived), each with its scheme's id,
    title and adoption date, or none."""
    schemes = IncentiveScheme.objects.filter(organization=OuterRef("pk"))
    organizations = (
        document_holders_visible_to(visible_to)
        .filter(is_archived=False)
        .annotate(has_scheme=Exists(schemes))
        .select_related("municipality")
        .order_by("municipality__name", "kind", "short_name")
    )
    if missing_only:
        organizations = organizations.filter(has_scheme=False)
    return organizations


def schemes_of(organizations: list[Organization]) -> dict[int, IncentiveScheme]:
    """The schemes of the organizations on one page, by organization id (one query)."""
    return {
        scheme.organization_id: scheme
        for scheme in IncentiveScheme.objects.filter(organization__in=organizations).select_related(
            "document"
        )
    }
