"""Template context every page needs: the role-aware menu."""

from typing import Any

from django.http import HttpRequest

from mentoring.common.access import ORGANIZATION_STAFF_ROLES, can_create_users, scope_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_of(user)
    sees_organizations = scope.is_department or bool(scope.organizations_with(ORGANIZATION_STAFF_ROLES))
    return {
        "nav": {
            "organizations": sees_organizations,
            "users": sees_organizations,
            "create_users": can_create_users(user),
            "admin": user.is_superuser,
        }
    }
