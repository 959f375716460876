import json
from typing import Any

from django.core.management.base import BaseCommand

from mentoring.organizations.models import Organization


class Command(BaseCommand):
    help = "Печатает код, тип, наименование и код муниципалитета каждой организации."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="вывести список в формате JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = [
            {
                "code": organization.code,
                "kind": organization.kind,
                "name": organization.short_name,
                "full_name": organization.full_name,
                "municipality": organization.municipality.code,
                "archived": organization.is_archived,
            }
            for organization in Organization.objects.select_related("municipality").order_by(
                "municipality__code", "kind", "code"
            )
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            archived = " (в архиве)" if row["archived"] else ""
            self.stdout.write(f"{row['code']}\t{row['kind']}\t{row['municipality']}\t{row['name']}{archived}")
