"""Properties every page shares: Russian, self-contained, protective headers."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
STATIC = Path(__file__).resolve().parents[2] / "static"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)
CSS_EXTERNAL = re.compile(r"""url\(\s*["']?(?:https?:)?//""", re.IGNORECASE)


def test_no_template_loads_anything_from_the_internet():
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if EXTERNAL.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_stylesheet_loads_anything_from_the_internet():
    offenders = [str(p) for p in STATIC.rglob("*.css") if CSS_EXTERNAL.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_pages_with_personal_data_carry_protective_headers(world, client_for):
    response = client_for(world.curator).get(reverse("organizations:detail", kwargs={"pk": world.school.pk}))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy


def test_the_login_page_is_in_russian(client):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="ru">' in page
    assert "Вход в систему" in page
    assert "Забыли пароль?" in page


def test_the_menu_depends_on_the_role(world, client_for):
    department_page = client_for(world.department_admin).get(reverse("home")).content.decode()
    mentee_page = client_for(world.mentee).get(reverse("home")).content.decode()
    assert reverse("organizations:list") in department_page
    assert reverse("accounts:user_list") in department_page
    assert reverse("organizations:list") not in mentee_page
    assert reverse("accounts:user_list") not in mentee_page


def test_the_department_home_lists_organizations_with_their_people(world, client_for):
    page = client_for(world.department_admin).get(reverse("home")).content.decode()
    assert "Организации муниципалитета" in page
    assert world.school.short_name in page
    assert world.foreign_school.short_name not in page


def test_a_curator_home_shows_the_own_school_and_its_staff(world, client_for):
    page = client_for(world.curator).get(reverse("home")).content.decode()
    assert world.school.full_name in page
    assert world.mentor.get_full_name() in page
    assert "Организации муниципалитета" not in page
    assert world.other_school.short_name not in page


def test_a_mentee_home_shows_own_roles_only(world, client_for):
    page = client_for(world.mentee).get(reverse("home")).content.decode()
    assert "Наставляемый — МБОУ Сеченовская СШ" in page
    assert world.mentor.get_full_name() not in page


def test_an_unknown_page_answers_404_in_russian(world, client_for):
    response = client_for(world.curator).get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_a_stale_form_is_explained_in_russian(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.department_admin)
    response = client.post(reverse("organizations:create"), {})
    assert response.status_code == 403
    assert "Форма устарела" in response.content.decode()


def test_department_totals_count_a_person_with_two_roles_once(world, client_for):
    from mentoring.accounts.models import Role
    from mentoring.accounts.tests.factories import MembershipFactory

    MembershipFactory(user=world.mentor, organization=world.other_school, role=Role.MENTOR)
    response = client_for(world.department_admin).get(reverse("home"))
    totals = response.context["department_totals"]
    # department admin, methodologist, head, curator, mentor, mentee, partner rep, other head/curator/mentee
    assert totals["people"] == 10
    assert totals["mentors"] == 1
    assert totals["mentees"] == 2


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "1 ошибка"),
        (3, "3 ошибки"),
        (5, "5 ошибок"),
        (11, "11 ошибок"),
        (21, "21 ошибка"),
        (112, "112 ошибок"),
    ],
)
def test_russian_plurals_agree_with_the_number(number, text):
    from mentoring.common.templatetags.mentoring_tags import ru_plural

    assert ru_plural(number, "ошибка,ошибки,ошибок") == text
