"""The reference data the data migrations ship (categories, sub-types, subjects, forms, document
kinds), loaded again for transactional tests: their database is flushed after each test, and
serialized_rollback clashes with the content types that the flush re-creates."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

DATA_MIGRATIONS = (
    "mentoring.people.migrations.0002_default_reference_data",
    "mentoring.programs.migrations.0002_default_forms",
    "mentoring.documents.migrations.0002_default_document_kinds",
    "mentoring.surveys.migrations.0002_default_questionnaires",
    "mentoring.monitoring.migrations.0002_default_indicators",
)


def reload_reference_data() -> None:
    from mentoring.people.models import PersonCategory

    if PersonCategory.objects.exists():
        return
    for name in DATA_MIGRATIONS:
        importlib.import_module(name).load_defaults(apps, None)


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    reload_reference_data()
