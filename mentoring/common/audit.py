"""Writing the personal-data access log."""

from __future__ import annotations

from django.http import HttpRequest

from mentoring.accounts.models import User
from mentoring.common.models import AccessAction, PersonalDataAccess
from mentoring.organizations.models import Organization


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the proxy in front of us reports it (nginx sets X-Real-IP)."""
    if request is None:
        return None
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or None


def log_personal_data_access(
    *,
    user: User,
    request: HttpRequest | None,
    action: AccessAction,
    object_type: str,
    organization: Organization,
    object_id: int | None = None,
    details: str = "",
) -> PersonalDataAccess:
    """Records one event. `details` must not contain personal data (counts, filters, file kinds only)."""
    return PersonalDataAccess.objects.create(
        user=user,
        ip_address=client_address(request),
        action=action,
        object_type=object_type,
        object_id=object_id,
        organization=organization,
        municipality_id=organization.municipality_id,
        details=details[:300],
    )
