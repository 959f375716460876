"""The export for the Navigator: the municipality's programs, participants (with valid consent only)
and mentorships, with their Navigator ids, as JSON, XLSX or CSV (a ZIP of three CSV files)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook

from mentoring.integrations.navigator.exchange import (
    DATE_KEYS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MENTORSHIPS,
    PARTICIPANTS,
    PROGRAMS,
    TABLES,
    TableSpec,
)
from mentoring.integrations.navigator.selectors import external_ids_of_mentorships, external_ids_of_programs
from mentoring.mentorships.models import Mentorship, MentorshipMentee
from mentoring.organizations.models import Municipality
from mentoring.people.models import MenteeProfile, MentorProfile, Person
from mentoring.people.selectors import people_with_valid_consent
from mentoring.people.spreadsheet import neutralize_formula
from mentoring.programs.models import Program

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
EXTENSIONS = {"csv": "zip", "xlsx": "xlsx", "json": "json"}


@dataclass
class Export:
    municipality: Municipality
    exported_at: datetime.datetime
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {key: len(rows) for key, rows in self.tables.items()}


def _role(person: Person, mentor_ids: set[int], mentee_ids: set[int]) -> str:
    if person.pk in mentor_ids and person.pk in mentee_ids:
        return "наставник и наставляемый"
    return "наставник" if person.pk in mentor_ids else "наставляемый"


def build_export(*, municipality: Municipality, day: datetime.date | None = None) -> Export:
    """Reads everything the export holds in a fixed number of queries."""
    day = day or timezone.localdate()
    export = Export(municipality=municipality, exported_at=timezone.now())
    programs = list(
        Program.objects.filter(organization__municipality=municipality)
        .select_related("organization", "form")
        .order_by("organization__code", "starts_on", "title", "id")
    )
    program_ids = external_ids_of_programs([p.pk for p in programs])
    export.tables[PROGRAMS.key] = [
        {
            "external_id": program_ids.get(p.pk, ""),
            "system_id": p.pk,
            "organization_code": p.organization.code,
            "organization": p.organization.short_name,
            "title": p.title,
            "form": p.form.name,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "status": p.get_status_display(),
        }
        for p in programs
    ]
    mentor_ids = set(
        MentorProfile.objects.filter(person__municipality=municipality).values_list("person_id", flat=True)
    )
    mentee_ids = set(
        MenteeProfile.objects.filter(person__municipality=municipality).values_list("person_id", flat=True)
    )
    people = list(
        people_with_valid_consent(
            Person.objects.filter(
                municipality=municipality, is_archived=False, pk__in=mentor_ids | mentee_ids
            ),
            day,
        )
        .select_related("organization", "category")
        .order_by("organization__code", "last_name", "first_name", "patronymic", "id")
    )
    consenting = {person.pk for person in people}
    export.tables[PARTICIPANTS.key] = [
        {
            "external_id": person.external_id,
            "system_id": person.pk,
            "last_name": person.last_name,
            "first_name": person.first_name,
            "patronymic": person.patronymic,
            "birth_date": person.birth_date,
            "sex": {"M": "М", "F": "Ж"}.get(person.sex, ""),
            "category": person.category.name,
            "organization_code": person.organization.code,
            "organization": person.organization.short_name,
            "school_class": person.school_class,
            "role": _role(person, mentor_ids, mentee_ids),
        }
        for person in people
    ]
    mentorships = list(
        Mentorship.objects.filter(organization__municipality=municipality, mentor__person_id__in=consenting)
        .select_related("organization", "program", "mentor__person")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=MentorshipMentee.objects.select_related("mentee__person").order_by("id"),
            )
        )
        .order_by("organization__code", "started_on", "id")
    )
    mentorship_ids = external_ids_of_mentorships([m.pk for m in mentorships])
    rows = []
    for m in mentorships:
        mentees = [
            place.mentee.person for place in m.participants.all() if place.mentee.person_id in consenting
        ]
        mentor = m.mentor.person
        rows.append(
            {
                "external_id": mentorship_ids.get(m.pk, ""),
                "system_id": m.pk,
                "organization_code": m.organization.code,
                "program_external_id": program_ids.get(m.program_id, ""),
                "program_title": m.program.title,
                "program_starts_on": m.program.starts_on,
                "mentor_external_id": mentor.external_id,
                "mentor_last_name": mentor.last_name,
                "mentor_first_name": mentor.first_name,
                "mentor_patronymic": mentor.patronymic,
                "mentor_birth_date": mentor.birth_date,
                "mentee_external_ids": "; ".join(p.external_id for p in mentees if p.external_id),
                "mentees": "; ".join(p.full_name for p in mentees),
                "started_on": m.started_on,
                "planned_end_on": m.planned_end_on,
                "ended_on": m.ended_on,
                "status": m.get_status_display(),
            }
        )
    export.tables[MENTORSHIPS.key] = rows
    return export


def _text(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key in DATE_KEYS and isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def to_json(export: Export) -> bytes:
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "municipality": {"code": export.municipality.code, "name": export.municipality.name},
        "exported_at": export.exported_at.isoformat(),
        **{
            spec.key: [
                {
                    key: (value.isoformat() if isinstance(value, datetime.date) else value)
                    for key, value in row.items()
                }
                for row in export.tables[spec.key]
            ]
            for spec in TABLES
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _csv(spec: TableSpec, rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([column.header for column in spec.columns])
    for row in rows:
        writer.writerow([neutralize_formula(_text(column.key, row[column.key])) for column in spec.columns])
    return buffer.getvalue().encode("utf-8-sig")


def csv_files(export: Export) -> dict[str, bytes]:
    return {f"{spec.key}.csv": _csv(spec, export.tables[spec.key]) for spec in TABLES}


def to_csv_zip(export: Export) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in csv_files(export).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def to_xlsx(export: Export) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in TABLES:
        sheet = workbook.create_sheet(spec.title)
        sheet.append([column.header for column in spec.columns])
        for row in export.tables[spec.key]:
            values = []
            for column in spec.columns:
                value = row[column.key]
                values.append(
                    value
                    if isinstance(value, (datetime.date, int)) or value is None
                    else neutralize_formula(str(value))
                )
            sheet.append(values)
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, datetime.datetime | datetime.date):
                    cell.number_format = "DD.MM.YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(export: Export, fmt: str) -> bytes:
    if fmt == "json":
        return to_json(export)
    if fmt == "xlsx":
        return to_xlsx(export)
    if fmt == "csv":
        return to_csv_zip(export)
    raise ValueError(f"unknown format: {fmt}")


def file_name(export: Export, fmt: str) -> str:
    return f"navigator-{export.municipality.code}-{export.exported_at:%Y-%m-%d}.{EXTENSIONS[fmt]}"
