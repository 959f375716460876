import datetime

import pytest
from django.core.exceptions import PermissionDenied

from mentoring.roadmaps import services
from mentoring.roadmaps.models import Roadmap, RoadmapTemplate, TemplateItem


@pytest.fixture
def seed_template(db):
    return RoadmapTemplate.objects.get(code="sechenovsky-2021")


def test_a_school_roadmap_holds_the_items_that_fall_to_schools_with_dates_moved_to_its_year(
    world, seed_template
):
    roadmap = services.roadmap_create(
        by=world.curator, template=seed_template, organization=world.school, year=2026
    )
    numbers = list(roadmap.items.values_list("number", flat=True))
    for_schools = list(
        TemplateItem.objects.filter(section__template=seed_template)
        .order_by("section__position", "position")
        .values_list("number", "organization_kinds")
    )
    assert numbers == [number for number, kinds in for_schools if "school" in kinds]
    assert "1.1" in numbers
    first = roadmap.items.get(number="1.1")
    assert first.due_date == datetime.date(2026, 2, 15)
    assert first.deadline_text.startswith("до 15.02.2026")


def test_the_municipal_roadmap_holds_the_whole_plan_and_quarterly_items_get_four_checkpoints(
    world, seed_template
):
    roadmap = services.roadmap_create(
        by=world.department_admin, template=seed_template, organization=world.department, year=2026
    )
    assert roadmap.items.count() == TemplateItem.objects.filter(section__template=seed_template).count()
    quarterly = roadmap.items.get(number="2.1")
    assert [c.due_date for c in quarterly.checkpoints.order_by("due_date")] == [
        datetime.date(2026, 3, 31),
        datetime.date(2026, 6, 30),
        datetime.date(2026, 9, 30),
        datetime.date(2026, 12, 31),
    ]


def test_the_department_starts_the_year_for_every_organization_once(world, seed_template):
    created = services.roadmaps_create_for_municipality(
        by=world.department_admin, template=seed_template, year=2026
    )
    organizations = {roadmap.organization for roadmap in created}
    assert {world.department, world.school, world.other_school} <= organizations
    assert world.partner not in organizations
    assert world.foreign_school not in organizations
    again = services.roadmaps_create_for_municipality(
        by=world.department_admin, template=seed_template, year=2026
    )
    assert again == []
    assert Roadmap.objects.filter(organization=world.school, year=2026).count() == 1


def test_a_curator_cannot_create_a_roadmap_for_another_school(world, seed_template):
    with pytest.raises(PermissionDenied):
        services.roadmap_create(
            by=world.curator, template=seed_template, organization=world.other_school, year=2026
        )
