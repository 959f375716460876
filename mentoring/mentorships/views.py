"""Pages of pairs and groups: the list, forming by hand, a mentorship's card with its plan, meetings,
feedback, concerns and completion, the personal page of a mentor or mentee with the calendar feed,
and the curator's overview."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    DEPARTMENT_ROLES,
    PROGRAM_KEEPER_ROLES,
    can_read_concerns_of,
    can_run_programs_of,
    get_closing_event_for_user,
    get_concern_for_user,
    get_meeting_for_user,
    get_mentee_place_for_user,
    get_mentorship_for_user,
    get_plan_item_for_user,
    mentorship_overview_organizations,
    mentorship_rights,
    organizations_where_user_runs_programs,
    programs_visible_to,
    scope_of,
)
from mentoring.common.audit import log_personal_data_access
from mentoring.common.forms import add_service_errors
from mentoring.common.history import history_of
from mentoring.common.models import AccessAction
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.documents.models import Document
from mentoring.matching.rules import mentor_organization_ids, pair_problems
from mentoring.mentorships import selectors, services
from mentoring.mentorships.forms import (
    AddMenteeForm,
    CompleteForm,
    ConcernForm,
    ConcernResolveForm,
    EndEarlyForm,
    FeedbackForm,
    HandCreateForm,
    MeetingForm,
    MentorshipFilterForm,
    PlanItemForm,
    ProgramChoiceForm,
    ReflectionForm,
    RemoveMenteeForm,
    ReplaceMentorForm,
    WorkSettingsForm,
)
from mentoring.mentorships.ical import CalendarEvent, render_calendar
from mentoring.mentorships.models import (
    ClosingEvent,
    Meeting,
    MeetingStatus,
    Mentorship,
    MentorshipMentee,
    MentorshipStatus,
    PlanItem,
    PlanItemKind,
    ReflectionKind,
)
from mentoring.people.models import MenteeProfile, MenteeStatus, MentorProfile, Person
from mentoring.programs.models import Program, ProgramStatus


def _card(pk: int, anchor: str = "") -> HttpResponse:
    url = reverse("mentorships:detail", kwargs={"pk": pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _manageable(request: AuthenticatedHttpRequest, pk: int) -> Mentorship:
    mentorship, can_manage = get_mentorship_for_user(request.user, pk)
    if not can_manage:
        raise PermissionDenied("Это делают куратор и руководитель организации.")
    return mentorship


def _refuse(request: AuthenticatedHttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _reads_mentee_names(user: Any) -> bool:
    """Whether the user reads mentees' names across lists (not a partner's representative alone)."""
    scope = scope_of(user)
    return (
        scope.is_superuser
        or bool(scope.municipalities_with(DEPARTMENT_ROLES))
        or bool(scope.organizations_with(PROGRAM_KEEPER_ROLES))
    )


# --- the list and forming by hand ----------------------------------------------------------------


@require_GET
def mentorship_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    organizations = mentorship_overview_organizations(user)
    filters = MentorshipFilterForm(
        request.GET or None,
        organizations=organizations,
        programs=programs_visible_to(user).filter(organization__in=organizations),
    )
    chosen = selectors.MentorshipFilters()
    if filters.is_valid():
        data = filters.cleaned_data
        chosen = selectors.MentorshipFilters(
            q=data["q"],
            organization_id=data["organization"].pk if data["organization"] else None,
            program_id=data["program"].pk if data["program"] else None,
            status=data["status"],
        )
    names = _reads_mentee_names(user)
    return render(
        request,
        "mentorships/mentorship_list.html",
        {
            "page": paginate(
                request,
                selectors.mentorship_list(visible_to=user, filters=chosen, search_mentees=names),
                per_page=30,
            ),
            "filters": filters,
            "show_filters": organizations.exists(),
            "reads_names": names,
            "can_create": organizations_where_user_runs_programs(user).exists(),
            "can_overview": organizations.exists(),
        },
    )


def _programs_for_forming(request: AuthenticatedHttpRequest) -> QuerySet[Program]:
    return (
        Program.objects.filter(
            organization__in=organizations_where_user_runs_programs(request.user),
            status__in=[ProgramStatus.DRAFT, ProgramStatus.ACTIVE],
        )
        .select_related("organization", "form")
        .order_by("organization__short_name", "title")
    )


def _mentor_choices(program: Program) -> QuerySet[MentorProfile]:
    return (
        MentorProfile.objects.filter(
            person__organization_id__in=mentor_organization_ids(program),
            person__is_archived=False,
            is_active=True,
            forms=program.form,
        )
        .select_related("person__organization")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def _mentee_choices(program: Program) -> QuerySet[MenteeProfile]:
    """The organization's mentees of the categories the program's form takes, with no place in this
    program yet."""
    placed = MentorshipMentee.objects.filter(program=program, is_active=True).values("mentee_id")
    return (
        MenteeProfile.objects.filter(
            person__organization_id=program.organization_id,
            person__is_archived=False,
            person__category__in=program.form.mentee_categories.all(),
        )
        .exclude(status=MenteeStatus.LEFT)
        .exclude(pk__in=placed)
        .select_related("person")
        .order_by("person__grade", "person__last_name", "person__first_name", "pk")
    )


@require_http_methods(["GET", "POST"])
def mentorship_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1: the program; step 2: the mentor and mentees, «Проверить» shows every rule the chosen
    pairs break (the same rules as matching), «Сформировать» forms the pair or group."""
    programs = _programs_for_forming(request)
    if not organizations_where_user_runs_programs(request.user).exists():
        raise PermissionDenied("Пары и группы формируют куратор и руководитель организации.")
    chooser = ProgramChoiceForm(request.GET if "program" in request.GET else None, programs=programs)
    if not chooser.is_valid():
        return render(request, "mentorships/mentorship_create.html", {"chooser": chooser, "form": None})
    program: Program = chooser.cleaned_data["program"]
    form = HandCreateForm(
        request.POST or None,
        program=program,
        mentors=_mentor_choices(program),
        mentees=_mentee_choices(program),
        orders=Document.objects.filter(organization_id=program.organization_id).order_by("-date", "-id"),
    )
    checks: list[tuple[str, list[str]]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mentor: MentorProfile = data["mentor"]
        mentees: list[MenteeProfile] = list(data["mentees"])
        day = data["started_on"] or timezone.localdate()
        for mentee in mentees:
            checks.append((mentee.person.full_name, pair_problems(program, mentor, mentee, day)))
        free = mentor.capacity - mentor.active_mentees
        if len(mentees) > free:
            checks.append(
                (
                    mentor.person.full_name,
                    [f"Свободно мест у наставника: {max(free, 0)}, выбрано: {len(mentees)}."],
                )
            )
        if len(mentees) > program.max_group_size:
            checks.append(
                (
                    program.title,
                    [f"В программе у наставника не больше {program.max_group_size} наставляемых."],
                )
            )
        if request.POST.get("action") == "create":
            try:
                mentorship = services.mentorship_create_by_hand(
                    program=program,
                    mentor=mentor,
                    mentees=mentees,
                    by=request.user,
                    started_on=data["started_on"],
                    planned_end_on=data["planned_end_on"],
                    order=data["order"],
                    order_number=data["order_number"],
                    order_date=data["order_date"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{mentorship.kind_label} сформирована.")
                return redirect("mentorships:detail", pk=mentorship.pk)
    return render(
        request,
        "mentorships/mentorship_create.html",
        {
            "chooser": chooser,
            "program": program,
            "form": form,
            "checks": checks,
            "checked": bool(checks),
            "all_clear": bool(checks) and all(not problems for _, problems in checks),
        },
    )


# --- a mentorship's card ---------------------------------------------------------------------------


@require_GET
def mentorship_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship, _ = get_mentorship_for_user(request.user, pk)
    rights = mentorship_rights(request.user, mentorship)
    card = selectors.mentorship_card(mentorship)
    meetings = selectors.mentorship_meetings(card)
    states = selectors.feedback_states(meetings)
    me = selectors.person_of(request.user)
    for meeting in meetings:
        state = states.get(meeting.pk)
        meeting.feedback_state = state  # type: ignore[attr-defined]
        meeting.mine_owed = bool(  # type: ignore[attr-defined]
            state and me is not None and any(p.pk == me.pk for p in state.missing)
        )
        meeting.my_feedback = state.given.get(me.pk) if state and me else None  # type: ignore[attr-defined]
    if not rights.is_participant:
        log_personal_data_access(
            user=request.user,
            request=request,
            action=AccessAction.VIEW,
            object_type="mentorship",
            object_id=card.pk,
            organization=card.organization,
        )
    final_held = any(m.kind == "final" and m.status == MeetingStatus.HELD for m in meetings)
    places = list(card.participants.all())
    return render(
        request,
        "mentorships/mentorship_detail.html",
        {
            "m": card,
            "rights": rights,
            "places": places if rights.reads_people else [],
            "active_count": sum(1 for place in places if place.is_active),
            "meetings": meetings,
            "next_kinds": services.next_meeting_kinds(card) if card.is_open else (),
            "plan": selectors.mentorship_plan(card) if rights.reads_people else [],
            "concerns": selectors.mentorship_concerns(card, visible_to=request.user),
            "replacements": selectors.mentorship_replacements(card),
            "reflections": selectors.mentorship_reflections(card) if rights.reads_people else [],
            "final_held": final_held,
            "can_reflect": final_held
            and card.status != MentorshipStatus.ENDED_EARLY
            and rights.reads_people
            and (rights.manage or rights.is_participant),
            "history": history_of(card, hidden=("results",)) if rights.manage else [],
            "today": timezone.localdate(),
        },
    )


def _form_page(
    request: AuthenticatedHttpRequest,
    mentorship: Mentorship,
    form: Any,
    title: str,
    submit: str,
    *,
    note: str = "",
    multipart: bool = False,
) -> HttpResponse:
    return render(
        request,
        "mentorships/form_page.html",
        {
            "m": mentorship,
            "form": form,
            "title": title,
            "submit": submit,
            "note": note,
            "multipart": multipart,
        },
    )


@require_http_methods(["GET", "POST"])
def mentorship_end_early(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = _manageable(request, pk)
    form = EndEarlyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentorship_end_early(
                mentorship=mentorship,
                by=request.user,
                reason=form.cleaned_data["end_reason"],
                ended_on=form.cleaned_data["ended_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Работа прекращена досрочно; места наставника освобождены.")
            return _card(mentorship.pk)
    return _form_page(
        request,
        mentorship,
        form,
        "Прекратить работу досрочно",
        "Прекратить",
        note="Запланированные встречи отменятся, наставляемые выйдут из пары или группы.",
    )


@require_http_methods(["GET", "POST"])
def mentorship_replace_mentor(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = _manageable(request, pk)
    mentors = _mentor_choices(mentorship.program).exclude(pk=mentorship.mentor_id)
    form = ReplaceMentorForm(request.POST or None, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.mentorship_replace_mentor(
                mentorship=mentorship,
                new_mentor=data["new_mentor"],
                by=request.user,
                requested_by=data["requested_by"],
                reason=data["reason"],
                replaced_on=data["replaced_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Наставник заменён: теперь это {data['new_mentor'].person}.")
            return _card(mentorship.pk)
    return _form_page(
        request,
        mentorship,
        form,
        "Заменить наставника",
        "Заменить",
        note="Проведённые встречи остаются за прежним наставником, запланированные переходят к новому.",
    )


@require_http_methods(["GET", "POST"])
def mentorship_add_mentee(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = _manageable(request, pk)
    form = AddMenteeForm(request.POST or None, mentees=_mentee_choices(mentorship.program))
    if request.method == "POST" and form.is_valid():
        try:
            services.mentorship_add_mentee(
                mentorship=mentorship, mentee=form.cleaned_data["mentee"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Наставляемый добавлен.")
            return _card(mentorship.pk)
    return _form_page(request, mentorship, form, "Добавить наставляемого", "Добавить")


@require_POST
def mentorship_remove_mentee(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    place, can_manage = get_mentee_place_for_user(request.user, pk)
    if not can_manage:
        raise PermissionDenied("Состав группы меняют куратор и руководитель организации.")
    form = RemoveMenteeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите причину выхода.")
        return _card(place.mentorship_id)
    try:
        services.mentorship_remove_mentee(place=place, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, f"{place.mentee.person} вышел(а) из группы; место наставника освобождено.")
    return _card(place.mentorship_id)


# --- the plan -----------------------------------------------------------------------------------------


def _plan_form(
    request: AuthenticatedHttpRequest, mentorship: Mentorship, item: PlanItem | None
) -> HttpResponse:
    goals = PlanItem.objects.filter(mentorship=mentorship, kind=PlanItemKind.GOAL)
    if item is not None:
        goals = goals.exclude(pk=item.pk)
    form = PlanItemForm(request.POST or None, instance=item, goals=goals)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.PLAN_FIELDS}
        try:
            services.plan_item_save(by=request.user, mentorship=mentorship, item=item, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "План сохранён.")
            return _card(mentorship.pk, "plan")
    return _form_page(request, mentorship, form, "Пункт плана" if item else "Новый пункт плана", "Сохранить")


@require_http_methods(["GET", "POST"])
def plan_item_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship, _ = get_mentorship_for_user(request.user, pk)
    if not mentorship_rights(request.user, mentorship).edits_plan:
        raise PermissionDenied("План ведут наставник и куратор.")
    return _plan_form(request, mentorship, None)


@require_http_methods(["GET", "POST"])
def plan_item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item, can_edit = get_plan_item_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied("План ведут наставник и куратор.")
    return _plan_form(request, item.mentorship, item)


@require_POST
def plan_item_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item, can_edit = get_plan_item_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied("План ведут наставник и куратор.")
    try:
        services.plan_item_delete(by=request.user, item=item)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, "Пункт плана удалён.")
    return _card(item.mentorship_id, "plan")


# --- meetings and feedback -------------------------------------------------------------------------


def _mentees_of(mentorship: Mentorship) -> QuerySet[MenteeProfile]:
    return (
        MenteeProfile.objects.filter(
            mentorship_places__mentorship=mentorship, mentorship_places__is_active=True
        )
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


def _meeting_form(
    request: AuthenticatedHttpRequest, mentorship: Mentorship, meeting: Meeting | None
) -> HttpResponse:
    held_already = meeting is not None and meeting.status == MeetingStatus.HELD
    initial: dict[str, Any] = {}
    if meeting is not None:
        moment = timezone.localtime(meeting.starts_at)
        initial = {
            "kind": meeting.kind,
            "day": moment.date(),
            "time": moment.time(),
            "duration_minutes": meeting.duration_minutes,
            "is_online": meeting.is_online,
            "place": meeting.place,
            "link": meeting.link,
            "topic": meeting.topic,
            "notes": meeting.notes,
            "held": held_already,
            "attended": [a.mentee_id for a in meeting.attendances.all() if a.attended],
        }
    else:
        kinds = services.next_meeting_kinds(mentorship)
        initial = {"kind": kinds[0] if kinds else None, "attended": list(_mentees_of(mentorship))}
    kinds_offered = None if meeting is not None else services.next_meeting_kinds(mentorship)
    mentees = (
        MenteeProfile.objects.filter(pk__in=[a.mentee_id for a in meeting.attendances.all()]).select_related(
            "person"
        )
        if held_already and meeting is not None
        else _mentees_of(mentorship)
    )
    form = MeetingForm(
        request.POST or None, initial=initial, mentees=mentees, kinds=kinds_offered, held_already=held_already
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.meeting_save(
                by=request.user,
                mentorship=mentorship,
                meeting=meeting,
                held=form.cleaned_data["held"],
                attended=form.cleaned_data["attended"],
                **form.meeting_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved.status == MeetingStatus.HELD and not held_already:
                messages.success(request, "Встреча записана. Оцените её — обратная связь обязательна.")
                return redirect("mentorships:feedback", pk=saved.pk)
            messages.success(request, "Встреча сохранена.")
            return _card(mentorship.pk, "meetings")
    title = "Встреча" if meeting else "Новая встреча"
    rights = mentorship_rights(request.user, mentorship)
    note = (
        ""
        if rights.is_mentor
        else "Вы вносите встречу за участников: она будет отмечена как внесённая куратором."
    )
    return _form_page(request, mentorship, form, title, "Сохранить", note=note)


@require_http_methods(["GET", "POST"])
def meeting_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship, _ = get_mentorship_for_user(request.user, pk)
    if not mentorship_rights(request.user, mentorship).records_meetings:
        raise PermissionDenied("Встречи записывают наставник и куратор.")
    if not mentorship.is_open:
        messages.error(request, "Пара или группа закрыта: новые встречи не записываются.")
        return _card(mentorship.pk)
    return _meeting_form(request, mentorship, None)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting, can_record = get_meeting_for_user(request.user, pk)
    if not can_record:
        raise PermissionDenied("Встречи записывают наставник и куратор.")
    if meeting.status == MeetingStatus.CANCELLED or not meeting.mentorship.is_open:
        messages.error(request, "Эту встречу уже нельзя изменить.")
        return _card(meeting.mentorship_id, "meetings")
    return _meeting_form(request, meeting.mentorship, meeting)


@require_POST
def meeting_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting, can_record = get_meeting_for_user(request.user, pk)
    if not can_record:
        raise PermissionDenied("Встречи отменяют наставник и куратор.")
    try:
        services.meeting_cancel(by=request.user, meeting=meeting)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, "Встреча отменена.")
    return _card(meeting.mentorship_id, "meetings")


@require_http_methods(["GET", "POST"])
def meeting_feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The participant's own feedback on a held meeting; a manager enters anyone's from paper."""
    meeting, _ = get_meeting_for_user(request.user, pk)
    rights = mentorship_rights(request.user, meeting.mentorship)
    if not (rights.manage or rights.is_participant):
        raise PermissionDenied("Обратную связь дают участники встречи; куратор вносит её с бумажных анкет.")
    expected = services.feedback_expected_from(meeting)
    given = set(meeting.feedback.values_list("author_id", flat=True))
    owing = [e.person for e in expected if e.person.pk not in given]
    me = selectors.person_of(request.user)
    if rights.manage and not (me and any(p.pk == me.pk for p in owing)):
        authors, choose = owing, True
    else:
        authors, choose = [p for p in owing if me is not None and p.pk == me.pk], False
    form = FeedbackForm(request.POST or None, authors=authors, choose_author=choose)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_give(
                by=request.user,
                meeting=meeting,
                author=data["author"],
                usefulness=data["usefulness"],
                comfort=data["comfort"],
                clarity=data["clarity"],
                comment=data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Спасибо! Обратная связь сохранена.")
            if choose and len(owing) > 1:
                return redirect("mentorships:feedback", pk=meeting.pk)
            return (
                redirect("mentorships:my")
                if rights.is_participant and not rights.manage
                else _card(meeting.mentorship_id, "meetings")
            )
    reason = ""
    if meeting.status != MeetingStatus.HELD:
        reason = "Обратная связь даётся после того, как встреча состоялась."
    elif not authors:
        reason = "От вас обратная связь об этой встрече не ожидается или уже получена."
    return render(
        request,
        "mentorships/feedback_form.html",
        {"m": meeting.mentorship, "meeting": meeting, "form": form, "reason": reason, "on_behalf": choose},
    )


# --- concerns, reflection, completion -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def concern_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship, _ = get_mentorship_for_user(request.user, pk)
    if not mentorship_rights(request.user, mentorship).raises_concerns:
        raise PermissionDenied("Сообщить о проблеме могут участники пары или группы и куратор.")
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_raise(by=request.user, mentorship=mentorship, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Сообщение передано куратору и руководителю организации.")
            return _card(mentorship.pk)
    return _form_page(
        request,
        mentorship,
        form,
        "Сообщить о проблеме",
        "Отправить",
        note="Сообщение увидят только куратор и руководитель организации (и вы сами). Если есть угроза "
        "жизни или здоровью, звоните 112.",
    )


@require_POST
def concern_resolve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    concern, can_resolve = get_concern_for_user(request.user, pk)
    if not can_resolve:
        raise PermissionDenied("Сигналы о проблемах разбирают куратор и руководитель организации.")
    form = ConcernResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Опишите, как решена проблема.")
    else:
        try:
            services.concern_resolve(
                by=request.user, concern=concern, resolution=form.cleaned_data["resolution"]
            )
        except ValidationError as error:
            _refuse(request, error)
        else:
            messages.success(request, "Сигнал отмечен как решённый.")
    return _card(concern.mentorship_id, "concerns")


def _reflection_authors(request: AuthenticatedHttpRequest, mentorship: Mentorship) -> list[tuple[str, str]]:
    rights = mentorship_rights(request.user, mentorship)
    people = services.mentorship_participants(mentorship)
    if rights.manage:
        choices = [(str(p.pk), f"Личная: {p.full_name}") for p in people]
        return [*choices, (ReflectionForm.GROUP, "Групповая рефлексия")]
    me = selectors.person_of(request.user)
    choices = [(str(p.pk), f"Личная: {p.full_name}") for p in people if me is not None and p.pk == me.pk]
    if rights.is_mentor:
        choices.append((ReflectionForm.GROUP, "Групповая рефлексия"))
    return choices


@require_http_methods(["GET", "POST"])
def reflection_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship, _ = get_mentorship_for_user(request.user, pk)
    rights = mentorship_rights(request.user, mentorship)
    if not (rights.manage or rights.is_participant):
        raise PermissionDenied("Рефлексию пишут участники пары или группы и куратор.")
    authors = _reflection_authors(request, mentorship)
    form = ReflectionForm(
        request.POST or None, authors=authors, initial={"author": request.GET.get("author")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group = data["author"] == ReflectionForm.GROUP
        author = None if group else Person.objects.filter(pk=data["author"]).first()
        try:
            services.reflection_save(
                by=request.user,
                mentorship=mentorship,
                kind=ReflectionKind.GROUP if group else ReflectionKind.PERSONAL,
                author=author,
                achievements=data["achievements"],
                difficulties=data["difficulties"],
                next_steps=data["next_steps"],
                wants_to_mentor=data["wants_to_mentor"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Рефлексия сохранена.")
            return _card(mentorship.pk, "completion")
    return _form_page(request, mentorship, form, "Рефлексия", "Сохранить")


@require_http_methods(["GET", "POST"])
def mentorship_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = _manageable(request, pk)
    form = CompleteForm(
        request.POST or None,
        request.FILES or None,
        places=MentorshipMentee.objects.filter(mentorship=mentorship, is_active=True).select_related(
            "mentee__person"
        ),
        events=ClosingEvent.objects.filter(program=mentorship.program).order_by("-held_on"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.mentorship_complete_with_event(
                by=request.user,
                mentorship=mentorship,
                results=data["results"],
                continues_next_cycle=data["continues_next_cycle"],
                closing_event=data["closing_event"],
                new_event={
                    "title": data["event_title"],
                    "held_on": data["event_held_on"],
                    "link": data["event_link"],
                    "photo": data["event_photo"],
                }
                if data["event_title"]
                else None,
                invite_to_mentor_base=list(data["invite"]),
                ended_on=data["ended_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Работа пары или группы завершена.")
            return _card(mentorship.pk, "completion")
    return _form_page(
        request,
        mentorship,
        form,
        "Завершить работу",
        "Завершить",
        note="После итоговой встречи и полной обратной связи: результаты, итоговое открытое мероприятие, "
        "предложение продолжить.",
        multipart=True,
    )


@require_GET
def closing_event_photo(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    event, _ = get_closing_event_for_user(request.user, pk)
    if not event.photo:
        raise Http404("Фото не загружено")
    extension = event.photo.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        event.photo.open("rb"),
        content_type="image/png" if extension == "png" else "image/jpeg",
        filename=f"meropriyatie-{event.pk}.{extension}",
    )


# --- the personal page and the calendar feed ----------------------------------------------------------


@require_GET
def my_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = selectors.personal_page(user=request.user)
    return render(
        request,
        "mentorships/my_page.html",
        {"page": page, "now": timezone.now(), "today": timezone.localdate()},
    )


@require_GET
def my_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's meetings as an iCalendar file (import or subscribe in a calendar program)."""
    events = []
    for meeting in selectors.calendar_meetings(user=request.user):
        place = meeting.link if meeting.is_online and meeting.link else meeting.place
        if meeting.is_online and not place:
            place = "онлайн"
        description = (
            f"Программа: {meeting.mentorship.program.title}, {meeting.mentorship.organization.short_name}."
        )
        if meeting.topic:
            description = f"Тема: {meeting.topic}\n{description}"
        events.append(
            CalendarEvent(
                uid=f"meeting-{meeting.pk}@nastavnichestvo",
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                summary=f"{meeting.get_kind_display()} (наставничество)",
                location=place,
                description=description,
                url=request.build_absolute_uri(
                    reverse("mentorships:detail", kwargs={"pk": meeting.mentorship_id})
                ),
                sequence=int(meeting.updated_at.timestamp()) % 2_000_000_000,
            )
        )
    body = render_calendar(events, name="Мои встречи — Наставничество", now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="moi-vstrechi.ics"'
    return response


# --- the curator's overview ----------------------------------------------------------------------------


@require_GET
def overview_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = mentorship_overview_organizations(request.user).select_related("municipality")
    if not organizations.exists():
        raise PermissionDenied("Обзор пар и групп — для куратора, руководителя и управления образования.")
    chosen = request.GET.get("organization", "")
    organization = organizations.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if organization is None:
        organization = organizations.order_by("short_name").first()
    assert organization is not None  # noqa: S101 - the queryset is not empty
    data = selectors.overview(organization=organization, visible_to=request.user)
    can_manage = can_run_programs_of(request.user, organization)
    return render(
        request,
        "mentorships/overview.html",
        {
            "o": data,
            "organizations": organizations.order_by("short_name") if organizations.count() > 1 else [],
            "can_manage": can_manage,
            "settings_form": WorkSettingsForm(instance=data.settings) if can_manage else None,
            "reads_concerns": can_read_concerns_of(request.user, organization),
            "now": timezone.now(),
        },
    )


@require_POST
def settings_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = mentorship_overview_organizations(request.user).filter(pk=pk).first()
    if organization is None:
        raise Http404("Организация не найдена")
    if not can_run_programs_of(request.user, organization):
        raise PermissionDenied("Настройки меняют куратор и руководитель организации.")
    form = WorkSettingsForm(request.POST)
    if form.is_valid():
        services.work_settings_save(by=request.user, organization=organization, **form.cleaned_data)
        messages.success(request, "Настройки сохранены.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(f"{reverse('mentorships:overview')}?organization={organization.pk}")
