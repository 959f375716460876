"""Dashboards with charts (issue 9, item 6): an organization's (its head and curator, the department of
its municipality) and the municipality's (the department: administrator and methodologist).

Charts are drawn on the server and placed inline as SVG, each with its plain table beside it. The
figures come from dashboards.py with a fixed number of queries; the municipality's list of
organizations is paginated.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from mentoring.common.access import (
    MONITORING_KEEPER_ROLES,
    can_see_indicator_people,
    get_monitoring_municipality_for_user,
    get_monitoring_organization_for_user,
    monitoring_municipalities_for,
    monitoring_organizations_for,
    municipalities_administered_by,
    scope_of,
)
from mentoring.common.pagination import paginate
from mentoring.common.replica import reads_from_reports_replica
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.monitoring import charts, reports
from mentoring.monitoring.dashboards import (
    Dashboard,
    Panel,
    dashboard,
    dashboard_organizations,
    growth_by_table,
    organization_rows,
    organization_table,
)
from mentoring.monitoring.forms import PeriodForm
from mentoring.organizations.models import Municipality, Organization

ORGANIZATIONS_PER_PAGE = 25
PEOPLE_COLUMN = 4  # the numerator of an indicator links to the people behind it


@dataclass(frozen=True)
class Cell:
    value: object
    url: str = ""


@dataclass(frozen=True)
class ShownPanel:
    panel: Panel
    svg: str
    rows: list[list[Cell]]


T = TypeVar("T")


def _query(year: int, quarter: int | None) -> str:
    return urlencode({"year": year, "quarter": quarter or ""})


def _shown(board: Dashboard, *, people_url: Callable[[int], str] | None) -> list[ShownPanel]:
    """Each panel with its chart as SVG and its table's cells (an indicator's numerator links to the
    people behind it for those who may see them)."""
    query = _query(board.period.year, board.period.quarter)
    shown = []
    for panel in board.panels():
        rows = []
        for index, row in enumerate(panel.table.rows):
            cells = [Cell(value) for value in row]
            if panel.key == "plan_fact" and people_url and index < len(board.indicators):
                indicator_pk = board.indicators[index].indicator.pk
                cells[PEOPLE_COLUMN] = Cell(row[PEOPLE_COLUMN], f"{people_url(indicator_pk)}?{query}")
            rows.append(cells)
        svg = charts.cached_svg(panel.chart, label=panel.title, id_prefix=panel.key)
        shown.append(ShownPanel(panel, svg, rows))
    return shown


def _period(request: AuthenticatedHttpRequest) -> tuple[PeriodForm, int, int | None]:
    form = PeriodForm(request.GET or None)
    year, quarter = form.period()
    return form, year, quarter


@require_GET
def dashboard_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The dashboards the user may open: the department's municipality, a head's or curator's school."""
    municipalities = list(monitoring_municipalities_for(request.user).order_by("name")[:50])
    own = scope_of(request.user).organizations_with(MONITORING_KEEPER_ROLES)
    organizations = list(
        monitoring_organizations_for(request.user)
        .filter(pk__in=own, is_archived=False)
        .order_by("short_name", "id")[:50]
    )
    if not municipalities and not organizations:
        raise Http404("Панели мониторинга ведут управление образования, руководители и кураторы организаций")
    return render(
        request,
        "monitoring/dashboard_home.html",
        {"municipalities": municipalities, "organizations": organizations},
    )


def _kept(
    request: AuthenticatedHttpRequest, key: str, compute: Callable[[], T]
) -> tuple[T, datetime.datetime]:
    """The figures under `key` and when they were computed: kept DASHBOARD_CACHE_SECONDS, computed
    afresh on «Обновить» (?fresh=1). They depend on the municipality, organization and period only:
    who may see them was checked before."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if seconds > 0 and not request.GET.get("fresh"):
        kept = cache.get(f"dashboard-figures:{key}")
        if kept is not None:
            return kept
    computed = (compute(), timezone.now())
    if seconds > 0:
        cache.set(f"dashboard-figures:{key}", computed, seconds)
    return computed


def _report_links(scope: str, pk: int, year: int, quarter: int | None) -> list[dict[str, object]]:
    name = (
        "monitoring:report_organization"
        if scope == reports.ORGANIZATION
        else "monitoring:report_municipality"
    )
    query = _query(year, quarter)
    links = []
    for spec in reports.kinds_for(scope):
        links.append(
            {
                "title": spec.title,
                "docx": f"{reverse(name, args=[pk, spec.code, 'docx'])}?{query}",
                "xlsx": f"{reverse(name, args=[pk, spec.code, 'xlsx'])}?{query}",
                "needs_quarter": spec.needs_quarter and quarter is None,
            }
        )
    return links


@require_GET
@reads_from_reports_replica
def organization_dashboard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization, _ = get_monitoring_organization_for_user(request.user, pk)
    form, year, quarter = _period(request)
    municipality: Municipality = organization.municipality
    board, computed_at = _kept(
        request,
        f"organization:{organization.pk}:{year}:{quarter}",
        lambda: dashboard(municipality=municipality, year=year, quarter=quarter, organization=organization),
    )
    people_url = (
        (
            lambda indicator: reverse(
                "monitoring:organization_indicator_people", args=[organization.pk, indicator]
            )
        )
        if can_see_indicator_people(request.user, municipality.pk, organization)
        else None
    )
    return render(
        request,
        "monitoring/dashboard_organization.html",
        {
            "organization": organization,
            "year": year,
            "current_year": timezone.localdate().year,
            "board": board,
            "computed_at": computed_at,
            "cache_minutes": settings.DASHBOARD_CACHE_SECONDS // 60,
            "refresh_query": f"{_query(year, quarter)}&fresh=1",
            "form": form,
            "panels": _shown(board, people_url=people_url),
            "growth_by": growth_by_table(board),
            "reports": _report_links(reports.ORGANIZATION, organization.pk, year, quarter),
            "sees_municipality": monitoring_municipalities_for(request.user)
            .filter(pk=municipality.pk)
            .exists(),
        },
    )


@require_GET
@reads_from_reports_replica
def municipality_dashboard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    municipality, _ = get_monitoring_municipality_for_user(request.user, pk)
    form, year, quarter = _period(request)
    board, computed_at = _kept(
        request,
        f"municipality:{municipality.pk}:{year}:{quarter}",
        lambda: dashboard(municipality=municipality, year=year, quarter=quarter),
    )
    page = paginate(request, dashboard_organizations(municipality), per_page=ORGANIZATIONS_PER_PAGE)
    organizations: list[Organization] = list(page.object_list)
    rows, _ = _kept(
        request,
        f"municipality-rows:{municipality.pk}:{year}:{quarter}:{page.number}",
        lambda: organization_rows(municipality, board.period, organizations),
    )
    table = organization_table(rows)
    query = _query(year, quarter)
    linked_rows = [
        [
            Cell(
                values[0],
                f"{reverse('monitoring:dashboard_organization', args=[row.organization_id])}?{query}",
            )
        ]
        + [Cell(value) for value in values[1:]]
        for row, values in zip(rows, table.rows, strict=True)
    ]
    return render(
        request,
        "monitoring/dashboard_municipality.html",
        {
            "municipality": municipality,
            "year": year,
            "current_year": timezone.localdate().year,
            "board": board,
            "computed_at": computed_at,
            "cache_minutes": settings.DASHBOARD_CACHE_SECONDS // 60,
            "refresh_query": f"{_query(year, quarter)}&fresh=1",
            "form": form,
            "panels": _shown(
                board,
                people_url=lambda indicator: reverse(
                    "monitoring:indicator_people", args=[municipality.pk, indicator]
                ),
            ),
            "growth_by": growth_by_table(board),
            "organizations_table": table,
            "organization_rows": linked_rows,
            "page": page,
            "page_query": query,
            "reports": _report_links(reports.MUNICIPALITY, municipality.pk, year, quarter),
            "keeps_templates": municipalities_administered_by(request.user)
            .filter(pk=municipality.pk)
            .exists(),
        },
    )
