"""The outreach section's start page and the helpers its pages share."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from mentoring.common.access import (
    campaign_organizations_kept_by,
    member_municipalities,
    mentoring_hours_organizations_for,
    portal_municipalities_kept_by,
    scope_of,
    sees_campaign,
    sees_letters,
)
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.outreach.models import PortalSettings
from mentoring.outreach.selectors import (
    contest_list,
    incoming_letters,
    quarterly_letter_suggestion,
    recognition_event_list,
    training_list,
    unread_letters_count,
)


def file_response(file: FieldFile | None, name: str) -> FileResponse:
    """A stored file as a download under its original name; 404 when there is none."""
    if not file:
        raise Http404("Файла нет")
    try:
        stream = file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл не найден в хранилище") from error
    return FileResponse(stream, as_attachment=True, filename=name or "file")


@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    scope = scope_of(user)
    municipalities = set(PortalSettings.objects.values_list("municipality_id", flat=True))
    if not scope.is_superuser:
        municipalities &= member_municipalities(user)
    portals = PortalSettings.objects.filter(municipality_id__in=municipalities).select_related("municipality")
    context = {
        "sees_letters": sees_letters(user),
        "is_department": scope.is_department,
        "sees_campaign": sees_campaign(user),
        "keeps_campaign": campaign_organizations_kept_by(user).exists(),
        "portals": list(portals.order_by("title")),
        "keeps_portal": list(portal_municipalities_kept_by(user).order_by("name")),
        "trainings": list(
            training_list(visible_to=user).filter(ends_on__gte=today).order_by("starts_on")[:5]
        ),
        "contests": list(contest_list(visible_to=user).filter(ends_on__gte=today).order_by("ends_on")[:5]),
        "events": list(recognition_event_list(visible_to=user).filter(date__gte=today).order_by("date")[:3]),
        "hours_organizations": list(mentoring_hours_organizations_for(user).order_by("short_name")),
    }
    if context["sees_letters"]:
        context["unread"] = unread_letters_count(user)
        context["latest_letters"] = list(incoming_letters(visible_to=user, unread_only=True)[:5])
        context["suggestion"] = quarterly_letter_suggestion(visible_to=user, today=today)
    return render(request, "outreach/home.html", context)
