"""The user pages: what bad input gets back, who appears in the list, the profile and the history."""

from __future__ import annotations

import itertools
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from mentoring.accounts.models import Membership, Role, User
from mentoring.accounts.tests.factories import MembershipFactory, UserFactory

NEW_PASSWORD = "Sosna-Beryoza-77"


def _valid_user(world, **changes):
    return {
        "organization": world.school.pk,
        "role": Role.MENTOR,
        "username": "novikova",
        "last_name": "Новикова",
        "first_name": "Анна",
        "patronymic": "Сергеевна",
        "email": "novikova@example.ru",
        "phone": "+7 (831) 934-12-34",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **changes,
    }


def _counts():
    return User.objects.count(), Membership.objects.count()


def _link(user):
    return f'href="{reverse("accounts:user_detail", kwargs={"pk": user.pk})}"'


# --- creating users ----------------------------------------------------------------------------------


def test_department_admin_creates_a_user_and_lands_on_the_card(world, client_for):
    client = client_for(world.department_admin)
    response = client.post(reverse("accounts:user_create"), _valid_user(world))
    user = User.objects.get(username="novikova")
    assert response["Location"] == reverse("accounts:user_detail", kwargs={"pk": user.pk})
    card = client.get(response["Location"]).content.decode()
    assert "Пользователь Новикова Анна Сергеевна создан." in card
    assert "МБОУ Сеченовская СШ" in card
    assert user.phone == "+7 (831) 934-12-34"
    assert user.memberships.get().role == Role.MENTOR


def test_the_new_user_logs_in_with_the_password_set_on_the_form(world, client_for):
    client_for(world.head).post(reverse("accounts:user_create"), _valid_user(world, role=Role.MENTEE))
    response = client_for(None).post(reverse("login"), {"username": "novikova", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_user_created_without_password_sets_one_through_the_emailed_link(
    world, client_for, django_capture_on_commit_callbacks
):
    data = _valid_user(world, role=Role.MENTEE, password1="", password2="")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.head).post(reverse("accounts:user_create"), data, follow=True)
    assert "ссылка для установки пароля отправлена на novikova@example.ru" in response.content.decode()
    assert [message.to for message in mail.outbox] == [["novikova@example.ru"]]
    link = re.search(r"http://testserver(/password/reset/[\w-]+/[\w-]+/)", mail.outbox[0].body)
    assert link is not None, mail.outbox[0].body

    visitor = Client(REMOTE_ADDR="10.0.0.9")
    set_password_url = visitor.get(link[1], follow=True).redirect_chain[-1][0]
    visitor.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    logged_in = visitor.post(reverse("login"), {"username": "novikova", "password": NEW_PASSWORD})
    assert logged_in["Location"] == "/"


def test_the_create_form_offers_only_the_organizations_the_actor_may_grant_in(world, client_for):
    page = client_for(world.head).get(reverse("accounts:user_create")).content.decode()
    assert f'<option value="{world.school.pk}"' in page
    assert f'<option value="{world.other_school.pk}"' not in page
    assert f'<option value="{world.department.pk}"' not in page


def test_the_organization_in_the_address_is_preselected(world, client_for):
    url = reverse("accounts:user_create") + f"?organization={world.partner.pk}"
    page = client_for(world.department_admin).get(url).content.decode()
    assert f'<option value="{world.partner.pk}" selected>' in page


@pytest.mark.parametrize("organization", ["99999999999999999999999", "٣", "-1"])
def test_a_strange_organization_in_the_address_still_shows_the_form(organization, world, client_for):
    url = reverse("accounts:user_create") + f"?organization={organization}"
    response = client_for(world.department_admin).get(url)
    assert response.status_code == 200
    assert "Новый пользователь" in response.content.decode()


BAD_INPUT = [
    pytest.param(
        {"username": "", "last_name": "", "first_name": "", "organization": "", "role": ""},
        "Обязательное поле.",
        id="empty-required-fields",
    ),
    pytest.param(
        {"last_name": "Ж" * 10_000}, "не более 150 символов (сейчас 10000)", id="10000-character-surname"
    ),
    pytest.param(
        {"last_name": "<script>alert(1)</script>"}, "Допустимы только буквы", id="script-in-surname"
    ),
    pytest.param(
        {"last_name": "Robert'); DROP TABLE accounts_user;--"}, "Допустимы только буквы", id="sql-in-surname"
    ),
    pytest.param({"first_name": "Анна\x00"}, "запрещённый символ: ноль-байт", id="nul-byte-in-name"),
    pytest.param(
        {"username": "Robert'); DROP TABLE accounts_user;--"},
        "Введите правильное имя пользователя",
        id="sql-in-username",
    ),
    pytest.param(
        {"username": "<script>alert(1)</script>"},
        "Введите правильное имя пользователя",
        id="script-in-username",
    ),
    pytest.param({"username": "uo"}, "Пользователь с таким логином уже существует.", id="duplicate-username"),
    pytest.param(
        {"username": "UO"}, "Пользователь с таким логином уже существует.", id="duplicate-username-upper"
    ),
    pytest.param(
        {"username": "Head1"}, "Пользователь с таким логином уже существует.", id="duplicate-username-mixed"
    ),
    pytest.param({"password2": "Sosna-Beryoza-78"}, "Пароли не совпадают.", id="mismatched-passwords"),
    pytest.param(
        {"password1": "12345678", "password2": "12345678"}, "Введённый пароль слишком широко", id="weak"
    ),
    pytest.param(
        {"password1": "Qw1-", "password2": "Qw1-"}, "Введённый пароль слишком короткий", id="short-password"
    ),
    pytest.param(
        {"password1": "", "password2": "", "email": ""},
        "Укажите e-mail для ссылки",
        id="no-password-no-email",
    ),
    pytest.param({"email": "not-an-email"}, "Введите правильный адрес электронной почты.", id="bad-email"),
    pytest.param({"phone": "позвоните завучу"}, "Введите телефон цифрами", id="bad-phone"),
    pytest.param({"role": "superuser"}, "Выберите корректный вариант.", id="role-not-in-choices"),
    pytest.param(
        {"role": Role.PARTNER_REPRESENTATIVE}, "нельзя назначить в организации", id="role-wrong-for-kind"
    ),
    pytest.param({"organization": "abc"}, "Выберите корректный вариант.", id="organization-not-a-number"),
    pytest.param(
        {"organization": "99999999999999999999999"}, "Выберите корректный вариант.", id="huge-organization"
    ),
]


@pytest.mark.parametrize(("changes", "message"), BAD_INPUT)
def test_bad_input_returns_the_form_with_a_russian_message_and_saves_nothing(
    changes, message, world, client_for
):
    before = _counts()
    response = client_for(world.department_admin).post(
        reverse("accounts:user_create"), _valid_user(world, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _counts() == before
    assert mail.outbox == []


def test_hostile_text_is_shown_back_escaped(world, client_for):
    response = client_for(world.department_admin).post(
        reverse("accounts:user_create"), _valid_user(world, last_name="<script>alert(1)</script>")
    )
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_users_table_survives_an_sql_injection_attempt(world, client_for):
    client = client_for(world.department_admin)
    client.post(
        reverse("accounts:user_create"),
        _valid_user(world, username="x", last_name="Robert'); DROP TABLE accounts_user;--"),
    )
    found = client.get(reverse("accounts:user_list"), {"q": "'); DROP TABLE accounts_user;--"})
    assert found.status_code == 200
    assert "Никого не найдено." in found.content.decode()
    assert User.objects.filter(username="head1").exists()


@pytest.mark.parametrize(
    ("actor", "organization"),
    [("department_admin", "foreign_school"), ("head", "other_school"), ("head", "department")],
)
def test_an_organization_the_actor_may_not_grant_in_is_a_form_error(actor, organization, world, client_for):
    before = _counts()
    data = _valid_user(world, organization=getattr(world, organization).pk, role=Role.MENTOR)
    response = client_for(getattr(world, actor)).post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    assert (
        "Выберите корректный вариант. Вашего варианта нет среди допустимых значений."
        in response.content.decode()
    )
    assert _counts() == before


def test_head_cannot_give_the_head_role_through_the_form(world, client_for):
    before = _counts()
    response = client_for(world.head).post(
        reverse("accounts:user_create"), _valid_user(world, role=Role.HEAD)
    )
    assert response.status_code == 200
    assert "Роль «Руководитель организации» нельзя назначить в организации «МБОУ Сеченовская СШ»." in (
        response.content.decode()
    )
    assert _counts() == before


def test_a_password_that_repeats_the_login_is_refused(world, client_for):
    before = _counts()
    data = _valid_user(world, username="novikova.anna", password1="novikova.anna", password2="novikova.anna")
    response = client_for(world.department_admin).post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    assert "слишком похож" in response.content.decode()
    assert _counts() == before


_usernames = itertools.count()

NAME_LIKE = st.from_regex(r"\s?[А-ЯЁ][а-яё]{1,12}(-[А-ЯЁ][а-яё]{1,12})?\s?", fullmatch=True)


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(last_name=st.text(max_size=200) | NAME_LIKE, first_name=st.text(max_size=40) | NAME_LIKE)
def test_any_name_is_saved_stripped_or_the_form_comes_back(last_name, first_name, world, client_for):
    username = f"fuzz{next(_usernames)}"
    before = _counts()
    response = client_for(world.department_admin).post(
        reverse("accounts:user_create"),
        _valid_user(world, username=username, last_name=last_name, first_name=first_name),
    )
    created = User.objects.filter(username=username).first()
    event("refused" if created is None else "saved")
    if created is None:
        assert response.status_code == 200
        assert _counts() == before
    else:
        assert response.status_code == 302
        assert (created.last_name, created.first_name) == (last_name.strip(), first_name.strip())


# --- editing, roles, blocking --------------------------------------------------------------------------


def test_head_corrects_the_name_of_own_mentee_and_the_history_says_who(world, client_for):
    client = client_for(world.head)
    url = reverse("accounts:user_edit", kwargs={"pk": world.mentee.pk})
    data = {"last_name": "Киселёва", "first_name": "Анна", "patronymic": "", "email": "", "phone": ""}
    assert client.post(url, data).status_code == 302
    world.mentee.refresh_from_db()
    assert world.mentee.last_name == "Киселёва"
    last = world.mentee.history.first()
    assert last.history_user == world.head
    assert last.last_name == "Киселёва"
    card = client.get(reverse("accounts:user_detail", kwargs={"pk": world.mentee.pk})).content.decode()
    assert "История изменений" in card
    assert "Киселёв → Киселёва" in card
    assert world.head.get_full_name() in card


def test_the_history_of_a_created_user_names_the_creator(world, client_for):
    client_for(world.department_admin).post(reverse("accounts:user_create"), _valid_user(world))
    user = User.objects.get(username="novikova")
    assert user.history.earliest("history_date").history_user == world.department_admin
    assert user.memberships.get().history.get().history_user == world.department_admin


def test_an_invalid_edit_comes_back_with_a_message_and_changes_nothing(world, client_for):
    url = reverse("accounts:user_edit", kwargs={"pk": world.mentee.pk})
    data = {"last_name": "", "first_name": "<b>", "patronymic": "", "email": "", "phone": ""}
    response = client_for(world.department_admin).post(url, data)
    assert response.status_code == 200
    assert "Обязательное поле." in response.content.decode()
    world.mentee.refresh_from_db()
    assert (world.mentee.last_name, world.mentee.first_name) == ("Киселёв", "Пётр")


def test_head_gives_and_ends_a_role_from_the_card(world, client_for):
    client = client_for(world.head)
    add_url = reverse("accounts:membership_add", kwargs={"pk": world.mentee.pk})
    assert client.post(add_url, {"organization": world.school.pk, "role": Role.MENTOR}).status_code == 302
    mentor_role = world.mentee.memberships.get(role=Role.MENTOR, is_active=True)
    response = client.post(reverse("accounts:membership_end", kwargs={"pk": mentor_role.pk}), follow=True)
    assert "Роль «Наставник» снята." in response.content.decode()
    mentor_role.refresh_from_db()
    assert mentor_role.is_active is False


def test_giving_a_role_twice_is_a_form_error(world, client_for):
    before = Membership.objects.count()
    response = client_for(world.head).post(
        reverse("accounts:membership_add", kwargs={"pk": world.mentee.pk}),
        {"organization": world.school.pk, "role": Role.MENTEE},
    )
    assert response.status_code == 200
    assert "У пользователя уже есть эта роль в этой организации." in response.content.decode()
    assert Membership.objects.count() == before


def test_department_admin_is_told_they_cannot_end_their_own_admin_role(world, client_for):
    own = world.department_admin.memberships.get()
    response = client_for(world.department_admin).post(
        reverse("accounts:membership_end", kwargs={"pk": own.pk}), follow=True
    )
    assert "Нельзя снять с себя роль администратора управления образования." in response.content.decode()
    own.refresh_from_db()
    assert own.is_active is True


def test_department_admin_is_told_they_cannot_block_themselves(world, client_for):
    url = reverse("accounts:user_set_active", kwargs={"pk": world.department_admin.pk})
    response = client_for(world.department_admin).post(url, {"active": "0"}, follow=True)
    assert "Нельзя заблокировать собственную учётную запись." in response.content.decode()
    world.department_admin.refresh_from_db()
    assert world.department_admin.is_active is True


def test_a_blocked_user_is_logged_out_of_the_open_session(world, client_for):
    mentee_client = client_for(world.mentee)
    assert mentee_client.get(reverse("profile")).status_code == 200
    response = client_for(world.head).post(
        reverse("accounts:user_set_active", kwargs={"pk": world.mentee.pk}), {"active": "0"}, follow=True
    )
    assert "Вход заблокирован." in response.content.decode()
    assert world.mentee.history.first().history_user == world.head
    after = mentee_client.get(reverse("profile"))
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("login"))


def test_the_card_does_not_offer_a_setup_link_to_a_user_without_email(world, client_for):
    world.mentee.email = ""
    world.mentee.save()
    client = client_for(world.head)
    card = client.get(reverse("accounts:user_detail", kwargs={"pk": world.mentee.pk})).content.decode()
    assert "Отправить ссылку для входа" not in card
    response = client.post(
        reverse("accounts:user_send_setup_link", kwargs={"pk": world.mentee.pk}), follow=True
    )
    assert "нет e-mail" in response.content.decode()
    assert mail.outbox == []


# --- the list ----------------------------------------------------------------------------------------


def test_head_sees_the_people_of_own_school_only(world, client_for):
    page = client_for(world.head).get(reverse("accounts:user_list")).content.decode()
    for person in (world.head, world.curator, world.mentor, world.mentee):
        assert _link(person) in page
    for person in (
        world.other_head,
        world.other_curator,
        world.other_mentee,
        world.department_admin,
        world.foreign_curator,
    ):
        assert _link(person) not in page


def test_department_sees_the_whole_municipality_but_not_the_other_one(world, client_for):
    page = client_for(world.methodologist).get(reverse("accounts:user_list")).content.decode()
    for person in (world.department_admin, world.mentee, world.other_mentee, world.partner_representative):
        assert _link(person) in page
    for person in (world.foreign_department_admin, world.foreign_curator):
        assert _link(person) not in page
    assert "Лукояновская" not in page


def test_head_does_not_learn_where_else_own_staff_work(world, client_for):
    MembershipFactory(user=world.mentor, organization=world.other_school, role=Role.MENTOR)
    page = client_for(world.head).get(reverse("accounts:user_list")).content.decode()
    assert _link(world.mentor) in page
    assert world.other_school.short_name not in page


def test_search_by_surname_finds_the_person(world, client_for):
    page = (
        client_for(world.department_admin)
        .get(reverse("accounts:user_list"), {"q": "Полякова"})
        .content.decode()
    )
    assert _link(world.curator) in page
    assert _link(world.mentee) not in page
    assert "Всего: 1" in page


def test_search_ignores_the_case_of_a_russian_surname(world, client_for):
    page = (
        client_for(world.department_admin)
        .get(reverse("accounts:user_list"), {"q": "полякова"})
        .content.decode()
    )
    assert _link(world.curator) in page


def test_search_does_not_reach_into_another_municipality(world, client_for):
    page = (
        client_for(world.department_admin)
        .get(reverse("accounts:user_list"), {"q": "Дальнев"})
        .content.decode()
    )
    assert "Никого не найдено." in page


def test_the_list_filters_by_role(world, client_for):
    page = (
        client_for(world.department_admin)
        .get(reverse("accounts:user_list"), {"role": Role.MENTEE})
        .content.decode()
    )
    assert _link(world.mentee) in page
    assert _link(world.other_mentee) in page
    assert _link(world.mentor) not in page


def test_an_ended_role_is_not_listed_as_a_role(world, client_for):
    membership = world.mentor.memberships.get()
    membership.is_active = False
    membership.ended_on = membership.started_on
    membership.save()
    page = client_for(world.head).get(reverse("accounts:user_list"), {"q": "Егорова"}).content.decode()
    assert _link(world.mentor) in page
    assert "нет ролей" in page


@pytest.mark.parametrize("extra_users", [10, 40])
def test_the_list_runs_the_same_few_queries_however_many_users_there_are(
    extra_users, world, client_for, django_assert_max_num_queries
):
    for number in range(extra_users):
        MembershipFactory(
            user=UserFactory(username=f"pupil{number}", last_name="Смирнов"),
            organization=world.school if number % 2 else world.other_school,
            role=Role.MENTEE,
        )
    client = client_for(world.department_admin)
    with django_assert_max_num_queries(7):
        page = client.get(reverse("accounts:user_list")).content.decode()
    assert page.count("Наставляемый — ") == extra_users + 2


# --- the own profile -----------------------------------------------------------------------------------


def test_a_user_changes_own_email_and_phone(world, client_for):
    response = client_for(world.mentor).post(
        reverse("profile"), {"email": "egorova@school.example.ru", "phone": "8 831 934-55-66"}, follow=True
    )
    assert "Контакты сохранены." in response.content.decode()
    world.mentor.refresh_from_db()
    assert (world.mentor.email, world.mentor.phone) == ("egorova@school.example.ru", "8 831 934-55-66")
    assert world.mentor.history.first().history_user == world.mentor


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"email": "egorova@example.ru", "phone": "не скажу"},
            "Введите телефон цифрами, например +7 (831) 234-56-78.",
        ),
        ({"email": "egorova@", "phone": ""}, "Введите правильный адрес электронной почты."),
        ({"email": "egorova@example.ru", "phone": "+7" + "9" * 40}, "не более 30 символов"),
    ],
)
def test_invalid_contacts_come_back_with_a_russian_message(data, message, world, client_for):
    response = client_for(world.mentor).post(reverse("profile"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    world.mentor.refresh_from_db()
    assert (world.mentor.email, world.mentor.phone) == ("mentor1@example.ru", "")


def test_a_user_cannot_rename_themselves_on_the_profile_page(world, client_for):
    client_for(world.mentor).post(
        reverse("profile"),
        {"email": "mentor1@example.ru", "phone": "", "last_name": "Иванова", "username": "boss"},
    )
    world.mentor.refresh_from_db()
    assert (world.mentor.last_name, world.mentor.username) == ("Егорова", "mentor1")


def test_the_profile_lists_own_roles(world, client_for):
    page = client_for(world.curator).get(reverse("profile")).content.decode()
    assert "Куратор внедрения ЦМН — МБОУ Сеченовская СШ" in page
