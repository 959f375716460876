"""Pages of the incentives (roadmap 1.6): awards of mentors in the forms of the incentive scheme, their
XLSX list for reports, and the events of recognition (festivals, forums, conferences, the Day of the
Mentor on 2 March)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    award_granters_for,
    get_award_for_user,
    get_recognition_event_for_user,
    mentors_awardable_by,
    municipalities_where_user_keeps_outreach,
    organizations_visible_to,
    sees_directories,
)
from mentoring.common.audit import log_personal_data_access, log_personal_data_accesses
from mentoring.common.forms import add_service_errors
from mentoring.common.history import history_of
from mentoring.common.models import AccessAction
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.documents.models import Document
from mentoring.organizations.models import Organization
from mentoring.outreach import services
from mentoring.outreach.exporting import XLSX_TYPE, export_awards_xlsx
from mentoring.outreach.forms import AwardFilterForm, AwardForm, OrganizationChoiceForm, RecognitionEventForm
from mentoring.outreach.models import RecognitionEvent, RecognitionKind
from mentoring.outreach.selectors import (
    AwardFilters,
    award_list,
    awards_with_valid_consent,
    recognition_event_list,
)
from mentoring.outreach.views import file_response

PER_PAGE = 50
NOT_A_GRANTER = (
    "Поощрения вносят управление образования (от своего имени) и руководитель и куратор организации "
    "(от имени организации)."
)
ONLY_DEPARTMENT = "Мероприятия чествования наставников вносит управление образования."


def _filters(request: AuthenticatedHttpRequest) -> tuple[AwardFilterForm, AwardFilters]:
    organizations = organizations_visible_to(request.user).filter(is_archived=False)
    form = AwardFilterForm(request.GET or None, organizations=organizations)
    data = form.cleaned_data if form.is_valid() else {}
    organization = data.get("organization")
    return form, AwardFilters(
        q=data.get("q", ""),
        organization_id=organization.pk if organization else None,
        year=data.get("year"),
        kind=data.get("kind", ""),
    )


@require_GET
def award_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    awards = award_list(visible_to=request.user, filters=filters)
    return render(
        request,
        "outreach/award_list.html",
        {
            "page": paginate(request, awards, per_page=PER_PAGE),
            "filters": form,
            "can_create": award_granters_for(request.user).exists(),
            "can_export": sees_directories(request.user),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def award_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not sees_directories(request.user):
        raise PermissionDenied("Выгрузка поощрений — для управления образования и сотрудников организаций.")
    _, filters = _filters(request)
    listed = award_list(visible_to=request.user, filters=filters)
    # People without a valid consent are never exported (152-FZ): the file says how many were left out.
    awards = awards_with_valid_consent(listed, timezone.localdate())
    left_out = listed.count() - awards.count()
    description = f"за {filters.year} год" if filters.year else "за всё время"
    if left_out:
        description += (
            f"; без действующего согласия на обработку персональных данных не выгружено: {left_out}"
        )
    content = export_awards_xlsx(awards, description=description)
    log_personal_data_accesses(
        user=request.user,
        request=request,
        action=AccessAction.EXPORT,
        object_type="awards",
        events=[
            (organization, description)
            for organization in Organization.objects.filter(pk__in=awards.values("person__organization_id"))
        ],
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="pooshchreniya-{stamp}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def award_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    granters = award_granters_for(request.user)
    if not granters.exists():
        raise PermissionDenied(NOT_A_GRANTER)
    chooser = OrganizationChoiceForm(request.GET or None, organizations=granters)
    if granters.count() == 1:
        organization = granters.get()
    elif chooser.is_valid():
        organization = chooser.cleaned_data["organization"]
    else:
        return render(request, "outreach/award_choose.html", {"chooser": chooser})
    form = AwardForm(
        request.POST or None,
        request.FILES or None,
        mentors=mentors_awardable_by(organization),
        kinds=services.award_kinds_for(organization),
        events=RecognitionEvent.objects.filter(municipality_id=organization.municipality_id),
        documents=Document.objects.filter(organization=organization),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mentor = data.pop("person")
        try:
            award = services.award_create(
                by=request.user, organization=organization, person=mentor.person, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Поощрение внесено: {award.kind}, {award.person.full_name}.")
            return redirect("outreach:award_list")
    return render(
        request,
        "outreach/award_form.html",
        {"form": form, "organization": organization, "several": granters.count() > 1},
    )


@require_POST
def award_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    award, can_edit = get_award_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(NOT_A_GRANTER)
    services.award_delete(by=request.user, award=award)
    messages.success(request, "Поощрение удалено.")
    return redirect("outreach:award_list")


@require_GET
def award_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    award, _ = get_award_for_user(request.user, pk)
    response = file_response(award.file, award.file_name)
    log_personal_data_access(
        user=request.user,
        request=request,
        action=AccessAction.DOWNLOAD,
        object_type="award",
        object_id=award.pk,
        organization=award.person.organization,
    )
    return response


@require_GET
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    events = recognition_event_list(visible_to=request.user)
    municipalities = municipalities_where_user_keeps_outreach(request.user)
    # 2 March is the Day of the Mentor: remind the department when the coming one is not planned.
    next_day = datetime.date(today.year if (today.month, today.day) <= (3, 2) else today.year + 1, 3, 2)
    planned = events.filter(kind=RecognitionKind.MENTOR_DAY, date__year=next_day.year).exists()
    return render(
        request,
        "outreach/event_list.html",
        {
            "page": paginate(request, events, per_page=PER_PAGE),
            "can_create": municipalities.exists(),
            "mentor_day": None if planned else next_day,
        },
    )


@require_http_methods(["GET", "POST"])
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipalities = municipalities_where_user_keeps_outreach(request.user)
    if not municipalities.exists():
        raise PermissionDenied(ONLY_DEPARTMENT)
    initial = {}
    if request.GET.get("kind") == RecognitionKind.MENTOR_DAY:
        today = timezone.localdate()
        year = today.year if (today.month, today.day) <= (3, 2) else today.year + 1
        initial = {
            "kind": RecognitionKind.MENTOR_DAY,
            "date": datetime.date(year, 3, 2),
            "title": f"День наставника — {year}",
        }
    form = RecognitionEventForm(request.POST or None, municipalities=municipalities, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("municipality", None)
        try:
            event = services.recognition_event_create(
                by=request.user, municipality=form.chosen_municipality(), **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Мероприятие «{event.title}» добавлено.")
            return redirect("outreach:event_list")
    return render(request, "outreach/event_form.html", {"form": form, "event": None})


@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event, can_edit = get_recognition_event_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(ONLY_DEPARTMENT)
    form = RecognitionEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.recognition_event_update(by=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            event.refresh_from_db()
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("outreach:event_list")
    return render(
        request, "outreach/event_form.html", {"form": form, "event": event, "history": history_of(event)}
    )
