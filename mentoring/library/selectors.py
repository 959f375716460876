"""Reads of the methodological library for its pages (and later the API and the portal)."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from mentoring.accounts.models import User
from mentoring.common.access import materials_visible_to
from mentoring.library.models import Material
from mentoring.people.normalize import normalize_text

# The owner filter: all materials, the department's own, or one organization's (its id as text).
OWNER_MUNICIPAL = "municipal"
MAX_SEARCH_WORDS = 6
_ORGANIZATION_ID = re.compile(r"[0-9]{1,18}")


def material_list(
    *,
    visible_to: User,
    q: str = "",
    kind: str = "",
    audience: str = "",
    tag: str = "",
    owner: str = "",
) -> QuerySet[Material]:
    """Materials the user may see, newest first. `q` finds every word in the title, the description
    or the tags, whatever the case and ё/е; `tag` is one whole tag; `owner` is "" (all),
    OWNER_MUNICIPAL (the department's) or an organization's id."""
    materials = materials_visible_to(visible_to)
    for word in normalize_text(q).split()[:MAX_SEARCH_WORDS]:
        materials = materials.filter(search_text__contains=word)
    if kind:
        materials = materials.filter(kind=kind)
    if audience:
        materials = materials.filter(audience=audience)
    tag_key = normalize_text(tag)
    if tag_key:
        materials = materials.filter(tag_keys__contains=f"|{tag_key}|")
    if owner == OWNER_MUNICIPAL:
        materials = materials.filter(organization__isnull=True)
    elif _ORGANIZATION_ID.fullmatch(owner):
        materials = materials.filter(organization_id=int(owner))
    return materials.select_related("municipality", "organization").order_by("-created_at", "-id")
