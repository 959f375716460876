"""Roadmaps with their items; the status of an item is written by the organization's head and
curator (and the department admin), as on the site."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from mentoring.api.routers.common import responses
from mentoring.api.schemas import PageMeta, Paging, page
from mentoring.api.types import Pk, Text, Year
from mentoring.common.access import get_roadmap_for_user, sees_directories
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.roadmaps import services
from mentoring.roadmaps.models import ItemStatus, Roadmap, RoadmapItem, RoadmapStatus
from mentoring.roadmaps.selectors import roadmap_card, roadmap_list

router = Router(tags=["Дорожные карты"])


class RoadmapOut(Schema):
    id: int
    organization_id: int
    organization: str = Field(alias="organization.short_name")
    year: int
    title: str
    status: str
    order_number: str
    order_date: datetime.date | None


class RoadmapPage(PageMeta):
    items: list[RoadmapOut]


class ItemOut(Schema):
    id: int
    roadmap_id: int
    section_number: str
    number: str
    title: str
    deadline_text: str
    due_date: datetime.date | None
    responsible_text: str
    result_text: str
    status: str = Field(description="not_started | in_progress | done")
    done_on: datetime.date | None
    evidence_link: str
    comment: str


class RoadmapDetailOut(RoadmapOut):
    items: list[ItemOut] = Field(alias="items_list")


class RoadmapFilterIn(Schema):
    year: Year | None = None
    status: RoadmapStatus | None = None


@router.get("/roadmaps", response=responses(RoadmapPage), summary="Дорожные карты")
def list_roadmaps(
    request: AuthenticatedHttpRequest, filters: Query[RoadmapFilterIn], paging: Query[Paging]
) -> dict[str, object]:
    if not sees_directories(request.user):
        raise PermissionDenied("Дорожные карты доступны управлению образования и сотрудникам организаций")
    roadmaps = roadmap_list(visible_to=request.user, year=filters.year, status=filters.status or "")
    return page(roadmaps, paging)


@router.get("/roadmaps/{pk}", response=responses(RoadmapDetailOut), summary="Дорожная карта с мероприятиями")
def get_roadmap(request: AuthenticatedHttpRequest, pk: Pk) -> Roadmap:
    roadmap, _ = get_roadmap_for_user(request.user, pk)
    card = roadmap_card(roadmap)
    card.items_list = list(card.items.all())  # type: ignore[attr-defined]
    return card


class ItemStatusIn(Schema):
    status: ItemStatus = Field(..., description="not_started | in_progress | done")
    done_on: datetime.date | None = Field(None, description="Дата выполнения (по умолчанию сегодня для done)")
    evidence_link: Text | None = Field(None, max_length=500, description="Ссылка на подтверждение")
    comment: Text | None = Field(None, max_length=3000)


@router.patch("/roadmap-items/{pk}", response=responses(ItemOut), summary="Статус мероприятия")
def set_item_status(request: AuthenticatedHttpRequest, pk: Pk, payload: ItemStatusIn) -> RoadmapItem:
    item = get_object_or_404(RoadmapItem.objects.select_related("roadmap"), pk=pk)
    roadmap, can_write = get_roadmap_for_user(request.user, item.roadmap_id)
    if not can_write:
        raise PermissionDenied("Дорожную карту ведут руководитель и куратор организации")
    item.roadmap = roadmap
    fields: dict[str, object] = {"status": payload.status, "done_on": payload.done_on}
    if payload.evidence_link is not None:
        fields["evidence_link"] = payload.evidence_link
    if payload.comment is not None:
        fields["comment"] = payload.comment
    return services.item_update(by=request.user, item=item, **fields)
