"""`manage.py navigator_export --municipality CODE --format csv|xlsx|json --output DIR`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentoring.integrations.navigator.exporting import FORMATS, build_export, csv_files, file_name, render
from mentoring.organizations.models import Municipality


class Command(BaseCommand):
    help = "Выгрузка программ, участников и пар для Навигатора (описание полей: docs/navigator-exchange.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="код муниципалитета")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--output", required=True, help="папка, куда записать файлы")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Муниципалитет с кодом «{options['municipality']}» не найден.")
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        export = build_export(municipality=municipality)
        fmt = options["format"]
        if fmt == "csv":
            stem = file_name(export, "json").removesuffix(".json")
            written = []
            for name, data in csv_files(export).items():
                path = folder / f"{stem}-{name}"
                path.write_bytes(data)
                written.append(path)
        else:
            path = folder / file_name(export, fmt)
            path.write_bytes(render(export, fmt))
            written = [path]
        counts = export.counts()
        for path in written:
            self.stdout.write(str(path))
        self.stdout.write(
            f"Программ: {counts['programs']}, участников: {counts['participants']}, пар и групп: {counts['mentorships']}."
        )
