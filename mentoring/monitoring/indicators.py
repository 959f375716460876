"""Actual values of the target indicators (6.2), computed from the personal register and the
questionnaires, never typed in.

- Shares of people (indicators 1, 2, 3 and the teachers-as-mentors one) count distinct people in the
  register snapshot of the period — a person in two programs counts once — with the age and category
  they had on the snapshot date. For an organization, its own people are counted (the person's
  organization in the register); the denominator is the organization's contingent of the year. For the
  municipality the denominator is the sum over every school and ДО; when any of them has not entered
  its contingent the value is missing and the reason names them: a missing figure, never a zero.
- Partner organizations (4): the municipality's partners (or, for an organization, those with an
  agreement with it in force during the period) whose employees appear as mentors in the snapshot
  (for an organization, in its own programs).
- Satisfaction (5, 6): respondents whose mean of the satisfaction items of their latest answer in the
  period is at least the indicator's threshold, out of all respondents (mentoring.surveys.results).

The period is a quarter (its snapshot) or a year (the snapshot of its latest quarter taken).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from mentoring.common.access import MONITORING_ORGANIZATION_KINDS
from mentoring.monitoring.models import (
    Computation,
    Contingent,
    Indicator,
    IndicatorTarget,
    RegisterEntry,
    RegisterRole,
    RegisterSnapshot,
)
from mentoring.monitoring.register import current_snapshot, latest_snapshot_of_year, quarter_bounds
from mentoring.organizations.models import Municipality, Organization, OrganizationKind
from mentoring.partners.models import Agreement
from mentoring.people.models import Person, PersonCategory
from mentoring.surveys.results import satisfaction_by_person

MISSING_SNAPSHOT = "нет среза персонифицированного учёта за период"
MISSING_PARTNERS_MUNICIPALITY = "в муниципалитете нет организаций-партнёров"
MISSING_PARTNERS_ORGANIZATION = "нет соглашений с организациями-партнёрами, действующих в периоде"
MISSING_RESPONSES = "за период нет ответов на анкеты"
NAMED_ORGANIZATIONS = 10

# Which contingent column is the denominator of each share of people.
CONTINGENT_FIELDS: dict[str, str] = {
    Computation.MENTEES_10_18: "pupils_10_18",
    Computation.MENTORS_15_18: "pupils_15_18",
    Computation.YOUNG_TEACHERS_MENTEES: "young_teachers",
    Computation.TEACHERS_MENTORS: "teachers",
}
SATISFACTION_ROLES: dict[str, str] = {
    Computation.MENTEE_SATISFACTION: RegisterRole.MENTEE,
    Computation.MENTOR_SATISFACTION: RegisterRole.MENTOR,
}


@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    target: Decimal | None
    numerator: int
    denominator: int | None  # None when unknown
    actual: Decimal | None  # percent, 1 decimal; None when the denominator is missing or zero
    missing: str  # Russian reason when actual is None ("не внесён контингент"), else ""
    snapshot: RegisterSnapshot | None
    # Where the value comes from, so that indicator_people can list the people behind it.
    municipality_id: int = 0
    start: datetime.date | None = None
    end: datetime.date | None = None


def period_bounds(year: int, quarter: int | None) -> tuple[datetime.date, datetime.date]:
    if quarter is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return quarter_bounds(year, quarter)


def indicators_in_force(start: datetime.date, end: datetime.date) -> list[Indicator]:
    """The versions of the indicators in force during the period, one per code (the latest start)."""
    chosen: dict[str, Indicator] = {}
    versions = Indicator.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=start), valid_from__lte=end
    )
    for indicator in versions.order_by("code", "-valid_from"):
        chosen.setdefault(indicator.code, indicator)
    return sorted(chosen.values(), key=lambda item: (item.position, item.code))


def scope_organizations(municipality: Municipality, organization: Organization | None) -> list[Organization]:
    """The schools and ДО whose contingent makes the denominator."""
    if organization is not None:
        return [organization]
    return list(
        Organization.objects.filter(
            municipality=municipality, kind__in=MONITORING_ORGANIZATION_KINDS, is_archived=False
        ).order_by("short_name")
    )


def _own_people(organization: Organization | None) -> Q:
    if organization is None:
        return Q()
    return Q(person_organization_id=organization.pk) | Q(
        person_organization__isnull=True, organization_id=organization.pk
    )


def _people_condition(computation: str, pupil_id: int | None, teacher_id: int | None) -> Q:
    if computation == Computation.MENTEES_10_18:
        return Q(role=RegisterRole.MENTEE, category_id=pupil_id, age__gte=10, age__lte=18)
    if computation == Computation.MENTORS_15_18:
        return Q(role=RegisterRole.MENTOR, category_id=pupil_id, age__gte=15, age__lte=18)
    if computation == Computation.YOUNG_TEACHERS_MENTEES:
        return Q(role=RegisterRole.MENTEE, category_id=teacher_id, is_young_specialist=True)
    return Q(role=RegisterRole.MENTOR, category_id=teacher_id)


def partner_ids(
    municipality: Municipality, organization: Organization | None, start: datetime.date, end: datetime.date
) -> list[int]:
    """Partner organizations of the scope: the municipality's, or those with an agreement with the
    organization in force during the period."""
    if organization is None:
        return list(
            Organization.objects.filter(
                municipality=municipality, kind=OrganizationKind.PARTNER, is_archived=False
            ).values_list("pk", flat=True)
        )
    return list(
        Agreement.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=start),
            organization=organization,
            valid_from__lte=end,
            partner__kind=OrganizationKind.PARTNER,
        )
        .values_list("partner_id", flat=True)
        .distinct()
    )


def _partner_mentors(organization: Organization | None, partners: Collection[int]) -> Q:
    condition = Q(role=RegisterRole.MENTOR, person_organization_id__in=list(partners))
    if organization is not None:
        condition &= Q(organization_id=organization.pk)
    return condition


def _percent(numerator: int, denominator: int | None) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def satisfied_people(
    *,
    indicator: Indicator,
    municipality_id: int,
    start: datetime.date,
    end: datetime.date,
    organization: Organization | None,
) -> tuple[list[int], int]:
    """(satisfied person ids, respondents) for a satisfaction indicator."""
    means = satisfaction_by_person(
        municipality_id=municipality_id,
        role=SATISFACTION_ROLES[indicator.computation],
        start=start,
        end=end,
        organization_ids=[organization.pk] if organization is not None else None,
    )
    threshold = float(indicator.threshold) if indicator.threshold is not None else 7.0
    satisfied = sorted(person_id for person_id, mean in means.items() if mean >= threshold)
    return satisfied, len(means)


def _missing_contingent(
    year: int,
    organizations: list[Organization],
    lacking: list[Organization],
    organization: Organization | None,
) -> str:
    if organization is not None:
        return f"не внесён контингент за {year} год"
    if not organizations:
        return "в муниципалитете нет школ и организаций ДО"
    names = ", ".join(item.short_name for item in lacking[:NAMED_ORGANIZATIONS])
    more = len(lacking) - NAMED_ORGANIZATIONS
    if more > 0:
        names += f" и ещё {more}"
    return f"не внесён контингент за {year} год: {names}"


def indicator_values(
    *,
    municipality: Municipality,
    year: int,
    quarter: int | None = None,
    organization: Organization | None = None,
) -> list[IndicatorValue]:
    """Every indicator in force in the period with its target, actual value, numerator and denominator.
    A bounded number of queries whatever the size of the register."""
    start, end = period_bounds(year, quarter)
    indicators = indicators_in_force(start, end)
    if not indicators:
        return []
    snapshot = (
        current_snapshot(municipality, year, quarter)
        if quarter is not None
        else latest_snapshot_of_year(municipality, year)
    )
    targets = {
        target.indicator_id: target.value
        for target in IndicatorTarget.objects.filter(
            indicator__in=indicators,
            municipality=municipality,
            year=year,
            organization=organization,
        )
    }
    organizations = scope_organizations(municipality, organization)
    contingents = {
        row.organization_id: row
        for row in Contingent.objects.filter(organization__in=organizations, year=year)
    }
    lacking = [item for item in organizations if item.pk not in contingents]
    categories = dict(
        PersonCategory.objects.filter(code__in=[PersonCategory.PUPIL, PersonCategory.TEACHER]).values_list(
            "code", "pk"
        )
    )
    pupil_id, teacher_id = categories.get(PersonCategory.PUPIL), categories.get(PersonCategory.TEACHER)
    partners = partner_ids(municipality, organization, start, end)

    counts: dict[str, int] = {}
    if snapshot is not None:
        own = _own_people(organization)
        aggregates = {
            str(computation): Count(
                "person", distinct=True, filter=_people_condition(computation, pupil_id, teacher_id) & own
            )
            for computation in CONTINGENT_FIELDS
        }
        aggregates[str(Computation.PARTNERS_SUPPLYING_MENTORS)] = Count(
            "person_organization", distinct=True, filter=_partner_mentors(organization, partners)
        )
        entries = RegisterEntry.objects.filter(snapshot=snapshot)
        if organization is not None:
            # Its own people for the shares, its own programs for the partners' mentors.
            entries = entries.filter(own | Q(organization_id=organization.pk))
        counts = {key: value or 0 for key, value in entries.order_by().aggregate(**aggregates).items()}

    values: list[IndicatorValue] = []
    common = {"municipality_id": municipality.pk, "start": start, "end": end, "snapshot": snapshot}
    for indicator in indicators:
        target = targets.get(indicator.pk)
        computation = indicator.computation
        numerator, denominator, missing = 0, None, ""
        if computation in CONTINGENT_FIELDS:
            if snapshot is None:
                missing = MISSING_SNAPSHOT
            else:
                numerator = counts.get(computation, 0)
            if lacking or not organizations:
                missing = missing or _missing_contingent(year, organizations, lacking, organization)
            else:
                denominator = sum(
                    getattr(contingents[item.pk], CONTINGENT_FIELDS[computation]) for item in organizations
                )
                if denominator == 0 and not missing:
                    missing = "в контингенте указан ноль"
        elif computation == Computation.PARTNERS_SUPPLYING_MENTORS:
            denominator = len(partners)
            if snapshot is None:
                missing = MISSING_SNAPSHOT
            else:
                numerator = counts.get(computation, 0)
            if denominator == 0:
                missing = missing or (
                    MISSING_PARTNERS_MUNICIPALITY if organization is None else MISSING_PARTNERS_ORGANIZATION
                )
        elif computation in SATISFACTION_ROLES:
            result = satisfied_people(
                indicator=indicator,
                municipality_id=municipality.pk,
                start=start,
                end=end,
                organization=organization,
            )
            numerator, denominator = len(result[0]), result[1]
            if denominator == 0:
                missing = MISSING_RESPONSES
        actual = None if missing else _percent(numerator, denominator)
        values.append(
            IndicatorValue(
                indicator=indicator,
                target=target,
                numerator=numerator,
                denominator=denominator,
                actual=actual,
                missing=missing if actual is None else "",
                **common,  # type: ignore[arg-type]
            )
        )
    return values


def indicator_people(*, value: IndicatorValue, organization: Organization | None) -> QuerySet[Person]:
    """The people behind the numerator: those counted in it (each once), from the snapshot or the
    questionnaires of the period."""
    indicator = value.indicator
    computation = indicator.computation
    if computation in SATISFACTION_ROLES:
        if value.start is None or value.end is None:
            return Person.objects.none()
        result = satisfied_people(
            indicator=indicator,
            municipality_id=value.municipality_id,
            start=value.start,
            end=value.end,
            organization=organization,
        )
        return Person.objects.filter(pk__in=result[0])
    if value.snapshot is None:
        return Person.objects.none()
    entries = RegisterEntry.objects.filter(snapshot=value.snapshot)
    if computation == Computation.PARTNERS_SUPPLYING_MENTORS:
        start, end = value.start, value.end
        if start is None or end is None:
            return Person.objects.none()
        municipality = value.snapshot.municipality
        condition = _partner_mentors(organization, partner_ids(municipality, organization, start, end))
    else:
        categories = dict(
            PersonCategory.objects.filter(
                code__in=[PersonCategory.PUPIL, PersonCategory.TEACHER]
            ).values_list("code", "pk")
        )
        condition = _people_condition(
            computation, categories.get(PersonCategory.PUPIL), categories.get(PersonCategory.TEACHER)
        ) & _own_people(organization)
    return Person.objects.filter(pk__in=entries.filter(condition).values("person_id"))
