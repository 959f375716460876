"""Every write to the kinds of documents."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mentoring.accounts.models import User
from mentoring.common.access import municipalities_administered_by
from mentoring.documents.models import DocumentKind


def _require_keeper(by: User, kind: DocumentKind) -> None:
    if kind.municipality_id is None:
        if not by.is_superuser:
            raise PermissionDenied("Общий список видов документов меняет администратор системы.")
    elif not municipalities_administered_by(by).filter(pk=kind.municipality_id).exists():
        raise PermissionDenied("Список видов документов муниципалитета ведёт управление образования.")


@transaction.atomic
def document_kind_create(*, by: User, municipality_id: int, name: str) -> DocumentKind:
    kind = DocumentKind(municipality_id=municipality_id, name=name)
    _require_keeper(by, kind)
    kind.full_clean()
    kind.save()
    return kind


@transaction.atomic
def document_kind_set_active(*, by: User, kind: DocumentKind, active: bool) -> DocumentKind:
    _require_keeper(by, kind)
    if kind.is_active != active:
        kind.is_active = active
        kind.save(update_fields=["is_active"])
    return kind
