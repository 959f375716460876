"""Pages of a program's surveys: the overview of programs, a program's rounds with their response rate,
a new round, a round with who answered, paper answers, the pulse schedule, SWOT analyses and the growth
tables of a program and of an organization."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.common.access import (
    can_run_surveys_of,
    get_invitation_for_staff,
    get_round_for_user,
    get_survey_organization_for_user,
    get_survey_program_for_user,
    get_swot_for_user,
    sees_questionnaires,
)
from mentoring.common.forms import add_service_errors, form_errors_text
from mentoring.common.history import history_of
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.programs.models import Program
from mentoring.surveys import services
from mentoring.surveys.forms import AnswerForm, PulseScheduleForm, RoundForm, SwotForm
from mentoring.surveys.models import MeasureGroup, PulseSchedule, SwotAnalysis
from mentoring.surveys.results import MeasureChange, growth_summary, measure_changes, questionnaire_summary
from mentoring.surveys.selectors import (
    organizations_with_surveys,
    programs_filter,
    questions_of,
    response_of,
    round_invitations,
    rounds_of_program,
    survey_programs,
    swot_list,
    swots_of_program,
)

PER_PAGE = 30
ONLY_KEEPERS = "Опросы программы проводят руководитель и куратор организации."


@require_GET
def program_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Programs whose surveys the user reads, with their rounds and SWOT analyses."""
    if not sees_questionnaires(request.user):
        raise PermissionDenied("Опросы программ доступны управлению образования, руководителям и кураторам.")
    organizations = organizations_with_surveys(visible_to=request.user)
    organization_id = request.GET.get("organization", "")
    programs = programs_filter(survey_programs(visible_to=request.user), organization_id)
    return render(
        request,
        "surveys/program_list.html",
        {
            "page": paginate(request, programs, per_page=PER_PAGE),
            "organizations": organizations,
            "organization_id": organization_id,
        },
    )


@require_GET
def program_surveys(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program, can_run = get_survey_program_for_user(request.user, pk)
    return render(
        request,
        "surveys/program.html",
        {
            "program": program,
            "can_run": can_run,
            "page": paginate(request, rounds_of_program(program), per_page=PER_PAGE),
            "schedule": PulseSchedule.objects.filter(program=program)
            .select_related("mentee_questionnaire", "mentor_questionnaire")
            .first(),
            "swots": list(swots_of_program(program)[:20]),
        },
    )


def _run_program(request: AuthenticatedHttpRequest, pk: int) -> Program:
    program, can_run = get_survey_program_for_user(request.user, pk)
    if not can_run:
        raise PermissionDenied(ONLY_KEEPERS)
    return program


@require_http_methods(["GET", "POST"])
def round_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program = _run_program(request, pk)
    questionnaires = services.questionnaires_for_program(program).order_by("purpose", "audience", "title")
    form = RoundForm(request.POST or None, questionnaires=questionnaires)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey_round = services.round_create(
                by=request.user,
                program=program,
                questionnaire=data["questionnaire"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            invited = survey_round.invitations.count()
            emailed = survey_round.invitations.filter(emailed=True).count()
            messages.success(request, f"Опрос отправлен: приглашено {invited}, из них по e-mail {emailed}.")
            return redirect("surveys:round_detail", pk=survey_round.pk)
    return render(request, "surveys/round_form.html", {"form": form, "program": program})


@require_GET
def round_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey_round, can_run = get_round_for_user(request.user, pk)
    invitations = round_invitations(survey_round)
    invited = invitations.count()
    answered = survey_round.responses.count()
    context: dict[str, object] = {
        "round": survey_round,
        "program": survey_round.program,
        "can_run": can_run,
        "invited": invited,
        "answered": answered,
        "on_paper": survey_round.responses.filter(entered_by_staff=True).count(),
        "today": timezone.localdate(),
    }
    if can_run:
        # Names of who answered: only the organization's head and curator.
        context["page"] = paginate(request, invitations, per_page=50)
    return render(request, "surveys/round_detail.html", context)


@require_http_methods(["GET", "POST"])
def paper_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The curator enters a participant's paper questionnaire, or reads the answers already given."""
    invitation = get_invitation_for_staff(request.user, pk)
    survey_round = invitation.round
    existing = response_of(survey_round, invitation.person_id)
    form = AnswerForm(
        request.POST if request.method == "POST" else None, questions=questions_of(survey_round.questionnaire)
    )
    if request.method == "POST" and existing is None:
        if form.is_valid():
            try:
                services.response_enter_paper(by=request.user, invitation=invitation, answers=form.answers())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Ответы участника {invitation.person.full_name} внесены.")
                return redirect("surveys:round_detail", pk=survey_round.pk)
        if form.errors:
            messages.error(request, "Ответы не сохранены: " + form_errors_text(form))
    return render(
        request,
        "surveys/answer.html",
        {
            "invitation": invitation,
            "round": survey_round,
            "form": form,
            "answered": existing is not None,
            "response": existing,
            "is_open": survey_round.opens_on <= timezone.localdate(),
            "on_paper": True,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def pulse_schedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program = _run_program(request, pk)
    schedule = PulseSchedule.objects.filter(program=program).first()
    questionnaires = services.questionnaires_for_program(program).order_by("purpose", "title")
    form = PulseScheduleForm(request.POST or None, instance=schedule, questionnaires=questionnaires)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.pulse_schedule_save(
                by=request.user,
                program=program,
                mentee_questionnaire=data["mentee_questionnaire"],
                mentor_questionnaire=data["mentor_questionnaire"],
                first_after_days=data["first_after_days"],
                every_days=data["every_days"],
                answer_within_days=data["answer_within_days"],
                is_active=data["is_active"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Расписание коротких опросов сохранено.")
            return redirect("surveys:program", pk=program.pk)
    return render(
        request,
        "surveys/pulse_form.html",
        {"form": form, "program": program, "history": history_of(schedule) if schedule else []},
    )


# --- SWOT ---------------------------------------------------------------------------------------


@require_GET
def swot_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not sees_questionnaires(request.user):
        raise PermissionDenied(
            "SWOT-анализы программ доступны управлению образования, руководителям и кураторам."
        )
    return render(
        request,
        "surveys/swot_list.html",
        {"page": paginate(request, swot_list(visible_to=request.user), per_page=PER_PAGE)},
    )


def _swot_form_page(
    request: AuthenticatedHttpRequest, program: Program, swot: SwotAnalysis | None
) -> HttpResponse:
    initial = {}
    if swot is None:
        today = timezone.localdate()
        start = datetime.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
        initial = {"period_start": max(start, program.starts_on), "period_end": today}
    original = SwotAnalysis.objects.get(pk=swot.pk) if swot is not None else None
    form = SwotForm(request.POST or None, instance=swot, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.swot_save(by=request.user, program=program, swot=original, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "SWOT-анализ сохранён.")
            return redirect("surveys:swot_detail", pk=saved.pk)
    return render(
        request,
        "surveys/swot_form.html",
        {
            "form": form,
            "program": program,
            "swot": original,
            "history": history_of(original) if original else [],
        },
    )


@require_http_methods(["GET", "POST"])
def swot_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _swot_form_page(request, _run_program(request, pk), None)


@require_http_methods(["GET", "POST"])
def swot_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    swot, can_edit = get_swot_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied("SWOT-анализ изменяют руководитель и куратор организации.")
    return _swot_form_page(request, swot.program, swot)


@require_GET
def swot_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The SWOT analysis with the summary of the questionnaires of the same period beside it."""
    swot, can_edit = get_swot_for_user(request.user, pk)
    return render(
        request,
        "surveys/swot_detail.html",
        {
            "swot": swot,
            "program": swot.program,
            "can_edit": can_edit,
            "summary": questionnaire_summary(
                program_id=swot.program_id, start=swot.period_start, end=swot.period_end
            ),
        },
    )


# --- growth ---------------------------------------------------------------------------------------


def _measure_rows(changes: list[MeasureChange]) -> list[dict[str, object]]:
    """Per measure: participants, mean before, after and change."""
    buckets: dict[tuple[str, str], list[MeasureChange]] = {}
    for change in changes:
        buckets.setdefault((change.measure_group, change.measure_code), []).append(change)
    order = {value: index for index, value in enumerate(MeasureGroup.values)}
    rows = []
    for (group, code), items in sorted(buckets.items(), key=lambda kv: (order.get(kv[0][0], 9), kv[0][1])):
        count = len(items)
        rows.append(
            {
                "group": MeasureGroup(group).label if group in MeasureGroup.values else group,
                "code": code,
                "label": items[-1].measure_label,
                "participants": len({(item.person_id, item.role) for item in items}),
                "before": round(sum(item.before for item in items) / count, 2),
                "after": round(sum(item.after for item in items) / count, 2),
                "change": round(sum(item.change for item in items) / count, 2),
            }
        )
    return rows


@require_GET
def program_growth(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program, _ = get_survey_program_for_user(request.user, pk)
    changes = measure_changes(municipality_id=program.organization.municipality_id, program_ids=[program.pk])
    by_role = {role: [change for change in changes if change.role == role] for role in ("mentee", "mentor")}
    return render(
        request,
        "surveys/growth.html",
        {
            "program": program,
            "organization": program.organization,
            "tables": [
                ("По программе", growth_summary(changes, by="program")),
                ("По парам и группам", growth_summary(changes, by="mentorship")),
            ],
            "measures": [
                ("Наставляемые", _measure_rows(by_role["mentee"])),
                ("Наставники", _measure_rows(by_role["mentor"])),
            ],
            "people": len({(change.person_id, change.role) for change in changes}),
        },
    )


@require_GET
def organization_growth(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = get_survey_organization_for_user(request.user, pk)
    changes = measure_changes(
        municipality_id=organization.municipality_id, organization_ids=[organization.pk]
    )
    by_role = {role: [change for change in changes if change.role == role] for role in ("mentee", "mentor")}
    return render(
        request,
        "surveys/growth.html",
        {
            "program": None,
            "organization": organization,
            "can_run": can_run_surveys_of(request.user, organization),
            "tables": [
                ("По организации", growth_summary(changes, by="organization")),
                ("По формам наставничества", growth_summary(changes, by="form")),
                ("По программам", growth_summary(changes, by="program")),
            ],
            "measures": [
                ("Наставляемые", _measure_rows(by_role["mentee"])),
                ("Наставники", _measure_rows(by_role["mentor"])),
            ],
            "people": len({(change.person_id, change.role) for change in changes}),
        },
    )
