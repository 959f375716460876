"""Logging in, the lockout after repeated failures, password reset and password change."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import Client
from django.urls import reverse

import mentoring.settings as project_settings
from mentoring.accounts.tests.factories import TEST_PASSWORD

NEW_PASSWORD = "Sosna-Beryoza-77"
RESET_LINK = re.compile(r"http://testserver(?P<path>/password/reset/[\w-]+/[\w-]+/)")


def _client(address: str = "10.0.0.7") -> Client:
    return Client(REMOTE_ADDR=address)


def _log_in(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def _is_logged_in(client: Client) -> bool:
    return client.get(reverse("profile")).status_code == 200


# --- logging in --------------------------------------------------------------------------------------


def test_login_with_the_right_password_lands_on_the_home_page(world):
    client = _client()
    response = _log_in(client, "curator1", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert world.curator.get_short_name() in home.content.decode()


def test_a_wrong_password_is_refused_with_a_russian_message(world):
    client = _client()
    response = _log_in(client, "curator1", "Kolokol-2021-tost")
    assert response.status_code == 200
    assert "Неверный логин или пароль." in response.content.decode()
    assert not _is_logged_in(client)


def test_login_never_sends_the_user_to_another_site(world):
    response = _client().post(
        reverse("login"),
        {"username": "curator1", "password": TEST_PASSWORD, "next": "https://evil.example.com/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_login_returns_to_the_page_asked_for(world):
    client = _client()
    asked = client.get(reverse("accounts:user_list"))
    assert asked.status_code == 302
    response = client.post(asked["Location"], {"username": "curator1", "password": TEST_PASSWORD})
    assert response["Location"] == reverse("accounts:user_list")


def test_logout_ends_the_session(world):
    client = _client()
    _log_in(client, "curator1", TEST_PASSWORD)
    assert client.post(reverse("logout"))["Location"] == reverse("login")
    assert not _is_logged_in(client)


def test_the_project_hashes_passwords_with_argon2():
    # The test run swaps in a fast hasher (root conftest); the module value is what a deployment uses.
    assert "Argon2" in project_settings.PASSWORD_HASHERS[0]


def test_the_argon2_hasher_is_installed_and_works(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert make_password(TEST_PASSWORD).startswith("argon2$")


# --- lockout -----------------------------------------------------------------------------------------


def _fail(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        _log_in(client, username, "wrong-password")


def test_after_five_failures_even_the_right_password_meets_the_lockout_page(world):
    client = _client()
    _fail(client, "curator1", django_settings.AXES_FAILURE_LIMIT)
    response = _log_in(client, "curator1", TEST_PASSWORD)
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()
    assert not _is_logged_in(client)


def test_the_admin_login_shares_the_lockout_of_the_site(world):
    # Failures on the site's login page lock the admin's login page too, and the other way round.
    world.superuser.set_password(TEST_PASSWORD)
    world.superuser.save()
    client = _client("10.0.0.9")
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "root", "password": "wrong-password"})
    response = client.post(reverse("admin:login"), {"username": "root", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302
    assert _log_in(client, "root", TEST_PASSWORD).status_code == 429


def test_four_failures_do_not_lock_the_account(world):
    client = _client()
    _fail(client, "curator1", django_settings.AXES_FAILURE_LIMIT - 1)
    response = _log_in(client, "curator1", TEST_PASSWORD)
    assert response.status_code == 302
    assert _is_logged_in(client)


def test_a_successful_login_forgives_earlier_failures(world):
    client = _client()
    _fail(client, "curator1", django_settings.AXES_FAILURE_LIMIT - 1)
    assert _log_in(client, "curator1", TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    _fail(client, "curator1", django_settings.AXES_FAILURE_LIMIT - 1)
    assert _log_in(client, "curator1", TEST_PASSWORD).status_code == 302


def test_the_lockout_holds_one_login_on_one_address_only(world):
    _fail(_client("10.0.0.7"), "curator1", django_settings.AXES_FAILURE_LIMIT)
    # The same person from another computer, and a colleague at the same computer, still get in.
    assert _log_in(_client("10.0.0.8"), "curator1", TEST_PASSWORD).status_code == 302
    assert _log_in(_client("10.0.0.7"), "mentor1", TEST_PASSWORD).status_code == 302
    assert _log_in(_client("10.0.0.7"), "curator1", TEST_PASSWORD).status_code == 429


# --- password reset ----------------------------------------------------------------------------------


def test_password_reset_by_email_lets_the_user_set_a_new_password(world):
    client = _client()
    response = client.post(reverse("password_reset"), {"email": "curator1@example.ru"}, follow=True)
    assert "Ссылка отправлена" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["curator1@example.ru"]
    assert message.subject == "Восстановление пароля в системе «Наставничество»"
    assert "Чтобы задать новый пароль, откройте ссылку" in message.body
    link = RESET_LINK.search(message.body)
    assert link is not None, message.body

    form_page = client.get(link["path"], follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("password_reset_complete")

    assert _log_in(_client(), "curator1", NEW_PASSWORD)["Location"] == "/"
    assert _log_in(_client(), "curator1", TEST_PASSWORD).status_code == 200


def test_a_reset_link_works_only_once(world):
    client = _client()
    client.post(reverse("password_reset"), {"email": "curator1@example.ru"})
    path = RESET_LINK.search(mail.outbox[0].body)["path"]
    set_password_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = _client().get(path, follow=True)
    assert again.status_code == 200
    assert "Ссылка для установки пароля недействительна" in again.content.decode()
    assert "new_password1" not in again.content.decode()


def test_the_reset_form_refuses_a_weak_new_password(world):
    client = _client()
    client.post(reverse("password_reset"), {"email": "curator1@example.ru"})
    path = RESET_LINK.search(mail.outbox[0].body)["path"]
    set_password_url = client.get(path, follow=True).redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "Введённый пароль слишком широко распространён." in response.content.decode()
    assert _log_in(_client(), "curator1", TEST_PASSWORD)["Location"] == "/"


@pytest.mark.parametrize("email", ["nobody@example.ru", "curator1@example.ru.evil.example"])
def test_an_unknown_email_gets_the_same_page_and_no_letter(email, world):
    known = _client().post(reverse("password_reset"), {"email": "curator1@example.ru"}, follow=True)
    mail.outbox.clear()
    unknown = _client().post(reverse("password_reset"), {"email": email}, follow=True)
    assert mail.outbox == []
    assert unknown.redirect_chain == known.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert unknown.content == known.content


def test_the_reset_email_may_be_typed_in_any_case(world):
    _client().post(reverse("password_reset"), {"email": "Curator1@Example.RU"})
    assert [message.to for message in mail.outbox] == [["curator1@example.ru"]]


def test_a_malformed_email_is_a_form_error_and_sends_nothing(world):
    response = _client().post(reverse("password_reset"), {"email": "curator1@"})
    assert response.status_code == 200
    assert "Введите правильный адрес электронной почты." in response.content.decode()
    assert mail.outbox == []


def test_a_blocked_user_gets_no_reset_letter(world):
    world.curator.is_active = False
    world.curator.save()
    response = _client().post(reverse("password_reset"), {"email": "curator1@example.ru"}, follow=True)
    assert "Ссылка отправлена" in response.content.decode()
    assert mail.outbox == []


# --- password change ---------------------------------------------------------------------------------


def test_a_logged_in_user_changes_the_password_and_stays_logged_in(world):
    client = _client()
    _log_in(client, "mentor1", TEST_PASSWORD)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("password_change_done")
    assert _is_logged_in(client)
    assert _log_in(_client(), "mentor1", NEW_PASSWORD)["Location"] == "/"
    assert _log_in(_client(), "mentor1", TEST_PASSWORD).status_code == 200


@pytest.mark.parametrize(
    ("old", "new1", "new2", "message"),
    [
        ("wrong-old-password", NEW_PASSWORD, NEW_PASSWORD, "Ваш старый пароль введен неправильно."),
        (TEST_PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!", "Введенные пароли не совпадают."),
        (TEST_PASSWORD, "12345678", "12345678", "Введённый пароль состоит только из цифр."),
        (TEST_PASSWORD, "mentor1@example.ru", "mentor1@example.ru", "Введённый пароль слишком похож на"),
    ],
)
def test_a_refused_password_change_says_why_and_keeps_the_old_password(old, new1, new2, message, world):
    client = _client()
    _log_in(client, "mentor1", TEST_PASSWORD)
    response = client.post(
        reverse("password_change"), {"old_password": old, "new_password1": new1, "new_password2": new2}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _log_in(_client(), "mentor1", TEST_PASSWORD)["Location"] == "/"
