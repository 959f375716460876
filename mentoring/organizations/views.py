"""Pages of organizations: list, card with staff and history, create, edit, archive."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    can_view_organization_staff,
    get_organization_for_user,
    municipalities_administered_by,
    organizations_where_user_writes_roadmaps,
    roles_grantable_by,
    sees_directories,
)
from mentoring.common.forms import add_service_errors
from mentoring.common.history import history_of
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.organizations import services
from mentoring.organizations.forms import OrganizationFilterForm, OrganizationForm
from mentoring.organizations.selectors import organization_list, organization_staff, with_people_counts


@require_GET
def organization_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not sees_directories(request.user):
        raise PermissionDenied(
            "Список организаций доступен управлению образования и сотрудникам организаций."
        )
    filters = OrganizationFilterForm(request.GET or None)
    q, kind, archived = "", "", False
    if filters.is_valid():
        q, kind, archived = (
            filters.cleaned_data["q"],
            filters.cleaned_data["kind"],
            filters.cleaned_data["archived"],
        )
    organizations = organization_list(visible_to=request.user, q=q, kind=kind, include_archived=archived)
    page = paginate(request, organizations)
    return render(
        request,
        "organizations/organization_list.html",
        {
            "page": page,
            "organizations": with_people_counts(page),
            "filters": filters,
            "can_create": municipalities_administered_by(request.user).exists(),
        },
    )


@require_GET
def organization_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization, can_edit = get_organization_for_user(request.user, pk)
    show_staff = can_view_organization_staff(request.user, organization)
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "can_edit": can_edit,
            "show_staff": show_staff,
            "staff": list(organization_staff(organization_id=organization.pk)) if show_staff else [],
            "can_add_people": bool(roles_grantable_by(request.user, organization)),
            "can_delete": can_edit and not services.organization_has_dependents(organization),
            "can_draft_documents": organization.kind != "partner"
            and organizations_where_user_writes_roadmaps(request.user).filter(pk=organization.pk).exists(),
            "history": history_of(organization) if can_edit else [],
        },
    )


@require_http_methods(["GET", "POST"])
def organization_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipalities = municipalities_administered_by(request.user)
    if not municipalities.exists():
        raise PermissionDenied("Создавать организации может только администратор управления образования.")
    form = OrganizationForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        municipality = data.pop("municipality", None) or municipalities.get()
        try:
            organization = services.organization_create(by=request.user, municipality=municipality, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Организация «{organization.short_name}» создана.")
            return redirect("organizations:detail", pk=organization.pk)
    return render(request, "organizations/organization_form.html", {"form": form, "organization": None})


@require_http_methods(["GET", "POST"])
def organization_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization, can_edit = get_organization_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied("Изменять организацию может только администратор управления образования.")
    has_people = organization.memberships.exists()
    form = OrganizationForm(request.POST or None, instance=organization, kind_locked=has_people)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(by=request.user, organization=organization, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("organizations:detail", pk=organization.pk)
    organization.refresh_from_db()
    return render(
        request, "organizations/organization_form.html", {"form": form, "organization": organization}
    )


@require_POST
def organization_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization, _ = get_organization_for_user(request.user, pk)
    try:
        if request.POST.get("action") == "restore":
            services.organization_restore(by=request.user, organization=organization)
            messages.success(request, f"Организация «{organization.short_name}» возвращена из архива.")
        else:
            services.organization_archive(by=request.user, organization=organization)
            messages.success(request, f"Организация «{organization.short_name}» перенесена в архив.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("organizations:detail", pk=organization.pk)


@require_POST
def organization_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization, _ = get_organization_for_user(request.user, pk)
    try:
        services.organization_delete(by=request.user, organization=organization)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organizations:detail", pk=organization.pk)
    messages.success(request, f"Организация «{organization.short_name}» удалена.")
    return redirect("organizations:list")
