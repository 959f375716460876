"""The department's and curators' housekeeping: the personal-data access log, the school-year
roll-over and the catalogue of requests and competencies."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.accounts.models import Role
from mentoring.common.access import (
    municipalities_administered_by,
    organizations_where_user_keeps_people,
    scope_of,
    sees_access_log_of,
)
from mentoring.common.forms import add_service_errors
from mentoring.common.models import AccessAction, PersonalDataAccess
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.organizations.models import Organization
from mentoring.people import services
from mentoring.people.forms import SupportAreaForm
from mentoring.people.models import SupportArea


class AccessLogFilterForm(forms.Form):
    action = forms.ChoiceField(label="Действие", required=False, choices=[("", "Все"), *AccessAction.choices])
    organization = forms.ModelChoiceField(
        label="Чьи данные",
        required=False,
        queryset=Organization.objects.none(),
        empty_label="Все организации",
    )
    date_from = forms.DateField(label="С", required=False, input_formats=["%d.%m.%Y", "%Y-%m-%d"])
    date_to = forms.DateField(label="По", required=False, input_formats=["%d.%m.%Y", "%Y-%m-%d"])


@require_GET
def access_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipalities = sees_access_log_of(request.user)
    if not municipalities.exists():
        raise PermissionDenied("Журнал доступа к персональным данным ведёт управление образования.")
    filters = AccessLogFilterForm(request.GET or None)
    cast(forms.ModelChoiceField, filters.fields["organization"]).queryset = Organization.objects.filter(
        municipality__in=municipalities
    ).order_by("short_name")
    events = PersonalDataAccess.objects.filter(municipality__in=municipalities).select_related(
        "user", "organization"
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["organization"]:
            events = events.filter(organization=data["organization"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
    return render(request, "people/access_log.html", {"page": paginate(request, events), "filters": filters})


class RolloverForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="Организация",
        required=False,
        queryset=Organization.objects.none(),
        empty_label="Все мои организации",
    )
    from_year = forms.IntegerField(label="Завершившийся учебный год (начало)", min_value=2000, max_value=2100)
    carry_over_requests = forms.BooleanField(
        label="Перенести незакрытые запросы на новый учебный год (иначе — закрыть)",
        required=False,
        initial=True,
    )


@require_http_methods(["GET", "POST"])
def rollover(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = organizations_where_user_keeps_people(request.user).filter(
        kind__in=["school", "supplementary"]
    )
    if not organizations.exists():
        raise PermissionDenied(
            "Переход на новый учебный год выполняют куратор, руководитель или управление образования."
        )
    form = RolloverForm(
        request.POST or request.GET or None,
        initial={"from_year": services.default_rollover_year(), "carry_over_requests": True},
    )
    cast(forms.ModelChoiceField, form.fields["organization"]).queryset = organizations.order_by("short_name")
    plan = None
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["organization"]
        scope = organizations.filter(pk=chosen.pk) if chosen else organizations
        if request.method == "POST":
            try:
                done = services.rollover_apply(
                    by=request.user,
                    organizations=scope,
                    from_year=form.cleaned_data["from_year"],
                    carry_over_requests=form.cleaned_data["carry_over_requests"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Учебный год {done.label}: переведено в следующий класс {len(done.promoted)}, "
                    f"выпускников {len(done.graduating)}.",
                )
                return redirect("people:rollover")
        plan = services.rollover_plan(organizations=scope, from_year=form.cleaned_data["from_year"])
    return render(request, "people/rollover.html", {"form": form, "plan": plan})


def _areas_kept_by(request: AuthenticatedHttpRequest) -> Q:
    """The catalogue entries this user works with: defaults, their municipalities' and organizations'."""
    keeps = organizations_where_user_keeps_people(request.user)
    municipalities = set(keeps.values_list("municipality_id", flat=True))
    municipalities |= set(sees_access_log_of(request.user).values_list("pk", flat=True))
    return (
        Q(organization__isnull=True, municipality__isnull=True)
        | Q(municipality_id__in=municipalities)
        | Q(organization__in=keeps)
    )


@require_http_methods(["GET", "POST"])
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The catalogue of requests and competencies: the defaults, the municipality's additions (its
    department) and each organization's own (its head or curator)."""
    keeps = organizations_where_user_keeps_people(request.user)
    if not keeps.exists() and not scope_of(request.user).is_department:
        raise PermissionDenied("Каталог ведут управление образования и кураторы.")
    administered = list(municipalities_administered_by(request.user).order_by("name"))
    own = keeps.filter(pk__in=scope_of(request.user).organizations_with({Role.HEAD, Role.CURATOR}))
    owner_choices = [(f"m{m.pk}", f"Каталог муниципалитета: {m.name}") for m in administered]
    owner_choices += [(f"o{o.pk}", o.short_name) for o in own.order_by("short_name")]
    form = SupportAreaForm(request.POST or None, owner_choices=owner_choices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        owner = data.pop("owner")
        try:
            area = services.support_area_create(
                by=request.user,
                organization=own.filter(pk=int(owner[1:])).first() if owner.startswith("o") else None,
                municipality_id=int(owner[1:]) if owner.startswith("m") else None,
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Направление «{area.name}» добавлено.")
            return redirect("people:catalogue")
    areas = SupportArea.objects.filter(_areas_kept_by(request)).select_related("organization")
    administered_ids = {m.pk for m in administered}
    own_ids = set(own.values_list("pk", flat=True)) | set(keeps.values_list("pk", flat=True))
    rows = [
        (
            area,
            request.user.is_superuser
            or (area.municipality_id in administered_ids)
            or (area.organization_id in own_ids),
        )
        for area in areas
    ]
    return render(
        request, "people/catalogue.html", {"form": form, "rows": rows, "can_add": bool(owner_choices)}
    )


@require_POST
def catalogue_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(SupportArea.objects.filter(_areas_kept_by(request)), pk=pk)
    area = services.support_area_set_active(by=request.user, area=area, active=not area.is_active)
    messages.success(
        request, f"Направление «{area.name}» {'снова используется' if area.is_active else 'скрыто'}."
    )
    return redirect("people:catalogue")
