"""Mentoring hours (issue 8, item 7): an organization's mentors with the meetings they held and their
hours in a school year, its XLSX list for incentive payments and the DOCX certificate of one mentor."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from mentoring.common.access import get_hours_mentor_for_user, get_hours_organization_for_user
from mentoring.common.audit import log_personal_data_access
from mentoring.common.models import AccessAction
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.outreach.exporting import XLSX_TYPE, export_hours_xlsx
from mentoring.outreach.hours import (
    chosen_school_year,
    mentor_year_breakdown,
    organization_mentor_hours,
    school_year_label,
    school_years_offered,
    to_hours,
)
from mentoring.outreach.hours_certificate import hours_certificate_docx
from mentoring.people.models import Consent, valid_consent_q

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
def organization_hours(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = get_hours_organization_for_user(request.user, pk)
    year = chosen_school_year(request.GET.get("year"))
    rows = organization_mentor_hours(organization=organization, year=year)
    return render(
        request,
        "outreach/hours.html",
        {
            "organization": organization,
            "year": year,
            "label": school_year_label(year),
            "years": [(offered, school_year_label(offered)) for offered in school_years_offered()],
            "rows": rows,
            "total_meetings": sum(row.meetings for row in rows),
            "total_hours": to_hours(sum(row.minutes for row in rows)),
        },
    )


@require_GET
def organization_hours_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = get_hours_organization_for_user(request.user, pk)
    year = chosen_school_year(request.GET.get("year"))
    listed = organization_mentor_hours(organization=organization, year=year)
    # People without a valid consent are never exported (152-FZ): the file says how many were left out.
    consenting = set(
        Consent.objects.filter(
            valid_consent_q(timezone.localdate()), person_id__in=[row.mentor.person_id for row in listed]
        ).values_list("person_id", flat=True)
    )
    rows = [row for row in listed if row.mentor.person_id in consenting]
    description = f"{school_year_label(year)} учебный год (01.09.{year} – 31.08.{year + 1})"
    if len(rows) < len(listed):
        description += (
            "; без действующего согласия на обработку персональных данных не выгружено: "
            f"{len(listed) - len(rows)}"
        )
    content = export_hours_xlsx(rows, organization=organization.short_name, description=description)
    log_personal_data_access(
        user=request.user,
        request=request,
        action=AccessAction.EXPORT,
        object_type="mentoring_hours",
        organization=organization,
        details=description,
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="chasy-nastavnichestva-{year}-{year + 1}.xlsx"'
    return response


@require_GET
def mentor_hours_certificate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentor = get_hours_mentor_for_user(request.user, pk)
    year = chosen_school_year(request.GET.get("year"))
    work = mentor_year_breakdown(mentor=mentor, year=year)
    content = hours_certificate_docx(mentor, work, day=timezone.localdate())
    log_personal_data_access(
        user=request.user,
        request=request,
        action=AccessAction.DOWNLOAD,
        object_type="mentoring_hours_certificate",
        object_id=mentor.pk,
        organization=mentor.person.organization,
        details=f"{school_year_label(year)} учебный год",
    )
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="spravka-nastavnika-{mentor.pk}-{year}-{year + 1}.docx"'
    )
    return response
