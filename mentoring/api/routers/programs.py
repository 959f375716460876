"""Mentoring programs of the organizations the token's owner sees."""

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from mentoring.api.routers.common import responses
from mentoring.api.schemas import PageMeta, Paging, page
from mentoring.api.types import Pk, SearchText
from mentoring.common.access import get_program_for_user, sees_directories
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.integrations.navigator.selectors import external_ids_of_programs
from mentoring.programs.models import Program, ProgramStatus
from mentoring.programs.selectors import ProgramFilters, program_list

router = Router(tags=["Программы"])


class ProgramOut(Schema):
    id: int
    external_id: str = Field("", description="Идентификатор в Навигаторе")
    organization_id: int
    organization: str
    title: str
    form_id: int
    form: str
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    form_chosen_on: datetime.date | None
    pairs_formed_on: datetime.date | None
    goals: str
    is_shared: bool


class ProgramPage(PageMeta):
    items: list[ProgramOut]


class ProgramFilterIn(Schema):
    q: SearchText = Field("", description="Поиск по названию и цели")
    organization_id: Pk | None = None
    form_id: Pk | None = None
    status: ProgramStatus | None = None


def _out(program: Program, external_ids: dict[int, str]) -> dict[str, object]:
    return {
        "id": program.pk,
        "external_id": external_ids.get(program.pk, ""),
        "organization_id": program.organization_id,
        "organization": program.organization.short_name,
        "title": program.title,
        "form_id": program.form_id,
        "form": program.form.name,
        "status": program.status,
        "starts_on": program.starts_on,
        "ends_on": program.ends_on,
        "form_chosen_on": program.form_chosen_on,
        "pairs_formed_on": program.pairs_formed_on,
        "goals": program.goals,
        "is_shared": program.is_shared,
    }


@router.get("/programs", response=responses(ProgramPage), summary="Список программ")
def list_programs(
    request: AuthenticatedHttpRequest, filters: Query[ProgramFilterIn], paging: Query[Paging]
) -> dict[str, object]:
    if not sees_directories(request.user):
        raise PermissionDenied("Программы доступны управлению образования и сотрудникам организаций")
    programs = program_list(
        visible_to=request.user,
        filters=ProgramFilters(
            q=filters.q,
            organization_id=filters.organization_id,
            form_id=filters.form_id,
            status=filters.status or "",
        ),
    )
    result = page(programs, paging)
    external_ids = external_ids_of_programs([program.pk for program in result["items"]])
    result["items"] = [_out(program, external_ids) for program in result["items"]]
    return result


@router.get("/programs/{pk}", response=responses(ProgramOut), summary="Программа")
def get_program(request: AuthenticatedHttpRequest, pk: Pk) -> dict[str, object]:
    program, _ = get_program_for_user(request.user, pk)
    return _out(program, external_ids_of_programs([program.pk]))
