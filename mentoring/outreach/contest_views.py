"""Pages of the contests (roadmap 3.3): «Наставник52», «Наставничество» and others, with the entries
of mentors and organizations and their results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    can_keep_entries_of,
    entrant_organizations_for,
    get_contest_entry_for_user,
    get_contest_for_user,
    municipalities_where_user_keeps_outreach,
)
from mentoring.common.audit import log_personal_data_access
from mentoring.common.forms import add_service_errors
from mentoring.common.history import history_of
from mentoring.common.models import AccessAction
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.documents.models import Document
from mentoring.outreach import services
from mentoring.outreach.forms import ContestFilterForm, ContestForm, EntryForm, ResultForm
from mentoring.outreach.models import ContestEntry
from mentoring.outreach.selectors import contest_entries, contest_list
from mentoring.outreach.views import file_response
from mentoring.people.models import MentorProfile

PER_PAGE = 25
ONLY_DEPARTMENT = "Конкурсы в систему вносит управление образования."
NOT_AN_ENTRANT = "Заявки на конкурс подают управление образования и сотрудники организаций."


@require_GET
def contest_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = ContestFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    contests = contest_list(visible_to=request.user, year=data.get("year"), level=data.get("level", ""))
    return render(
        request,
        "outreach/contest_list.html",
        {
            "page": paginate(request, contests, per_page=PER_PAGE),
            "filters": filters,
            "can_create": municipalities_where_user_keeps_outreach(request.user).exists(),
        },
    )


def _contest_data(form: ContestForm) -> dict[str, object]:
    data = dict(form.cleaned_data)
    data.pop("municipality", None)
    data.pop("nominations_text", None)
    data["nominations"] = form.nominations
    return data


@require_http_methods(["GET", "POST"])
def contest_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipalities = municipalities_where_user_keeps_outreach(request.user)
    if not municipalities.exists():
        raise PermissionDenied(ONLY_DEPARTMENT)
    form = ContestForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.contest_create(
                by=request.user,
                municipality=form.chosen_municipality(),
                **_contest_data(form),  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Конкурс «{contest.title}» добавлен.")
            return redirect("outreach:contest_detail", pk=contest.pk)
    return render(request, "outreach/contest_form.html", {"form": form, "contest": None})


@require_GET
def contest_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contest, can_edit = get_contest_for_user(request.user, pk)
    entries = list(contest_entries(contest=contest, visible_to=request.user))
    for entry in entries:
        entry.can_edit = can_keep_entries_of(request.user, entry.organization)  # type: ignore[attr-defined]
    return render(
        request,
        "outreach/contest_detail.html",
        {
            "contest": contest,
            "can_edit": can_edit,
            "entries": entries,
            "can_enter": entrant_organizations_for(request.user, contest).exists(),
            "history": history_of(contest) if can_edit else [],
        },
    )


@require_http_methods(["GET", "POST"])
def contest_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contest, can_edit = get_contest_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(ONLY_DEPARTMENT)
    form = ContestForm(request.POST or None, instance=contest)
    if request.method == "POST" and form.is_valid():
        try:
            services.contest_update(by=request.user, contest=contest, **_contest_data(form))  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
            contest.refresh_from_db()
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("outreach:contest_detail", pk=contest.pk)
    return render(request, "outreach/contest_form.html", {"form": form, "contest": contest})


@require_http_methods(["GET", "POST"])
def entry_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contest, _ = get_contest_for_user(request.user, pk)
    organizations = entrant_organizations_for(request.user, contest)
    if not organizations.exists():
        raise PermissionDenied(NOT_AN_ENTRANT)
    mentors = MentorProfile.objects.filter(person__organization__in=organizations, person__is_archived=False)
    form = EntryForm(request.POST or None, contest=contest, organizations=organizations, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mentor = data.get("person")
        try:
            services.contest_entry_create(
                by=request.user,
                contest=contest,
                organization=data["organization"],
                person=mentor.person if mentor else None,
                nomination=data.get("nomination", ""),
                submitted_on=data["submitted_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Заявка на конкурс внесена.")
            return redirect("outreach:contest_detail", pk=contest.pk)
    return render(request, "outreach/entry_form.html", {"form": form, "contest": contest})


def _editable_entry(request: AuthenticatedHttpRequest, pk: int) -> ContestEntry:
    entry, can_edit = get_contest_entry_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(NOT_AN_ENTRANT)
    return entry


@require_http_methods(["GET", "POST"])
def entry_result(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = _editable_entry(request, pk)
    form = ResultForm(
        request.POST or None,
        request.FILES or None,
        documents=Document.objects.filter(organization=entry.organization),
        initial={"result": entry.result, "result_on": entry.result_on, "document": entry.document_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contest_entry_set_result(by=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            entry.refresh_from_db()
        else:
            messages.success(request, f"Итог записан: {entry.get_result_display().lower()}.")
            return redirect("outreach:contest_detail", pk=entry.contest_id)
    return render(request, "outreach/entry_result.html", {"form": form, "entry": entry})


@require_POST
def entry_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = _editable_entry(request, pk)
    try:
        services.contest_entry_delete(by=request.user, entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Заявка отозвана.")
    return redirect("outreach:contest_detail", pk=entry.contest_id)


@require_GET
def entry_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    entry, _ = get_contest_entry_for_user(request.user, pk)
    response = file_response(entry.file, entry.file_name)
    if entry.person_id:
        log_personal_data_access(
            user=request.user,
            request=request,
            action=AccessAction.DOWNLOAD,
            object_type="contest_entry",
            object_id=entry.pk,
            organization=entry.organization,
        )
    return response
