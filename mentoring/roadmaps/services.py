"""Every write to roadmaps: creating them from a template, editing items, the approval workflow
(roadmap 1.1–1.3) and the execution of items."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.access import (
    can_endorse_roadmap,
    can_write_roadmap,
    organizations_where_user_writes_roadmaps,
)
from mentoring.common.files import MEGABYTE, SCANS, validate_upload
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.roadmaps.deadlines import parse_deadline
from mentoring.roadmaps.models import (
    ItemCheckpoint,
    ItemStatus,
    Roadmap,
    RoadmapItem,
    RoadmapStatus,
    RoadmapTemplate,
    RoadmapTransition,
    TemplateItem,
)

ORDER_SCAN_MAX_BYTES = 10 * MEGABYTE

# Statuses in which the wording, dates and list of items may still change.
EDITABLE_STATUSES = frozenset({RoadmapStatus.DRAFT, RoadmapStatus.RETURNED})


def _shift_year(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def checkpoints_for(
    rule: dict[str, Any], *, template_year: int, year: int
) -> list[tuple[str, datetime.date]]:
    """The dated checkpoints of a template rule, moved from the template's year to the roadmap's."""
    from mentoring.roadmaps.deadlines import deadline_dates

    return [(label, _shift_year(day, year - template_year)) for label, day in deadline_dates(rule)]


def _falls_to(item: TemplateItem, organization: Organization) -> bool:
    if organization.kind == OrganizationKind.DEPARTMENT:
        return True  # the municipal roadmap holds the whole plan
    return organization.kind in (item.organization_kinds or [])


def _make_item(roadmap: Roadmap, template_item: TemplateItem, position: int) -> RoadmapItem:
    checkpoints = checkpoints_for(
        template_item.deadline_rule, template_year=roadmap.template.year, year=roadmap.year
    )
    item = RoadmapItem.objects.create(
        roadmap=roadmap,
        template_item=template_item,
        section_number=template_item.section.number,
        section_title=template_item.section.title,
        number=template_item.number,
        title=template_item.title,
        sub_points=list(template_item.sub_points or []),
        # «до 15.02.2021 г.» of a 2021 template reads «до 15.02.2026 г.» in a 2026 roadmap.
        deadline_text=template_item.deadline_text.replace(str(roadmap.template.year), str(roadmap.year)),
        deadline_rule=dict(template_item.deadline_rule or {}),
        due_date=checkpoints[-1][1] if checkpoints else None,
        responsible_text=template_item.responsible_text,
        result_text=template_item.result_text,
        document_kind=template_item.document_kind,
        position=position,
    )
    if len(checkpoints) > 1:
        ItemCheckpoint.objects.bulk_create(
            ItemCheckpoint(item=item, label=label, due_date=day) for label, day in checkpoints
        )
    return item


@transaction.atomic
def roadmap_create(*, by: User, template: RoadmapTemplate, organization: Organization, year: int) -> Roadmap:
    """A roadmap for the organization and year, prefilled with the template's items that fall to it."""
    if not organizations_where_user_writes_roadmaps(by).filter(pk=organization.pk).exists():
        raise PermissionDenied(f"Вы не ведёте дорожные карты организации «{organization.short_name}».")
    if template.municipality_id not in (None, organization.municipality_id):
        raise ValidationError({"template": "Шаблон другого муниципалитета."})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "Укажите год от 2000 до 2100."})
    roadmap = Roadmap(
        template=template,
        organization=organization,
        year=year,
        title=f"Дорожная карта внедрения целевой модели наставничества на {year} год — {organization.short_name}",
    )
    roadmap.full_clean()
    roadmap.save()
    items = TemplateItem.objects.filter(section__template=template).select_related("section", "document_kind")
    position = 0
    for template_item in items:
        if _falls_to(template_item, organization):
            position += 1
            _make_item(roadmap, template_item, position)
    return roadmap


@transaction.atomic
def roadmaps_create_for_municipality(*, by: User, template: RoadmapTemplate, year: int) -> list[Roadmap]:
    """The department starts the year: one roadmap for itself and every school and ДО that has none."""
    created = []
    for organization in organizations_where_user_writes_roadmaps(by).exclude(
        roadmaps__template=template, roadmaps__year=year
    ):
        if template.municipality_id in (None, organization.municipality_id):
            created.append(roadmap_create(by=by, template=template, organization=organization, year=year))
    return created


def _require_writer(by: User, roadmap: Roadmap) -> None:
    if not can_write_roadmap(by, roadmap):
        raise PermissionDenied("Дорожную карту ведут руководитель и куратор организации.")


def _require_editable(roadmap: Roadmap) -> None:
    if roadmap.status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"Дорожная карта в статусе «{roadmap.get_status_display()}»: мероприятия меняются только в черновике "
            "или после возврата на доработку."
        )


ITEM_WORDING_FIELDS = ("number", "title", "deadline_text", "due_date", "responsible_text", "result_text")
ITEM_EXECUTION_FIELDS = ("status", "done_on", "evidence_link", "comment")


@transaction.atomic
def item_update(*, by: User, item: RoadmapItem, **fields: Any) -> RoadmapItem:
    """Rewords or dates an item (draft or returned roadmaps) and records its execution (any time)."""
    _require_writer(by, item.roadmap)
    unknown = set(fields) - set(ITEM_WORDING_FIELDS) - set(ITEM_EXECUTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    rewording = {
        name for name in fields if name in ITEM_WORDING_FIELDS and getattr(item, name) != fields[name]
    }
    if rewording:
        _require_editable(item.roadmap)
    for name, value in fields.items():
        setattr(item, name, value)
    if "deadline_text" in rewording:
        # The parsed rule follows the wording, or overdue control would keep the old deadline.
        item.deadline_rule = parse_deadline(item.deadline_text, year=item.roadmap.year)
    if item.status == ItemStatus.DONE and item.done_on is None:
        item.done_on = timezone.localdate()
    if item.status != ItemStatus.DONE:
        item.done_on = None
    if item.done_on and item.done_on > timezone.localdate():
        raise ValidationError({"done_on": "Дата выполнения не может быть в будущем."})
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_add(*, by: User, roadmap: Roadmap, **fields: Any) -> RoadmapItem:
    _require_writer(by, roadmap)
    _require_editable(roadmap)
    last = roadmap.items.order_by("-position").first()
    item = RoadmapItem(
        roadmap=roadmap,
        section_number=fields.pop("section_number", last.section_number if last else "1"),
        section_title=fields.pop("section_title", last.section_title if last else "Мероприятия организации"),
        position=(last.position if last else 0) + 1,
        # The rule is never empty (unknown wording becomes {"kind": "text"}); without it full_clean
        # refused every new item with «Это поле не может быть пустым.» naming no field.
        deadline_rule=parse_deadline(fields.get("deadline_text", ""), year=roadmap.year),
        **fields,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_delete(*, by: User, item: RoadmapItem) -> None:
    _require_writer(by, item.roadmap)
    _require_editable(item.roadmap)
    item.delete()


@transaction.atomic
def checkpoint_set_done(*, by: User, checkpoint: ItemCheckpoint, done: bool) -> ItemCheckpoint:
    _require_writer(by, checkpoint.item.roadmap)
    checkpoint.status = ItemStatus.DONE if done else ItemStatus.NOT_STARTED
    checkpoint.done_on = timezone.localdate() if done else None
    checkpoint.save(update_fields=["status", "done_on"])
    return checkpoint


# --- the workflow ------------------------------------------------------------------------------


def _move(roadmap: Roadmap, *, by: User, to: str, remarks: str = "") -> Roadmap:
    RoadmapTransition.objects.create(
        roadmap=roadmap, from_status=roadmap.status, to_status=to, by=by, remarks=remarks
    )
    roadmap.status = to
    return roadmap


def _is_municipal(roadmap: Roadmap) -> bool:
    return roadmap.organization.kind == OrganizationKind.DEPARTMENT


@transaction.atomic
def roadmap_submit(*, by: User, roadmap: Roadmap) -> Roadmap:
    """An organization sends its roadmap to the department for endorsement (1.2)."""
    roadmap = Roadmap.objects.select_for_update().select_related("organization").get(pk=roadmap.pk)
    _require_writer(by, roadmap)
    if _is_municipal(roadmap):
        raise ValidationError(
            "Муниципальная дорожная карта не согласуется: её утверждает приказ управления образования."
        )
    if roadmap.status not in EDITABLE_STATUSES:
        raise ValidationError("Отправить на согласование можно черновик или возвращённую дорожную карту.")
    if not roadmap.items.exists():
        raise ValidationError("В дорожной карте нет мероприятий.")
    _move(roadmap, by=by, to=RoadmapStatus.SUBMITTED)
    roadmap.save(update_fields=["status", "updated_at"])
    return roadmap


@transaction.atomic
def roadmap_endorse(*, by: User, roadmap: Roadmap) -> Roadmap:
    roadmap = Roadmap.objects.select_for_update().select_related("organization").get(pk=roadmap.pk)
    if not can_endorse_roadmap(by, roadmap):
        raise PermissionDenied("Согласует дорожные карты управление образования.")
    if roadmap.status != RoadmapStatus.SUBMITTED:
        raise ValidationError("Согласовать можно только дорожную карту, отправленную на согласование.")
    _move(roadmap, by=by, to=RoadmapStatus.ENDORSED)
    roadmap.remarks = ""
    roadmap.save(update_fields=["status", "remarks", "updated_at"])
    return roadmap


@transaction.atomic
def roadmap_return(*, by: User, roadmap: Roadmap, remarks: str) -> Roadmap:
    roadmap = Roadmap.objects.select_for_update().select_related("organization").get(pk=roadmap.pk)
    if not can_endorse_roadmap(by, roadmap):
        raise PermissionDenied("Возвращает дорожные карты на доработку управление образования.")
    if roadmap.status != RoadmapStatus.SUBMITTED:
        raise ValidationError("Вернуть можно только дорожную карту, отправленную на согласование.")
    remarks = remarks.strip()
    if not remarks:
        raise ValidationError({"remarks": "Напишите замечания: что нужно исправить."})
    _move(roadmap, by=by, to=RoadmapStatus.RETURNED, remarks=remarks)
    roadmap.remarks = remarks
    roadmap.full_clean()
    roadmap.save(update_fields=["status", "remarks", "updated_at"])
    return roadmap


@transaction.atomic
def roadmap_approve(
    *,
    by: User,
    roadmap: Roadmap,
    order_number: str,
    order_date: datetime.date,
    order_file: UploadedFile | None = None,
) -> Roadmap:
    """The organization approves its endorsed roadmap by its order (1.3); the department approves the
    municipal roadmap by its own order without endorsement."""
    roadmap = Roadmap.objects.select_for_update().select_related("organization").get(pk=roadmap.pk)
    _require_writer(by, roadmap)
    allowed = (
        {RoadmapStatus.DRAFT, RoadmapStatus.RETURNED} if _is_municipal(roadmap) else {RoadmapStatus.ENDORSED}
    )
    if roadmap.status not in allowed:
        raise ValidationError(
            "Утвердить приказом можно только согласованную управлением образования дорожную карту."
            if not _is_municipal(roadmap)
            else "Муниципальная дорожная карта уже утверждена или не черновик."
        )
    if order_date > timezone.localdate():
        raise ValidationError({"order_date": "Дата приказа не может быть в будущем."})
    if order_file is not None:
        validate_upload(order_file, kinds=SCANS, max_bytes=ORDER_SCAN_MAX_BYTES)
    roadmap.order_number = order_number.strip()
    roadmap.order_date = order_date
    _move(roadmap, by=by, to=RoadmapStatus.APPROVED)
    roadmap.full_clean(exclude=["order_file"])
    if order_file is not None:
        roadmap.order_file.save(order_file.name or "prikaz", order_file, save=False)
    roadmap.save()
    return roadmap
