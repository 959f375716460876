import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.documents.models import IncentiveScheme
from mentoring.documents.reference_defaults import INCENTIVE_KINDS
from mentoring.documents.tests.factories import kind, make_document


def _form(**changes):
    data = {
        "title": "Положение о системе мотивации наставников",
        "adopted_on": "01.09.2025",
        "incentive_kinds": [INCENTIVE_KINDS[0], INCENTIVE_KINDS[3]],
        "document": "",
        "notes": "Благодарственные письма вручаются 2 марта, в День наставника; лучшие — на «Наставник52».",
        **changes,
    }
    return {key: value for key, value in data.items() if value is not None}


def test_the_department_sees_which_organizations_have_no_incentive_scheme(world, client_for):
    IncentiveScheme.objects.create(
        organization=world.school,
        title="Мотивация в Сеченовской школе",
        adopted_on=datetime.date(2025, 9, 1),
        incentive_kinds=[INCENTIVE_KINDS[0]],
    )
    client = client_for(world.methodologist)
    page = client.get(reverse("documents:incentives")).content.decode()
    assert "Мотивация в Сеченовской школе" in page
    assert "МБОУ Мурзицкая СШ" in page
    assert "Без системы мотивации: <strong>2</strong> из 3" in page, "the other school and the department"
    missing = client.get(reverse("documents:incentives"), {"missing": "1"}).content.decode()
    assert "МБОУ Мурзицкая СШ" in missing
    assert "Мотивация в Сеченовской школе" not in missing
    assert "Лукояновская" not in page


def test_a_curator_sees_only_the_own_schools_scheme_in_the_overview(world, client_for):
    page = client_for(world.curator).get(reverse("documents:incentives")).content.decode()
    assert "МБОУ Сеченовская СШ" in page
    assert "МБОУ Мурзицкая СШ" not in page
    assert "Принять" in page


def test_a_curator_adopts_the_schools_scheme_and_a_second_save_changes_it(world, client_for):
    order = make_document(world.school, by=world.curator, kind=kind("Система мотивации наставников"))
    client = client_for(world.curator)
    url = reverse("documents:incentive_edit", kwargs={"organization_pk": world.school.pk})
    response = client.post(url, _form(document=str(order.pk)))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "documents:incentive_detail", kwargs={"organization_pk": world.school.pk}
    )
    page = client.get(response["Location"]).content.decode()
    assert "Участие в конкурсе «Наставник52»" in page
    assert order.label in page
    client.post(url, _form(title="Новая редакция", incentive_kinds=[INCENTIVE_KINDS[6]]))
    scheme = IncentiveScheme.objects.get()
    assert scheme.title == "Новая редакция"
    assert scheme.incentive_kinds == [INCENTIVE_KINDS[6]]
    assert "История изменений" in client.get(response["Location"]).content.decode()


TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d.%m.%Y")

HOSTILE = [
    pytest.param({"title": ""}, "Обязательное поле", id="empty-title"),
    pytest.param({"title": "М" * 10_000}, "не более 300 символов", id="10000-characters"),
    pytest.param({"title": "<b>Мотивация</b>"}, "недопустимы", id="markup-in-title"),
    pytest.param({"notes": "<script>alert(1)</script>"}, "угловые скобки", id="markup-in-notes"),
    pytest.param({"notes": "н" * 10_000}, "не более 3000 символов", id="10000-characters-of-notes"),
    pytest.param({"incentive_kinds": []}, "Обязательное поле", id="no-incentives"),
    pytest.param(
        {"incentive_kinds": ["Премия имени себя"]}, "Выберите корректный вариант", id="unknown-incentive"
    ),
    pytest.param({"adopted_on": "30.02.2025"}, "Введите правильную дату", id="impossible-date"),
    pytest.param({"adopted_on": TOMORROW}, "не может быть в будущем", id="adopted-tomorrow"),
    pytest.param({"document": "999999"}, "Выберите корректный вариант", id="unknown-document"),
]


@pytest.mark.parametrize(("changes", "message"), HOSTILE)
def test_bad_input_returns_the_form_with_a_russian_message_and_saves_nothing(
    changes, message, world, client_for
):
    response = client_for(world.curator).post(
        reverse("documents:incentive_edit", kwargs={"organization_pk": world.school.pk}), _form(**changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IncentiveScheme.objects.exists()


def test_another_schools_document_cannot_approve_the_scheme(world, client_for):
    foreign = make_document(world.other_school, by=world.other_curator)
    response = client_for(world.department_admin).post(
        reverse("documents:incentive_edit", kwargs={"organization_pk": world.school.pk}),
        _form(document=str(foreign.pk)),
    )
    assert "Выберите корректный вариант" in response.content.decode()
    assert not IncentiveScheme.objects.exists()


def test_a_curator_never_sees_another_schools_scheme(world, client_for):
    client = client_for(world.other_curator)
    for name in ("documents:incentive_detail", "documents:incentive_edit"):
        assert client.get(reverse(name, kwargs={"organization_pk": world.school.pk})).status_code == 404


@pytest.mark.parametrize("extra", [0, 30])
def test_the_overview_takes_the_same_number_of_queries_with_few_and_many_organizations(
    extra, world, client_for, django_assert_max_num_queries
):
    from mentoring.organizations.tests.factories import OrganizationFactory

    for number in range(extra):
        school = OrganizationFactory(municipality=world.municipality, code=f"sech-extra-{number}")
        if number % 2:
            IncentiveScheme.objects.create(
                organization=school,
                title="Система",
                adopted_on=datetime.date(2025, 9, 1),
                incentive_kinds=["Другое"],
            )
    client = client_for(world.department_admin)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("documents:incentives"))
    assert response.status_code == 200
