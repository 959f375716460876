"""The demo district's roadmaps for the current year, made from the built-in 2021 template through the
same services people use, in every state of the workflow: the municipal roadmap approved, most schools
approved, some endorsed, one waiting, one returned with remarks, one draft and one school without a
roadmap yet; executed items with evidence. Idempotent: an organization that has a roadmap for the
year is left alone.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import Membership, Role, User
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.roadmaps import services
from mentoring.roadmaps.models import ItemStatus, Roadmap, RoadmapTemplate

TEMPLATE_CODE = "sechenovsky-2021"

# Where each school's roadmap stops in the workflow (by position among the schools, 0-based).
_SCHOOL_STATES = [
    "approved",
    "approved",
    "approved",
    "approved",
    "endorsed",
    "endorsed",
    "submitted",
    "returned",
    "draft",
]


def _writer(organization: Organization) -> User | None:
    membership = (
        Membership.objects.filter(
            organization=organization, role__in=[Role.CURATOR, Role.HEAD], is_active=True
        )
        .select_related("user")
        .order_by("role")
        .first()
    )
    return membership.user if membership else None


def _execute_past_items(roadmap: Roadmap, writer: User, today: datetime.date) -> None:
    """Items whose date has passed are mostly done; every third is left overdue for the control page."""
    for index, item in enumerate(roadmap.items.filter(due_date__lt=today).order_by("position")):
        if index % 3 == 2:
            continue
        services.item_update(
            by=writer,
            item=item,
            status=ItemStatus.DONE,
            done_on=min(item.due_date or today, today),
            evidence_link=f"https://{roadmap.organization.code}.example.ru/nastavnichestvo",
        )
    for checkpoint in (
        checkpoint
        for item in roadmap.items.prefetch_related("checkpoints")
        for checkpoint in item.checkpoints.all()
        if checkpoint.due_date < today
    ):
        services.checkpoint_set_done(by=writer, checkpoint=checkpoint, done=True)


@transaction.atomic
def load_demo_roadmaps(organizations: dict[str, Organization]) -> int:
    template = RoadmapTemplate.objects.filter(code=TEMPLATE_CODE).first()
    department_admin = User.objects.filter(username="uo").first()
    if template is None or department_admin is None:
        return 0
    today = timezone.localdate()
    year = today.year
    department = organizations["brz-uo"]
    if not Roadmap.objects.filter(organization=department, year=year, template=template).exists():
        municipal = services.roadmap_create(
            by=department_admin, template=template, organization=department, year=year
        )
        services.roadmap_approve(
            by=department_admin,
            roadmap=municipal,
            order_number="12-од",
            order_date=min(today, datetime.date(year, 1, 20)),
        )
        _execute_past_items(municipal, department_admin, today)
    schools = sorted(
        (o for o in organizations.values() if o.kind == OrganizationKind.SCHOOL), key=lambda o: o.code
    )
    for number, school in enumerate(schools):
        writer = _writer(school)
        if number >= len(_SCHOOL_STATES) or writer is None:
            continue  # the last school has not started its roadmap: the control page shows it
        if Roadmap.objects.filter(organization=school, year=year, template=template).exists():
            continue
        state = _SCHOOL_STATES[number]
        roadmap = services.roadmap_create(
            by=department_admin, template=template, organization=school, year=year
        )
        if state == "draft":
            continue
        services.roadmap_submit(by=writer, roadmap=roadmap)
        if state == "submitted":
            continue
        if state == "returned":
            services.roadmap_return(
                by=department_admin,
                roadmap=roadmap,
                remarks="Укажите конкретные даты встреч наставнических пар (п. 4.4) и ответственных за п. 2.3.",
            )
            continue
        services.roadmap_endorse(by=department_admin, roadmap=roadmap)
        if state == "approved":
            services.roadmap_approve(
                by=writer,
                roadmap=roadmap,
                order_number=f"{20 + number}-од",
                order_date=min(today, datetime.date(year, 2, 20)),
            )
            _execute_past_items(roadmap, writer, today)
    for organization in organizations.values():
        if (
            organization.kind == OrganizationKind.SUPPLEMENTARY
            and not Roadmap.objects.filter(organization=organization, year=year, template=template).exists()
        ):
            services.roadmap_create(
                by=department_admin, template=template, organization=organization, year=year
            )
    return Roadmap.objects.filter(organization__in=organizations.values(), year=year).count()
