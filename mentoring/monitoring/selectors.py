"""Reads of the register and the indicators for their pages and exports. The scope of entries a user
reads comes from mentoring.common.access (register_entries_scope)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from mentoring.common.access import MONITORING_ORGANIZATION_KINDS
from mentoring.monitoring.models import (
    Contingent,
    IndicatorTarget,
    RegisterEntry,
    RegisterRole,
    RegisterSnapshot,
)
from mentoring.organizations.models import Municipality, Organization
from mentoring.people.models import Consent, valid_consent_q
from mentoring.programs.models import MentoringForm


def municipality_snapshots(municipality: Municipality) -> QuerySet[RegisterSnapshot]:
    """The municipality's snapshots, newest first; `superseded` marks those replaced by a later
    snapshot of the same quarter (only the newest counts)."""
    newer = RegisterSnapshot.objects.filter(
        Q(taken_at__gt=OuterRef("taken_at")) | Q(taken_at=OuterRef("taken_at"), pk__gt=OuterRef("pk")),
        municipality_id=OuterRef("municipality_id"),
        year=OuterRef("year"),
        quarter=OuterRef("quarter"),
    )
    return (
        RegisterSnapshot.objects.filter(municipality=municipality)
        .select_related("taken_by")
        .annotate(superseded=Exists(newer))
        .order_by("-year", "-quarter", "-taken_at", "-id")
    )


@dataclass(frozen=True)
class SnapshotCounts:
    people: int
    mentors: int
    mentees: int


def snapshot_counts(snapshot_ids: list[int], *, entries: Q) -> dict[int, SnapshotCounts]:
    """How many distinct people each snapshot holds in the user's scope (`entries`, a condition on
    RegisterEntry), and how many of them mentor and are mentored. One query for the whole page."""
    rows = (
        RegisterEntry.objects.filter(entries, snapshot_id__in=snapshot_ids)
        .order_by()
        .values("snapshot_id")
        .annotate(
            people=Count("person", distinct=True),
            mentors=Count("person", distinct=True, filter=Q(role=RegisterRole.MENTOR)),
            mentees=Count("person", distinct=True, filter=Q(role=RegisterRole.MENTEE)),
        )
    )
    counts = {
        row["snapshot_id"]: SnapshotCounts(row["people"], row["mentors"], row["mentees"]) for row in rows
    }
    return {pk: counts.get(pk, SnapshotCounts(0, 0, 0)) for pk in snapshot_ids}


def snapshot_entries(
    *,
    snapshot: RegisterSnapshot,
    entries: Q,
    organization_id: int | None = None,
    role: str = "",
    form_id: int | None = None,
) -> QuerySet[RegisterEntry]:
    """A snapshot's rows the user reads, filtered by the organization (of the program or of the person),
    the role and the form; with everything a row shows joined."""
    rows = RegisterEntry.objects.filter(entries, snapshot=snapshot)
    if organization_id is not None:
        rows = rows.filter(Q(organization_id=organization_id) | Q(person_organization_id=organization_id))
    if role:
        rows = rows.filter(role=role)
    if form_id is not None:
        rows = rows.filter(form_id=form_id)
    return rows.select_related(
        "person", "organization", "person_organization", "program", "form", "category"
    ).order_by("organization__short_name", "role", "person__last_name", "person__first_name", "id")


def snapshot_filter_choices(
    *, snapshot: RegisterSnapshot, entries: Q
) -> tuple[QuerySet[Organization], QuerySet[MentoringForm]]:
    """The organizations and forms that occur in the rows the user reads (for the filters)."""
    rows = RegisterEntry.objects.filter(entries, snapshot=snapshot).order_by()
    organizations = Organization.objects.filter(
        Q(pk__in=rows.values("organization_id")) | Q(pk__in=rows.values("person_organization_id"))
    ).order_by("short_name")
    forms = MentoringForm.objects.filter(pk__in=rows.values("form_id")).order_by("position", "name")
    return organizations, forms


def consenting_person_ids(person_ids: set[int]) -> set[int]:
    """Of these people, those with a valid consent today: nobody else is exported (152-FZ)."""
    return set(
        Consent.objects.filter(valid_consent_q(timezone.localdate()), person_id__in=person_ids).values_list(
            "person_id", flat=True
        )
    )


def with_valid_consent(entries: QuerySet[RegisterEntry]) -> QuerySet[RegisterEntry]:
    """The rows of people with a valid consent today (as `consenting_person_ids`, in the database, so
    that an export of a whole region needs no list of ids)."""
    return entries.filter(
        Exists(Consent.objects.filter(valid_consent_q(timezone.localdate()), person_id=OuterRef("person_id")))
    )


def organizations_of_entries(entries: QuerySet[RegisterEntry]) -> QuerySet[Organization]:
    """The organizations whose people the rows show: the person's own, or the program's when the
    person's is not known (for the personal-data access log)."""
    ids = set()
    for person_organization_id, organization_id in (
        entries.order_by().values_list("person_organization_id", "organization_id").distinct()
    ):
        ids.add(person_organization_id or organization_id)
    return Organization.objects.filter(pk__in=ids)


@dataclass(frozen=True)
class ContingentRow:
    organization: Organization
    contingent: Contingent | None


def contingent_rows(*, municipality: Municipality, year: int) -> list[ContingentRow]:
    """Every school and ДО of the municipality with its contingent of the year (or None)."""
    organizations = list(
        Organization.objects.filter(
            municipality=municipality, kind__in=MONITORING_ORGANIZATION_KINDS, is_archived=False
        ).order_by("kind", "short_name")
    )
    contingents = {
        row.organization_id: row
        for row in Contingent.objects.filter(organization__in=organizations, year=year).select_related(
            "entered_by"
        )
    }
    return [ContingentRow(organization, contingents.get(organization.pk)) for organization in organizations]


def targets_of(*, municipality: Municipality, year: int) -> dict[tuple[int, int | None], IndicatorTarget]:
    """The year's targets: (indicator id, organization id or None) → target."""
    return {
        (target.indicator_id, target.organization_id): target
        for target in IndicatorTarget.objects.filter(municipality=municipality, year=year)
    }


def target_organizations(municipality: Municipality) -> list[Organization]:
    return list(
        Organization.objects.filter(
            municipality=municipality, kind__in=MONITORING_ORGANIZATION_KINDS, is_archived=False
        ).order_by("kind", "short_name")
    )
