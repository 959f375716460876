"""Exports a roadmap template or a roadmap as JSON, DOCX or XLSX.

    python manage.py export_roadmap sechenovsky-2021                      # JSON to the screen
    python manage.py export_roadmap sechenovsky-2021 --format docx --output roadmap.docx
    python manage.py export_roadmap roadmap:12 --format xlsx --output roadmap.xlsx

The first argument is a template's code or «roadmap:<id>» for a roadmap. JSON goes to the screen
unless --output names a file; DOCX and XLSX need --output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentoring.roadmaps.exporting import ExportTarget, export_docx, export_json, export_xlsx
from mentoring.roadmaps.models import Roadmap, RoadmapTemplate

ROADMAP_PREFIX = "roadmap:"
FORMATS = ("json", "docx", "xlsx")


def find_target(code_or_id: str) -> ExportTarget:
    """The template with this code, or the roadmap named «roadmap:<id>»; CommandError otherwise."""
    value = code_or_id.strip()
    if value.lower().startswith(ROADMAP_PREFIX):
        number = value[len(ROADMAP_PREFIX) :].strip()
        if not number.isdigit():
            raise CommandError(
                f"Номер дорожной карты должен быть числом, например roadmap:12; получено «{value}»."
            )
        roadmap = Roadmap.objects.select_related("organization", "template").filter(pk=int(number)).first()
        if roadmap is None:
            raise CommandError(f"Дорожная карта № {number} не найдена.")
        return roadmap
    template = RoadmapTemplate.objects.filter(code=value).first()
    if template is None:
        codes = ", ".join(RoadmapTemplate.objects.order_by("code").values_list("code", flat=True)) or "нет"
        raise CommandError(
            f"Шаблон дорожной карты с кодом «{value}» не найден. Коды шаблонов: {codes}. "
            "Дорожную карту организации укажите так: roadmap:<номер>."
        )
    return template


class Command(BaseCommand):
    help = "Выгружает шаблон дорожной карты (по коду) или дорожную карту (roadmap:<номер>) в JSON, DOCX или XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="Код шаблона, например sechenovsky-2021, или roadmap:<номер>")
        parser.add_argument(
            "--format", choices=FORMATS, default="json", help="json (по умолчанию), docx или xlsx"
        )
        parser.add_argument("--output", help="Файл, в который записать выгрузку (для docx и xlsx обязателен)")

    def handle(self, *args: Any, **options: Any) -> None:
        kind: str = options["format"]
        output: str | None = options["output"]
        if kind != "json" and not output:
            raise CommandError(
                f"Для формата {kind} укажите файл: --output дорожная-карта.{kind} "
                "(в консоль выводится только JSON)."
            )
        target = find_target(options["code"])
        if kind == "json":
            text = json.dumps(export_json(target), ensure_ascii=False, indent=2)
            if output is None:
                self.stdout.write(text)
                return
            data = (text + "\n").encode("utf-8")
        elif kind == "docx":
            data = export_docx(target)
        else:
            data = export_xlsx(target)
        self._write(Path(output or ""), data)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Не удалось записать файл «{path}»: {error.strerror or error}.") from error
        self.stdout.write(self.style.SUCCESS(f"Записано в «{path}»: {len(data)} байт."))
