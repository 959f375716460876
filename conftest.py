"""Fixtures shared by every test: fast password hashing, the named personas, logged-in clients."""

from collections.abc import Callable

import pytest
from django.test import Client

from mentoring.accounts.models import User
from mentoring.common.tests.personas import World, build_world


@pytest.fixture(autouse=True)
def _fast_passwords_and_no_lockout_leaks(settings):
    # Argon2 is deliberately slow; tests that check the real hasher ask for it explicitly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploaded_files_in_a_temporary_folder(settings, tmp_path):
    # Uploaded scans and pending imports never land in the developer's var/media.
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _dashboards_computed_afresh(settings):
    # Ids repeat between tests rolled back: a dashboard kept from another test would show its figures.
    # The keeping itself is tested with the setting turned back on.
    settings.DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def client_for(db) -> Callable[[User | None], Client]:
    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
