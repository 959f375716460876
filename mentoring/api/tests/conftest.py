"""Fixtures of the API tests: a token for every persona, a client that sends it, a fresh rate limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from mentoring.api.services import api_token_create
from mentoring.common.tests.personas import World


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    settings.API_RATE_LIMIT = "100000/m"
    # The matrix and the fuzz run send hundreds of wrong tokens from one address on purpose; the lockout
    # itself is tested with its real limit in test_tokens_and_api.py.
    settings.API_AUTH_FAILURE_LIMIT = 100000
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tokens(world: World) -> dict[str, str]:
    """persona -> raw token (none for anonymous)."""
    from mentoring.common.tests.test_access_matrix import LOGGED_IN

    made = {}
    for persona in LOGGED_IN:
        user = world.persona(persona)
        made[persona] = api_token_create(user=user, name="тест", by=user)[1]
    return made


@pytest.fixture
def call(tokens: dict[str, str]) -> Callable[..., Any]:
    """call(persona, method, path, json=None, **query) -> response."""
    client = Client()

    def make(persona: str, method: str, path: str, json: Any = None, **query: Any) -> Any:
        headers = {"Authorization": f"Bearer {tokens[persona]}"} if persona in tokens else {}
        if method == "GET":
            return client.get(path, query, headers=headers)
        return client.generic(
            method,
            path,
            data=__import__("json").dumps(json or {}),
            content_type="application/json",
            headers=headers,
        )

    return make
