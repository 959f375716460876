"""Readable change history of records kept by django-simple-history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

_ACTIONS = {"+": "создание", "~": "изменение", "-": "удаление"}


@dataclass
class HistoryChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryRow:
    when: datetime.datetime
    who: str
    action: str
    changes: list[HistoryChange] = field(default_factory=list)


def _display(record: Any, name: str) -> str:
    model_field = record.instance_type._meta.get_field(name)
    value = getattr(record, model_field.attname, None)
    if model_field.is_relation and value is not None:
        try:
            return str(getattr(record, model_field.name))
        except ObjectDoesNotExist:
            return f"№ {value} (удалено)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value or "—"))
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if value in (None, ""):
        return "—"
    return str(value)


def history_of(instance: models.Model, *, limit: int = 50, hidden: tuple[str, ...] = ()) -> list[HistoryRow]:
    """The newest changes of one record, each with who made it and which fields changed how.

    One query: the records are compared with each other in memory.
    """
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]  # type: ignore[attr-defined]
    )
    rows: list[HistoryRow] = []
    skip = {"updated_at", "created_at", *hidden}
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        who = record.history_user.get_full_name() if record.history_user else "система"
        row = HistoryRow(when=record.history_date, who=who, action=_ACTIONS.get(record.history_type, ""))
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=list(skip))
            for change in delta.changes:
                verbose = str(record.instance_type._meta.get_field(change.field).verbose_name)
                row.changes.append(
                    HistoryChange(
                        field=verbose,
                        old=_display(previous, change.field),
                        new=_display(record, change.field),
                    )
                )
            if not row.changes:
                continue
        rows.append(row)
    return rows
