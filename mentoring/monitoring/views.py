"""Pages of the personal register (5.1) and the target indicators (6.2): the register of a
municipality or an organization with its snapshots, a snapshot's rows and their XLSX, snapshots on
demand; the indicators of an organization or the municipality with the people behind each figure; the
department's targets and every organization's contingent."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    MONITORING_KEEPER_ROLES,
    can_see_indicator_people,
    can_take_register_snapshots,
    get_monitoring_municipality_for_user,
    get_monitoring_organization_for_user,
    get_register_snapshot_for_user,
    monitoring_municipalities_for,
    monitoring_organizations_for,
    municipalities_administered_by,
    scope_of,
)
from mentoring.common.audit import log_personal_data_accesses
from mentoring.common.forms import add_service_errors, form_errors_text
from mentoring.common.history import history_of
from mentoring.common.models import AccessAction
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.monitoring import selectors, services
from mentoring.monitoring.exporting import XLSX_TYPE, export_register_xlsx
from mentoring.monitoring.forms import (
    ContingentForm,
    EntryFilterForm,
    PeriodForm,
    SnapshotTakeForm,
    TargetsForm,
    YearForm,
)
from mentoring.monitoring.indicators import (
    IndicatorValue,
    indicator_people,
    indicator_values,
    indicators_in_force,
)
from mentoring.monitoring.models import Contingent, SnapshotReason
from mentoring.monitoring.register import quarter_label, quarter_of
from mentoring.organizations.models import Municipality, Organization

NOT_FOR_YOU = (
    "Мониторинг ведут управление образования, руководители и кураторы школ и организаций дополнительного "
    "образования."
)
ONLY_ADMIN_TARGETS = "Целевые значения устанавливает администратор управления образования."
ONLY_CONTINGENT_KEEPERS = (
    "Контингент вносят администратор управления образования, руководитель или куратор организации."
)
PER_PAGE = 50
# An export stays in memory up to this size and goes to a temporary file on disk past it.
EXPORT_SPOOL_BYTES = 4 * 2**20


def _render(request: AuthenticatedHttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context.setdefault("current_year", timezone.localdate().year)
    return render(request, template, context)


def _log_view(
    request: AuthenticatedHttpRequest,
    organizations: Iterable[Organization],
    *,
    object_type: str,
    details: str,
    action: str = AccessAction.VIEW,
) -> None:
    """One access-log record per organization whose people the page or file shows."""
    log_personal_data_accesses(
        user=request.user,
        request=request,
        action=AccessAction(action),
        object_type=object_type,
        events=[
            (organization, details) for organization in {item.pk: item for item in organizations}.values()
        ],
    )


@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipalities = list(monitoring_municipalities_for(request.user).order_by("name"))
    own = scope_of(request.user).organizations_with(MONITORING_KEEPER_ROLES)
    organizations = list(
        monitoring_organizations_for(request.user)
        .filter(pk__in=own, is_archived=False)
        .select_related("municipality")
        .order_by("short_name")
    )
    if not municipalities and not organizations:
        raise PermissionDenied(NOT_FOR_YOU)
    return _render(
        request,
        "monitoring/home.html",
        {
            "municipalities": municipalities,
            "organizations": organizations,
            "is_department_admin": municipalities_administered_by(request.user).exists(),
        },
    )


# --- the register ----------------------------------------------------------------------------------


def _register_page(
    request: AuthenticatedHttpRequest,
    *,
    municipality: Municipality,
    organization: Organization | None,
    entries: Q,
) -> HttpResponse:
    page = paginate(request, selectors.municipality_snapshots(municipality), per_page=20)
    counts = selectors.snapshot_counts([snapshot.pk for snapshot in page], entries=entries)
    for snapshot in page:
        snapshot.counts = counts[snapshot.pk]
    can_take = organization is None and can_take_register_snapshots(request.user, municipality.pk)
    year, quarter = quarter_of(timezone.localdate())
    return _render(
        request,
        "monitoring/register.html",
        {
            "municipality": municipality,
            "organization": organization,
            "page": page,
            "can_take": can_take,
            "take_form": SnapshotTakeForm(initial={"year": year, "quarter": quarter}) if can_take else None,
        },
    )


@require_GET
def register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    municipality, _ = get_monitoring_municipality_for_user(request.user, pk)
    return _register_page(request, municipality=municipality, organization=None, entries=Q())


@require_GET
def organization_register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization, _ = get_monitoring_organization_for_user(request.user, pk)
    own = Q(organization_id=organization.pk) | Q(person_organization_id=organization.pk)
    return _register_page(
        request, municipality=organization.municipality, organization=organization, entries=own
    )


@require_POST
def snapshot_take(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    municipality, _ = get_monitoring_municipality_for_user(request.user, pk)
    if not can_take_register_snapshots(request.user, municipality.pk):
        raise PermissionDenied("Снимать срез может управление образования.")
    form = SnapshotTakeForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Срез не снят. {form_errors_text(form)}")
        return redirect("monitoring:register", pk=municipality.pk)
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    exists = municipality.register_snapshots.filter(year=year, quarter=quarter).exists()
    try:
        snapshot = services.snapshot_take(
            municipality=municipality,
            year=year,
            quarter=quarter,
            reason=SnapshotReason.CORRECTION if exists else SnapshotReason.ON_DEMAND,
            by=request.user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, "Срез не снят. " + " ".join(error.messages))
        return redirect("monitoring:register", pk=municipality.pk)
    messages.success(
        request,
        f"Срез за {quarter_label(year, quarter)} снят: записей {snapshot.entries_count}."
        + (" Он заменяет прежний срез этого квартала в показателях." if exists else ""),
    )
    return redirect("monitoring:snapshot_detail", pk=snapshot.pk)


def _snapshot_rows(request: AuthenticatedHttpRequest, pk: int) -> tuple[Any, EntryFilterForm, Any]:
    snapshot, entries = get_register_snapshot_for_user(request.user, pk)
    organizations, forms = selectors.snapshot_filter_choices(snapshot=snapshot, entries=entries)
    filters = EntryFilterForm(request.GET, organizations=organizations, mentoring_forms=forms)
    rows = selectors.snapshot_entries(snapshot=snapshot, entries=entries, **filters.filters())
    return snapshot, filters, rows


@require_GET
def snapshot_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    snapshot, filters, rows = _snapshot_rows(request, pk)
    page = paginate(request, rows, per_page=PER_PAGE)
    _log_view(
        request,
        [row.person_organization or row.organization for row in page],
        object_type="register_snapshot",
        details=f"срез {snapshot.pk}, строк на странице: {len(page)}",
    )
    newest = (
        snapshot.municipality.register_snapshots.filter(year=snapshot.year, quarter=snapshot.quarter)
        .order_by("-taken_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    return _render(
        request,
        "monitoring/snapshot_detail.html",
        {
            "snapshot": snapshot,
            "label": quarter_label(snapshot.year, snapshot.quarter),
            "filters": filters,
            "page": page,
            "counts": newest == snapshot.pk,
            "sees_municipality": snapshot.municipality_id
            in {m.pk for m in monitoring_municipalities_for(request.user).only("pk")},
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def snapshot_export(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The rows on the page's filters of people with a valid consent, as XLSX. Written into a spooled
    temporary file (on disk past a few megabytes) and streamed from there: a region's snapshot of
    hundreds of thousands of rows takes no more memory than a school's."""
    snapshot, _, rows = _snapshot_rows(request, pk)
    exported = selectors.with_valid_consent(rows)
    listed_count, exported_count = rows.count(), exported.count()
    description = (
        f"{quarter_label(snapshot.year, snapshot.quarter)}, по состоянию на {snapshot.as_of:%d.%m.%Y}"
    )
    if exported_count < listed_count:
        description += (
            "; без действующего согласия на обработку персональных данных не выгружено строк: "
            f"{listed_count - exported_count}"
        )
    target = tempfile.SpooledTemporaryFile(max_size=EXPORT_SPOOL_BYTES)  # noqa: SIM115 - FileResponse closes it
    export_register_xlsx(target, exported, municipality=snapshot.municipality.name, description=description)
    target.seek(0)
    _log_view(
        request,
        selectors.organizations_of_entries(exported),
        object_type="register_snapshot",
        details=f"срез {snapshot.pk}, выгружено строк: {exported_count}",
        action=AccessAction.EXPORT,
    )
    return FileResponse(
        target,
        as_attachment=True,
        filename=f"personificirovannyj-uchet-{snapshot.year}-q{snapshot.quarter}-{snapshot.pk}.xlsx",
        content_type=XLSX_TYPE,
    )


# --- indicators ------------------------------------------------------------------------------------


def _indicators_page(
    request: AuthenticatedHttpRequest, *, municipality: Municipality, organization: Organization | None
) -> HttpResponse:
    period = PeriodForm(request.GET or None)
    year, quarter = period.period()
    values = indicator_values(
        municipality=municipality, year=year, quarter=quarter, organization=organization
    )
    snapshot = next((value.snapshot for value in values if value.snapshot is not None), None)
    return _render(
        request,
        "monitoring/indicators.html",
        {
            "municipality": municipality,
            "organization": organization,
            "period": period,
            "year": year,
            "quarter": quarter,
            "period_label": quarter_label(year, quarter) if quarter else f"{year} год",
            "values": values,
            "snapshot": snapshot,
            "people_links": can_see_indicator_people(request.user, municipality.pk, organization),
            "query": f"year={year}" + (f"&quarter={quarter}" if quarter else ""),
        },
    )


@require_GET
def indicators(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    municipality, _ = get_monitoring_municipality_for_user(request.user, pk)
    return _indicators_page(request, municipality=municipality, organization=None)


@require_GET
def organization_indicators(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization, _ = get_monitoring_organization_for_user(request.user, pk)
    return _indicators_page(request, municipality=organization.municipality, organization=organization)


def _people_page(
    request: AuthenticatedHttpRequest,
    *,
    municipality: Municipality,
    organization: Organization | None,
    indicator_pk: int,
) -> HttpResponse:
    if not can_see_indicator_people(request.user, municipality.pk, organization):
        raise PermissionDenied("Список участников за показателем вам недоступен.")
    period = PeriodForm(request.GET or None)
    year, quarter = period.period()
    values = indicator_values(
        municipality=municipality, year=year, quarter=quarter, organization=organization
    )
    value: IndicatorValue | None = next((item for item in values if item.indicator.pk == indicator_pk), None)
    if value is None:
        raise Http404("Показатель не действует в этом периоде")
    people = indicator_people(value=value, organization=organization).select_related(
        "organization", "category"
    )
    page = paginate(
        request, people.order_by("last_name", "first_name", "patronymic", "id"), per_page=PER_PAGE
    )
    _log_view(
        request,
        [person.organization for person in page],
        object_type="indicator_people",
        details=f"показатель {value.indicator.code}, {year}" + (f", квартал {quarter}" if quarter else ""),
    )
    back = (
        reverse("monitoring:organization_indicators", args=[organization.pk])
        if organization
        else reverse("monitoring:indicators", args=[municipality.pk])
    )
    return _render(
        request,
        "monitoring/indicator_people.html",
        {
            "municipality": municipality,
            "organization": organization,
            "value": value,
            "page": page,
            "period_label": quarter_label(year, quarter) if quarter else f"{year} год",
            "back": f"{back}?year={year}" + (f"&quarter={quarter}" if quarter else ""),
            "query": f"year={year}" + (f"&quarter={quarter}" if quarter else ""),
        },
    )


@require_GET
def indicator_people_view(request: AuthenticatedHttpRequest, pk: int, indicator: int) -> HttpResponse:
    municipality, _ = get_monitoring_municipality_for_user(request.user, pk)
    return _people_page(request, municipality=municipality, organization=None, indicator_pk=indicator)


@require_GET
def organization_indicator_people(request: AuthenticatedHttpRequest, pk: int, indicator: int) -> HttpResponse:
    organization, _ = get_monitoring_organization_for_user(request.user, pk)
    return _people_page(
        request, municipality=organization.municipality, organization=organization, indicator_pk=indicator
    )


# --- targets and contingent ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def targets(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    municipality, can_edit = get_monitoring_municipality_for_user(request.user, pk)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(ONLY_ADMIN_TARGETS)
    year = YearForm(request.GET or None).chosen()
    indicators_list = indicators_in_force(*_year_bounds(year))
    organizations = selectors.target_organizations(municipality)
    current = selectors.targets_of(municipality=municipality, year=year)
    form = TargetsForm(
        request.POST if request.method == "POST" else None,
        indicators=indicators_list,
        organizations=organizations,
        targets=current,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.targets_save(
                    municipality=municipality, year=year, values=form.values(), by=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Целевые значения на {year} год сохранены (изменено: {changed}).")
                return redirect(f"{reverse('monitoring:targets', args=[municipality.pk])}?year={year}")
        if form.errors:
            messages.error(request, "Ничего не сохранено: исправьте отмеченные ячейки.")
    return _render(
        request,
        "monitoring/targets.html",
        {
            "municipality": municipality,
            "year": year,
            "years": _years_around(year),
            "form": form,
            "can_edit": can_edit,
        },
    )


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _years_around(year: int) -> list[int]:
    this_year = timezone.localdate().year
    return sorted({*range(this_year - 3, this_year + 2), year})


@require_GET
def contingent_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    municipality, can_edit = get_monitoring_municipality_for_user(request.user, pk)
    year = YearForm(request.GET or None).chosen()
    rows = selectors.contingent_rows(municipality=municipality, year=year)
    return _render(
        request,
        "monitoring/contingent_list.html",
        {
            "municipality": municipality,
            "year": year,
            "years": _years_around(year),
            "rows": rows,
            "missing": sum(1 for row in rows if row.contingent is None),
            "can_edit": can_edit,
        },
    )


@require_http_methods(["GET", "POST"])
def contingent_edit(request: AuthenticatedHttpRequest, pk: int, year: int) -> HttpResponse:
    organization, can_edit = get_monitoring_organization_for_user(request.user, pk)
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        raise Http404("Нет такого года")
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(ONLY_CONTINGENT_KEEPERS)
    contingent = Contingent.objects.filter(organization=organization, year=year).first()
    initial = (
        {
            field: getattr(contingent, field)
            for field in ("pupils_10_18", "pupils_15_18", "teachers", "young_teachers")
        }
        if contingent
        else None
    )
    form = ContingentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contingent_save(
                organization=organization, year=year, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Контингент {organization.short_name} на {year} год сохранён.")
            return redirect("monitoring:contingent_edit", pk=organization.pk, year=year)
    sees_municipality = organization.municipality_id in {
        m.pk for m in monitoring_municipalities_for(request.user).only("pk")
    }
    return _render(
        request,
        "monitoring/contingent_form.html",
        {
            "organization": organization,
            "year": year,
            "years": _years_around(year),
            "form": form,
            "contingent": contingent,
            "can_edit": can_edit,
            "sees_municipality": sees_municipality,
            "history": history_of(contingent) if contingent else [],
        },
    )
