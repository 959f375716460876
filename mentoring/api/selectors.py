"""Reads of personal API tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from mentoring.accounts.models import User
from mentoring.api.models import ApiToken
from mentoring.api.services import TOKEN_PREFIX, token_hash

MAX_TOKEN_LENGTH = 200


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-id")


def get_own_token(user: User, pk: int) -> ApiToken:
    """A token of the user's own; 404 for everybody else's."""
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404("Токен не найден")
    return token


def active_token(raw: str) -> ApiToken | None:
    """The token the raw secret belongs to, if it is neither revoked nor its owner disabled."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > MAX_TOKEN_LENGTH:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(secret_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
