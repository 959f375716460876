"""The «Мониторинг» entry of the top menu and small helpers of the monitoring pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from mentoring.common.access import sees_monitoring

register = template.Library()


@register.simple_tag(takes_context=True)
def monitoring_menu(context: template.Context) -> bool:
    """Whether the top menu shows «Мониторинг» (the department, heads and curators). No query: the
    scope is computed once per request."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and sees_monitoring(user))


@register.filter
def percent(value: Any) -> str:
    """12.5 → «12,5 %», 70 → «70 %», None → «—»."""
    if value is None or value == "":
        return "—"
    number = Decimal(value)
    text = (
        f"{number.normalize():f}"
        if number != number.to_integral_value()
        else f"{number.to_integral_value():f}"
    )
    return text.replace(".", ",") + " %"
