"""Pages of programs: the base, a program's card with its plan and files, sharing and copying."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    can_recommend_programs_of,
    can_view_matching_of,
    forms_available_to_municipality,
    forms_visible_to,
    get_program_for_user,
    organizations_visible_to,
    organizations_where_user_runs_programs,
    sees_directories,
)
from mentoring.common.forms import add_service_errors
from mentoring.common.history import history_of
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.programs import services
from mentoring.programs.forms import AttachmentForm, CopyForm, ProgramFilterForm, ProgramForm, StageForm
from mentoring.programs.models import Program, ProgramAttachment, ProgramStage, ProgramStatus
from mentoring.programs.selectors import ProgramFilters, program_card, program_list, shared_program_list

STATUS_ACTIONS = {
    ProgramStatus.ACTIVE: "Начать реализацию",
    ProgramStatus.COMPLETED: "Завершить",
    ProgramStatus.ARCHIVED: "В архив",
    ProgramStatus.DRAFT: "Вернуть в черновики",
}


def _require_program_pages(request: AuthenticatedHttpRequest) -> None:
    if not sees_directories(request.user):
        raise PermissionDenied(
            "Программы наставничества доступны управлению образования и сотрудникам организаций."
        )


@require_GET
def program_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_program_pages(request)
    organizations = organizations_visible_to(request.user).filter(kind__in=["school", "supplementary"])
    filters = ProgramFilterForm(
        request.GET or None, organizations=organizations, available_forms=forms_visible_to(request.user)
    )
    chosen = ProgramFilters()
    if filters.is_valid():
        data = filters.cleaned_data
        chosen = ProgramFilters(
            q=data["q"],
            organization_id=data["organization"].pk if data["organization"] else None,
            form_id=data["form"].pk if data["form"] else None,
            status=data["status"],
            overdue=data["overdue"],
        )
    return render(
        request,
        "programs/program_list.html",
        {
            "page": paginate(request, program_list(visible_to=request.user, filters=chosen)),
            "filters": filters,
            "can_create": organizations_where_user_runs_programs(request.user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def program_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = organizations_where_user_runs_programs(request.user)
    if not organizations.exists():
        raise PermissionDenied("Программы создают куратор и руководитель организации.")
    form = ProgramForm(
        request.POST or None, organizations=organizations, available_forms=forms_visible_to(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        organization = data.pop("organization")
        role_variants = data.pop("role_variants", [])
        try:
            program = services.program_create(
                by=request.user, organization=organization, role_variants=role_variants, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Программа «{program.title}» создана как черновик с планом из пяти этапов."
            )
            return redirect("programs:detail", pk=program.pk)
    return render(request, "programs/program_form.html", {"form": form, "program": None})


@require_GET
def program_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program, can_edit = get_program_for_user(request.user, pk)
    program = program_card(program)
    own = can_edit or program.organization_id in set(
        organizations_visible_to(request.user).values_list("pk", flat=True)
    )
    attachments = [a for a in program.attachments.all() if own or a.is_shared]
    next_statuses = services.STATUS_TRANSITIONS.get(ProgramStatus(program.status), set())
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "can_edit": can_edit,
            "own": own,
            "attachments": attachments,
            "stages": list(program.stages.all()),
            "planned_total": sum(stage.planned_meetings for stage in program.stages.all()),
            "status_actions": [
                (status, STATUS_ACTIONS[status]) for status in ProgramStatus if status in next_statuses
            ],
            "can_recommend": can_recommend_programs_of(request.user, program.organization)
            and program.is_shared,
            "can_copy": program.is_shared
            and organizations_where_user_runs_programs(request.user)
            .filter(municipality_id=program.organization.municipality_id)
            .exists(),
            "form_name": program.form.name_for(program.organization.kind),
            "can_match": can_view_matching_of(request.user, program.organization),
            "history": history_of(program) if can_edit else [],
        },
    )


@require_http_methods(["GET", "POST"])
def program_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program, can_edit = get_program_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied("Изменять программу могут её куратор и руководитель организации.")
    forms = forms_visible_to(request.user).filter(
        forms_available_to_municipality(program.organization.municipality_id)
    )
    form = ProgramForm(
        request.POST or None,
        instance=program,
        organizations=organizations_where_user_runs_programs(request.user),
        available_forms=forms,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        role_variants = data.pop("role_variants")
        for name in ("starts_on", "ends_on", "max_group_size"):
            if data.get(name) in (None, ""):
                data.pop(name)
        try:
            services.program_update(by=request.user, program=program, role_variants=role_variants, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("programs:detail", pk=program.pk)
    program.refresh_from_db()
    return render(request, "programs/program_form.html", {"form": form, "program": program})


def _editable_program(request: AuthenticatedHttpRequest, pk: int) -> Program:
    program, can_edit = get_program_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied("Изменять программу могут её куратор и руководитель организации.")
    return program


def _act(
    request: AuthenticatedHttpRequest, pk: int, action: Callable[[Program], object], success: str
) -> HttpResponse:
    """Runs one service on a program the user runs; a refused change comes back as a message."""
    program = _editable_program(request, pk)
    try:
        action(program)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("programs:detail", pk=program.pk)


@require_POST
def program_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    status = request.POST.get("status", "")
    if status not in ProgramStatus.values:
        program = _editable_program(request, pk)
        messages.error(request, "Неизвестный статус программы.")
        return redirect("programs:detail", pk=program.pk)
    return _act(
        request,
        pk,
        lambda program: services.program_set_status(by=request.user, program=program, status=status),
        f"Статус программы: «{ProgramStatus(status).label}».",
    )


@require_POST
def program_pairs_formed(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    raw = request.POST.get("pairs_formed_on", "").strip()
    day: datetime.date | None = None
    if raw:
        try:
            day = datetime.datetime.strptime(raw, "%d.%m.%Y").date()
        except ValueError:
            program = _editable_program(request, pk)
            messages.error(request, "Введите дату в формате ДД.ММ.ГГГГ.")
            return redirect("programs:detail", pk=program.pk)
    return _act(
        request,
        pk,
        lambda program: services.program_record_pairs_formed(by=request.user, program=program, on=day),
        "Дата формирования пар сохранена." if day else "Отметка о формировании пар снята.",
    )


@require_POST
def program_share(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    shared = request.POST.get("shared") == "1"
    return _act(
        request,
        pk,
        lambda program: services.program_set_shared(by=request.user, program=program, shared=shared),
        "Программа открыта другим организациям муниципалитета."
        if shared
        else "Программа закрыта от других организаций.",
    )


@require_POST
def program_recommend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program, _ = get_program_for_user(request.user, pk)
    recommended = request.POST.get("recommended") == "1"
    try:
        services.program_set_recommended(by=request.user, program=program, recommended=recommended)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Программа рекомендована." if recommended else "Рекомендация снята.")
    return redirect("programs:detail", pk=program.pk)


@require_http_methods(["GET", "POST"])
def program_copy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source, _ = get_program_for_user(request.user, pk)
    organizations = organizations_where_user_runs_programs(request.user).filter(
        municipality_id=source.organization.municipality_id
    )
    if not source.is_shared or not organizations.exists():
        raise PermissionDenied(
            "Скопировать можно открытую программу в организацию, программы которой вы ведёте."
        )
    form = CopyForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        copy = services.program_copy(
            by=request.user, source=source, organization=form.cleaned_data["organization"]
        )
        messages.success(request, "Программа скопирована в черновики: проверьте даты, куратора и план.")
        return redirect("programs:detail", pk=copy.pk)
    return render(request, "programs/program_copy.html", {"form": form, "source": source})


@require_POST
def program_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program = _editable_program(request, pk)
    try:
        services.program_delete(by=request.user, program=program)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programs:detail", pk=program.pk)
    messages.success(request, f"Черновик «{program.title}» удалён.")
    return redirect("programs:list")


@require_GET
def shared_programs(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_program_pages(request)
    q = request.GET.get("q", "")[:100]
    form_id = request.GET.get("form", "")
    programs = shared_program_list(
        visible_to=request.user, q=q, form_id=int(form_id) if form_id.isdigit() else None
    )
    return render(
        request,
        "programs/shared_programs.html",
        {
            "page": paginate(request, programs),
            "q": q,
            "forms": forms_visible_to(request.user),
            "form_id": form_id,
        },
    )


@require_http_methods(["GET", "POST"])
def stage_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program = _editable_program(request, pk)
    form = StageForm(request.POST or None, initial={"planned_meetings": 1})
    form.fields["position"].required = False
    if request.method == "POST" and form.is_valid():
        stage = ProgramStage(program=program, **form.cleaned_data)
        try:
            services.stage_save(by=request.user, stage=stage)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("programs:detail", pk=program.pk)
    return render(
        request, "programs/simple_form.html", {"form": form, "program": program, "title": "Новый этап"}
    )


def _stage_for(request: AuthenticatedHttpRequest, pk: int) -> ProgramStage:
    stage = get_object_or_404(ProgramStage.objects.select_related("program"), pk=pk)
    _editable_program(request, stage.program_id)
    return stage


@require_http_methods(["GET", "POST"])
def stage_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    stage = _stage_for(request, pk)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        for name, value in form.cleaned_data.items():
            setattr(stage, name, value)
        try:
            services.stage_save(by=request.user, stage=stage)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("programs:detail", pk=stage.program_id)
    return render(
        request,
        "programs/simple_form.html",
        {"form": form, "program": stage.program, "title": "Этап программы"},
    )


@require_POST
def stage_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    stage = _stage_for(request, pk)
    services.stage_delete(by=request.user, stage=stage)
    return redirect("programs:detail", pk=stage.program_id)


@require_http_methods(["GET", "POST"])
def attachment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program = _editable_program(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                by=request.user,
                program=program,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                is_shared=form.cleaned_data["is_shared"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Файл добавлен.")
            return redirect("programs:detail", pk=program.pk)
    return render(
        request,
        "programs/simple_form.html",
        {"form": form, "program": program, "title": "Файл программы", "multipart": True},
    )


def _attachment_for(request: AuthenticatedHttpRequest, pk: int) -> tuple[ProgramAttachment, bool]:
    attachment = get_object_or_404(ProgramAttachment.objects.select_related("program"), pk=pk)
    program, can_edit = get_program_for_user(request.user, attachment.program_id)
    own = can_edit or organizations_visible_to(request.user).filter(pk=program.organization_id).exists()
    if not own and not attachment.is_shared:
        raise Http404("Файл не найден")
    return attachment, can_edit


@require_GET
def attachment_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    attachment, _ = _attachment_for(request, pk)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.file.name.rsplit("/", 1)[-1]
    )


@require_POST
def attachment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attachment, can_edit = _attachment_for(request, pk)
    if not can_edit:
        raise PermissionDenied("Удалять файлы программы могут её куратор и руководитель организации.")
    services.attachment_delete(by=request.user, attachment=attachment)
    messages.success(request, "Файл удалён.")
    return redirect("programs:detail", pk=attachment.program_id)
