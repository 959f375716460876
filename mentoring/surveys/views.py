"""Pages of the questionnaire builder (list, create, copy, edit, items, preview) and of the participant
(«Мои анкеты», answering)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    forms_visible_to,
    get_own_invitation_for_user,
    get_question_for_user,
    get_questionnaire_for_user,
    questionnaire_owners_for,
    sees_questionnaires,
)
from mentoring.common.forms import add_service_errors, form_errors_text
from mentoring.common.history import history_of
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.programs.models import MentoringForm
from mentoring.surveys import services
from mentoring.surveys.forms import (
    AnswerForm,
    CopyForm,
    QuestionForm,
    QuestionnaireCreateForm,
    QuestionnaireForm,
)
from mentoring.surveys.models import Audience, Purpose, Questionnaire
from mentoring.surveys.selectors import OWNER_LEVELS, my_open_invitations, questionnaire_list, questions_of

PER_PAGE = 30
NOT_FOR_YOU = "Анкеты составляют и рассылают управление образования, руководители и кураторы организаций."
READ_ONLY = (
    "Эту анкету изменить нельзя: анкеты по умолчанию копируют к себе; анкеты муниципалитета изменяет "
    "управление образования, анкеты организации — её руководитель и куратор."
)


def _require_builder(request: AuthenticatedHttpRequest) -> None:
    if not sees_questionnaires(request.user):
        raise PermissionDenied(NOT_FOR_YOU)


def _forms_for(
    request: AuthenticatedHttpRequest, questionnaire: Questionnaire | None = None
) -> QuerySet[MentoringForm]:
    """Forms a questionnaire may be for: the defaults and the owner's municipality's own."""
    forms = forms_visible_to(request.user).filter(is_active=True)
    if questionnaire is not None and questionnaire.municipality_id is not None:
        forms = forms.filter(Q(municipality__isnull=True) | Q(municipality_id=questionnaire.municipality_id))
    return forms


@require_GET
def questionnaire_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_builder(request)
    purpose = request.GET.get("purpose", "")
    purpose = purpose if purpose in Purpose.values else ""
    audience = request.GET.get("audience", "")
    audience = audience if audience in Audience.values else ""
    level = request.GET.get("level", "")
    level = level if level in OWNER_LEVELS else ""
    municipalities, organizations = questionnaire_owners_for(request.user)
    page = paginate(
        request,
        questionnaire_list(visible_to=request.user, purpose=purpose, audience=audience, level=level),
        per_page=PER_PAGE,
    )
    return render(
        request,
        "surveys/questionnaire_list.html",
        {
            "page": page,
            "purpose": purpose,
            "audience": audience,
            "level": level,
            "purposes": Purpose.choices,
            "audiences": Audience.choices,
            "levels": OWNER_LEVELS.items(),
            "can_create": municipalities.exists() or organizations.exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def questionnaire_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_builder(request)
    municipalities, organizations = questionnaire_owners_for(request.user)
    if not municipalities.exists() and not organizations.exists():
        raise PermissionDenied(NOT_FOR_YOU)
    form = QuestionnaireCreateForm(
        request.POST or None,
        municipalities=municipalities,
        organizations=organizations,
        forms_available=_forms_for(request),
    )
    if request.method == "POST" and form.is_valid():
        municipality, organization = form.chosen_owner()
        data = form.cleaned_data
        try:
            questionnaire = services.questionnaire_create(
                by=request.user,
                municipality=municipality,
                organization=organization,
                title=data["title"],
                description=data["description"],
                purpose=data["purpose"],
                audience=data["audience"],
                form=data["form"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Анкета создана. Добавьте в неё вопросы.")
            return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    return render(request, "surveys/questionnaire_form.html", {"form": form, "questionnaire": None})


@require_GET
def questionnaire_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire, can_edit = get_questionnaire_for_user(request.user, pk)
    municipalities, organizations = questionnaire_owners_for(request.user)
    can_copy = (municipalities.exists() or organizations.exists()) and (
        questionnaire.municipality_id is None
        or municipalities.filter(pk=questionnaire.municipality_id).exists()
        or organizations.filter(municipality_id=questionnaire.municipality_id).exists()
    )
    return render(
        request,
        "surveys/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "questions": questions_of(questionnaire),
            "can_edit": can_edit,
            "can_copy": can_copy,
            "question_form": QuestionForm() if can_edit else None,
            "history": history_of(questionnaire) if can_edit else [],
        },
    )


@require_http_methods(["GET", "POST"])
def questionnaire_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire, can_edit = get_questionnaire_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(READ_ONLY)
    original = Questionnaire.objects.get(pk=questionnaire.pk)
    form = QuestionnaireForm(
        request.POST or None, instance=questionnaire, forms_available=_forms_for(request, questionnaire)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.questionnaire_update(
                by=request.user,
                questionnaire=original,
                title=data["title"],
                description=data["description"],
                purpose=data["purpose"],
                audience=data["audience"],
                form=data["form"],
                is_active=data["is_active"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Анкета сохранена.")
            return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    return render(
        request,
        "surveys/questionnaire_form.html",
        {"form": form, "questionnaire": original, "history": history_of(original)},
    )


@require_http_methods(["GET", "POST"])
def questionnaire_copy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire, _ = get_questionnaire_for_user(request.user, pk)
    municipalities, organizations = questionnaire_owners_for(request.user)
    if questionnaire.municipality_id is not None:
        municipalities = municipalities.filter(pk=questionnaire.municipality_id)
        organizations = organizations.filter(municipality_id=questionnaire.municipality_id)
    if not municipalities.exists() and not organizations.exists():
        raise PermissionDenied(
            "Копировать анкеты к себе могут управление образования, руководители и кураторы."
        )
    form = CopyForm(request.POST or None, municipalities=municipalities, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        municipality, organization = form.chosen_owner()
        try:
            copy = services.questionnaire_copy(
                by=request.user,
                questionnaire=questionnaire,
                municipality=municipality,
                organization=organization,
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Анкета скопирована: теперь её можно изменять.")
            return redirect("surveys:questionnaire_detail", pk=copy.pk)
    return render(request, "surveys/questionnaire_copy.html", {"form": form, "questionnaire": questionnaire})


@require_GET
def questionnaire_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire, _ = get_questionnaire_for_user(request.user, pk)
    form = AnswerForm(questions=questions_of(questionnaire))
    return render(request, "surveys/preview.html", {"questionnaire": questionnaire, "form": form})


@require_http_methods(["GET", "POST"])
def question_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire, can_edit = get_questionnaire_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(READ_ONLY)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(by=request.user, questionnaire=questionnaire, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Вопрос добавлен.")
            return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "questionnaire": questionnaire, "question": None},
    )


@require_http_methods(["GET", "POST"])
def question_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question, can_edit = get_question_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(READ_ONLY)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                by=request.user,
                questionnaire=question.questionnaire,
                question=question,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Вопрос сохранён.")
            return redirect("surveys:questionnaire_detail", pk=question.questionnaire_id)
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "questionnaire": question.questionnaire, "question": question},
    )


@require_POST
def question_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question, can_edit = get_question_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(READ_ONLY)
    try:
        services.question_move(
            by=request.user, question=question, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("surveys:questionnaire_detail", pk=question.questionnaire_id)


@require_POST
def question_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question, can_edit = get_question_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(READ_ONLY)
    try:
        services.question_delete(by=request.user, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Вопрос удалён.")
    return redirect("surveys:questionnaire_detail", pk=question.questionnaire_id)


# --- the participant ---------------------------------------------------------------------------------


@require_GET
def my_surveys(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's open rounds (through their record in the bases)."""
    invitations = list(my_open_invitations(user=request.user, today=timezone.localdate()))
    return render(request, "surveys/mine.html", {"invitations": invitations})


@require_http_methods(["GET", "POST"])
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = get_own_invitation_for_user(request.user, pk)
    survey_round = invitation.round
    questions = questions_of(survey_round.questionnaire)
    answered = survey_round.responses.filter(person_id=invitation.person_id).exists()
    today = timezone.localdate()
    is_open = survey_round.opens_on <= today <= survey_round.closes_on
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and not answered:
        if form.is_valid():
            try:
                services.response_submit(by=request.user, invitation=invitation, answers=form.answers())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Спасибо! Ваши ответы сохранены.")
                return redirect("surveys:mine")
        if form.errors:
            messages.error(request, "Ответы не сохранены: " + form_errors_text(form))
    return render(
        request,
        "surveys/answer.html",
        {
            "invitation": invitation,
            "round": survey_round,
            "form": form,
            "answered": answered,
            "is_open": is_open,
            "on_paper": False,
            "today": today,
        },
    )
