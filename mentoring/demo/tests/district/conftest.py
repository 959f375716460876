"""The demo district, loaded once for all the tests of this subpackage: loading it takes seconds, and each
test's own changes are rolled back to it. Uploaded demo files live in one temporary folder for the
package, so a test reads the files the load wrote."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from mentoring.organizations.models import Organization

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="package")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def _uploaded_files_in_a_temporary_folder(settings, demo_media):
    # Replaces the project-wide fixture of the same name: the demo's files stay where the load put them.
    settings.MEDIA_ROOT = str(demo_media)


@pytest.fixture(scope="package")
def demo_district(django_db_setup, django_db_blocker, demo_media):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=str(demo_media)),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def district(demo_district, db):
    """The demo organizations by code."""
    return {
        organization.code: organization
        for organization in Organization.objects.filter(code__startswith="brz-")
    }
