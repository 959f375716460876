"""Drafting an organization's documents from templates, and the department's own templates."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.accounts.models import Membership, Role
from mentoring.common.access import (
    get_organization_for_user,
    municipalities_administered_by,
    organizations_where_user_writes_roadmaps,
)
from mentoring.common.forms import form_errors_text
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.documents import generation
from mentoring.organizations.models import Municipality

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def generate_document(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    """The drafted document for the organization; the curator's order asks whom to appoint first."""
    organization, _ = get_organization_for_user(request.user, pk)
    if not organizations_where_user_writes_roadmaps(request.user).filter(pk=organization.pk).exists():
        raise PermissionDenied(
            "Документы организации готовят её руководитель, куратор и управление образования."
        )
    if kind not in generation.KINDS:
        raise Http404("Неизвестный вид документа")
    curators = list(
        Membership.objects.filter(
            organization=organization, role=Role.CURATOR, is_active=True
        ).select_related("user")
    )
    chosen = request.GET.get("curator", "")
    if generation.KINDS[kind].needs_curator and not chosen:
        return render(
            request,
            "documents/generate_choose_curator.html",
            {"organization": organization, "kind": generation.KINDS[kind], "curators": curators},
        )
    names = {str(m.user_id): m.user.get_full_name() for m in curators}
    content = generation.generate(
        kind,
        organization,
        curator_name=names.get(chosen, ""),
        template=generation.department_template(organization.municipality_id, kind),
    )
    return _docx(content, f"{kind}-{organization.code}.docx")


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label="Свой шаблон (DOCX)")


def _administered_municipality(request: AuthenticatedHttpRequest) -> Municipality:
    municipality = municipalities_administered_by(request.user).order_by("name").first()
    if municipality is None:
        raise PermissionDenied("Шаблоны документов ведёт администратор управления образования.")
    return municipality


@require_GET
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _administered_municipality(request)
    rows = [
        (kind, generation.department_template(municipality.pk, kind.code) is not None)
        for kind in generation.KINDS.values()
    ]
    return render(
        request,
        "documents/template_list.html",
        {"rows": rows, "placeholders": generation.PLACEHOLDERS, "form": TemplateUploadForm()},
    )


@require_GET
def template_download(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    municipality = _administered_municipality(request)
    if kind not in generation.KINDS:
        raise Http404("Неизвестный вид документа")
    return _docx(generation.current_template(municipality.pk, kind), f"shablon-{kind}.docx")


@require_POST
def template_upload(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    municipality = _administered_municipality(request)
    if kind not in generation.KINDS:
        raise Http404("Неизвестный вид документа")
    form = TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("documents:templates")
    try:
        generation.department_template_save(
            by=request.user, municipality=municipality, kind=kind, upload=form.cleaned_data["file"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Шаблон «{generation.KINDS[kind].title}» заменён.")
    return redirect("documents:templates")


@require_POST
def template_reset(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    municipality = _administered_municipality(request)
    if kind not in generation.KINDS:
        raise Http404("Неизвестный вид документа")
    generation.department_template_reset(by=request.user, municipality=municipality, kind=kind)
    messages.success(request, "Возвращён стандартный шаблон.")
    return redirect("documents:templates")


@require_http_methods(["GET"])
def generate_menu(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization, _ = get_organization_for_user(request.user, pk)
    if not organizations_where_user_writes_roadmaps(request.user).filter(pk=organization.pk).exists():
        raise PermissionDenied(
            "Документы организации готовят её руководитель, куратор и управление образования."
        )
    return render(
        request,
        "documents/generate_menu.html",
        {"organization": organization, "kinds": generation.KINDS.values()},
    )
