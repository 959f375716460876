"""Pages of the information campaign (roadmap 2.6, 2.7, 3.1): the log of publications and events with
filters and the XLSX download, the overview of the municipality for the department, and the
information resources of each organization."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    campaign_organizations_kept_by,
    campaign_organizations_visible_to,
    get_campaign_entry_for_user,
    get_resource_for_user,
    scope_of,
    sees_campaign,
)
from mentoring.common.forms import add_service_errors
from mentoring.common.history import history_of
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.outreach import services
from mentoring.outreach.exporting import XLSX_TYPE, export_campaign_xlsx
from mentoring.outreach.forms import CampaignEntryForm, CampaignFilterForm, ResourceForm
from mentoring.outreach.models import CampaignEntry, InformationResource
from mentoring.outreach.selectors import CampaignFilters, campaign_list, campaign_overview, resource_list
from mentoring.outreach.views import file_response

PER_PAGE = 50
NOT_FOR_YOU = "Информационную кампанию ведут руководитель и куратор организации и управление образования."
NOT_A_KEEPER = (
    "Записи кампании организации ведут её руководитель и куратор и администратор управления образования."
)


def _require_campaign(request: AuthenticatedHttpRequest) -> None:
    if not sees_campaign(request.user):
        raise PermissionDenied(NOT_FOR_YOU)


def _filters(request: AuthenticatedHttpRequest) -> tuple[CampaignFilterForm, CampaignFilters]:
    organizations = campaign_organizations_visible_to(request.user).filter(is_archived=False)
    form = CampaignFilterForm(request.GET or None, organizations=organizations)
    data = form.cleaned_data if form.is_valid() else {}
    organization = data.get("organization")
    return form, CampaignFilters(
        q=data.get("q", ""),
        organization_id=organization.pk if organization else None,
        audience=data.get("audience", ""),
        channel=data.get("channel", ""),
        kind=data.get("kind", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )


def _period(filters: CampaignFilters) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return filters.date_from or datetime.date(today.year, 1, 1), filters.date_to or datetime.date(
        today.year, 12, 31
    )


@require_GET
def campaign(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_campaign(request)
    form, filters = _filters(request)
    entries = campaign_list(visible_to=request.user, filters=filters)
    date_from, date_to = _period(filters)
    is_department = scope_of(request.user).is_department
    kept = set(campaign_organizations_kept_by(request.user).values_list("pk", flat=True))
    return render(
        request,
        "outreach/campaign.html",
        {
            "filters": form,
            "filtered": any(value for value in filters.__dict__.values()),
            "page": paginate(request, entries, per_page=PER_PAGE),
            "overview": list(campaign_overview(visible_to=request.user, date_from=date_from, date_to=date_to))
            if is_department
            else [],
            "period": (date_from, date_to),
            "kept": kept,
            "can_add": bool(kept),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def campaign_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_campaign(request)
    _, filters = _filters(request)
    entries = campaign_list(visible_to=request.user, filters=filters)
    date_from, date_to = filters.date_from, filters.date_to
    period = (
        f"с {date_from:%d.%m.%Y}" if date_from else "",
        f"по {date_to:%d.%m.%Y}" if date_to else "",
    )
    description = " ".join(part for part in period if part) or "за всё время"
    response = HttpResponse(export_campaign_xlsx(entries, description=description), content_type=XLSX_TYPE)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="informkampaniya-{stamp}.xlsx"'
    return response


def _resources_for(request: AuthenticatedHttpRequest) -> QuerySet[InformationResource]:
    return InformationResource.objects.filter(
        organization__in=campaign_organizations_kept_by(request.user), is_active=True
    )


@require_http_methods(["GET", "POST"])
def entry_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = campaign_organizations_kept_by(request.user)
    if not organizations.exists():
        raise PermissionDenied(NOT_A_KEEPER)
    form = CampaignEntryForm(
        request.POST or None,
        request.FILES or None,
        organizations=organizations,
        resources=_resources_for(request),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            entry = services.campaign_entry_create(by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"«{entry.title}» добавлено в информационную кампанию.")
            return redirect("outreach:campaign")
    return render(request, "outreach/campaign_entry_form.html", {"form": form, "entry": None})


def _editable_entry(request: AuthenticatedHttpRequest, pk: int) -> CampaignEntry:
    entry, can_edit = get_campaign_entry_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(NOT_A_KEEPER)
    return entry


@require_http_methods(["GET", "POST"])
def entry_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = _editable_entry(request, pk)
    resources = InformationResource.objects.filter(organization=entry.organization)
    form = CampaignEntryForm(request.POST or None, request.FILES or None, instance=entry, resources=resources)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_entry_update(by=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            entry.refresh_from_db()
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("outreach:campaign")
    return render(
        request,
        "outreach/campaign_entry_form.html",
        {
            "form": form,
            "entry": entry,
            "history": history_of(entry, hidden=("photo", "file_size", "file_kind")),
        },
    )


@require_POST
def entry_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = _editable_entry(request, pk)
    title = entry.title
    services.campaign_entry_delete(by=request.user, entry=entry)
    messages.success(request, f"«{title}» удалено из информационной кампании.")
    return redirect("outreach:campaign")


@require_GET
def entry_photo(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    entry, _ = get_campaign_entry_for_user(request.user, pk)
    return file_response(entry.photo, entry.file_name)


@require_GET
def resource_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_campaign(request)
    organization = request.GET.get("organization", "")
    resources = resource_list(
        visible_to=request.user, organization_id=int(organization) if organization.isdigit() else None
    )
    kept = set(campaign_organizations_kept_by(request.user).values_list("pk", flat=True))
    return render(
        request,
        "outreach/resource_list.html",
        {"page": paginate(request, resources, per_page=100), "kept": kept, "can_add": bool(kept)},
    )


@require_http_methods(["GET", "POST"])
def resource_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = campaign_organizations_kept_by(request.user)
    if not organizations.exists():
        raise PermissionDenied(NOT_A_KEEPER)
    form = ResourceForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Ресурс «{resource.title}» добавлен.")
            return redirect("outreach:resource_list")
    return render(request, "outreach/resource_form.html", {"form": form, "resource": None})


@require_http_methods(["GET", "POST"])
def resource_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resource, can_edit = get_resource_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(NOT_A_KEEPER)
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(by=request.user, resource=resource, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            resource.refresh_from_db()
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("outreach:resource_list")
    return render(
        request,
        "outreach/resource_form.html",
        {"form": form, "resource": resource, "history": history_of(resource)},
    )
