"""XLSX downloads of outreach: the information campaign of the municipality (roadmap 2.6, 2.7, 3.1) and
the awards of mentors (roadmap 1.6) for the department's reports. Text that a spreadsheet program could
run as a formula is neutralised by write_xlsx."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import QuerySet
from django.utils import timezone

from mentoring.outreach.hours import MentorHours
from mentoring.outreach.models import Award, CampaignEntry
from mentoring.people.spreadsheet import write_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CAMPAIGN_HEADERS = [
    "Дата",
    "Организация",
    "Что",
    "Название",
    "Для кого",
    "Канал",
    "Ресурс",
    "Ссылка",
    "Охват, человек",
    "Фото",
]

AWARD_HEADERS = [
    "Дата",
    "Наставник",
    "Организация наставника",
    "Форма поощрения",
    "За что",
    "Кто наградил",
    "Мероприятие",
    "Приказ",
]


def _campaign_rows(entries: QuerySet[CampaignEntry]) -> Iterator[Sequence[object]]:
    for entry in entries.iterator(chunk_size=500):
        yield [
            entry.date,
            entry.organization.short_name,
            entry.get_kind_display(),
            entry.title,
            ", ".join(entry.audience_labels),
            entry.get_channel_display(),
            entry.resource.title if entry.resource else "",
            entry.link,
            entry.reach if entry.reach is not None else "",
            "есть" if entry.photo else "",
        ]


def export_campaign_xlsx(entries: QuerySet[CampaignEntry], *, description: str) -> bytes:
    return write_xlsx(
        CAMPAIGN_HEADERS,
        _campaign_rows(entries),
        sheet_title="Информационная кампания",
        preface=[[f"Информационная кампания на {timezone.localdate():%d.%m.%Y}"], [description]],
    )


def _award_rows(awards: QuerySet[Award]) -> Iterator[Sequence[object]]:
    for award in awards.iterator(chunk_size=500):
        yield [
            award.date,
            award.person.full_name,
            award.person.organization.short_name,
            award.kind,
            award.reason,
            award.organization.short_name,
            award.event.title if award.event else "",
            f"{award.document.label}: {award.document.title}" if award.document else "",
        ]


def export_awards_xlsx(awards: QuerySet[Award], *, description: str) -> bytes:
    return write_xlsx(
        AWARD_HEADERS,
        _award_rows(awards),
        sheet_title="Поощрения наставников",
        preface=[[f"Поощрения наставников на {timezone.localdate():%d.%m.%Y}"], [description]],
    )


HOURS_HEADERS = ["Наставник", "Должность", "Проведено встреч", "Часов наставничества"]


def export_hours_xlsx(rows: Sequence[MentorHours], *, organization: str, description: str) -> bytes:
    return write_xlsx(
        HOURS_HEADERS,
        ([row.mentor.person.full_name, row.mentor.person.position, row.meetings, row.hours] for row in rows),
        sheet_title="Часы наставничества",
        preface=[[f"Часы наставничества: {organization}"], [description]],
    )
