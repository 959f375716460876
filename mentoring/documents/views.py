"""The department's list of document kinds (the catalogue the documents registry will use)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from mentoring.common.access import municipalities_administered_by, scope_of, sees_directories
from mentoring.common.forms import add_service_errors
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.common.validators import plain_text
from mentoring.documents import services
from mentoring.documents.models import DocumentKind
from mentoring.organizations.models import Organization


class DocumentKindForm(forms.Form):
    name = forms.CharField(label="Новый вид документа", max_length=200, validators=[plain_text])


def _visible_kinds(request: AuthenticatedHttpRequest) -> Q:
    scope = scope_of(request.user)
    municipalities = set(scope.department_roles) | set(
        Organization.objects.filter(pk__in=scope.organization_roles).values_list("municipality_id", flat=True)
    )
    if scope.is_superuser:
        return Q()
    return Q(municipality__isnull=True) | Q(municipality_id__in=municipalities)


@require_http_methods(["GET", "POST"])
def kind_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not sees_directories(request.user):
        raise PermissionDenied(
            "Список видов документов доступен управлению образования и сотрудникам организаций."
        )
    municipality = municipalities_administered_by(request.user).order_by("name").first()
    form = DocumentKindForm(request.POST or None)
    if request.method == "POST":
        if municipality is None:
            raise PermissionDenied("Список видов документов ведёт управление образования.")
        if form.is_valid():
            try:
                services.document_kind_create(
                    by=request.user, municipality_id=municipality.pk, name=form.cleaned_data["name"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Вид документа добавлен.")
                return redirect("documents:kinds")
    kinds = DocumentKind.objects.filter(_visible_kinds(request)).select_related("municipality")
    rows = [
        (
            kind,
            request.user.is_superuser
            or (municipality is not None and kind.municipality_id == municipality.pk),
        )
        for kind in kinds
    ]
    return render(
        request, "documents/kind_list.html", {"rows": rows, "form": form, "can_add": municipality is not None}
    )


@require_POST
def kind_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    kind = get_object_or_404(DocumentKind.objects.filter(_visible_kinds(request)), pk=pk)
    services.document_kind_set_active(by=request.user, kind=kind, active=not kind.is_active)
    messages.success(request, f"«{kind.name}»: {'используется' if kind.is_active else 'скрыт'}.")
    return redirect("documents:kinds")
