"""Bearer tokens for the API: `Authorization: Bearer mnt_…`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from mentoring.api.selectors import active_token
from mentoring.api.services import api_token_touch


class TokenAuth(HttpBearer):
    """The token's owner becomes request.user: every scoping rule then applies exactly as on the site."""

    openapi_description = (
        "Личный токен API со страницы «Мой профиль → Токены API» или из `manage.py create_api_token`."
    )

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = active_token(token)
        if found is None:
            return None
        api_token_touch(token=found)
        request.user = found.user
        return found.user
