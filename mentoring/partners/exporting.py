"""The partners list as XLSX: the partner organizations the user sees with their agreements."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import QuerySet
from django.utils import timezone

from mentoring.organizations.models import Organization, PartnerKind
from mentoring.people.spreadsheet import write_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADERS = [
    "Краткое наименование",
    "Полное наименование",
    "Вид партнёра",
    "ИНН",
    "Адрес",
    "Руководитель",
    "Телефон",
    "E-mail",
    "Сайт",
    "Соглашений",
    "Действующих соглашений",
    "Соглашения (организация, номер, срок)",
    "Наставников в базе партнёра",
]


def _agreements_text(partner: Organization) -> str:
    lines = []
    for agreement in getattr(partner, "shown_agreements", []):
        until = f"по {agreement.valid_until:%d.%m.%Y}" if agreement.valid_until else "бессрочно"
        lines.append(
            f"{agreement.organization.short_name}: № {agreement.number} от {agreement.signed_on:%d.%m.%Y}, "
            f"с {agreement.valid_from:%d.%m.%Y} {until}"
        )
    return "\n".join(lines)


def _rows(partners: QuerySet[Organization]) -> Iterator[Sequence[object]]:
    for partner in partners:
        yield [
            partner.short_name,
            partner.full_name,
            PartnerKind(partner.partner_kind).label if partner.partner_kind else "",
            partner.inn,
            partner.address,
            partner.head_name,
            partner.phone,
            partner.email,
            partner.website,
            partner.agreements_total,  # type: ignore[attr-defined]
            partner.agreements_active,  # type: ignore[attr-defined]
            _agreements_text(partner),
            partner.mentors_total,  # type: ignore[attr-defined]
        ]


def export_partners_xlsx(partners: QuerySet[Organization]) -> bytes:
    """Text that a spreadsheet program could run as a formula is neutralised by write_xlsx."""
    return write_xlsx(
        HEADERS,
        _rows(partners),
        sheet_title="Партнёры",
        preface=[[f"Организации-партнёры на {timezone.localdate():%d.%m.%Y}"]],
    )
