"""Agreements and partner mentors for tests: saved directly (the services are tested on their own)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile

from mentoring.accounts.models import User
from mentoring.organizations.models import Organization
from mentoring.partners.models import Agreement
from mentoring.people.models import MentorProfile, PersonCategory
from mentoring.people.normalize import normalize_text
from mentoring.people.tests.factories import PersonFactory

SMALL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_agreement(
    organization: Organization,
    partner: Organization,
    *,
    by: User,
    number: str = "7-С",
    signed_on: datetime.date = datetime.date(2025, 8, 25),
    valid_from: datetime.date = datetime.date(2025, 9, 1),
    valid_until: datetime.date | None = datetime.date(2027, 8, 31),
    subject: str = "Сотрудничество в реализации программ наставничества «работодатель – ученик».",
    content: bytes | None = None,
    **fields: Any,
) -> Agreement:
    agreement = Agreement(
        organization=organization,
        partner=partner,
        number=number,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_until=valid_until,
        subject=subject,
        created_by=by,
        search_text=normalize_text(f"{number} {subject}"),
        **fields,
    )
    if content is not None:
        agreement.file_name = "соглашение.pdf"
        agreement.file_size = len(content)
        agreement.file_kind = "PDF"
        agreement.file.save("agreement.pdf", ContentFile(content), save=False)
    agreement.save()
    return agreement


def partner_mentor(partner: Organization, **person: Any) -> MentorProfile:
    employee = PersonFactory(
        organization=partner,
        category=PersonCategory.objects.get(code=PersonCategory.PARTNER_EMPLOYEE),
        birth_date=datetime.date(1985, 4, 4),
        grade=None,
        class_letter="",
        class_year=None,
        position="инженер",
        **person,
    )
    return MentorProfile.objects.create(person=employee, joined_on=datetime.date(2025, 9, 1))
