"""Bearer tokens for the API: `Authorization: Bearer mnt_…`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBearer

from mentoring.api.errors import Refusal
from mentoring.api.selectors import active_token
from mentoring.api.services import api_token_touch
from mentoring.common.audit import client_address


def _failures_key(request: HttpRequest) -> str:
    return f"api-token-failures:{client_address(request) or 'unknown'}"


def _locked_out(request: HttpRequest) -> bool:
    return int(cache.get(_failures_key(request), 0)) >= settings.API_AUTH_FAILURE_LIMIT


def _count_failure(request: HttpRequest) -> None:
    key = _failures_key(request)
    seconds = settings.API_AUTH_COOLOFF_MINUTES * 60
    # add() starts the window with the first failure; incr() keeps its expiry.
    if not cache.add(key, 1, seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, seconds)


class TokenAuth(HttpBearer):
    """The token's owner becomes request.user: every scoping rule then applies exactly as on the site."""

    openapi_description = (
        "Личный токен API со страницы «Мой профиль → Токены API» или из `manage.py create_api_token`."
    )

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # Like the login page's lockout: an address that keeps sending wrong tokens is refused for a while,
        # even with a right one, so that tokens cannot be guessed by trying.
        if _locked_out(request):
            raise Refusal(
                429,
                "Слишком много попыток с неверным токеном с этого адреса. "
                f"Повторите через {settings.API_AUTH_COOLOFF_MINUTES} мин.",
                retry_after=settings.API_AUTH_COOLOFF_MINUTES * 60,
            )
        found = active_token(token)
        if found is None:
            _count_failure(request)
            return None
        api_token_touch(token=found)
        request.user = found.user
        return found.user
