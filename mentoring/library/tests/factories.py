"""Materials for tests: saved directly (the services are tested on their own)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from mentoring.accounts.models import User
from mentoring.library.models import Audience, Material, MaterialKind, Visibility
from mentoring.library.services import normalize_tags
from mentoring.organizations.models import Municipality, Organization
from mentoring.people.normalize import normalize_text

SMALL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_material(
    *,
    uploaded_by: User,
    organization: Organization | None = None,
    municipality: Municipality | None = None,
    title: str = "Положение о наставничестве",
    visibility: str = Visibility.MUNICIPALITY,
    link: str = "",
    content: bytes = SMALL_PDF,
    **fields: Any,
) -> Material:
    tags, tag_keys = normalize_tags(fields.pop("tags", ""))
    description = fields.pop("description", "")
    material = Material(
        municipality=municipality or organization.municipality,  # type: ignore[union-attr]
        organization=organization,
        title=title,
        kind=fields.pop("kind", MaterialKind.REGULATION),
        audience=fields.pop("audience", Audience.ALL),
        visibility=visibility,
        description=description,
        tags=tags,
        tag_keys=tag_keys,
        search_text=normalize_text(f"{title} {description} {tags}"),
        link=link,
        uploaded_by=uploaded_by,
        **fields,
    )
    if not link:
        material.file_name = "положение.pdf"
        material.file_size = len(content)
        material.file_kind = "PDF"
        material.file.save("material.pdf", ContentFile(content), save=False)
    material.save()
    return material
