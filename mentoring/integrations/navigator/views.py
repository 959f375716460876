"""The department's Navigator exchange pages: download the export; upload a Navigator file, see the
preview, apply it."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import municipalities_administered_by
from mentoring.common.audit import log_personal_data_accesses
from mentoring.common.models import AccessAction
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.integrations.navigator.exporting import CONTENT_TYPES, FORMATS, build_export, file_name
from mentoring.integrations.navigator.exporting import render as render_export
from mentoring.integrations.navigator.importing import (
    MAX_BYTES,
    apply_navigator_import,
    plan_navigator_import,
)
from mentoring.organizations.models import Municipality, Organization
from mentoring.people.models import Person

SESSION_KEY = "pending_navigator_imports"
LIFETIME_SECONDS = 24 * 60 * 60


def _municipalities(request: AuthenticatedHttpRequest):  # type: ignore[no-untyped-def]
    municipalities = municipalities_administered_by(request.user).order_by("name")
    if not municipalities.exists():
        raise PermissionDenied("Обмен с Навигатором ведёт администратор управления образования.")
    return municipalities


class UploadForm(forms.Form):
    municipality = forms.ModelChoiceField(queryset=Municipality.objects.none(), label="Муниципалитет")
    file = forms.FileField(label="Файл Навигатора (JSON, XLSX, CSV или ZIP)")

    def __init__(self, *args: object, municipalities: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]


@require_GET
def exchange(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipalities = _municipalities(request)
    return render(
        request,
        "navigator/exchange.html",
        {
            "municipalities": municipalities,
            "formats": FORMATS,
            "form": UploadForm(municipalities=municipalities),
        },
    )


@require_GET
def export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    municipality = _municipalities(request).filter(pk=pk).first()
    if municipality is None or fmt not in FORMATS:
        raise Http404("Муниципалитет не найден")
    result = build_export(municipality=municipality)
    exported = (
        Person.objects.filter(pk__in=[row["system_id"] for row in result.tables["participants"]])
        .values("organization_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["organization_id"]: row["count"] for row in exported}
    log_personal_data_accesses(
        user=request.user,
        request=request,
        action=AccessAction.EXPORT,
        object_type="navigator_export",
        events=[
            (organization, f"Навигатор, {fmt}: записей {counts[organization.pk]}")
            for organization in Organization.objects.filter(pk__in=counts)
        ],
    )
    response = HttpResponse(render_export(result, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(result, fmt)}"'
    return response


def _pending_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / "navigator"
    directory.mkdir(parents=True, exist_ok=True)
    limit = time.time() - LIFETIME_SECONDS
    for path in directory.glob("*.upload"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
    return directory


@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipalities = _municipalities(request)
    form = UploadForm(request.POST or None, request.FILES or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        municipality = form.cleaned_data["municipality"]
        if upload.size > MAX_BYTES:
            form.add_error("file", "Файл больше 20 МБ.")
        else:
            data = upload.read()
            plan = plan_navigator_import(municipality=municipality, data=data, filename=upload.name)
            token = ""
            if plan.is_valid:
                token = secrets.token_urlsafe(16)
                (_pending_dir() / f"{token}.upload").write_bytes(data)
                pending = request.session.get(SESSION_KEY, {})
                pending[token] = {"municipality": municipality.pk, "filename": upload.name}
                request.session[SESSION_KEY] = pending
            return render(
                request,
                "navigator/preview.html",
                {"plan": plan, "municipality": municipality, "filename": upload.name, "token": token},
            )
    return render(request, "navigator/upload.html", {"form": form})


@require_POST
def import_apply(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.get(token)
    path = _pending_dir() / f"{token}.upload"
    if entry is None or not path.exists():
        raise Http404("Загрузка не найдена или устарела")
    municipality = municipalities_administered_by(request.user).filter(pk=entry["municipality"]).first()
    if municipality is None:
        raise Http404("Муниципалитет не найден")
    try:
        plan = plan_navigator_import(
            municipality=municipality, data=path.read_bytes(), filename=entry["filename"]
        )
        changed = apply_navigator_import(by=request.user, municipality=municipality, plan=plan)
    except ValidationError as error:
        messages.error(request, f"Идентификаторы не загружены: {' '.join(error.messages)}")
        return redirect("navigator:import")
    finally:
        path.unlink(missing_ok=True)
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending
    messages.success(request, f"Идентификаторы Навигатора установлены: {changed}.")
    return redirect("navigator:exchange")
