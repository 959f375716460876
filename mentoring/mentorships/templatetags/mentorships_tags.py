"""Template helpers of the mentorship pages: the menu entries and small formatters."""

from __future__ import annotations

from typing import Any

from django import template

from mentoring.common.access import PARTICIPANT_ROLES, scope_of, sees_communities, sees_directories

register = template.Library()


@register.simple_tag(takes_context=True)
def mentorship_menu(context: template.Context) -> dict[str, bool]:
    """Which entries the top menu shows: «Пары и группы» for the department and organization staff,
    «Мои встречи» for mentors and mentees. Uses the scope already computed for the request (no query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"pairs": False, "mine": False, "communities": False}
    scope = scope_of(user)
    participant = bool(scope.organizations_with(PARTICIPANT_ROLES))
    return {"pairs": sees_directories(user), "mine": participant, "communities": sees_communities(user)}


@register.filter
def rating_class(value: Any) -> str:
    """A Bootstrap text colour for a 1–10 rating."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    if number >= 8:
        return "text-success"
    if number >= 5:
        return "text-body"
    return "text-danger"


STATUS_BADGES = {
    "formed": "text-bg-secondary",
    "active": "text-bg-success",
    "completed": "text-bg-primary",
    "ended_early": "text-bg-warning",
    "planned": "text-bg-light border",
    "held": "text-bg-success",
    "cancelled": "text-bg-secondary",
}


@register.filter
def status_badge(value: str) -> str:
    return STATUS_BADGES.get(value, "text-bg-light border")


@register.filter
def percent(part: int | None, whole: int | None) -> str:
    if not whole:
        return "—"
    return f"{round(100 * (part or 0) / whole)}%"
