"""Documents, roadmap items and incentive schemes for tests: saved directly (the services are tested
on their own)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile

from mentoring.accounts.models import User
from mentoring.documents.models import Document, DocumentKind, DocumentStatus
from mentoring.organizations.models import Organization
from mentoring.people.normalize import normalize_text
from mentoring.roadmaps.models import Roadmap, RoadmapItem, RoadmapTemplate

SMALL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ORDER = "Приказ о внедрении целевой модели наставничества"


def kind(name: str = ORDER) -> DocumentKind:
    return DocumentKind.objects.get(name=name, municipality__isnull=True)


def make_document(
    organization: Organization,
    *,
    by: User,
    title: str = "О внедрении целевой модели наставничества",
    number: str = "45-од",
    date: datetime.date = datetime.date(2025, 9, 1),
    status: str = DocumentStatus.DRAFT,
    content: bytes | None = None,
    **fields: Any,
) -> Document:
    document = Document(
        organization=organization,
        kind=fields.pop("kind", None) or kind(),
        title=title,
        number=number,
        date=date,
        status=status,
        created_by=by,
        search_text=normalize_text(f"{number} {title}"),
        **fields,
    )
    if content is not None:
        document.file_name = "приказ.pdf"
        document.file_size = len(content)
        document.file_kind = "PDF"
        document.file.save("document.pdf", ContentFile(content), save=False)
    document.save()
    return document


def make_roadmap_item(organization: Organization, *, year: int = 2025, number: str = "1.3") -> RoadmapItem:
    template, _ = RoadmapTemplate.objects.get_or_create(
        code="documents-test", defaults={"title": "Шаблон для тестов реестра", "year": year}
    )
    roadmap, _ = Roadmap.objects.get_or_create(
        template=template,
        organization=organization,
        year=year,
        defaults={"title": f"Дорожная карта {organization.short_name}"},
    )
    return RoadmapItem.objects.create(
        roadmap=roadmap,
        section_number="1",
        section_title="Нормативное правовое регулирование",
        number=number,
        title="Издание приказа о внедрении целевой модели наставничества",
        deadline_text="до 01.09.2025",
        responsible_text="Руководитель ОО",
        result_text="Приказ",
        position=int(number.replace(".", "")),
    )
