"""The optional two-step login of department administrators (one-time codes from an authenticator app)."""

from __future__ import annotations

import pyotp
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from mentoring.accounts import two_factor
from mentoring.accounts.models import User
from mentoring.accounts.tests.factories import TEST_PASSWORD


def _turn_on(user: User) -> str:
    secret = two_factor.two_factor_begin(user=user)
    two_factor.two_factor_confirm(user=user, code=pyotp.TOTP(secret).now())
    return secret


def _log_in(client: Client, username: str, code: str = ""):
    return client.post(reverse("login"), {"username": username, "password": TEST_PASSWORD, "code": code})


def _is_logged_in(client: Client) -> bool:
    return client.get(reverse("profile")).status_code == 200


def test_the_department_admin_turns_it_on_with_the_qr_code_and_a_first_right_code(world, client_for):
    client = client_for(world.department_admin)
    page = client.post(reverse("two_factor"), {"action": "begin"}, follow=True).content.decode()
    qr = page[page.index("<svg") : page.index("</svg>")]
    assert "<script" not in qr
    assert "http" not in qr.replace("http://www.w3.org/2000/svg", "")
    world.department_admin.refresh_from_db()
    secret = world.department_admin.totp_secret
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page

    wrong = client.post(reverse("two_factor"), {"action": "confirm", "code": "000000"})
    assert "Код не подошёл" in wrong.content.decode()
    world.department_admin.refresh_from_db()
    assert world.department_admin.totp_enabled_at is None

    client.post(reverse("two_factor"), {"action": "confirm", "code": pyotp.TOTP(secret).now()})
    world.department_admin.refresh_from_db()
    assert world.department_admin.totp_enabled_at is not None


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567", "<script>", "١٢٣٤٥٦"])
def test_a_malformed_code_is_refused_in_russian_and_turns_nothing_on(world, client_for, code):
    client = client_for(world.department_admin)
    client.post(reverse("two_factor"), {"action": "begin"})
    response = client.post(reverse("two_factor"), {"action": "confirm", "code": code})
    assert response.status_code == 200
    assert "шесть цифр" in response.content.decode() or "Код не подошёл" in response.content.decode()
    world.department_admin.refresh_from_db()
    assert world.department_admin.totp_enabled_at is None


def test_with_it_on_the_password_alone_does_not_log_in_and_the_code_does(world):
    secret = _turn_on(world.department_admin)
    client = Client(REMOTE_ADDR="10.0.0.21")
    response = _log_in(client, world.department_admin.username)
    assert "введите код из приложения" in response.content.decode()
    assert not _is_logged_in(client)
    assert _log_in(client, world.department_admin.username, pyotp.TOTP(secret).now()).status_code == 302
    assert _is_logged_in(client)


def test_accounts_without_it_log_in_as_before(world):
    client = Client(REMOTE_ADDR="10.0.0.22")
    assert _log_in(client, world.curator.username).status_code == 302


def test_wrong_codes_count_for_the_lockout_like_wrong_passwords(world):
    secret = _turn_on(world.department_admin)
    client = Client(REMOTE_ADDR="10.0.0.23")
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        _log_in(client, world.department_admin.username, "000000")
    response = _log_in(client, world.department_admin.username, pyotp.TOTP(secret).now())
    assert response.status_code == 429
    assert not _is_logged_in(client)


def test_turning_it_off_asks_for_a_current_code(world, client_for):
    secret = _turn_on(world.department_admin)
    client = client_for(world.department_admin)
    client.post(reverse("two_factor"), {"action": "disable", "code": "000000"})
    world.department_admin.refresh_from_db()
    assert world.department_admin.totp_enabled_at is not None
    client.post(reverse("two_factor"), {"action": "disable", "code": pyotp.TOTP(secret).now()})
    world.department_admin.refresh_from_db()
    assert world.department_admin.totp_enabled_at is None
    assert world.department_admin.totp_secret == ""


def test_the_secret_never_reaches_the_change_history(world):
    _turn_on(world.department_admin)
    historical = User.history.model
    assert "totp_secret" not in {field.name for field in historical._meta.get_fields()}


def test_a_curator_cannot_turn_it_on_and_an_admin_cannot_start_it_twice(world):
    with pytest.raises(PermissionDenied):
        two_factor.two_factor_begin(user=world.curator)
    _turn_on(world.department_admin)
    with pytest.raises(ValidationError, match="уже включён"):
        two_factor.two_factor_begin(user=world.department_admin)
