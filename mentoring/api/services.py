"""Writes of personal API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.api.models import ApiToken

TOKEN_PREFIX = "mnt_"  # noqa: S105 - a public marker, not a secret
# A user rarely needs more than a few scripts; a limit keeps a leaked session from minting hundreds.
MAX_ACTIVE_TOKENS = 20


def token_hash(raw: str) -> str:
    """Tokens carry 256 random bits, so a plain SHA-256 is enough to make the stored value useless."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, by: User) -> tuple[ApiToken, str]:
    """Makes a token for `user` and returns it with the raw secret, which is never stored."""
    if by.pk != user.pk and not by.is_superuser:
        raise PermissionDenied("Токен создаёт сам пользователь.")
    if not user.is_active:
        raise ValidationError("Учётная запись отключена: токен не создан.")
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Укажите, для чего токен (например, «выгрузка в Навигатор»)."})
    if len(name) > 100:
        raise ValidationError({"name": "Не длиннее 100 символов."})
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            f"Действующих токенов не может быть больше {MAX_ACTIVE_TOKENS}: отзовите ненужные."
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], secret_hash=token_hash(raw))
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    if by.pk != token.user_id and not by.is_superuser:
        raise PermissionDenied("Отозвать токен может только его владелец.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Marks the token used, at most once a minute (a busy script would otherwise write on every call)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
