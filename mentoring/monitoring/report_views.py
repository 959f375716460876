"""Report notes as DOCX and XLSX (issue 9, item 7), and the department's own templates of them.

An organization's reports are for its head and curator and the department; the municipality's for the
department. The reports hold counts, program titles and organization names, never people's names.
Templates are kept by the department administrator, like the templates of the roadmap documents.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from mentoring.common.access import (
    get_monitoring_municipality_for_user,
    get_monitoring_organization_for_user,
    municipalities_administered_by,
)
from mentoring.common.forms import form_errors_text
from mentoring.common.replica import reads_from_reports_replica
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.monitoring import reports
from mentoring.monitoring.forms import PeriodForm
from mentoring.organizations.models import Municipality, Organization

FORMATS = {"docx": reports.DOCX_TYPE, "xlsx": reports.XLSX_TYPE}


def _file(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _report(
    request: AuthenticatedHttpRequest,
    *,
    kind: str,
    fmt: str,
    municipality: Municipality,
    organization: Organization | None,
    back: str,
) -> HttpResponse:
    scope = reports.ORGANIZATION if organization is not None else reports.MUNICIPALITY
    if fmt not in FORMATS or kind not in reports.SPECS or scope not in reports.SPECS[kind].scopes:
        raise Http404("Неизвестный вид справки")
    year, quarter = PeriodForm(request.GET or None).period()
    try:
        data = reports.report_data(
            kind, municipality=municipality, year=year, quarter=quarter, organization=organization
        )
        content = reports.generate_docx(data) if fmt == "docx" else reports.xlsx(data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{back}?year={year}&quarter={quarter or ''}")
    code = organization.code if organization is not None else municipality.code
    suffix = f"{year}-q{quarter}" if quarter else str(year)
    return _file(content, fmt, f"{kind}-{code}-{suffix}")


@require_GET
@reads_from_reports_replica
def organization_report(request: AuthenticatedHttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    organization, _ = get_monitoring_organization_for_user(request.user, pk)
    return _report(
        request,
        kind=kind,
        fmt=fmt,
        municipality=organization.municipality,
        organization=organization,
        back=reverse("monitoring:dashboard_organization", args=[organization.pk]),
    )


@require_GET
@reads_from_reports_replica
def municipality_report(request: AuthenticatedHttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    municipality, _ = get_monitoring_municipality_for_user(request.user, pk)
    return _report(
        request,
        kind=kind,
        fmt=fmt,
        municipality=municipality,
        organization=None,
        back=reverse("monitoring:dashboard_municipality", args=[municipality.pk]),
    )


# --- the department's templates ---------------------------------------------------------------------


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label="Свой шаблон (DOCX)")


def _administered_municipality(request: AuthenticatedHttpRequest) -> Municipality:
    municipality = municipalities_administered_by(request.user).order_by("name").first()
    if municipality is None:
        raise PermissionDenied("Шаблоны справок ведёт администратор управления образования.")
    return municipality


def _known(kind: str) -> reports.ReportSpec:
    spec = reports.SPECS.get(kind)
    if spec is None:
        raise Http404("Неизвестный вид справки")
    return spec


@require_GET
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _administered_municipality(request)
    rows = [
        (spec, reports.department_template(municipality.pk, spec.code) is not None)
        for spec in reports.SPECS.values()
    ]
    return render(
        request,
        "monitoring/report_templates.html",
        {
            "municipality": municipality,
            "rows": rows,
            "placeholders": reports.PLACEHOLDERS,
            "form": TemplateUploadForm(),
        },
    )


@require_GET
def template_download(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    municipality = _administered_municipality(request)
    spec = _known(kind)
    return _file(reports.current_template(municipality.pk, spec.code), "docx", f"shablon-{spec.code}")


@require_POST
def template_upload(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    municipality = _administered_municipality(request)
    spec = _known(kind)
    form = TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("monitoring:report_templates")
    try:
        reports.report_template_save(
            by=request.user, municipality=municipality, kind=spec.code, upload=form.cleaned_data["file"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Шаблон «{spec.title}» заменён.")
    return redirect("monitoring:report_templates")


@require_POST
def template_reset(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    municipality = _administered_municipality(request)
    spec = _known(kind)
    reports.report_template_reset(by=request.user, municipality=municipality, kind=spec.code)
    messages.success(request, "Возвращён стандартный шаблон.")
    return redirect("monitoring:report_templates")
