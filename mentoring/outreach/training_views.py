"""Pages of the training of mentors and curators (section 3 of the roadmap): courses and seminars,
enrolling participants, recording completion with the certificate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    can_enrol_in,
    can_manage_enrolment,
    curators_enrollable,
    get_enrolment_for_user,
    get_training_for_user,
    mentors_enrollable,
    training_organizers_for,
)
from mentoring.common.audit import log_personal_data_access
from mentoring.common.forms import add_service_errors
from mentoring.common.history import history_of
from mentoring.common.models import AccessAction
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.outreach import services
from mentoring.outreach.forms import CompleteForm, EnrolForm, TrainingFilterForm, TrainingForm
from mentoring.outreach.models import Enrolment, Training
from mentoring.outreach.selectors import training_enrolments, training_list
from mentoring.outreach.views import file_response

PER_PAGE = 25
NOT_A_KEEPER = "Обучение ведут управление образования и организация, которая его проводит."


@require_GET
def training_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = TrainingFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    trainings = training_list(
        visible_to=request.user, audience=data.get("audience", ""), year=data.get("year"), q=data.get("q", "")
    )
    return render(
        request,
        "outreach/training_list.html",
        {
            "page": paginate(request, trainings, per_page=PER_PAGE),
            "filters": filters,
            "can_create": training_organizers_for(request.user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def training_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = training_organizers_for(request.user)
    if not organizations.exists():
        raise PermissionDenied(NOT_A_KEEPER)
    form = TrainingForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Обучение «{training.title}» добавлено. Запишите участников.")
            return redirect("outreach:training_detail", pk=training.pk)
    return render(request, "outreach/training_form.html", {"form": form, "training": None})


@require_GET
def training_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    training, can_edit = get_training_for_user(request.user, pk)
    enrolments = list(training_enrolments(training=training, visible_to=request.user))
    for enrolment in enrolments:
        enrolment.training = training
        enrolment.can_manage = can_manage_enrolment(request.user, enrolment)  # type: ignore[attr-defined]
    return render(
        request,
        "outreach/training_detail.html",
        {
            "training": training,
            "can_edit": can_edit,
            "enrolments": enrolments,
            "can_enrol": can_enrol_in(request.user, training),
            "history": history_of(training) if can_edit else [],
        },
    )


def _editable(request: AuthenticatedHttpRequest, pk: int) -> Training:
    training, can_edit = get_training_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(NOT_A_KEEPER)
    return training


@require_http_methods(["GET", "POST"])
def training_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    training = _editable(request, pk)
    form = TrainingForm(request.POST or None, instance=training)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_update(by=request.user, training=training, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            training.refresh_from_db()
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("outreach:training_detail", pk=training.pk)
    return render(request, "outreach/training_form.html", {"form": form, "training": training})


@require_http_methods(["GET", "POST"])
def training_enrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    training, _ = get_training_for_user(request.user, pk)
    if not can_enrol_in(request.user, training):
        raise PermissionDenied(
            "Записывают на обучение управление образования, организатор и те, кто ведёт базы наставников."
        )
    enrolled = Enrolment.objects.filter(training=training)
    mentors = (
        mentors_enrollable(request.user, training).exclude(
            person_id__in=enrolled.filter(person__isnull=False).values("person_id")
        )
        if training.for_mentors
        else None
    )
    curators = (
        curators_enrollable(request.user, training).exclude(
            user_id__in=enrolled.filter(user__isnull=False).values("user_id")
        )
        if training.for_curators
        else None
    )
    form = EnrolForm(request.POST or None, mentors=mentors, curators=curators)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.training_enrol(
                by=request.user,
                training=training,
                mentors=form.cleaned_data.get("mentors") or [],
                curators=form.cleaned_data.get("curators") or [],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Записано на обучение: {len(created)}.")
            return redirect("outreach:training_detail", pk=training.pk)
    return render(request, "outreach/training_enrol.html", {"form": form, "training": training})


def _managed(request: AuthenticatedHttpRequest, pk: int) -> Enrolment:
    enrolment, can_manage = get_enrolment_for_user(request.user, pk)
    if not can_manage:
        raise PermissionDenied("Итог обучения отмечают те, кто ведёт обучение или базу участника.")
    return enrolment


@require_http_methods(["GET", "POST"])
def enrolment_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = _managed(request, pk)
    initial = {
        "completed_on": enrolment.completed_on or min(enrolment.training.ends_on, timezone.localdate()),
        "certificate_number": enrolment.certificate_number,
    }
    form = CompleteForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_complete(by=request.user, enrolment=enrolment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            enrolment.refresh_from_db()
        else:
            trained = " Наставник отмечен обученным в базе наставников." if enrolment.person_id else ""
            messages.success(request, f"Обучение завершено: {enrolment.participant_name}.{trained}")
            return redirect("outreach:training_detail", pk=enrolment.training_id)
    return render(request, "outreach/enrolment_complete.html", {"form": form, "enrolment": enrolment})


@require_POST
def enrolment_drop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = _managed(request, pk)
    try:
        services.enrolment_drop(by=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{enrolment.participant_name}: обучение не завершено.")
    return redirect("outreach:training_detail", pk=enrolment.training_id)


@require_GET
def enrolment_certificate(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    enrolment, _ = get_enrolment_for_user(request.user, pk)
    response = file_response(enrolment.certificate, enrolment.file_name)
    log_personal_data_access(
        user=request.user,
        request=request,
        action=AccessAction.DOWNLOAD,
        object_type="enrolment_certificate",
        object_id=enrolment.pk,
        organization=enrolment.organization,
    )
    return response
