"""Template context every page needs: the role-aware menu."""

from typing import Any

from django.http import HttpRequest

from mentoring.accounts.models import Role
from mentoring.common.access import can_create_users, scope_of, sees_directories


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    sees_organizations = sees_directories(user)
    scope = scope_of(user)
    return {
        "nav": {
            "organizations": sees_organizations,
            "users": sees_organizations,
            "people": sees_organizations,
            "create_users": can_create_users(user),
            "admin": user.is_superuser,
            "access_log": scope.is_department,
            # The exchange with the regional Navigator is kept by the department's administrator.
            "navigator": scope.is_superuser or bool(scope.municipalities_with({Role.DEPARTMENT_ADMIN})),
            # So are the retention periods of personal data and the anonymisation.
            "retention": scope.is_superuser or bool(scope.municipalities_with({Role.DEPARTMENT_ADMIN})),
        }
    }
