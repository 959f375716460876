"""Pages of the bases: list, person card, create and edit, mentee and mentor entries, consents,
import and export, the access log, the school-year roll-over and the catalogue of requests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    can_act_on_subject_rights_of,
    get_person_for_user,
    organizations_visible_to,
    organizations_where_user_keeps_people,
    people_visible_to,
    sees_people_bases,
)
from mentoring.common.audit import log_people_shown, log_personal_data_access
from mentoring.common.forms import add_service_errors
from mentoring.common.history import history_of
from mentoring.common.models import AccessAction
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.people import services
from mentoring.people.forms import (
    ConsentForm,
    MenteeProfileForm,
    MenteeRequestForm,
    MentorCompetencyForm,
    MentorProfileForm,
    PersonFilterForm,
    PersonForm,
)
from mentoring.people.models import (
    Consent,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    Person,
)
from mentoring.people.selectors import PeopleFilters, person_card, person_list
from mentoring.people.subject_rights import person_export


def _require_bases(request: AuthenticatedHttpRequest) -> None:
    if not sees_people_bases(request.user):
        raise PermissionDenied(
            "Базы наставников и наставляемых доступны управлению образования и сотрудникам организаций."
        )


def filters_from(form: PersonFilterForm) -> PeopleFilters:
    if not form.is_valid():
        return PeopleFilters()
    data = form.cleaned_data
    return PeopleFilters(
        q=data["q"],
        organization_id=data["organization"].pk if data["organization"] else None,
        category_id=data["category"].pk if data["category"] else None,
        role=data["role"],
        area_id=data["area"].pk if data["area"] else None,
        form_id=data["form"].pk if data["form"] else None,
        consent=data["consent"],
        mentee_status=data["mentee_status"],
        archived=data["archived"],
    )


@require_GET
def person_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_bases(request)
    organizations = (
        organizations_visible_to(request.user).filter(is_archived=False).exclude(kind="department")
    )
    filters = PersonFilterForm(request.GET or None, organizations=organizations)
    people = person_list(visible_to=request.user, filters=filters_from(filters))
    keeps = organizations_where_user_keeps_people(request.user)
    page = paginate(request, people)
    log_people_shown(
        user=request.user,
        request=request,
        action=AccessAction.VIEW,
        people=page.object_list,
        details=f"список, страница {page.number}",
    )
    return render(
        request,
        "people/person_list.html",
        {
            "page": page,
            "filters": filters,
            "can_create": keeps.exists(),
            "export_query": request.GET.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
def person_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = organizations_where_user_keeps_people(request.user)
    if not organizations.exists():
        raise PermissionDenied("Вы не ведёте базы ни одной организации.")
    initial = {}
    if request.GET.get("organization", "").isdigit():
        initial["organization"] = organizations.filter(pk=int(request.GET["organization"])).first()
    form = PersonForm(request.POST or None, organizations=organizations, initial=initial)
    duplicates: list[Person] = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization = data.pop("organization")
        confirmed = data.pop("confirm_duplicate")
        duplicates = list(
            services.likely_duplicates(
                municipality_id=organization.municipality_id,
                last_name=data["last_name"],
                first_name=data["first_name"],
                patronymic=data["patronymic"],
                birth_date=data["birth_date"],
            )
        )
        if duplicates and not confirmed:
            form.ask_to_confirm_duplicate()
            form.add_error(
                "confirm_duplicate",
                "Похоже, этот человек уже есть в базе муниципалитета (см. выше). Отметьте, если это другой человек.",
            )
        else:
            try:
                person = services.person_create(by=request.user, organization=organization, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                log_personal_data_access(
                    user=request.user,
                    request=request,
                    action=AccessAction.CREATE,
                    object_type="person",
                    object_id=person.pk,
                    organization=organization,
                )
                messages.success(request, f"{person.full_name} добавлен(а) в базу.")
                return redirect("people:detail", pk=person.pk)
    return render(
        request, "people/person_form.html", {"form": form, "person": None, "duplicates": duplicates}
    )


@require_GET
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person, can_edit = get_person_for_user(request.user, pk)
    person = person_card(person)
    log_personal_data_access(
        user=request.user,
        request=request,
        action=AccessAction.VIEW,
        object_type="person",
        object_id=person.pk,
        organization=person.organization,
    )
    duplicates = (
        list(
            services.likely_duplicates(
                municipality_id=person.municipality_id,
                last_name=person.last_name,
                first_name=person.first_name,
                patronymic=person.patronymic,
                birth_date=person.birth_date,
                exclude_pk=person.pk,
            ).filter(pk__in=people_visible_to(request.user).values("pk"))
        )
        if person.has_duplicate  # type: ignore[attr-defined]
        else []
    )
    mentee = getattr(person, "mentee_profile", None)
    mentor = getattr(person, "mentor_profile", None)
    today = timezone.localdate()
    consents = list(person.consents.all())
    for consent in consents:
        consent.is_valid_today = consent.is_valid_on(today)  # type: ignore[attr-defined]
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "can_edit": can_edit,
            "mentee": mentee,
            "mentor": mentor,
            "consents": consents,
            "age": person.age_on(today),
            "duplicates": duplicates,
            "history": history_of(person) if can_edit else [],
            "can_export_subject_data": can_act_on_subject_rights_of(request.user, person),
        },
    )


@require_GET
def person_subject_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Everything held about the person as a ZIP, for the person's request under 152-FZ."""
    person, _ = get_person_for_user(request.user, pk)
    content = person_export(person=person, by=request.user, request=request)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-data.zip"'
    return response


@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person, can_edit = get_person_for_user(request.user, pk)
    if person.anonymised_at is not None:
        raise PermissionDenied(ANONYMISED_REFUSAL)
    if not can_edit:
        raise PermissionDenied("Вы не можете изменять данные этого участника.")
    form = PersonForm(
        request.POST or None,
        instance=person,
        organizations=organizations_where_user_keeps_people(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("confirm_duplicate", None)
        try:
            services.person_update(by=request.user, person=person, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            log_personal_data_access(
                user=request.user,
                request=request,
                action=AccessAction.CHANGE,
                object_type="person",
                object_id=person.pk,
                organization=person.organization,
            )
            messages.success(request, "Изменения сохранены.")
            return redirect("people:detail", pk=person.pk)
    if request.method == "GET":
        _log_person(request, person, AccessAction.VIEW, "форма изменения")
    person.refresh_from_db()
    return render(request, "people/person_form.html", {"form": form, "person": person, "duplicates": []})


@require_POST
def person_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person, can_edit = get_person_for_user(request.user, pk)
    if person.anonymised_at is not None:
        raise PermissionDenied(ANONYMISED_REFUSAL)
    if not can_edit:
        raise PermissionDenied("Вы не можете переносить в архив этого участника.")
    archived = request.POST.get("action") != "restore"
    services.person_set_archived(by=request.user, person=person, archived=archived)
    log_personal_data_access(
        user=request.user,
        request=request,
        action=AccessAction.ARCHIVE,
        object_type="person",
        object_id=person.pk,
        organization=person.organization,
        details="в архив" if archived else "из архива",
    )
    messages.success(request, "Участник перенесён в архив." if archived else "Участник возвращён из архива.")
    return redirect("people:detail", pk=person.pk)


ANONYMISED_REFUSAL = (
    "Данные участника обезличены: запись хранится только для сводных показателей и не изменяется."
)


def _editable_person(request: AuthenticatedHttpRequest, pk: int) -> Person:
    person, can_edit = get_person_for_user(request.user, pk)
    if person.anonymised_at is not None:
        raise PermissionDenied(ANONYMISED_REFUSAL)
    if not can_edit:
        raise PermissionDenied("Вы не можете изменять базы этой организации.")
    return person


def _log_person(
    request: AuthenticatedHttpRequest, person: Person, action: AccessAction, details: str = ""
) -> None:
    log_personal_data_access(
        user=request.user,
        request=request,
        action=action,
        object_type="person",
        object_id=person.pk,
        organization=person.organization,
        details=details,
    )


def _form_on_card(
    request: AuthenticatedHttpRequest,
    person: Person,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], object],
    *,
    success: str,
    title: str,
    multipart: bool = False,
) -> HttpResponse:
    """A form that adds to or changes a person's card: validate, call the service, return to the card;
    a service's refusal comes back on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log_person(request, person, AccessAction.CHANGE, title)
            messages.success(request, success)
            return redirect("people:detail", pk=person.pk)
    if request.method == "GET":
        # The form shows the person's record: a read. A refused POST shows back what was sent.
        _log_person(request, person, AccessAction.VIEW, title)
    return render(
        request,
        "people/profile_form.html",
        {"form": form, "person": person, "title": title, "multipart": multipart},
    )


@require_http_methods(["GET", "POST"])
def mentee_profile_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _editable_person(request, pk)
    instance = MenteeProfile.objects.filter(person=person).first()
    return _form_on_card(
        request,
        person,
        MenteeProfileForm(request.POST or None, instance=instance, person=person),
        lambda data: services.mentee_profile_save(by=request.user, person=person, **data),
        success="Запись в базе наставляемых сохранена.",
        title="База наставляемых" if instance else "Добавить в базу наставляемых",
    )


@require_http_methods(["GET", "POST"])
def mentor_profile_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _editable_person(request, pk)
    instance = MentorProfile.objects.filter(person=person).first()
    return _form_on_card(
        request,
        person,
        MentorProfileForm(request.POST or None, instance=instance, person=person),
        lambda data: services.mentor_profile_save(by=request.user, person=person, **data),
        success="Запись в базе наставников сохранена.",
        title="База наставников" if instance else "Добавить в базу наставников",
    )


@require_http_methods(["GET", "POST"])
def mentee_request_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _editable_person(request, pk)
    mentee = MenteeProfile.objects.filter(person=person).first()
    if mentee is None:
        raise Http404("Участник не в базе наставляемых")
    return _form_on_card(
        request,
        person,
        MenteeRequestForm(request.POST or None, person=person),
        lambda data: services.mentee_request_add(by=request.user, mentee=mentee, **data),
        success="Запрос добавлен.",
        title="Новый запрос",
    )


@require_POST
def mentee_request_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentee_request = get_object_or_404(MenteeRequest.objects.select_related("mentee__person"), pk=pk)
    person = _editable_person(request, mentee_request.mentee.person_id)
    services.mentee_request_set_open(
        by=request.user, request=mentee_request, is_open=request.POST.get("open") == "1"
    )
    _log_person(request, person, AccessAction.CHANGE, "запрос открыт или закрыт")
    return redirect("people:detail", pk=person.pk)


@require_http_methods(["GET", "POST"])
def mentor_competency_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _editable_person(request, pk)
    mentor = MentorProfile.objects.filter(person=person).first()
    if mentor is None:
        raise Http404("Участник не в базе наставников")
    return _form_on_card(
        request,
        person,
        MentorCompetencyForm(request.POST or None, person=person),
        lambda data: services.mentor_competency_add(by=request.user, mentor=mentor, **data),
        success="Компетенция добавлена.",
        title="Новая компетенция",
    )


@require_POST
def mentor_competency_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    competency = get_object_or_404(MentorCompetency.objects.select_related("mentor__person"), pk=pk)
    person = _editable_person(request, competency.mentor.person_id)
    services.mentor_competency_remove(by=request.user, competency=competency)
    _log_person(request, person, AccessAction.CHANGE, "компетенция удалена")
    messages.success(request, "Компетенция удалена.")
    return redirect("people:detail", pk=person.pk)


@require_http_methods(["GET", "POST"])
def consent_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _editable_person(request, pk)
    return _form_on_card(
        request,
        person,
        ConsentForm(request.POST or None, request.FILES or None, person=person),
        lambda data: services.consent_record(by=request.user, person=person, **data),
        success="Согласие внесено.",
        title="Согласие на обработку персональных данных",
        multipart=True,
    )


def _consent_for(request: AuthenticatedHttpRequest, pk: int) -> tuple[Consent, bool]:
    consent = get_object_or_404(Consent.objects.select_related("person"), pk=pk)
    _, can_edit = get_person_for_user(request.user, consent.person_id)
    return consent, can_edit


@require_POST
def consent_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consent, can_edit = _consent_for(request, pk)
    if not can_edit:
        raise PermissionDenied("Вы не можете изменять согласия этого участника.")
    services.consent_withdraw(by=request.user, consent=consent)
    _log_person(request, consent.person, AccessAction.CHANGE, "согласие отозвано")
    messages.success(
        request, "Согласие отмечено как отозванное: участник не подбирается в пары и не выгружается."
    )
    return redirect("people:detail", pk=consent.person_id)


@require_GET
def consent_document(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    consent, can_edit = _consent_for(request, pk)
    if not can_edit and not sees_people_bases(request.user):
        raise PermissionDenied("Скан согласия доступен тем, кто ведёт базы.")
    if not consent.document:
        raise Http404("Скан не загружен")
    log_personal_data_access(
        user=request.user,
        request=request,
        action=AccessAction.DOWNLOAD,
        object_type="consent",
        object_id=consent.pk,
        organization=consent.person.organization,
    )
    response = FileResponse(
        consent.document.open("rb"), as_attachment=True, filename=consent.document.name.rsplit("/", 1)[-1]
    )
    return response
