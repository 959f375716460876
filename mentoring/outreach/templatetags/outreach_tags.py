"""Template helpers of the outreach pages: the section's tabs and a mentor's outreach on the person card."""

from __future__ import annotations

from typing import Any

from django import template

from mentoring.common.access import (
    contact_organizations_of,
    portal_municipalities_kept_by,
    sees_campaign,
    sees_letters,
    sees_mentoring_hours_of,
)
from mentoring.outreach.hours import mentor_year_hours, school_year_label, school_years_offered, to_hours
from mentoring.outreach.selectors import PersonOutreach, person_outreach
from mentoring.people.models import MentorProfile, Person

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


@register.simple_tag(takes_context=True)
def mentor_hours(context: template.Context, person: Person, mentor: MentorProfile) -> list[dict[str, Any]]:
    """The mentor's meetings and hours in the current and the previous school year, for those who may
    read them (the organization's keepers, the department, the mentor): empty for everybody else."""
    user = context["request"].user
    if not (person.user_id is not None and person.user_id == user.pk) and not sees_mentoring_hours_of(
        user, person.organization
    ):
        return []
    years = school_years_offered()[:2]
    totals = mentor_year_hours(mentor=mentor, years=years)
    return [
        {
            "year": year,
            "label": school_year_label(year),
            "meetings": totals[year][0],
            "hours": to_hours(totals[year][1]),
        }
        for year in years
    ]


@register.filter
def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n") if part.strip()]
