"""Loads a school's table of people into its bases from the command line.

    python manage.py import_people --organization sech-school-1 people.xlsx [--dry-run] [--json] [--user curator1]

The file is checked whole first; with any error nothing is written and the command exits with a
non-zero code, listing every error as «строка N, столбец «X»: сообщение». --dry-run only checks.
--json prints {"created", "updated", "unchanged", "errors"} for scripts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentoring.accounts.models import User
from mentoring.common.audit import log_personal_data_access
from mentoring.common.models import AccessAction
from mentoring.organizations.models import Organization
from mentoring.people.importing import (
    ImportPlan,
    ImportResult,
    apply_import,
    import_summary,
    max_import_bytes,
    plan_import,
)


class Command(BaseCommand):
    help = "Загружает участников (наставников и наставляемых) из таблицы XLSX или CSV в базы организации."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Путь к файлу .xlsx или .csv")
        parser.add_argument("--organization", required=True, help="Код организации, например school-1")
        parser.add_argument(
            "--dry-run", action="store_true", help="Только проверить файл, ничего не записывать"
        )
        parser.add_argument("--json", action="store_true", help="Вывести итог в JSON")
        parser.add_argument(
            "--user",
            help="Логин пользователя, от чьего имени вносятся изменения (по умолчанию — первый суперпользователь)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organization = (
            Organization.objects.select_related("municipality").filter(code=options["organization"]).first()
        )
        if organization is None:
            raise CommandError(
                f"Организация с кодом «{options['organization']}» не найдена. Коды показывает "
                "команда list_organizations."
            )
        user = self._user(options["user"])
        path = Path(options["file"])
        try:
            with path.open("rb") as file:
                # One byte over the limit is enough for the importer to say the file is too large.
                data = file.read(max_import_bytes() + 1)
        except OSError as error:
            raise CommandError(f"Не удалось прочитать файл «{path}»: {error.strerror or error}.") from error
        plan = plan_import(organization=organization, data=data, filename=path.name)
        result: ImportResult | None = None
        if plan.is_valid and not options["dry_run"]:
            try:
                result = apply_import(by=user, organization=organization, plan=plan)
            except (PermissionDenied, ValidationError) as error:
                message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                raise CommandError(message) from error
            if user is not None:
                log_personal_data_access(
                    user=user,
                    request=None,
                    action=AccessAction.IMPORT,
                    object_type="person",
                    organization=organization,
                    details=f"файл из командной строки: создано {result.created}, обновлено {result.updated}",
                )
        if options["json"]:
            self.stdout.write(json.dumps(import_summary(plan, result), ensure_ascii=False))
        else:
            self._print_summary(plan, result, dry_run=options["dry_run"])
        if plan.errors:
            raise CommandError(f"Ошибок в файле: {len(plan.errors)}. Ничего не изменено.")

    def _user(self, username: str | None) -> User | None:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"Пользователь «{username}» не найден или отключён.")
            return user
        return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()

    def _print_summary(self, plan: ImportPlan, result: ImportResult | None, *, dry_run: bool) -> None:
        write = self.stdout.write
        if plan.header_row is not None:
            write(f"Строка заголовков: {plan.header_row}; строк с данными: {plan.data_rows}.")
        if plan.unknown_columns:
            names = ", ".join(f"«{name}»" for name in plan.unknown_columns)
            write(f"Неизвестные столбцы пропущены: {names}.")
        for warning in plan.likely_duplicates:
            write(f"Внимание, строка {warning.row}: {warning.message}")
        if plan.errors:
            write(self.style.ERROR(f"Ошибки ({len(plan.errors)}), файл не загружен:"))
            for error in plan.errors:
                write(f"  {error}")
            return
        if dry_run:
            write(
                f"Проверка пройдена, ничего не записано. Будет создано: {plan.created}, "
                f"обновлено: {plan.updated}, без изменений: {plan.unchanged}."
            )
        elif result is not None:
            write(
                self.style.SUCCESS(
                    f"Загружено. Создано: {result.created}, обновлено: {result.updated}, "
                    f"без изменений: {result.unchanged}."
                )
            )
