"""Organizations: the department, schools, ДО and partners the token's owner sees."""

from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from mentoring.api.routers.common import responses
from mentoring.api.schemas import PageMeta, Paging, page
from mentoring.api.types import Pk, SearchText
from mentoring.common.access import get_organization_for_user, sees_directories
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.organizations.selectors import organization_list

router = Router(tags=["Организации"])

Kind = Literal["department", "school", "supplementary", "partner"]


class OrganizationOut(Schema):
    id: int
    municipality_id: int
    municipality: str = Field(alias="municipality.name")
    kind: str = Field(description="department | school | supplementary | partner")
    code: str
    short_name: str
    full_name: str
    address: str
    inn: str
    is_archived: bool


class OrganizationPage(PageMeta):
    items: list[OrganizationOut]


class OrganizationFilters(Schema):
    q: SearchText = Field("", description="Поиск по названию, коду, адресу")
    kind: Kind | None = Field(None, description="Тип организации")
    archived: bool = Field(False, description="Включить организации в архиве")


@router.get("/organizations", response=responses(OrganizationPage), summary="Список организаций")
def list_organizations(
    request: AuthenticatedHttpRequest, filters: Query[OrganizationFilters], paging: Query[Paging]
) -> dict[str, object]:
    if not sees_directories(request.user):
        raise PermissionDenied("Список организаций доступен управлению образования и сотрудникам организаций")
    organizations = organization_list(
        visible_to=request.user,
        q=filters.q,
        kind=filters.kind or "",
        include_archived=filters.archived,
    )
    return page(organizations, paging)


@router.get("/organizations/{pk}", response=responses(OrganizationOut), summary="Организация")
def get_organization(request: AuthenticatedHttpRequest, pk: Pk) -> object:
    organization, _ = get_organization_for_user(request.user, pk)
    return organization
