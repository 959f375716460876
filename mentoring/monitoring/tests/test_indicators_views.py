"""Pages of the indicators, the people behind a figure, the targets and the contingent: who sees what,
bad input, query bounds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from mentoring.common.models import PersonalDataAccess
from mentoring.monitoring.forms import target_field_name
from mentoring.monitoring.models import Contingent, IndicatorTarget
from mentoring.monitoring.tests.factories import YEAR, build_district, indicator, take, target

pytestmark = pytest.mark.django_db


def test_the_municipal_page_shows_plan_fact_and_links_to_the_people(world, client_for):
    build_district(world)
    target("1", "70", municipality=world.municipality, by=world.department_admin)
    take(world.municipality, quarter=4)
    response = client_for(world.department_admin).get(
        reverse("monitoring:indicators", args=[world.municipality.pk]), {"year": YEAR, "quarter": 4}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "70 %" in page
    assert "Не внесён контингент за 2025 год: МБУ ДО «Дом творчества»" in page
    assert "50 %" in page  # partners (1 of 2)
    people_url = reverse("monitoring:indicator_people", args=[world.municipality.pk, indicator("4").pk])
    assert f"{people_url}?year=2025&amp;quarter=4" in page


def test_a_school_sees_its_figures_and_its_own_people_behind_them(world, client_for):
    district = build_district(world)
    take(world.municipality, quarter=4)
    client = client_for(world.curator)
    response = client.get(
        reverse("monitoring:organization_indicators", args=[district.school_a.pk]),
        {"year": YEAR, "quarter": 4},
    )
    page = response.content.decode()
    assert "15 %" in page
    assert "12,5 %" in page
    people = client.get(
        reverse("monitoring:organization_indicator_people", args=[district.school_a.pk, indicator("1").pk]),
        {"year": YEAR, "quarter": 4},
    )
    names = {person.last_name for person in people.context["page"]}
    assert names == {"Борисов", "Васильева", "Егоров"}
    logged = PersonalDataAccess.objects.get(user=world.curator, object_type="indicator_people")
    assert logged.organization == district.school_a


def test_a_school_sees_nothing_of_other_schools_or_of_the_municipality(world, client_for):
    district = build_district(world)
    take(world.municipality, quarter=4)
    client = client_for(world.head)
    first = indicator("1").pk
    assert (
        client.get(reverse("monitoring:organization_indicators", args=[district.school_b.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("monitoring:organization_indicator_people", args=[district.school_b.pk, first])
        ).status_code
        == 404
    )
    assert client.get(reverse("monitoring:indicators", args=[world.municipality.pk])).status_code == 404
    assert (
        client.get(reverse("monitoring:indicator_people", args=[world.municipality.pk, first])).status_code
        == 404
    )


def test_the_department_sees_the_people_of_every_organization(world, client_for):
    build_district(world)
    take(world.municipality, quarter=4)
    response = client_for(world.methodologist).get(
        reverse("monitoring:indicator_people", args=[world.municipality.pk, indicator("1").pk]),
        {"year": YEAR, "quarter": 4},
    )
    assert {person.last_name for person in response.context["page"]} == {
        "Борисов",
        "Васильева",
        "Егоров",
        "Максимова",
    }


@pytest.mark.parametrize(
    "query",
    [{"year": "abc"}, {"year": "1900", "quarter": "9"}, {"quarter": "<script>"}, {"year": "9" * 40}],
)
def test_a_malformed_period_shows_this_year_with_a_notice(world, client_for, query):
    response = client_for(world.department_admin).get(
        reverse("monitoring:indicators", args=[world.municipality.pk]), query
    )
    assert response.status_code == 200
    assert "Показан текущий год." in response.content.decode()


def test_an_indicator_not_in_force_has_no_people_page(world, client_for):
    response = client_for(world.department_admin).get(
        reverse("monitoring:indicator_people", args=[world.municipality.pk, 999999])
    )
    assert response.status_code == 404


def test_the_department_sets_the_targets_of_a_year_in_one_table(world, client_for):
    district = build_district(world)
    first, partners = indicator("1"), indicator("4")
    target("4", "30", municipality=world.municipality, by=world.department_admin)
    url = reverse("monitoring:targets", args=[world.municipality.pk]) + f"?year={YEAR}"
    response = client_for(world.department_admin).post(
        url,
        {
            target_field_name(first.pk, None): "70",
            target_field_name(first.pk, district.school_a.pk): "35,5",
            target_field_name(partners.pk, None): "",
        },
    )
    assert response.status_code == 302
    saved = {
        (item.indicator.code, item.organization_id): item.value
        for item in IndicatorTarget.objects.filter(municipality=world.municipality, year=YEAR)
    }
    assert saved == {("1", None): Decimal("70.00"), ("1", district.school_a.pk): Decimal("35.50")}
    page = client_for(world.department_admin).get(url).content.decode()
    assert 'value="35,5"' in page
    assert 'value="70"' in page


@pytest.mark.parametrize("bad", ["abc", "150", "-1", "<script>alert(1)</script>", "1" * 60, "12,345"])
def test_a_bad_target_saves_nothing_of_the_table(world, client_for, bad):
    district = build_district(world)
    first = indicator("1")
    url = reverse("monitoring:targets", args=[world.municipality.pk]) + f"?year={YEAR}"
    response = client_for(world.department_admin).post(
        url, {target_field_name(first.pk, None): "70", target_field_name(first.pk, district.school_a.pk): bad}
    )
    assert response.status_code == 200
    assert "Ничего не сохранено" in response.content.decode()
    assert not IndicatorTarget.objects.exists()


def test_the_methodologist_reads_the_targets_but_may_not_change_them(world, client_for):
    client = client_for(world.methodologist)
    url = reverse("monitoring:targets", args=[world.municipality.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {target_field_name(indicator("1").pk, None): "70"})
    assert response.status_code == 403
    assert not IndicatorTarget.objects.exists()


def test_a_curator_enters_the_contingent_of_the_school_and_the_change_is_kept_in_history(world, client_for):
    client = client_for(world.curator)
    url = reverse("monitoring:contingent_edit", args=[world.school.pk, YEAR])
    data = {"pupils_10_18": "250", "pupils_15_18": "90", "teachers": "30", "young_teachers": "4"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "pupils_10_18": "260"}).status_code == 302
    contingent = Contingent.objects.get(organization=world.school, year=YEAR)
    assert (contingent.pupils_10_18, contingent.entered_by) == (260, world.curator)
    page = client.get(url).content.decode()
    assert "История изменений" in page
    assert "250 → 260" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"pupils_10_18": "10", "pupils_15_18": "20", "teachers": "5", "young_teachers": "1"},
            "15–18 лет не может быть больше",
        ),
        (
            {"pupils_10_18": "10", "pupils_15_18": "5", "teachers": "5", "young_teachers": "6"},
            "Молодых педагогов не может быть больше",
        ),
        (
            {"pupils_10_18": "-5", "pupils_15_18": "0", "teachers": "5", "young_teachers": "1"},
            "не может быть отрицательным",
        ),
        ({"pupils_10_18": "", "pupils_15_18": "", "teachers": "", "young_teachers": ""}, "Укажите число"),
        (
            {"pupils_10_18": "9" * 30, "pupils_15_18": "0", "teachers": "5", "young_teachers": "1"},
            "Не больше",
        ),
        (
            {"pupils_10_18": "двести", "pupils_15_18": "0", "teachers": "5", "young_teachers": "1"},
            "целое число",
        ),
        (
            {"pupils_10_18": "<b>1</b>", "pupils_15_18": "0", "teachers": "5", "young_teachers": "1"},
            "целое число",
        ),
    ],
)
def test_a_bad_contingent_is_refused_with_a_russian_message_and_nothing_is_saved(
    world, client_for, data, message
):
    response = client_for(world.department_admin).post(
        reverse("monitoring:contingent_edit", args=[world.school.pk, YEAR]), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contingent.objects.exists()


def test_another_school_and_the_methodologist_do_not_enter_a_schools_contingent(world, client_for):
    url = reverse("monitoring:contingent_edit", args=[world.school.pk, YEAR])
    data = {"pupils_10_18": "250", "pupils_15_18": "90", "teachers": "30", "young_teachers": "4"}
    assert client_for(world.other_head).post(url, data).status_code == 404
    assert client_for(world.methodologist).post(url, data).status_code == 403
    assert (
        client_for(world.department_admin)
        .get(reverse("monitoring:contingent_edit", args=[world.school.pk, 1800]))
        .status_code
        == 404
    )
    assert not Contingent.objects.exists()


def test_the_contingent_list_names_the_organizations_that_have_not_entered_it(world, client_for):
    build_district(world)
    response = client_for(world.department_admin).get(
        reverse("monitoring:contingent_list", args=[world.municipality.pk]), {"year": YEAR}
    )
    page = response.content.decode()
    assert "Не внесён контингент 1 организаций" in page
    assert page.count("не внесён") >= 1


def test_the_indicator_pages_keep_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    district = build_district(world, complete=True)
    take(world.municipality, quarter=4)
    department = client_for(world.department_admin)
    curator = client_for(world.curator)
    query = {"year": YEAR, "quarter": 4}
    with django_assert_max_num_queries(18):
        assert (
            department.get(reverse("monitoring:indicators", args=[world.municipality.pk]), query).status_code
            == 200
        )
    with django_assert_max_num_queries(18):
        assert (
            curator.get(
                reverse("monitoring:organization_indicators", args=[district.school_a.pk]), query
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(26):
        assert (
            department.get(
                reverse("monitoring:indicator_people", args=[world.municipality.pk, indicator("1").pk]), query
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(14):
        assert department.get(reverse("monitoring:targets", args=[world.municipality.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert (
            department.get(reverse("monitoring:contingent_list", args=[world.municipality.pk])).status_code
            == 200
        )
