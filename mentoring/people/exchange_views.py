"""Import of the bases from school spreadsheets (upload → preview → confirm) and export to XLSX."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    organizations_visible_to,
    organizations_where_user_keeps_people,
    sees_people_bases,
)
from mentoring.common.audit import log_personal_data_access, log_personal_data_accesses
from mentoring.common.models import AccessAction
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.organizations.models import Organization
from mentoring.people.exporting import export_people_xlsx, import_template_xlsx
from mentoring.people.forms import ImportUploadForm, PersonFilterForm
from mentoring.people.importing import apply_import, max_import_bytes, plan_import
from mentoring.people.selectors import people_with_valid_consent, person_list
from mentoring.people.views import filters_from

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENDING_IMPORT_LIFETIME_SECONDS = 24 * 60 * 60
SESSION_KEY = "pending_people_imports"


def _pending_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / "imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _forget_stale_uploads() -> None:
    """Uploaded files wait for confirmation at most a day: they hold children's personal data."""
    limit = time.time() - PENDING_IMPORT_LIFETIME_SECONDS
    for path in _pending_dir().glob("*.upload"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = organizations_where_user_keeps_people(request.user)
    if not organizations.exists():
        raise PermissionDenied("Вы не ведёте базы ни одной организации.")
    form = ImportUploadForm(request.POST or None, request.FILES or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        organization: Organization = form.cleaned_data["organization"]
        upload = form.cleaned_data["file"]
        if upload.size > max_import_bytes():
            form.add_error(
                "file", f"Файл больше {max_import_bytes() // (1024 * 1024)} МБ: разделите его на части."
            )
        else:
            data = upload.read()
            plan = plan_import(organization=organization, data=data, filename=upload.name)
            token = ""
            if plan.is_valid:
                _forget_stale_uploads()
                token = secrets.token_urlsafe(16)
                (_pending_dir() / f"{token}.upload").write_bytes(data)
                pending = request.session.get(SESSION_KEY, {})
                pending[token] = {"organization": organization.pk, "filename": upload.name}
                request.session[SESSION_KEY] = pending
            return render(
                request,
                "people/import_preview.html",
                {"plan": plan, "organization": organization, "filename": upload.name, "token": token},
            )
    return render(request, "people/import_upload.html", {"form": form})


@require_POST
def import_confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.get(token)
    path = _pending_dir() / f"{token}.upload"
    if entry is None or not path.exists():
        raise Http404("Загрузка не найдена или устарела")
    organization = (
        organizations_where_user_keeps_people(request.user).filter(pk=entry["organization"]).first()
    )
    if organization is None:
        raise Http404("Организация не найдена")
    try:
        # Planned again and applied in one request: the base may have changed since the preview.
        plan = plan_import(organization=organization, data=path.read_bytes(), filename=entry["filename"])
        result = apply_import(by=request.user, organization=organization, plan=plan)
    except ValidationError as error:
        messages.error(request, f"Файл не загружен: {' '.join(error.messages)}")
        return redirect("people:import")
    finally:
        path.unlink(missing_ok=True)
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending
    log_personal_data_access(
        user=request.user,
        request=request,
        action=AccessAction.IMPORT,
        object_type="people_base",
        organization=organization,
        details=f"создано {result.created}, обновлено {result.updated}, без изменений {result.unchanged}",
    )
    messages.success(
        request,
        f"Загружено: новых {result.created}, обновлено {result.updated}, без изменений {result.unchanged}.",
    )
    return redirect(f"{reverse('people:list')}?organization={organization.pk}")


@require_GET
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not organizations_where_user_keeps_people(request.user).exists():
        raise PermissionDenied("Вы не ведёте базы ни одной организации.")
    response = HttpResponse(import_template_xlsx(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="shablon-bazy-nastavnichestva.xlsx"'
    return response


@require_GET
def export_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The filtered base as XLSX; people without valid consent are left out (152-FZ)."""
    if not sees_people_bases(request.user):
        raise PermissionDenied("Выгрузка баз доступна управлению образования и сотрудникам организаций.")
    organizations = (
        organizations_visible_to(request.user).filter(is_archived=False).exclude(kind="department")
    )
    filters = PersonFilterForm(request.GET or None, organizations=organizations)
    people = person_list(visible_to=request.user, filters=filters_from(filters))
    content = export_people_xlsx(people)
    # One log event per organization whose people left the system in this file.
    exported = (
        people_with_valid_consent(people).order_by().values("organization_id").annotate(count=Count("pk"))
    )
    counts = {row["organization_id"]: row["count"] for row in exported}
    log_personal_data_accesses(
        user=request.user,
        request=request,
        action=AccessAction.EXPORT,
        object_type="people_base",
        events=[
            (organization, f"записей: {counts[organization.pk]}")
            for organization in Organization.objects.filter(pk__in=counts)
        ],
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="baza-nastavnichestva-{stamp}.xlsx"'
    return response
