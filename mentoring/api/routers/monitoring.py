"""Target indicators and the personal register by quarter, read the way the monitoring pages read
them: the department sees its municipality, a school's or ДО's head and curator their own."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Field, Query, Router, Schema

from mentoring.api.routers.common import responses
from mentoring.api.schemas import PageMeta, Paging, page
from mentoring.api.types import Pk, Quarter, Year
from mentoring.common.access import (
    get_monitoring_municipality_for_user,
    get_monitoring_organization_for_user,
    register_entries_scope,
)
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.monitoring.indicators import indicator_values
from mentoring.monitoring.models import RegisterRole
from mentoring.monitoring.register import current_snapshot
from mentoring.monitoring.selectors import snapshot_entries
from mentoring.organizations.models import Municipality, Organization

router = Router(tags=["Мониторинг"])


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    target: Decimal | None
    actual: Decimal | None = Field(description="Факт, % (1 знак); null, если знаменатель неизвестен или ноль")
    numerator: int
    denominator: int | None
    missing: str = Field(description="Почему нет факта (например, «не внесён контингент»)")
    snapshot_id: int | None


class IndicatorList(Schema):
    year: int
    quarter: int | None
    municipality_id: int
    organization_id: int | None
    items: list[IndicatorOut]


class IndicatorQuery(Schema):
    year: Year
    quarter: Quarter | None = Field(None, description="Пусто — последний срез года")
    municipality_id: Pk | None = Field(None, description="Муниципалитет (для управления образования)")
    organization_id: Pk | None = Field(None, description="Школа или ДО")


def _where(
    request: AuthenticatedHttpRequest, municipality_id: int | None, organization_id: int | None
) -> tuple[int, Organization | None]:
    """The municipality and organization asked for, through the monitoring access helpers."""
    if organization_id is not None:
        organization, _ = get_monitoring_organization_for_user(request.user, organization_id)
        if municipality_id is not None and municipality_id != organization.municipality_id:
            raise Http404("Организация не найдена")
        return organization.municipality_id, organization
    if municipality_id is None:
        raise Http404("Укажите municipality_id или organization_id")
    municipality, _ = get_monitoring_municipality_for_user(request.user, municipality_id)
    return municipality.pk, None


@router.get("/indicators", response=responses(IndicatorList), summary="Целевые показатели: план и факт")
def list_indicators(request: AuthenticatedHttpRequest, filters: Query[IndicatorQuery]) -> dict[str, object]:
    municipality_id, organization = _where(request, filters.municipality_id, filters.organization_id)
    municipality = Municipality.objects.get(pk=municipality_id)
    values = indicator_values(
        municipality=municipality, year=filters.year, quarter=filters.quarter, organization=organization
    )
    return {
        "year": filters.year,
        "quarter": filters.quarter,
        "municipality_id": municipality_id,
        "organization_id": organization.pk if organization else None,
        "items": [
            {
                "code": value.indicator.code,
                "name": value.indicator.name,
                "unit": value.indicator.unit,
                "target": value.target,
                "actual": value.actual,
                "numerator": value.numerator,
                "denominator": value.denominator,
                "missing": value.missing,
                "snapshot_id": value.snapshot.pk if value.snapshot else None,
            }
            for value in values
        ],
    }


class RegisterEntryOut(Schema):
    person_id: int
    person_external_id: str
    full_name: str
    role: str
    organization_id: int
    person_organization_id: int | None
    program_id: int
    form: str
    mentorship_id: int
    category: str
    age: int | None
    is_young_specialist: bool


class RegisterPage(PageMeta):
    snapshot_id: int
    as_of: datetime.date
    items: list[RegisterEntryOut]


class RegisterQuery(Schema):
    year: Year
    quarter: Quarter
    municipality_id: Pk | None = None
    organization_id: Pk | None = Field(None, description="Только записи этой школы или ДО")
    role: RegisterRole | None = None


@router.get(
    "/register",
    response=responses(RegisterPage),
    summary="Персонифицированный учёт за квартал",
    description="Записи действующего (последнего) среза квартала; 404, если срез не снимался.",
)
def list_register(
    request: AuthenticatedHttpRequest, filters: Query[RegisterQuery], paging: Query[Paging]
) -> dict[str, object]:
    municipality_id, organization = _where(request, filters.municipality_id, filters.organization_id)
    snapshot = current_snapshot(Municipality.objects.get(pk=municipality_id), filters.year, filters.quarter)
    entries = register_entries_scope(request.user, municipality_id)
    if snapshot is None or entries is None:
        raise Http404("Срез персонифицированного учёта за этот квартал не снимался")
    rows = snapshot_entries(
        snapshot=snapshot,
        entries=entries,
        organization_id=organization.pk if organization else None,
        role=filters.role or "",
    )
    result = page(rows, paging)
    result["snapshot_id"] = snapshot.pk
    result["as_of"] = snapshot.as_of
    result["items"] = [
        {
            "person_id": entry.person_id,
            "person_external_id": entry.person.external_id,
            "full_name": entry.person.full_name,
            "role": entry.role,
            "organization_id": entry.organization_id,
            "person_organization_id": entry.person_organization_id,
            "program_id": entry.program_id,
            "form": entry.form.name,
            "mentorship_id": entry.mentorship_id,
            "category": entry.category.name,
            "age": entry.age,
            "is_young_specialist": entry.is_young_specialist,
        }
        for entry in result["items"]
    ]
    return result
