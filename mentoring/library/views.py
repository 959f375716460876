"""Pages of the methodological library: the list with search and filters, a material's card, adding,
changing, deleting and downloading."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.common.access import (
    can_add_materials,
    get_material_for_user,
    municipalities_where_user_keeps_materials,
    organizations_visible_to,
    organizations_where_user_keeps_materials,
)
from mentoring.common.forms import add_service_errors
from mentoring.common.history import history_of
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.library import services
from mentoring.library.forms import MaterialFilterForm, MaterialForm
from mentoring.library.models import Material
from mentoring.library.selectors import material_list
from mentoring.organizations.models import OrganizationKind

PER_PAGE = 25


@require_GET
def material_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = (
        organizations_visible_to(request.user)
        .filter(is_archived=False)
        .exclude(kind=OrganizationKind.DEPARTMENT)
        .order_by("short_name")
    )
    filters = MaterialFilterForm(request.GET or None, organizations=organizations)
    data = filters.cleaned_data if filters.is_valid() else {}
    materials = material_list(
        visible_to=request.user,
        q=data.get("q", ""),
        kind=data.get("kind", ""),
        audience=data.get("audience", ""),
        tag=data.get("tag", ""),
        owner=data.get("owner", ""),
    )
    return render(
        request,
        "library/material_list.html",
        {
            "page": paginate(request, materials, per_page=PER_PAGE),
            "filters": filters,
            "filtered": bool(data and any(data.values())),
            "can_create": can_add_materials(request.user),
        },
    )


@require_GET
def material_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    material, can_edit = get_material_for_user(request.user, pk)
    return render(
        request,
        "library/material_detail.html",
        {
            "material": material,
            "can_edit": can_edit,
            "history": history_of(material, hidden=("file", "file_size", "file_kind")) if can_edit else [],
        },
    )


@require_http_methods(["GET", "POST"])
def material_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_add_materials(request.user):
        raise PermissionDenied(
            "Материалы в библиотеку добавляют руководитель и куратор организации, методист и администратор "
            "управления образования."
        )
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        municipalities=municipalities_where_user_keeps_materials(request.user).order_by("name"),
        organizations=organizations_where_user_keeps_materials(request.user).order_by("short_name"),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        municipality, organization = data.pop("owner")
        try:
            material = services.material_create(
                by=request.user, municipality=municipality, organization=organization, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Материал «{material.title}» добавлен в библиотеку.")
            return redirect("library:detail", pk=material.pk)
    return render(request, "library/material_form.html", {"form": form, "material": None})


def _editable(request: AuthenticatedHttpRequest, pk: int) -> Material:
    material, can_edit = get_material_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied("Изменять и удалять материал могут те, кто ведёт материалы его владельца.")
    return material


@require_http_methods(["GET", "POST"])
def material_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    material = _editable(request, pk)
    form = MaterialForm(request.POST or None, request.FILES or None, instance=material)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_update(by=request.user, material=material, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("library:detail", pk=material.pk)
        # The page shows the material as it is stored, not the refused changes.
        material.refresh_from_db()
    return render(request, "library/material_form.html", {"form": form, "material": material})


@require_http_methods(["GET", "POST"])
def material_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    material = _editable(request, pk)
    if request.method == "POST":
        title = material.title
        services.material_delete(by=request.user, material=material)
        messages.success(request, f"Материал «{title}» удалён.")
        return redirect("library:list")
    return render(request, "library/material_confirm_delete.html", {"material": material})


@require_GET
def material_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    material, _ = get_material_for_user(request.user, pk)
    if not material.file:
        raise Http404("У материала нет файла")
    try:
        stream = material.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл материала не найден в хранилище") from error
    return FileResponse(stream, as_attachment=True, filename=material.file_name or "material")
