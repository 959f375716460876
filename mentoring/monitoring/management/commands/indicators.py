"""Prints the target indicators of a municipality or an organization for a year or a quarter.

    python manage.py indicators --municipality CODE [--organization CODE] --year YYYY [--quarter Q] [--json]

Every indicator in force with its code, name, target, actual value, numerator, denominator and, when
the value cannot be computed, the reason (for example, a contingent not entered).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentoring.monitoring.indicators import indicator_values
from mentoring.monitoring.register import quarter_label
from mentoring.monitoring.services import FIRST_YEAR, LAST_YEAR
from mentoring.organizations.models import Municipality, Organization, OrganizationKind


def _number(text: str | None, *, name: str, low: int, high: int) -> int:
    if text is None or not text.strip().isdigit():
        raise CommandError(f"{name}: нужно целое число от {low} до {high}, а не «{text}».")
    value = int(text)
    if not low <= value <= high:
        raise CommandError(f"{name}: нужно целое число от {low} до {high}, а не {value}.")
    return value


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


class Command(BaseCommand):
    help = "Показывает целевые показатели муниципалитета или организации за год или квартал."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="код муниципалитета (обязательно)")
        parser.add_argument("--organization", help="код школы или организации ДО; без него — муниципалитет")
        parser.add_argument("--year", help="год, например 2025 (обязательно)")
        parser.add_argument("--quarter", help="квартал 1–4; без него — год по последнему срезу")
        parser.add_argument("--json", action="store_true", help="вывести JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        code = (options["municipality"] or "").strip()
        if not code:
            raise CommandError("Укажите муниципалитет: --municipality КОД.")
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise CommandError(f"Муниципалитет с кодом «{code}» не найден.")
        if options["year"] is None:
            raise CommandError("Укажите год: --year ГГГГ.")
        year = _number(options["year"], name="--year", low=FIRST_YEAR, high=LAST_YEAR)
        quarter = None
        if options["quarter"] is not None:
            quarter = _number(options["quarter"], name="--quarter", low=1, high=4)
        organization = None
        if options["organization"]:
            organization = Organization.objects.filter(
                code=options["organization"].strip(), municipality=municipality
            ).first()
            if organization is None:
                raise CommandError(
                    f"Организация с кодом «{options['organization']}» в муниципалитете «{code}» не найдена."
                )
            if organization.kind not in (OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY):
                raise CommandError("Показатели считаются для школ и организаций ДО.")
        values = indicator_values(
            municipality=municipality, year=year, quarter=quarter, organization=organization
        )
        snapshot = next((value.snapshot for value in values if value.snapshot is not None), None)
        if options["json"]:
            payload = {
                "municipality": municipality.code,
                "organization": organization.code if organization else None,
                "year": year,
                "quarter": quarter,
                "snapshot": (
                    {"id": snapshot.pk, "as_of": snapshot.as_of.isoformat(), "quarter": snapshot.quarter}
                    if snapshot
                    else None
                ),
                "indicators": [
                    {
                        "code": value.indicator.code,
                        "name": value.indicator.name,
                        "target": _decimal(value.target),
                        "actual": _decimal(value.actual),
                        "numerator": value.numerator,
                        "denominator": value.denominator,
                        "missing": value.missing,
                    }
                    for value in values
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        scope = organization.short_name if organization else municipality.name
        period = quarter_label(year, quarter) if quarter else f"{year} год"
        self.stdout.write(f"Целевые показатели: {scope}, {period}")
        if snapshot:
            self.stdout.write(f"Срез персонифицированного учёта на {snapshot.as_of:%d.%m.%Y}")
        else:
            self.stdout.write("Среза персонифицированного учёта за период нет")
        self.stdout.write(f"{'№':<4}{'План, %':>9}{'Факт, %':>9}{'Числ.':>8}{'Знам.':>8}  Показатель")
        for value in values:
            target = _decimal(value.target) or "—"
            actual = _decimal(value.actual) or "—"
            denominator = "—" if value.denominator is None else str(value.denominator)
            line = f"{value.indicator.code:<4}{target:>9}{actual:>9}{value.numerator:>8}{denominator:>8}  {value.indicator.name}"
            if value.missing:
                line += f" (нет данных: {value.missing})"
            self.stdout.write(line)
