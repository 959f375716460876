"""Pages of matching: a program's candidates and decisions, runs with their proposals, moving a
mentee by hand, confirming a proposal."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    get_matching_program_for_user,
    get_matching_run_for_user,
    get_pair_rule_for_user,
)
from mentoring.common.forms import add_service_errors
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.matching import selectors, services
from mentoring.matching.candidates import PART_LABELS, PARTS, weights_of
from mentoring.matching.forms import MatchingSettingsForm, MenteeWishesForm, MentorWishesForm
from mentoring.matching.models import MatchingRun, MatchingSettings, PreferenceSide, RunStatus
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.people.models import MenteeProfile, MentorProfile
from mentoring.programs.models import Program


def _require_runner(can_run: bool) -> None:
    if not can_run:
        raise PermissionDenied("Подбором пар занимаются куратор и руководитель организации.")


@require_GET
def program_matching(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program, can_run = get_matching_program_for_user(request.user, pk)
    runs = list(selectors.runs_of(program)[:10])
    return render(
        request,
        "matching/program.html",
        {
            "program": program,
            "can_run": can_run,
            "overview": selectors.overview(program),
            "current": selectors.current_run(program),
            "runs": runs,
            "rules": list(selectors.rules_of(program)),
            "preference_count": selectors.preferences_of(program).count(),
            "weights": _weights_shown(program),
            "days_left": program.pairs_days_left(),
        },
    )


def _weights_shown(program: Program) -> list[tuple[str, int]]:
    weights = weights_of(program)
    return [(PART_LABELS[name], weights[name]) for name in PARTS]


@require_POST
def run_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program, can_run = get_matching_program_for_user(request.user, pk)
    _require_runner(can_run)
    try:
        run = services.matching_start(program=program, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching:program", pk=program.pk)
    return redirect("matching:run", pk=run.pk)


@require_GET
def run_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run, can_run = get_matching_run_for_user(request.user, pk)
    page, groups = selectors.proposal_page(request, run) if run.is_finished else (None, [])
    return render(
        request,
        "matching/run.html",
        {
            "run": run,
            "program": run.program,
            "can_run": can_run,
            "page": page,
            "groups": groups,
            "unmatched": list(selectors.unmatched_of(run)) if run.is_finished else [],
            "previous_total": selectors.previous_total(run),
            "days_left": run.program.pairs_days_left(),
            "editable": can_run and run.status == RunStatus.PROPOSED,
        },
    )


@require_GET
def run_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress bar of a run, polled by the page while the run goes on."""
    run, _ = get_matching_run_for_user(request.user, pk)
    response = render(request, "matching/_progress.html", {"run": run})
    if run.is_finished and request.headers.get("HX-Request") == "true":
        response["HX-Redirect"] = reverse("matching:run", args=[run.pk])
    return response


def _run_action(
    request: AuthenticatedHttpRequest, pk: int, action: Callable[[MatchingRun], object], success: str
) -> HttpResponse:
    run, can_run = get_matching_run_for_user(request.user, pk)
    _require_runner(can_run)
    try:
        result = action(run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching:run", pk=run.pk)
    messages.success(request, success)
    if isinstance(result, MatchingRun):
        return redirect("matching:run", pk=result.pk)
    return redirect("matching:run", pk=run.pk)


def _proposed_people(
    run: MatchingRun, request: AuthenticatedHttpRequest
) -> tuple[MenteeProfile, MentorProfile]:
    """The mentee and mentor named in the form, both of them candidates of the run's program."""
    try:
        mentee_id = int(request.POST.get("mentee", ""))
        mentor_id = int(request.POST.get("mentor", ""))
    except ValueError as error:
        raise ValidationError("Выберите пару из предложения.") from error
    mentee = selectors.mentees_for_wishes(run.program).filter(pk=mentee_id).first()
    mentor = selectors.mentors_for_wishes(run.program).filter(pk=mentor_id).first()
    if mentee is None or mentor is None:
        raise ValidationError("Наставник или наставляемый больше не участвует в подборе по этой программе.")
    return mentee, mentor


@require_POST
def pair_lock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def lock(run: MatchingRun) -> object:
        mentee, mentor = _proposed_people(run, request)
        return services.pair_lock(program=run.program, mentee=mentee, mentor=mentor, by=request.user)

    return _run_action(request, pk, lock, "Пара закреплена: повторный подбор её сохранит.")


@require_POST
def pair_exclude(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def exclude(run: MatchingRun) -> object:
        mentee, mentor = _proposed_people(run, request)
        return services.pair_exclude(program=run.program, mentee=mentee, mentor=mentor, by=request.user)

    return _run_action(
        request,
        pk,
        exclude,
        "Пара исключена. Запустите подбор снова, чтобы найти наставляемому другого наставника.",
    )


@require_POST
def rule_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rule, can_run = get_pair_rule_for_user(request.user, pk)
    _require_runner(can_run)
    services.pair_rule_remove(rule=rule, by=request.user)
    messages.success(request, "Решение о паре снято.")
    return redirect("matching:program", pk=rule.program_id)


@require_http_methods(["GET", "POST"])
def mentee_move(request: AuthenticatedHttpRequest, pk: int, mentee_pk: int) -> HttpResponse:
    run, can_run = get_matching_run_for_user(request.user, pk)
    _require_runner(can_run)
    mentee = selectors.mentees_for_wishes(run.program).filter(pk=mentee_pk).first()
    if mentee is None:
        raise Http404("Наставляемый не найден")
    if request.method == "POST":
        try:
            mentor_id = int(request.POST.get("mentor", ""))
        except ValueError:
            mentor_id = 0
        mentor = selectors.mentors_for_wishes(run.program).filter(pk=mentor_id).first()
        if mentor is None:
            messages.error(request, "Выберите наставника из списка.")
            return redirect("matching:move", pk=run.pk, mentee_pk=mentee.pk)
        try:
            new_run = services.mentee_move(run=run, mentee=mentee, mentor=mentor, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("matching:move", pk=run.pk, mentee_pk=mentee.pk)
        messages.success(
            request,
            f"{mentee.person} закреплён(а) за наставником {mentor.person}; остальные пары подобраны заново.",
        )
        return redirect("matching:run", pk=new_run.pk)
    current, alternatives = selectors.alternatives_for(run, mentee)
    return render(
        request,
        "matching/move.html",
        {
            "run": run,
            "program": run.program,
            "mentee": mentee,
            "current": current,
            "alternatives": alternatives,
        },
    )


@require_POST
def run_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run, can_run = get_matching_run_for_user(request.user, pk)
    _require_runner(can_run)
    try:
        mentorships = services.matching_confirm(run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching:run", pk=run.pk)
    messages.success(
        request,
        f"Сформировано пар и групп: {len(mentorships)}. Проект приказа о формировании — в реестре документов; "
        "передайте его руководителю на подпись.",
    )
    return redirect("matching:run", pk=run.pk)


@require_POST
def run_discard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _run_action(
        request,
        pk,
        lambda run: services.matching_discard(run=run, by=request.user),
        "Предложение отклонено: ничего не создано.",
    )


@require_http_methods(["GET", "POST"])
def matching_settings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program, can_run = get_matching_program_for_user(request.user, pk)
    _require_runner(can_run)
    instance = MatchingSettings.objects.filter(program=program).first() or MatchingSettings(program=program)
    organizations = Organization.objects.filter(
        municipality_id=program.organization.municipality_id,
        is_archived=False,
        kind__in=[OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY, OrganizationKind.PARTNER],
    ).exclude(pk=program.organization_id)
    form = MatchingSettingsForm(request.POST or None, instance=instance, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        weights = {name: form.cleaned_data[f"weight_{name}"] for name in PARTS}
        try:
            services.matching_settings_save(
                program=program,
                by=request.user,
                weights=weights,
                mentor_organizations=list(form.cleaned_data["mentor_organizations"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Настройки подбора сохранены; они действуют со следующего запуска.")
            return redirect("matching:program", pk=program.pk)
    return render(request, "matching/settings.html", {"program": program, "form": form})


@require_http_methods(["GET", "POST"])
def wishes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program, can_run = get_matching_program_for_user(request.user, pk)
    mentees = selectors.mentees_for_wishes(program)
    mentors = selectors.mentors_for_wishes(program)
    side = request.POST.get("side", "")
    mentee_form = MenteeWishesForm(
        request.POST if side == PreferenceSide.MENTEE else None,
        mentees=mentees,
        mentors=mentors,
        prefix="mentee",
    )
    mentor_form = MentorWishesForm(
        request.POST if side == PreferenceSide.MENTOR else None,
        mentees=mentees,
        mentors=mentors,
        prefix="mentor",
    )
    if request.method == "POST":
        _require_runner(can_run)
        form = mentee_form if side == PreferenceSide.MENTEE else mentor_form
        if side in PreferenceSide.values and form.is_valid():
            try:
                if side == PreferenceSide.MENTEE:
                    services.preferences_set(
                        program=program,
                        by=request.user,
                        side=side,
                        mentee=form.cleaned_data["mentee"],
                        chosen=form.chosen(),
                    )
                else:
                    services.preferences_set(
                        program=program,
                        by=request.user,
                        side=side,
                        mentor=form.cleaned_data["mentor"],
                        chosen=form.chosen(),
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, "Пожелания записаны; они повысят балл этих пар при следующем подборе."
                )
                return redirect("matching:wishes", pk=program.pk)
        elif side not in PreferenceSide.values:
            messages.error(request, "Неизвестная сторона пожелания.")
    return render(
        request,
        "matching/wishes.html",
        {
            "program": program,
            "can_run": can_run,
            "mentee_form": mentee_form,
            "mentor_form": mentor_form,
            "preferences": list(selectors.preferences_of(program)),
        },
    )
