"""The home page, different for each role."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mentoring.accounts.models import Membership
from mentoring.common.access import ORGANIZATION_STAFF_ROLES, municipalities_administered_by, scope_of
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.organizations.models import Organization
from mentoring.organizations.selectors import (
    organization_list,
    people_totals,
    staff_of_organizations,
    with_people_counts,
)


@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    scope = scope_of(user)
    context: dict[str, object] = {"scope": scope}
    if scope.is_department:
        organizations = with_people_counts(organization_list(visible_to=user))
        context["department_organizations"] = organizations
        context["municipality_names"] = sorted({o.municipality.name for o in organizations})
        context["department_totals"] = {
            "organizations": len(organizations),
            **people_totals(visible_to=user),
        }
        context["can_create_organizations"] = municipalities_administered_by(user).exists()
    staff_ids = scope.organizations_with(ORGANIZATION_STAFF_ROLES)
    if staff_ids:
        own = (
            Organization.objects.filter(pk__in=staff_ids)
            .select_related("municipality")
            .order_by("short_name")
        )
        staff = staff_of_organizations(organization_ids=staff_ids)
        context["staff_organizations"] = [
            {"organization": organization, "staff": staff.get(organization.pk, [])} for organization in own
        ]
    context["my_memberships"] = list(
        Membership.objects.filter(user_id=user.pk, is_active=True).select_related("organization")
    )
    return render(request, "common/home.html", context)


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer and monitoring: the app answers and reaches its database."""
    Organization.objects.exists()
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A Russian explanation instead of Django's English CSRF page."""
    return render(request, "403_csrf.html", status=403)
