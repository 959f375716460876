import pytest
from django.urls import reverse

from mentoring.common.access import get_material_for_user, materials_visible_to
from mentoring.library.models import Visibility
from mentoring.library.tests.factories import make_material


def _status(client_for, user, material, name="library:detail"):
    return client_for(user).get(reverse(name, kwargs={"pk": material.pk})).status_code


def test_a_material_kept_inside_a_school_is_invisible_to_another_schools_curator(world, client_for):
    material = make_material(
        organization=world.school, uploaded_by=world.curator, visibility=Visibility.ORGANIZATION
    )
    assert _status(client_for, world.other_curator, material) == 404
    assert _status(client_for, world.other_curator, material, "library:download") == 404
    assert _status(client_for, world.partner_representative, material) == 404
    for user in (world.curator, world.mentee, world.mentor, world.methodologist, world.department_admin):
        assert _status(client_for, user, material) == 200, user


@pytest.mark.parametrize("visibility", [Visibility.MUNICIPALITY, Visibility.PUBLIC])
def test_a_municipal_material_is_read_in_every_organization_of_the_municipality(
    world, client_for, visibility
):
    material = make_material(
        municipality=world.municipality, uploaded_by=world.methodologist, visibility=visibility
    )
    for persona in ("curator", "other_curator", "other_mentee", "mentee", "partner_representative", "head"):
        assert _status(client_for, world.persona(persona), material) == 200, persona
        assert _status(client_for, world.persona(persona), material, "library:download") == 200, persona


def test_a_schools_shared_material_is_read_by_the_other_schools(world, client_for):
    material = make_material(
        organization=world.school, uploaded_by=world.curator, visibility=Visibility.MUNICIPALITY
    )
    assert _status(client_for, world.other_curator, material) == 200
    assert _status(client_for, world.other_mentee, material) == 200


@pytest.mark.parametrize("visibility", [Visibility.MUNICIPALITY, Visibility.PUBLIC])
def test_another_municipality_gets_404(world, client_for, visibility):
    material = make_material(
        municipality=world.municipality, uploaded_by=world.methodologist, visibility=visibility
    )
    assert _status(client_for, world.foreign_curator, material) == 404
    assert _status(client_for, world.foreign_department_admin, material) == 404
    assert _status(client_for, world.foreign_department_admin, material, "library:download") == 404


def test_the_list_shows_only_what_the_user_may_open(world, client_for):
    own = make_material(
        organization=world.school,
        uploaded_by=world.curator,
        title="План СШ",
        visibility=Visibility.ORGANIZATION,
    )
    other = make_material(
        organization=world.other_school,
        uploaded_by=world.other_curator,
        title="План Мурзицкой СШ",
        visibility=Visibility.ORGANIZATION,
    )
    shared = make_material(
        municipality=world.municipality, uploaded_by=world.methodologist, title="Положение"
    )
    page = client_for(world.curator).get(reverse("library:list")).content.decode()
    assert own.title in page
    assert shared.title in page
    assert other.title not in page
    assert set(materials_visible_to(world.methodologist)) == {own, other, shared}
    assert set(materials_visible_to(world.foreign_department_admin)) == set()
    assert set(materials_visible_to(world.superuser)) == {own, other, shared}


def test_can_edit_says_who_keeps_the_material(world):
    school_material = make_material(organization=world.school, uploaded_by=world.curator)
    municipal = make_material(municipality=world.municipality, uploaded_by=world.methodologist)
    assert get_material_for_user(world.curator, school_material.pk)[1] is True
    assert get_material_for_user(world.methodologist, school_material.pk)[1] is True
    assert get_material_for_user(world.mentor, school_material.pk)[1] is False
    assert get_material_for_user(world.curator, municipal.pk)[1] is False
    assert get_material_for_user(world.head, municipal.pk)[1] is False
    assert get_material_for_user(world.department_admin, municipal.pk)[1] is True


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("curator", 200),
        ("head", 200),
        ("methodologist", 200),
        ("mentor", 403),
        ("other_curator", 403),
        ("foreign_department_admin", 404),
    ],
)
def test_the_edit_and_delete_pages_of_a_shared_school_material_open_for_its_keepers_only(
    world, client_for, persona, status
):
    material = make_material(
        organization=world.school, uploaded_by=world.curator, visibility=Visibility.MUNICIPALITY
    )
    assert _status(client_for, world.persona(persona), material, "library:edit") == status
    assert _status(client_for, world.persona(persona), material, "library:delete") == status


def test_a_school_cannot_change_the_departments_material(world, client_for):
    municipal = make_material(municipality=world.municipality, uploaded_by=world.methodologist)
    assert _status(client_for, world.curator, municipal, "library:edit") == 403
    response = client_for(world.head).post(reverse("library:delete", kwargs={"pk": municipal.pk}))
    assert response.status_code == 403
    assert municipal.__class__.objects.filter(pk=municipal.pk).exists()
