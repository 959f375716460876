"""The demo district's monitoring: the contingent of every school and ДО for this year and the last, the
department's targets for the municipality and two schools, and the personal register of every past
quarter since the demo's pairs began (taken as the quarter-end command would), plus one snapshot on
demand of the running quarter so that this year's indicators show figures from the first day.

Deterministic (numbers follow from positions in the list of organizations) and idempotent (contingents
and targets are created only when missing; a quarter's snapshot only when it has none).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.mentorships.models import Mentorship
from mentoring.monitoring import services
from mentoring.monitoring.indicators import indicators_in_force
from mentoring.monitoring.models import (
    Contingent,
    Indicator,
    IndicatorTarget,
    RegisterSnapshot,
    SnapshotReason,
)
from mentoring.monitoring.register import quarter_of
from mentoring.organizations.models import Organization, OrganizationKind

DEPARTMENT_USER = "uo"
# indicator code -> (last year's target, this year's target), %
MUNICIPAL_TARGETS = {
    "1": (40, 50),
    "2": (10, 15),
    "3": (70, 80),
    "4": (40, 60),
    "5": (75, 80),
    "6": (75, 80),
    "7": (20, 25),
}
SCHOOL_TARGETS = {"brz-school-1": {"1": 55, "2": 20, "3": 100}, "brz-school-2": {"1": 45, "2": 15, "3": 50}}


def _contingents(organizations: list[Organization], years: list[int], by: User) -> int:
    made = 0
    for index, organization in enumerate(organizations):
        supplementary = organization.kind == OrganizationKind.SUPPLEMENTARY
        for year in years:
            growth = 1 if year == years[-1] else 0
            # Small rural schools of the district: tens of pupils aged 10–18, not hundreds.
            pupils = (30 if supplementary else 36) + 9 * (index % 5) + 2 * growth
            teachers = (6 if supplementary else 12) + 2 * (index % 4)
            _, created = Contingent.objects.get_or_create(
                organization=organization,
                year=year,
                defaults={
                    "pupils_10_18": pupils,
                    "pupils_15_18": pupils * 2 // 5,
                    "teachers": teachers,
                    "young_teachers": 1 + (index + growth) % 4,
                    "entered_by": by,
                },
            )
            made += int(created)
    return made


def _targets(organizations: dict[str, Organization], years: list[int], by: User) -> int:
    municipality = organizations["brz-uo"].municipality
    start, end = datetime.date(years[-1], 1, 1), datetime.date(years[-1], 12, 31)
    indicators = {indicator.code: indicator for indicator in indicators_in_force(start, end)}
    made = 0
    for code, values in MUNICIPAL_TARGETS.items():
        if code not in indicators:
            continue
        for year, value in zip(years, values, strict=True):
            _, created = IndicatorTarget.objects.get_or_create(
                indicator=indicators[code],
                municipality=municipality,
                organization=None,
                year=year,
                defaults={"value": Decimal(value), "set_by": by},
            )
            made += int(created)
    for organization_code, targets in SCHOOL_TARGETS.items():
        for code, value in targets.items():
            if code not in indicators or organization_code not in organizations:
                continue
            _, created = IndicatorTarget.objects.get_or_create(
                indicator=indicators[code],
                municipality=municipality,
                organization=organizations[organization_code],
                year=years[-1],
                defaults={"value": Decimal(value), "set_by": by},
            )
            made += int(created)
    return made


def _snapshots(organizations: dict[str, Organization], by: User) -> int:
    municipality = organizations["brz-uo"].municipality
    first = (
        Mentorship.objects.filter(organization__municipality=municipality)
        .order_by("started_on")
        .values_list("started_on", flat=True)
        .first()
    )
    if first is None:
        return 0
    today = timezone.localdate()
    running = quarter_of(today)
    quarter = quarter_of(first)
    taken = 0
    while quarter < running:
        if services.snapshot_take_if_missing(municipality=municipality, year=quarter[0], quarter=quarter[1]):
            taken += 1
        quarter = (quarter[0] + 1, 1) if quarter[1] == 4 else (quarter[0], quarter[1] + 1)
    if not RegisterSnapshot.objects.filter(
        municipality=municipality, year=running[0], quarter=running[1]
    ).exists():
        services.snapshot_take(
            municipality=municipality,
            year=running[0],
            quarter=running[1],
            reason=SnapshotReason.ON_DEMAND,
            by=by,
            note="Срез на сегодня для квартальной справки",
        )
        taken += 1
    return taken


@transaction.atomic
def load_demo_monitoring(organizations: dict[str, Organization]) -> int:
    """Creates what is missing; returns how many contingents, targets and snapshots it made."""
    by = User.objects.get(username=DEPARTMENT_USER)
    this_year = timezone.localdate().year
    years = [this_year - 1, this_year]
    if not Indicator.objects.exists():
        return 0
    keeping = [
        organization
        for organization in sorted(organizations.values(), key=lambda item: item.code)
        if organization.kind in (OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY)
    ]
    return (
        _contingents(keeping, years, by) + _targets(organizations, years, by) + _snapshots(organizations, by)
    )
