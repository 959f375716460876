"""The personal-data access log is append-only for the application: no code path rewrites or removes
an event, and its actors cannot be removed from under it."""

from __future__ import annotations

import pytest
from django.db import transaction

from mentoring.common.audit import log_personal_data_access
from mentoring.common.models import AccessAction, PersonalDataAccess


@pytest.fixture
def event(world):
    return log_personal_data_access(
        user=world.curator,
        request=None,
        action=AccessAction.VIEW,
        object_type="person",
        organization=world.school,
    )


def test_an_event_cannot_be_changed_or_removed(event):
    event.details = "подправлено"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        PersonalDataAccess.objects.filter(pk=event.pk).update(details="подправлено")
    with pytest.raises(PermissionError):
        PersonalDataAccess.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError), transaction.atomic():
        PersonalDataAccess.objects.bulk_update([event], ["details"])
    event.refresh_from_db()
    assert event.details == ""


def test_the_user_who_acted_cannot_be_deleted_from_under_the_log(event):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        event.user.delete()
    assert PersonalDataAccess.objects.filter(pk=event.pk).exists()
