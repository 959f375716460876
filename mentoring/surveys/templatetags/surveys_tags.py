"""Template helpers of the surveys: the menu entry, the «Мои анкеты» block of the personal page, the
link from a program's page, and small formatters."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from mentoring.common.access import PARTICIPANT_ROLES, can_read_surveys_of, scope_of, sees_questionnaires
from mentoring.programs.models import Program
from mentoring.surveys.selectors import my_open_invitations

register = template.Library()


@register.simple_tag(takes_context=True)
def survey_menu(context: template.Context) -> dict[str, bool]:
    """«Анкеты» in the top menu: the builder and the programs' rounds for the department, heads and
    curators (no query: the request's scope is already computed)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"builder": False}
    return {"builder": sees_questionnaires(user)}


@register.inclusion_tag("surveys/_my_block.html", takes_context=True)
def my_surveys_block(context: template.Context) -> dict[str, Any]:
    """The participant's open questionnaires, for the personal page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"invitations": [], "show": False}
    invitations = list(my_open_invitations(user=user, today=timezone.localdate())[:10])
    participant = bool(scope_of(user).organizations_with(PARTICIPANT_ROLES))
    return {"invitations": invitations, "show": participant or bool(invitations)}


@register.inclusion_tag("surveys/_program_link.html", takes_context=True)
def program_surveys_link(context: template.Context, program: Program) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    show = bool(
        user is not None and user.is_authenticated and can_read_surveys_of(user, program.organization)
    )
    return {"program": program, "show": show}


@register.filter
def rate(pair: tuple[int, int] | None) -> str:
    """«3 из 4 (75%)» for (answered, invited)."""
    if not pair:
        return "—"
    answered, invited = pair
    if not invited:
        return "—"
    return f"{answered} из {invited} ({round(100 * answered / invited)}%)"


@register.filter
def signed(value: float | int | None) -> str:
    if value is None:
        return "—"
    text = f"{value:+.2f}".replace(".", ",")
    return text.replace("-", "−")


@register.filter
def decimal_ru(value: float | int | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}".replace(".", ",")


@register.filter
def percent_of(part: int | None, whole: int | None) -> str:
    if not whole:
        return "—"
    return f"{round(100 * (part or 0) / whole)}%"
