"""Every write to the documents registry: the kinds of documents, documents with their files and links
to roadmap items and people, and the incentive schemes for mentors."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.access import (
    can_keep_documents_of,
    municipalities_administered_by,
    people_linkable_to_documents_of,
)
from mentoring.documents.models import Document, DocumentKind, DocumentStatus, IncentiveScheme
from mentoring.documents.reference_defaults import INCENTIVE_KINDS
from mentoring.documents.uploads import (
    delete_after_commit,
    display_file_name,
    save_with_file,
    validate_document_file,
)
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.people.models import Person
from mentoring.people.normalize import normalize_text
from mentoring.roadmaps.models import RoadmapItem

# --- kinds of documents --------------------------------------------------------------------------


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


# --- documents -----------------------------------------------------------------------------------

# A document in force may lose force and (a mistake corrected) regain it; it never becomes a draft again.
STATUS_TRANSITIONS = {
    DocumentStatus.DRAFT: {DocumentStatus.IN_FORCE, DocumentStatus.CANCELLED},
    DocumentStatus.IN_FORCE: {DocumentStatus.CANCELLED},
    DocumentStatus.CANCELLED: {DocumentStatus.IN_FORCE},
}


def _require_document_keeper(by: User, organization: Organization) -> None:
    if not can_keep_documents_of(by, organization):
        raise PermissionDenied(f"Вы не ведёте документы организации «{organization.short_name}».")


def _check_kind(kind: DocumentKind, organization: Organization, *, current: DocumentKind | None) -> None:
    if current is not None and kind.pk == current.pk:
        return
    if kind.municipality_id not in (None, organization.municipality_id):
        raise ValidationError({"kind": "Этот вид документа относится к другому муниципалитету."})
    if not kind.is_active:
        raise ValidationError(
            {"kind": f"Вид документа «{kind.name}» больше не используется: выберите другой."}
        )


def _check_date(date: datetime.date, status: str) -> None:
    if status != DocumentStatus.DRAFT and date > timezone.localdate():
        raise ValidationError(
            {"date": "Дата действующего документа не может быть в будущем: пока он не подписан, это проект."}
        )


def _checked_people(
    by: User, organization: Organization, people: Iterable[Person], *, already: Iterable[int] = ()
) -> list[Person]:
    """The people as a list; each must be in the organization's bases the user sees, or be linked to
    the document already (a person archived since keeps the link)."""
    chosen = list(people)
    allowed = set(already) | set(
        people_linkable_to_documents_of(by, organization)
        .filter(pk__in=[person.pk for person in chosen])
        .values_list("pk", flat=True)
    )
    foreign = [person for person in chosen if person.pk not in allowed]
    if foreign:
        owner = "муниципалитета" if organization.kind == OrganizationKind.DEPARTMENT else "организации"
        raise ValidationError(
            {"people": f"Документ может касаться только участников из баз {owner}, которые вам доступны."}
        )
    return chosen


def _check_item(organization: Organization, item: RoadmapItem) -> None:
    if item.roadmap.organization_id != organization.pk:
        raise ValidationError("Документ связывается только с мероприятиями дорожной карты своей организации.")


def _set_text(document: Document, *, title: str, number: str) -> None:
    document.title = " ".join(title.split())
    document.number = " ".join(number.split())
    document.search_text = normalize_text(f"{document.number} {document.title}")


def _attach_file(document: Document, upload: UploadedFile) -> None:
    kind = validate_document_file(upload)
    document.file_name = display_file_name(upload.name or "")
    document.file_size = upload.size or 0
    document.file_kind = kind.label
    extension = document.file_name.rsplit(".", 1)[-1].lower()
    # The stored name is made by document_upload_to; the user's name is kept in file_name only.
    upload.name = f"document.{extension}"
    document.file = upload


def _drop_file(document: Document) -> None:
    document.file = ""
    document.file_name = ""
    document.file_size = 0
    document.file_kind = ""


@transaction.atomic
def document_create(
    *,
    by: User,
    organization: Organization,
    kind: DocumentKind,
    title: str,
    date: datetime.date,
    number: str = "",
    status: str = DocumentStatus.DRAFT,
    file: UploadedFile | None = None,
    people: Iterable[Person] = (),
    roadmap_items: Iterable[RoadmapItem] = (),
) -> Document:
    """Registers a document of the organization (the department's own: of the department)."""
    _require_document_keeper(by, organization)
    document = Document(organization=organization, kind=kind, date=date, status=status, created_by=by)
    _set_text(document, title=title, number=number)
    _check_kind(kind, organization, current=None)
    _check_date(date, status)
    chosen_people = _checked_people(by, organization, people)
    items = list(roadmap_items)
    for item in items:
        _check_item(organization, item)
    if file is not None:
        _attach_file(document, file)
    document.full_clean(exclude=["file"])
    save_with_file(document)
    document.people.set(chosen_people)
    document.roadmap_items.set(items)
    return document


@transaction.atomic
def document_update(
    *,
    by: User,
    document: Document,
    kind: DocumentKind,
    title: str,
    date: datetime.date,
    number: str,
    status: str,
    file: UploadedFile | None = None,
    remove_file: bool = False,
    people: Iterable[Person] | None = None,
) -> Document:
    """Changes the document; a new `file` replaces the stored one, `remove_file` drops it (the old file
    is removed once the change is saved); `people` None leaves the links as they are."""
    _require_document_keeper(by, document.organization)
    if status != document.status and status not in STATUS_TRANSITIONS[DocumentStatus(document.status)]:
        raise ValidationError(
            {
                "status": f"Документ со статусом «{document.get_status_display()}» нельзя перевести "
                f"в «{DocumentStatus(status).label}»."
            }
        )
    current_kind = DocumentKind.objects.get(pk=document.kind_id)
    _check_kind(kind, document.organization, current=current_kind)
    _check_date(date, status)
    chosen_people = None
    if people is not None:
        already = document.people.values_list("pk", flat=True)
        chosen_people = _checked_people(by, document.organization, people, already=already)
    old_file = document.file if document.file else None
    document.kind = kind
    document.date = date
    document.status = status
    _set_text(document, title=title, number=number)
    if file is not None:
        _attach_file(document, file)
    elif remove_file:
        _drop_file(document)
    document.full_clean(exclude=["file"])
    save_with_file(document)
    if chosen_people is not None:
        document.people.set(chosen_people)
    if old_file is not None and document.file.name != old_file.name:
        delete_after_commit(old_file)
    return document


@transaction.atomic
def document_delete(*, by: User, document: Document) -> None:
    """Deletes a draft registered by mistake; a document that was in force is cancelled instead. The
    stored file is removed once the deletion is committed."""
    _require_document_keeper(by, document.organization)
    if document.status != DocumentStatus.DRAFT:
        raise ValidationError(
            "Удалить можно только проект. Документ, который действовал, отметьте как утративший силу."
        )
    if document.incentive_schemes.exists():
        raise ValidationError(
            "Этим документом утверждена система мотивации наставников: сначала укажите в ней другой документ."
        )
    file = document.file if document.file else None
    document.delete()
    delete_after_commit(file)


@transaction.atomic
def document_link_roadmap_item(*, by: User, document: Document, item: RoadmapItem) -> None:
    """Records the document as the result of a roadmap item of the same organization."""
    _require_document_keeper(by, document.organization)
    _check_item(document.organization, item)
    document.roadmap_items.add(item)


@transaction.atomic
def document_unlink_roadmap_item(*, by: User, document: Document, item: RoadmapItem) -> None:
    _require_document_keeper(by, document.organization)
    document.roadmap_items.remove(item)


# --- incentive schemes ---------------------------------------------------------------------------


def incentive_kinds_for(scheme: IncentiveScheme | None) -> list[str]:
    """The forms of encouragement to choose from: the defaults, then any the scheme already holds."""
    kinds = list(INCENTIVE_KINDS)
    if scheme is not None:
        kinds += [kind for kind in scheme.incentive_kinds if kind not in kinds]
    return kinds


@transaction.atomic
def incentive_scheme_save(
    *,
    by: User,
    organization: Organization,
    title: str,
    adopted_on: datetime.date,
    incentive_kinds: Iterable[str],
    document: Document | None = None,
    notes: str = "",
) -> IncentiveScheme:
    """Adopts the organization's incentive scheme or changes the current one (the earlier version
    stays in the history)."""
    _require_document_keeper(by, organization)
    scheme = IncentiveScheme.objects.select_for_update().filter(organization=organization).first()
    allowed = incentive_kinds_for(scheme)
    chosen: list[str] = []
    for kind in incentive_kinds:
        if kind not in allowed:
            raise ValidationError({"incentive_kinds": "Выберите формы поощрения из списка."})
        if kind not in chosen:
            chosen.append(kind)
    if not chosen:
        raise ValidationError({"incentive_kinds": "Отметьте хотя бы одну форму поощрения."})
    if document is not None and document.organization_id != organization.pk:
        raise ValidationError({"document": "Систему мотивации утверждает документ этой же организации."})
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": "Дата принятия не может быть в будущем."})
    if scheme is None:
        scheme = IncentiveScheme(organization=organization)
    scheme.title = " ".join(title.split())
    scheme.adopted_on = adopted_on
    scheme.incentive_kinds = [kind for kind in allowed if kind in chosen]
    scheme.document = document
    scheme.notes = notes.strip()
    scheme.full_clean()
    scheme.save()
    return scheme
