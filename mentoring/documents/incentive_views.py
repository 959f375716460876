"""Pages of the incentive schemes for mentors (roadmap 1.6): the overview of which organizations have
adopted one, an organization's scheme, and adopting or changing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.common.access import can_keep_documents_of, get_holder_for_user
from mentoring.common.forms import add_service_errors
from mentoring.common.history import history_of
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.documents import services
from mentoring.documents.forms import IncentiveSchemeForm
from mentoring.documents.models import Document, IncentiveScheme
from mentoring.documents.registry_views import require_registry_pages
from mentoring.documents.selectors import incentive_overview, schemes_of

NOT_A_KEEPER = (
    "Систему мотивации наставников ведут руководитель и куратор организации и администратор управления "
    "образования."
)


@require_GET
def incentive_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_registry_pages(request)
    missing_only = request.GET.get("missing") == "1"
    organizations = incentive_overview(visible_to=request.user)
    missing = incentive_overview(visible_to=request.user, missing_only=True)
    page = paginate(request, missing if missing_only else organizations, per_page=100)
    schemes = schemes_of(list(page.object_list))
    rows = [
        (organization, schemes.get(organization.pk), can_keep_documents_of(request.user, organization))
        for organization in page.object_list
    ]
    return render(
        request,
        "documents/incentive_list.html",
        {
            "page": page,
            "rows": rows,
            "missing_only": missing_only,
            "total": organizations.count(),
            "missing": missing.count(),
        },
    )


def _scheme_of(organization_pk: int) -> IncentiveScheme | None:
    return (
        IncentiveScheme.objects.select_related("document", "document__kind")
        .filter(organization_id=organization_pk)
        .first()
    )


@require_GET
def incentive_detail(request: AuthenticatedHttpRequest, organization_pk: int) -> HttpResponse:
    require_registry_pages(request)
    organization, can_edit = get_holder_for_user(request.user, organization_pk)
    scheme = _scheme_of(organization.pk)
    return render(
        request,
        "documents/incentive_detail.html",
        {
            "organization": organization,
            "scheme": scheme,
            "can_edit": can_edit,
            "history": history_of(scheme) if scheme is not None and can_edit else [],
        },
    )


@require_http_methods(["GET", "POST"])
def incentive_edit(request: AuthenticatedHttpRequest, organization_pk: int) -> HttpResponse:
    require_registry_pages(request)
    organization, can_edit = get_holder_for_user(request.user, organization_pk)
    if not can_edit:
        raise PermissionDenied(NOT_A_KEEPER)
    scheme = _scheme_of(organization.pk)
    form = IncentiveSchemeForm(
        request.POST or None,
        instance=scheme,
        kinds=services.incentive_kinds_for(scheme),
        documents=Document.objects.filter(organization=organization),
        initial=None if scheme else {"title": f"Система мотивации наставников: {organization.short_name}"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.incentive_scheme_save(
                by=request.user,
                organization=organization,
                title=data["title"],
                adopted_on=data["adopted_on"],
                incentive_kinds=data["incentive_kinds"],
                document=data["document"],
                notes=data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Система мотивации наставников сохранена.")
            return redirect("documents:incentive_detail", organization_pk=organization.pk)
    return render(
        request,
        "documents/incentive_form.html",
        {"form": form, "organization": organization, "scheme": scheme},
    )
