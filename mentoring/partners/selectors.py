"""Reads of partner organizations and agreements for pages, the export (and later reports and the API)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.access import agreements_visible_to, partners_visible_to
from mentoring.organizations.models import Organization
from mentoring.partners.models import Agreement, AgreementStatus, agreement_status_q
from mentoring.people.models import MentorProfile
from mentoring.people.normalize import normalize_text

MAX_SEARCH_WORDS = 6

# The relation filter of the partners list.
WITH_AGREEMENTS = "with"
CANDIDATES = "candidates"


@dataclass(frozen=True)
class AgreementFilters:
    q: str = ""
    organization_id: int | None = None
    partner_id: int | None = None
    status: str = ""


def agreement_list(*, visible_to: User, filters: AgreementFilters) -> QuerySet[Agreement]:
    """Agreements the user may see, newest first, each with how many mentors it names."""
    agreements = agreements_visible_to(visible_to)
    for word in normalize_text(filters.q).split()[:MAX_SEARCH_WORDS]:
        agreements = agreements.filter(search_text__contains=word)
    if filters.organization_id:
        agreements = agreements.filter(organization_id=filters.organization_id)
    if filters.partner_id:
        agreements = agreements.filter(partner_id=filters.partner_id)
    if filters.status in AgreementStatus.values:
        agreements = agreements.filter(agreement_status_q(filters.status, timezone.localdate()))
    return (
        agreements.select_related("organization", "partner")
        .annotate(mentors_count=Count("mentors"))
        .order_by("-signed_on", "-id")
    )


def _count(queryset: QuerySet, group_by: str) -> Coalesce:
    """The number of rows of a correlated queryset, as an annotation (0 when none)."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def partner_list(
    *, visible_to: User, organization_id: int | None = None, q: str = "", relation: str = ""
) -> QuerySet[Organization]:
    """Partner organizations the user sees: those with agreements (of the chosen organization, or any
    the user sees) first, then the candidates. Each carries the number of agreements, of agreements in
    force, of mentors in its base, and the agreements themselves (`shown_agreements`)."""
    agreements = agreements_visible_to(visible_to)
    if organization_id:
        agreements = agreements.filter(organization_id=organization_id)
    today = timezone.localdate()
    scoped = agreements.filter(partner=OuterRef("pk"))
    partners = partners_visible_to(visible_to).filter(Q(is_archived=False) | Exists(scoped))
    for word in q.split()[:MAX_SEARCH_WORDS]:
        partners = partners.filter(Q(short_name__icontains=word) | Q(full_name__icontains=word) | Q(inn=word))
    partners = partners.annotate(
        agreements_total=_count(scoped, "partner"),
        agreements_active=_count(scoped.filter(agreement_status_q(AgreementStatus.ACTIVE, today)), "partner"),
        mentors_total=_count(
            MentorProfile.objects.filter(person__organization=OuterRef("pk"), person__is_archived=False),
            "person__organization",
        ),
    )
    if relation == WITH_AGREEMENTS:
        partners = partners.filter(agreements_total__gt=0)
    elif relation == CANDIDATES:
        partners = partners.filter(agreements_total=0)
    return (
        partners.select_related("municipality")
        .prefetch_related(
            Prefetch(
                "agreements_as_partner",
                queryset=agreements.select_related("organization").order_by("-signed_on", "-id"),
                to_attr="shown_agreements",
            )
        )
        .order_by("-agreements_total", "short_name", "id")
    )


def agreement_mentors(agreement: Agreement) -> QuerySet[MentorProfile]:
    return agreement.mentors.select_related("person").order_by(
        "person__last_name", "person__first_name", "person__patronymic", "id"
    )
