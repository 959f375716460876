"""Pages of roadmaps: the list, a roadmap with its items and workflow, item editing, the control of
deadlines for the department."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    can_endorse_roadmap,
    get_roadmap_for_user,
    organizations_where_user_writes_roadmaps,
    scope_of,
    sees_directories,
)
from mentoring.common.forms import add_service_errors, form_errors_text
from mentoring.common.history import history_of
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.common.validators import plain_text
from mentoring.organizations.models import Organization
from mentoring.roadmaps import services
from mentoring.roadmaps.models import ItemCheckpoint, Roadmap, RoadmapItem, RoadmapStatus, RoadmapTemplate
from mentoring.roadmaps.selectors import control_rows, roadmap_card, roadmap_list, templates_available_to

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
DATE_WIDGET = forms.DateInput(format="%d.%m.%Y", attrs={"placeholder": "ДД.ММ.ГГГГ"})


class RoadmapCreateForm(forms.Form):
    template = forms.ModelChoiceField(label="Шаблон", queryset=RoadmapTemplate.objects.none())
    year = forms.IntegerField(label="Год", min_value=2000, max_value=2100)
    organization = forms.ModelChoiceField(
        label="Организация",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="Все организации муниципалитета, у которых её ещё нет",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["template"]).queryset = templates_available_to(user)
        organizations = organizations_where_user_writes_roadmaps(user).order_by("kind", "short_name")
        field = cast(forms.ModelChoiceField, self.fields["organization"])
        field.queryset = organizations
        if not scope_of(user).municipalities_with({"department_admin"}) and not user.is_superuser:
            field.required = True
            field.empty_label = None


class ItemForm(forms.ModelForm):
    evidence_link = forms.URLField(
        label="Ссылка на подтверждение", required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = RoadmapItem
        fields = (
            "number",
            "title",
            "deadline_text",
            "due_date",
            "responsible_text",
            "result_text",
            "status",
            "done_on",
            "evidence_link",
            "comment",
        )
        widgets = {
            "due_date": DATE_WIDGET,
            "done_on": DATE_WIDGET,
            "title": forms.Textarea(attrs={"rows": 3}),
            "result_text": forms.Textarea(attrs={"rows": 2}),
            "comment": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, editable: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("due_date", "done_on"):
            self.fields[name].input_formats = DATE_FORMATS  # type: ignore[attr-defined]
        if not editable:
            for name in services.ITEM_WORDING_FIELDS:
                self.fields[name].disabled = True
        for name in ("title", "deadline_text", "responsible_text", "result_text"):
            self.fields[name].validators.append(plain_text)

    def _post_clean(self) -> None:
        pass


class ReturnForm(forms.Form):
    remarks = forms.CharField(label="Замечания", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ApproveForm(forms.Form):
    order_number = forms.CharField(label="Номер приказа", max_length=50, validators=[plain_text])
    order_date = forms.DateField(label="Дата приказа", input_formats=DATE_FORMATS, widget=DATE_WIDGET)
    order_file = forms.FileField(
        label="Скан приказа", required=False, help_text="PDF, JPEG или PNG до 10 МБ."
    )


def _require_roadmap_pages(request: AuthenticatedHttpRequest) -> None:
    if not sees_directories(request.user):
        raise PermissionDenied("Дорожные карты доступны управлению образования и сотрудникам организаций.")


@require_GET
def roadmap_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_roadmap_pages(request)
    year = request.GET.get("year", "")
    status = request.GET.get("status", "")
    roadmaps = roadmap_list(
        visible_to=request.user,
        year=int(year) if year.isdigit() else None,
        status=status if status in RoadmapStatus.values else "",
    )
    return render(
        request,
        "roadmaps/roadmap_list.html",
        {
            "page": paginate(request, roadmaps),
            "can_create": organizations_where_user_writes_roadmaps(request.user).exists(),
            "statuses": RoadmapStatus.choices,
            "year": year,
            "status": status,
        },
    )


@require_http_methods(["GET", "POST"])
def roadmap_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not organizations_where_user_writes_roadmaps(request.user).exists():
        raise PermissionDenied("Дорожные карты создают руководитель, куратор и управление образования.")
    form = RoadmapCreateForm(
        request.POST or None, user=request.user, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["organization"]:
                roadmap = services.roadmap_create(
                    by=request.user,
                    template=data["template"],
                    organization=data["organization"],
                    year=data["year"],
                )
                messages.success(request, "Дорожная карта создана из шаблона: проверьте мероприятия и сроки.")
                return redirect("roadmaps:detail", pk=roadmap.pk)
            created = services.roadmaps_create_for_municipality(
                by=request.user, template=data["template"], year=data["year"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Создано дорожных карт: {len(created)}.")
            return redirect("roadmaps:control")
    return render(request, "roadmaps/roadmap_create.html", {"form": form})


@require_GET
def roadmap_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap, can_write = get_roadmap_for_user(request.user, pk)
    roadmap = roadmap_card(roadmap)
    today = timezone.localdate()
    sections: list[dict[str, Any]] = []
    for item in roadmap.items.all():
        checkpoints = list(item.checkpoints.all())
        item.is_overdue = item.status != "done" and (  # type: ignore[attr-defined]
            (item.due_date is not None and item.due_date < today)
            or any(c.status != "done" and c.due_date < today for c in checkpoints)
        )
        if not sections or sections[-1]["number"] != item.section_number:
            sections.append({"number": item.section_number, "title": item.section_title, "items": []})
        sections[-1]["items"].append(item)
    municipal = roadmap.organization.kind == "department"
    return render(
        request,
        "roadmaps/roadmap_detail.html",
        {
            "roadmap": roadmap,
            "sections": sections,
            "can_write": can_write,
            "can_endorse": can_endorse_roadmap(request.user, roadmap) and not municipal,
            "editable": roadmap.status in services.EDITABLE_STATUSES,
            "municipal": municipal,
            "return_form": ReturnForm(),
            "approve_form": ApproveForm(),
            "today": today,
            "history": history_of(roadmap) if can_write else [],
        },
    )


def _writable(request: AuthenticatedHttpRequest, pk: int) -> Roadmap:
    roadmap, can_write = get_roadmap_for_user(request.user, pk)
    if not can_write:
        raise PermissionDenied("Дорожную карту ведут руководитель и куратор организации.")
    return roadmap


def _item_for(request: AuthenticatedHttpRequest, pk: int) -> RoadmapItem:
    item = get_object_or_404(RoadmapItem.objects.select_related("roadmap"), pk=pk)
    _writable(request, item.roadmap_id)
    return item


@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    editable = item.roadmap.status in services.EDITABLE_STATUSES
    form = ItemForm(request.POST or None, instance=item, editable=editable)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if editable or k in services.ITEM_EXECUTION_FIELDS}
        try:
            services.item_update(by=request.user, item=item, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Мероприятие {item.number} сохранено.")
            return redirect("roadmaps:detail", pk=item.roadmap_id)
    item.refresh_from_db()
    return render(request, "roadmaps/item_form.html", {"form": form, "item": item, "roadmap": item.roadmap})


@require_http_methods(["GET", "POST"])
def item_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap = _writable(request, pk)
    form = ItemForm(request.POST or None, editable=True)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.ITEM_WORDING_FIELDS}
        try:
            services.item_add(by=request.user, roadmap=roadmap, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Мероприятие добавлено.")
            return redirect("roadmaps:detail", pk=roadmap.pk)
    return render(request, "roadmaps/item_form.html", {"form": form, "item": None, "roadmap": roadmap})


@require_POST
def item_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    try:
        services.item_delete(by=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Мероприятие {item.number} удалено.")
    return redirect("roadmaps:detail", pk=item.roadmap_id)


@require_POST
def checkpoint_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    checkpoint = get_object_or_404(ItemCheckpoint.objects.select_related("item__roadmap"), pk=pk)
    _writable(request, checkpoint.item.roadmap_id)
    services.checkpoint_set_done(by=request.user, checkpoint=checkpoint, done=request.POST.get("done") == "1")
    return redirect("roadmaps:detail", pk=checkpoint.item.roadmap_id)


def _workflow(request: AuthenticatedHttpRequest, pk: int, step: str) -> HttpResponse:
    roadmap, can_write = get_roadmap_for_user(request.user, pk)
    # Who may take the step is decided before looking at what was sent.
    if step in ("endorse", "return") and not can_endorse_roadmap(request.user, roadmap):
        raise PermissionDenied("Согласует дорожные карты управление образования.")
    if step in ("submit", "approve") and not can_write:
        raise PermissionDenied("Дорожную карту ведут руководитель и куратор организации.")
    try:
        if step == "submit":
            services.roadmap_submit(by=request.user, roadmap=roadmap)
            messages.success(request, "Дорожная карта отправлена на согласование в управление образования.")
        elif step == "endorse":
            services.roadmap_endorse(by=request.user, roadmap=roadmap)
            messages.success(request, "Дорожная карта согласована.")
        elif step == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form_errors_text(form))
            services.roadmap_return(by=request.user, roadmap=roadmap, remarks=form.cleaned_data["remarks"])
            messages.success(request, "Дорожная карта возвращена на доработку с замечаниями.")
        else:
            approve = ApproveForm(request.POST, request.FILES)
            if not approve.is_valid():
                raise ValidationError(form_errors_text(approve))
            services.roadmap_approve(by=request.user, roadmap=roadmap, **approve.cleaned_data)
            messages.success(request, "Дорожная карта утверждена приказом.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("roadmaps:detail", pk=roadmap.pk)


@require_POST
def roadmap_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "submit")


@require_POST
def roadmap_endorse(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "endorse")


@require_POST
def roadmap_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "return")


@require_POST
def roadmap_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "approve")


@require_GET
def order_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    roadmap, _ = get_roadmap_for_user(request.user, pk)
    if not roadmap.order_file:
        raise Http404("Скан приказа не загружен")
    return FileResponse(
        roadmap.order_file.open("rb"), as_attachment=True, filename=roadmap.order_file.name.rsplit("/", 1)[-1]
    )


@require_GET
def control(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The department's control: who has not submitted, endorsed or approved, and overdue items."""
    if not scope_of(request.user).is_department:
        raise PermissionDenied("Контроль исполнения дорожных карт ведёт управление образования.")
    today = timezone.localdate()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else today.year
    rows = control_rows(visible_to=request.user, year=year, today=today)
    counts = {
        "missing": sum(1 for row in rows if row.roadmap is None),
        "not_submitted": sum(
            1 for row in rows if row.roadmap and row.roadmap.status in ("draft", "returned")
        ),
        "waiting": sum(1 for row in rows if row.roadmap and row.roadmap.status == "submitted"),
        "approved": sum(1 for row in rows if row.roadmap and row.roadmap.status == "approved"),
        "overdue": sum(row.overdue for row in rows),
    }
    return render(request, "roadmaps/control.html", {"rows": rows, "year": year, "counts": counts})


EXPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_GET
def roadmap_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The roadmap as the seed's table: DOCX to print and sign, XLSX to work with."""
    from mentoring.roadmaps.exporting import export_docx, export_xlsx

    roadmap, _ = get_roadmap_for_user(request.user, pk)
    if fmt not in EXPORT_TYPES:
        raise Http404("Неизвестный формат")
    content = export_docx(roadmap) if fmt == "docx" else export_xlsx(roadmap)
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="dorozhnaya-karta-{roadmap.organization.code}-{roadmap.year}.{fmt}"'
    )
    return response
