"""Template helpers of the outreach pages: the section's tabs and a mentor's outreach on the person card."""

from __future__ import annotations

from typing import Any

from django import template

from mentoring.common.access import (
    contact_organizations_of,
    portal_municipalities_kept_by,
    sees_campaign,
    sees_letters,
)
from mentoring.outreach.selectors import PersonOutreach, person_outreach
from mentoring.people.models import Person

register = template.Library()


@register.inclusion_tag("outreach/_nav.html", takes_context=True)
def outreach_nav(context: template.Context, active: str = "") -> dict[str, Any]:
    """The tabs of the section, each shown to those who may use it."""
    user = context["request"].user
    portal = list(portal_municipalities_kept_by(user).order_by("name")[:1])
    return {
        "active": active,
        "letters": sees_letters(user),
        "campaign": sees_campaign(user),
        "portal_municipality": portal[0] if portal else None,
        "my_contact": contact_organizations_of(user).exists(),
    }


@register.simple_tag(takes_context=True)
def mentor_outreach(context: template.Context, person: Person) -> PersonOutreach:
    """The person's trainings, awards and contests as far as the viewer may see them."""
    return person_outreach(person=person, visible_to=context["request"].user)


@register.filter
def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n") if part.strip()]
