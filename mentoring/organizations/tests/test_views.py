import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from mentoring.accounts.models import Role
from mentoring.accounts.tests.factories import MembershipFactory, UserFactory
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.organizations.tests.factories import OrganizationFactory

VALID_SCHOOL = {
    "kind": "school",
    "partner_kind": "",
    "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Болтинская основная школа»",
    "short_name": "МБОУ Болтинская ОШ",
    "code": "sech-school-9",
    "address": "607580, Нижегородская обл., с. Болтинка, ул. Школьная, д. 3",
    "head_name": "Сидорова Анна Петровна",
    "phone": "+7 (831) 934-55-01",
    "email": "boltinka@example.ru",
    "website": "https://boltinka.example.ru",
    "inn": "",
}


def _post_create(client, **changes):
    return client.post(reverse("organizations:create"), {**VALID_SCHOOL, **changes})


def test_department_admin_creates_a_school_of_their_municipality(world, client_for):
    response = _post_create(client_for(world.department_admin))
    school = Organization.objects.get(code="sech-school-9")
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", kwargs={"pk": school.pk})
    assert school.municipality == world.municipality
    assert school.kind == OrganizationKind.SCHOOL


def test_a_partner_must_say_what_kind_of_partner_it_is(world, client_for):
    client = client_for(world.department_admin)
    response = _post_create(client, kind="partner", code="sech-partner-9", short_name="ООО «Заря»")
    assert response.status_code == 200
    assert "Укажите вид организации-партнёра" in response.content.decode()
    assert not Organization.objects.filter(code="sech-partner-9").exists()
    response = _post_create(
        client, kind="partner", partner_kind="enterprise", code="sech-partner-9", short_name="ООО «Заря»"
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="sech-partner-9").partner_kind == "enterprise"


def test_a_school_never_keeps_a_partner_kind(world, client_for):
    _post_create(client_for(world.department_admin), partner_kind="enterprise")
    assert Organization.objects.get(code="sech-school-9").partner_kind == ""


def test_the_department_kind_is_not_offered_for_new_organizations(world, client_for):
    response = _post_create(client_for(world.department_admin), kind="department")
    assert response.status_code == 200
    assert not Organization.objects.filter(code="sech-school-9").exists()
    assert 'value="department"' not in response.content.decode()


HOSTILE_INPUT = [
    pytest.param({"full_name": "", "short_name": "", "code": ""}, "Обязательное поле", id="empty"),
    pytest.param({"full_name": "Ш" * 10_000}, "не более 500 символов", id="10000-character-name"),
    pytest.param({"short_name": "Я" * 151}, "не более 150 символов", id="too-long-short-name"),
    pytest.param({"short_name": "<script>alert(1)</script>"}, "недопустимы", id="script-tag"),
    pytest.param({"full_name": "Школа'; DROP TABLE organizations_organization; --"}, "недопустимы", id="sql"),
    pytest.param({"code": "School 9!"}, "строчные латинские буквы", id="bad-code"),
    pytest.param({"code": "sech-school-1"}, "уже существует", id="duplicate-code"),
    pytest.param(
        {"short_name": "МБОУ Сеченовская СШ"}, "уже есть в муниципалитете", id="duplicate-short-name"
    ),
    pytest.param({"inn": "1234567890"}, "контрольной суммой", id="bad-inn"),
    pytest.param({"phone": "позвоните мне"}, "Введите телефон", id="bad-phone"),
    pytest.param({"email": "not-an-email"}, "адрес электронной почты", id="bad-email"),
    pytest.param({"website": "javascript:alert(1)"}, "URL", id="javascript-url"),
    pytest.param({"address": "ул. Ленина\x00"}, "запрещённый символ", id="nul-byte"),
    pytest.param({"kind": "castle"}, "Выберите корректный вариант", id="unknown-kind"),
]


@pytest.mark.parametrize(("changes", "message"), HOSTILE_INPUT)
def test_bad_input_returns_the_form_with_a_russian_message_and_saves_nothing(
    changes, message, world, client_for
):
    before = Organization.objects.count()
    response = _post_create(client_for(world.department_admin), **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Organization.objects.count() == before


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(max_size=600))
def test_any_short_name_is_saved_exactly_or_refused_with_the_form(name, world, client_for):
    client = client_for(world.department_admin)
    Organization.objects.filter(code="sech-fuzz").delete()
    response = _post_create(client, short_name=name, code="sech-fuzz")
    saved = Organization.objects.filter(code="sech-fuzz").first()
    if saved is None:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert saved.short_name == name.strip()


def test_editing_keeps_a_history_of_who_changed_what(world, client_for):
    client = client_for(world.department_admin)
    url = reverse("organizations:edit", kwargs={"pk": world.school.pk})
    data = {**VALID_SCHOOL, "code": world.school.code, "short_name": world.school.short_name}
    data["full_name"] = world.school.full_name
    data["phone"] = "+7 (831) 934-99-99"
    assert client.post(url, data).status_code == 302
    card = client.get(reverse("organizations:detail", kwargs={"pk": world.school.pk})).content.decode()
    assert "История изменений" in card
    assert "+7 (831) 934-99-99" in card
    assert world.department_admin.get_full_name() in card
    last = world.school.history.first()
    assert last.history_user == world.department_admin


def test_the_kind_of_an_organization_with_people_cannot_change(world, client_for):
    client = client_for(world.department_admin)
    url = reverse("organizations:edit", kwargs={"pk": world.school.pk})
    data = {
        **VALID_SCHOOL,
        "code": world.school.code,
        "short_name": world.school.short_name,
        "kind": "supplementary",
    }
    client.post(url, data)
    world.school.refresh_from_db()
    assert world.school.kind == OrganizationKind.SCHOOL


def test_an_organization_with_people_is_archived_not_deleted(world, client_for):
    client = client_for(world.department_admin)
    response = client.post(reverse("organizations:delete", kwargs={"pk": world.school.pk}), follow=True)
    assert Organization.objects.filter(pk=world.school.pk).exists()
    assert "можно только перенести в архив" in response.content.decode()
    client.post(
        reverse("organizations:archive", kwargs={"pk": world.school.pk}), {"action": "archive"}, follow=True
    )
    world.school.refresh_from_db()
    assert world.school.is_archived
    assert world.school.archived_at is not None
    listed = client.get(reverse("organizations:list")).content.decode()
    assert world.school.short_name not in listed
    with_archived = client.get(reverse("organizations:list"), {"archived": "on"}).content.decode()
    assert world.school.short_name in with_archived
    client.post(reverse("organizations:archive", kwargs={"pk": world.school.pk}), {"action": "restore"})
    world.school.refresh_from_db()
    assert not world.school.is_archived


def test_people_of_an_archived_organization_lose_its_pages(world, client_for):
    world.school.is_archived = True
    world.school.archived_at = world.school.created_at
    world.school.save()
    response = client_for(world.curator).get(reverse("organizations:detail", kwargs={"pk": world.school.pk}))
    assert response.status_code == 404


def test_an_empty_organization_entered_by_mistake_can_be_deleted(world, client_for):
    empty = OrganizationFactory(municipality=world.municipality, code="sech-mistake")
    response = client_for(world.department_admin).post(
        reverse("organizations:delete", kwargs={"pk": empty.pk})
    )
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=empty.pk).exists()


def test_the_department_cannot_be_archived(world, client_for):
    client = client_for(world.department_admin)
    response = client.post(
        reverse("organizations:archive", kwargs={"pk": world.department.pk}),
        {"action": "archive"},
        follow=True,
    )
    world.department.refresh_from_db()
    assert not world.department.is_archived
    assert "нельзя перенести в архив" in response.content.decode()


def test_the_list_shows_only_the_own_municipality_and_filters_by_kind_and_text(world, client_for):
    client = client_for(world.department_admin)
    page = client.get(reverse("organizations:list")).content.decode()
    assert world.school.short_name in page
    assert world.partner.short_name in page
    assert world.foreign_school.short_name not in page
    partners = client.get(reverse("organizations:list"), {"kind": "partner"}).content.decode()
    assert world.partner.short_name in partners
    assert world.school.short_name not in partners
    found = client.get(reverse("organizations:list"), {"q": "Мурзиц"}).content.decode()
    assert world.other_school.short_name in found
    assert world.school.short_name not in found


def test_a_curator_sees_only_the_own_school_in_the_list(world, client_for):
    page = client_for(world.curator).get(reverse("organizations:list")).content.decode()
    assert world.school.short_name in page
    assert world.other_school.short_name not in page


def test_a_school_card_shows_its_staff_to_the_curator_but_not_to_a_mentee(world, client_for):
    url = reverse("organizations:detail", kwargs={"pk": world.school.pk})
    curator_view = client_for(world.curator).get(url).content.decode()
    mentee_view = client_for(world.mentee).get(url).content.decode()
    assert world.mentor.get_full_name() in curator_view
    assert world.school.full_name in mentee_view
    assert world.mentor.get_full_name() not in mentee_view


def test_malformed_filters_and_page_numbers_do_not_break_the_list(world, client_for):
    client = client_for(world.department_admin)
    for query in (
        {"page": "abc"},
        {"page": "99999"},
        {"kind": "castle"},
        {"q": "x" * 5000},
        {"archived": "maybe"},
    ):
        assert client.get(reverse("organizations:list"), query).status_code == 200


def _add_schools(world, count):
    for _ in range(count):
        school = OrganizationFactory(municipality=world.municipality)
        for role in (Role.HEAD, Role.CURATOR, Role.MENTOR, Role.MENTEE):
            MembershipFactory(organization=school, role=role, user=UserFactory())


@pytest.mark.parametrize("extra_schools", [2, 25])
def test_the_list_and_home_pages_take_the_same_number_of_queries_for_any_number_of_organizations(
    extra_schools, world, client_for, django_assert_max_num_queries
):
    _add_schools(world, extra_schools)
    client = client_for(world.department_admin)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("organizations:list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("home")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("organizations:detail", kwargs={"pk": world.school.pk})).status_code == 200
