"""Optional one-time passwords (TOTP, RFC 6238) for the accounts that can reach a whole municipality's
personal data: department administrators and superusers.

The account holder turns it on from the personal page: the system makes a secret, shows it as a QR code
(drawn on the server as SVG, nothing loaded from outside) and as text for an authenticator app, and keeps
it only after the first right code. From then on the login page asks for the six-digit code as well as
the password; a wrong code counts as a failed login for the lockout, like a wrong password.
"""

from __future__ import annotations

import io

import pyotp
import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import Role, User
from mentoring.common.access import scope_of

ISSUER = "Наставничество"
# One step (30 s) either side: the phone's clock may be a little off.
VALID_WINDOW = 1
WRONG_CODE = "Код не подошёл: введите шесть цифр, которые сейчас показывает приложение."


def can_use_two_factor(user: User) -> bool:
    scope = scope_of(user)
    return scope.is_superuser or bool(scope.municipalities_with({Role.DEPARTMENT_ADMIN}))


def _require(user: User) -> None:
    if not can_use_two_factor(user):
        raise PermissionDenied("Двухэтапный вход включают администраторы управления образования.")


def code_is_right(user: User, code: str) -> bool:
    code = (code or "").strip().replace(" ", "")
    if not user.totp_secret or len(code) != 6 or not code.isdigit():
        return False
    return bool(pyotp.TOTP(user.totp_secret).verify(code, valid_window=VALID_WINDOW))


@transaction.atomic
def two_factor_begin(*, user: User) -> str:
    """A new secret waiting for its first code; an account already protected is left as it is."""
    _require(user)
    if user.totp_enabled_at is not None:
        raise ValidationError("Двухэтапный вход уже включён.")
    user.totp_secret = pyotp.random_base32()
    user.save(update_fields=["totp_secret"])
    return user.totp_secret


@transaction.atomic
def two_factor_confirm(*, user: User, code: str) -> None:
    _require(user)
    if user.totp_enabled_at is not None:
        raise ValidationError("Двухэтапный вход уже включён.")
    if not code_is_right(user, code):
        raise ValidationError({"code": WRONG_CODE})
    user.totp_enabled_at = timezone.now()
    user.save(update_fields=["totp_enabled_at"])


@transaction.atomic
def two_factor_disable(*, user: User, code: str) -> None:
    """Turning it off asks for a current code, so that an open session left on a shared computer is not
    enough to remove the protection."""
    _require(user)
    if user.totp_enabled_at is None:
        raise ValidationError("Двухэтапный вход не включён.")
    if not code_is_right(user, code):
        raise ValidationError({"code": WRONG_CODE})
    user.totp_secret = ""
    user.totp_enabled_at = None
    user.save(update_fields=["totp_secret", "totp_enabled_at"])


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_svg(user: User) -> str:
    """The secret as a QR code for the authenticator app, inline SVG without the XML prolog."""
    buffer = io.BytesIO()
    segno.make(provisioning_uri(user), error="m").save(
        buffer, kind="svg", scale=5, xmldecl=False, svgns=True, title="QR-код для приложения", nl=False
    )
    return buffer.getvalue().decode()
