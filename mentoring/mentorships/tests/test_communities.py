"""Communities of mentors: who creates and keeps them, who reads members, events and materials, and
links to the methodological library."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from mentoring.common.access import communities_visible_to, reads_community_members
from mentoring.library.models import Material, MaterialKind, Visibility
from mentoring.mentorships import services
from mentoring.mentorships.models import Community, CommunityMaterial, CommunityMember
from mentoring.mentorships.tests.factories import days_ago, make_mentee, make_mentor


@pytest.fixture
def school_community(world):
    return services.community_create(
        by=world.curator, municipality_id=0, organization=world.school, title="Наставники СШ № 1"
    )


def test_a_school_community_is_read_by_its_school_and_the_department_only(school_community, world):
    for user in (world.curator, world.head, world.mentor, world.department_admin, world.methodologist):
        assert communities_visible_to(user).filter(pk=school_community.pk).exists(), user
    for user in (
        world.other_curator,
        world.partner_representative,
        world.mentee,
        world.foreign_department_admin,
    ):
        assert not communities_visible_to(user).filter(pk=school_community.pk).exists(), user


def test_only_the_department_creates_municipal_communities(world):
    with pytest.raises(PermissionDenied):
        services.community_create(
            by=world.curator, municipality_id=world.municipality.pk, organization=None, title="Муниципальное"
        )
    community = services.community_create(
        by=world.methodologist,
        municipality_id=world.municipality.pk,
        organization=None,
        title="Муниципальное",
    )
    assert community.is_municipal
    with pytest.raises(PermissionDenied):
        services.community_create(
            by=world.curator, municipality_id=0, organization=world.other_school, title="Чужое"
        )
    assert Community.objects.count() == 1


def test_members_are_mentors_of_the_school_and_join_once(school_community, world):
    mentor = make_mentor(world.school)
    services.community_member_add(
        by=world.curator, community=school_community, person=mentor.person, role="leader"
    )
    with pytest.raises(ValidationError, match="уже в сообществе"):
        services.community_member_add(
            by=world.curator, community=school_community, person=mentor.person, role="member"
        )
    with pytest.raises(ValidationError, match="наставники из базы"):
        services.community_member_add(
            by=world.curator,
            community=school_community,
            person=make_mentee(world.school).person,
            role="member",
        )
    with pytest.raises(ValidationError, match="наставники из базы"):
        services.community_member_add(
            by=world.curator,
            community=school_community,
            person=make_mentor(world.other_school).person,
            role="member",
        )
    assert CommunityMember.objects.count() == 1


def test_a_plain_mentor_sees_how_many_members_but_a_member_sees_their_names(
    school_community, world, client_for
):
    member = make_mentor(world.school, last_name="Участникова")
    services.community_member_add(
        by=world.curator, community=school_community, person=member.person, role="member"
    )
    url = reverse("mentorships:community_detail", kwargs={"pk": school_community.pk})
    assert not reads_community_members(world.mentor, school_community)
    page = client_for(world.mentor).get(url).content.decode()
    assert "Участникова" not in page
    assert "Участники (1)" in page
    own = make_mentor(world.school, user=world.mentor)
    services.community_member_add(
        by=world.curator, community=school_community, person=own.person, role="member"
    )
    assert "Участникова" in client_for(world.mentor).get(url).content.decode()


def test_members_share_events_and_library_materials_others_do_not(school_community, world):
    own = make_mentor(world.school, user=world.mentor)
    with pytest.raises(PermissionDenied):
        services.community_event_add(
            by=world.mentor, community=school_community, title="Мастер-класс", starts_at=days_ago(-5)
        )
    services.community_member_add(
        by=world.curator, community=school_community, person=own.person, role="member"
    )
    services.community_event_add(
        by=world.mentor, community=school_community, title="Мастер-класс", starts_at=days_ago(-5)
    )
    shared = Material.objects.create(
        municipality=world.municipality,
        organization=None,
        title="Положение о наставничестве",
        kind=MaterialKind.REGULATION,
        visibility=Visibility.MUNICIPALITY,
        link="https://example.ru/polozhenie",
        uploaded_by=world.department_admin,
    )
    hidden = Material.objects.create(
        municipality=world.municipality,
        organization=world.other_school,
        title="Внутренний документ другой школы",
        kind=MaterialKind.OTHER,
        visibility=Visibility.ORGANIZATION,
        link="https://example.ru/vnutrenniy",
        uploaded_by=world.other_curator,
    )
    material = services.community_material_add(
        by=world.mentor, community=school_community, library_material=shared
    )
    assert material.title == "Положение о наставничестве"
    with pytest.raises(ValidationError, match="не виден"):
        services.community_material_add(by=world.curator, community=school_community, library_material=hidden)
    assert CommunityMaterial.objects.count() == 1


def test_the_community_pages_work_for_keepers(world, client_for):
    client = client_for(world.curator)
    response = client.post(
        reverse("mentorships:community_create"),
        {
            "owner": f"o{world.school.pk}",
            "title": "Клуб наставников",
            "description": "Встречаемся раз в месяц.",
        },
    )
    community = Community.objects.get()
    assert response["Location"] == reverse("mentorships:community_detail", kwargs={"pk": community.pk})
    mentor = make_mentor(world.school, last_name="Смирнова")
    client.post(
        reverse("mentorships:member_add", kwargs={"pk": community.pk}),
        {"person": str(mentor.person.pk), "role": "leader"},
    )
    client.post(
        reverse("mentorships:event_add", kwargs={"pk": community.pk}),
        {"title": "Семинар «Первые шаги»", "day": f"{timezone.localdate():%d.%m.%Y}", "time": "23:59"},
    )
    page = client.get(reverse("mentorships:community_detail", kwargs={"pk": community.pk})).content.decode()
    assert "Смирнова" in page
    assert "Семинар «Первые шаги»" in page
    bad = client.post(
        reverse("mentorships:community_create"), {"owner": f"o{world.other_school.pk}", "title": "Чужое"}
    )
    assert bad.status_code == 200
    assert Community.objects.count() == 1
