"""Pages of the documents registry: the list with filters, a document's card with its file, people and
roadmap items, adding, changing, deleting (drafts) and downloading."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    document_holders_kept_by,
    document_holders_visible_to,
    get_document_for_user,
    people_linkable_to_documents_of,
    sees_documents,
)
from mentoring.common.audit import log_personal_data_access
from mentoring.common.forms import add_service_errors, form_errors_text
from mentoring.common.history import history_of
from mentoring.common.models import AccessAction
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.documents import services
from mentoring.documents.forms import DocumentFilterForm, DocumentForm, RoadmapItemChoiceForm
from mentoring.documents.models import Document
from mentoring.documents.selectors import (
    DocumentFilters,
    document_card,
    document_list,
    items_linkable_to,
    kinds_for_municipalities,
    linked_items,
    linked_people,
)
from mentoring.organizations.models import Organization
from mentoring.people.models import Person
from mentoring.roadmaps.models import RoadmapItem

PER_PAGE = 50
NOT_A_KEEPER = "Документы организации ведут её руководитель и куратор и администратор управления образования."


def require_registry_pages(request: AuthenticatedHttpRequest) -> None:
    if not sees_documents(request.user):
        raise PermissionDenied("Реестр документов доступен управлению образования и сотрудникам организаций.")


def _holders(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    return queryset.select_related("municipality").order_by("municipality__name", "kind", "short_name")


@require_GET
def document_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_registry_pages(request)
    holders = _holders(document_holders_visible_to(request.user))
    filters = DocumentFilterForm(
        request.GET or None,
        organizations=holders,
        kinds=kinds_for_municipalities(holders.values("municipality_id"), active_only=False),
    )
    chosen = DocumentFilters()
    if filters.is_valid():
        data = filters.cleaned_data
        chosen = DocumentFilters(
            q=data["q"],
            kind_id=data["kind"].pk if data["kind"] else None,
            organization_id=data["organization"].pk if data["organization"] else None,
            status=data["status"],
            year=data["year"],
        )
    return render(
        request,
        "documents/document_list.html",
        {
            "page": paginate(
                request, document_list(visible_to=request.user, filters=chosen), per_page=PER_PAGE
            ),
            "filters": filters,
            "can_create": document_holders_kept_by(request.user).exists(),
        },
    )


def _roadmap_item_from(
    request: AuthenticatedHttpRequest, holders: QuerySet[Organization]
) -> RoadmapItem | None:
    """The roadmap item a new document is the result of (?roadmap_item=), if the user keeps its owner."""
    raw = request.GET.get("roadmap_item", "")
    if not raw.isdigit() or len(raw) > 18:
        return None
    return (
        RoadmapItem.objects.select_related("roadmap", "roadmap__organization")
        .filter(pk=int(raw), roadmap__organization__in=holders)
        .first()
    )


@require_http_methods(["GET", "POST"])
def document_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_registry_pages(request)
    holders = _holders(document_holders_kept_by(request.user))
    if not holders.exists():
        raise PermissionDenied(NOT_A_KEEPER)
    item = _roadmap_item_from(request, holders)
    organization: Organization | None = item.roadmap.organization if item else None
    raw = request.GET.get("organization", "")
    if organization is None and raw.isdigit() and len(raw) <= 18:
        organization = holders.filter(pk=int(raw)).first()
    if organization is None and holders.count() == 1:
        organization = holders.first()
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        organizations=holders,
        kinds=kinds_for_municipalities(holders.values("municipality_id")),
        people=people_linkable_to_documents_of(request.user, organization) if organization else None,
        initial={"organization": organization, "date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_create(
                by=request.user,
                organization=data["organization"],
                kind=data["kind"],
                title=data["title"],
                date=data["date"],
                number=data["number"],
                status=data["status"],
                file=data["file"],
                people=data.get("people") or [],
                roadmap_items=[item] if item else [],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Документ «{document.title}» внесён в реестр.")
            return redirect("documents:detail", pk=document.pk)
    return render(
        request,
        "documents/document_form.html",
        {"form": form, "document": None, "item": item, "organization": organization, "holders": holders},
    )


@require_GET
def document_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_registry_pages(request)
    document, can_edit = get_document_for_user(request.user, pk)
    document = document_card(document)
    people = list(linked_people(document))
    linkable = items_linkable_to(document)
    link_form = RoadmapItemChoiceForm(items=linkable) if can_edit and linkable.exists() else None
    if people:
        log_personal_data_access(
            user=request.user,
            request=request,
            action=AccessAction.VIEW,
            object_type="document",
            object_id=document.pk,
            organization=document.organization,
            details=f"участников в документе: {len(people)}",
        )
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "can_edit": can_edit,
            "people": people,
            "items": list(linked_items(document)),
            "link_form": link_form,
            "schemes": list(document.incentive_schemes.all()),
            "history": history_of(document, hidden=("file", "file_size", "file_kind")) if can_edit else [],
        },
    )


def _editable(request: AuthenticatedHttpRequest, pk: int) -> Document:
    require_registry_pages(request)
    document, can_edit = get_document_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(NOT_A_KEEPER)
    return document


@require_http_methods(["GET", "POST"])
def document_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = _editable(request, pk)
    people = Person.objects.filter(
        Q(pk__in=people_linkable_to_documents_of(request.user, document.organization).values("pk"))
        | Q(pk__in=document.people.values("pk"))
    )
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        instance=document,
        kinds=kinds_for_municipalities([document.organization.municipality_id]),
        people=people,
        initial={"people": list(document.people.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_update(
                by=request.user,
                document=document,
                kind=data["kind"],
                title=data["title"],
                date=data["date"],
                number=data["number"],
                status=data["status"],
                file=data["file"],
                remove_file=data.get("remove_file", False),
                people=data["people"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("documents:detail", pk=document.pk)
        # The page shows the document as it is stored, not the refused changes.
        document.refresh_from_db()
    return render(
        request,
        "documents/document_form.html",
        {"form": form, "document": document, "item": None, "organization": document.organization},
    )


@require_POST
def document_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = _editable(request, pk)
    title = document.title
    try:
        services.document_delete(by=request.user, document=document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("documents:detail", pk=document.pk)
    messages.success(request, f"Проект «{title}» удалён.")
    return redirect("documents:list")


@require_GET
def document_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    require_registry_pages(request)
    document, _ = get_document_for_user(request.user, pk)
    if not document.file:
        raise Http404("У документа нет файла")
    try:
        stream = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл документа не найден в хранилище") from error
    if document.people.exists():
        log_personal_data_access(
            user=request.user,
            request=request,
            action=AccessAction.DOWNLOAD,
            object_type="document",
            object_id=document.pk,
            organization=document.organization,
            details=f"файл {document.file_kind}",
        )
    return FileResponse(stream, as_attachment=True, filename=document.file_name or "document")


@require_POST
def document_link_item(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = _editable(request, pk)
    form = RoadmapItemChoiceForm(request.POST, items=items_linkable_to(document))
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("documents:detail", pk=document.pk)
    try:
        services.document_link_roadmap_item(
            by=request.user, document=document, item=form.cleaned_data["item"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Документ связан с мероприятием дорожной карты.")
    return redirect("documents:detail", pk=document.pk)


@require_POST
def document_unlink_item(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    document = _editable(request, pk)
    item = get_object_or_404(document.roadmap_items.all(), pk=item_pk)
    services.document_unlink_roadmap_item(by=request.user, document=document, item=item)
    messages.success(request, "Связь с мероприятием дорожной карты снята.")
    return redirect("documents:detail", pk=document.pk)
