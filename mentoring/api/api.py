"""The API v1: django-ninja, one router per domain, bearer tokens, a rate limit and one error shape."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from mentoring.api import errors
from mentoring.api.auth import TokenAuth
from mentoring.api.routers import mentorships, monitoring, organizations, people, programs, roadmaps
from mentoring.api.throttling import UserRateThrottle

api = NinjaAPI(
    title="Наставничество: API",
    version="1",
    description=(
        "API системы «Наставничество». Запросы подписываются личным токеном: заголовок "
        "`Authorization: Bearer <токен>`. Токен создаётся на странице «Мой профиль → Токены API» или "
        "командой `manage.py create_api_token`. Токен видит и меняет ровно то же, что его владелец на "
        'сайте. Ошибки: `{"detail": "…", "errors": [{"field": "…", "message": "…"}]}`.'
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=UserRateThrottle(),
    docs_url=None,
)
errors.install(api)

ROUTERS = (organizations, people, programs, mentorships, roadmaps, monitoring)
for module in ROUTERS:
    api.add_router("", module.router)


def _open_to_tokens(patterns: list[Any]) -> list[Any]:
    """API clients send no session: the site's LoginRequiredMiddleware must let them through to the
    token check (which answers 401 in JSON instead of redirecting to the login page)."""
    for entry in patterns:
        if isinstance(entry, URLPattern):
            entry.callback.login_required = False  # type: ignore[attr-defined]
        elif isinstance(entry, URLResolver):
            _open_to_tokens(entry.url_patterns)
    return patterns


def api_urls() -> tuple[list[Any], str, str]:
    patterns, app_name, namespace = api.urls
    return _open_to_tokens(patterns), app_name, namespace
