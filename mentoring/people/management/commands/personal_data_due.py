"""Lists the people whose personal-data retention period has ended, and anonymises them on request.

    python manage.py personal_data_due [--municipality CODE] [--date ДД.ММ.ГГГГ]
    python manage.py personal_data_due --municipality CODE --anonymise --by USERNAME

The list names people by number and organization only (it goes to a cron mail). Periods:
RETENTION_AFTER_CONSENT_WITHDRAWAL_DAYS and RETENTION_AFTER_ARCHIVE_DAYS. With --anonymise the
department's administrator given by --by anonymises every listed person one by one; a person still in
an open pair is skipped and named in the output, and the command exits with an error code.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentoring.accounts.models import User
from mentoring.organizations.models import Municipality
from mentoring.people.anonymisation import people_due_for_anonymisation, person_anonymise
from mentoring.people.models import Person


class Command(BaseCommand):
    help = "Участники, у которых истёк срок хранения персональных данных (и их обезличивание)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="код муниципалитета; без него — все")
        parser.add_argument("--date", help="на какую дату (ДД.ММ.ГГГГ); по умолчанию сегодня")
        parser.add_argument("--anonymise", action="store_true", help="обезличить найденных")
        parser.add_argument("--by", help="логин администратора управления образования (для --anonymise)")

    def handle(self, *args: object, **options: object) -> None:
        people = Person.objects.all()
        municipality_code = options.get("municipality")
        if municipality_code:
            municipality = Municipality.objects.filter(code=municipality_code).first()
            if municipality is None:
                raise CommandError(f"Муниципалитет с кодом «{municipality_code}» не найден.")
            people = people.filter(municipality=municipality)
        day = None
        if options.get("date"):
            try:
                day = datetime.datetime.strptime(str(options["date"]), "%d.%m.%Y").date()
            except ValueError as error:
                raise CommandError("Дата — в виде ДД.ММ.ГГГГ, например 31.12.2026.") from error
        by = None
        if options.get("anonymise"):
            by = User.objects.filter(username=options.get("by") or "", is_active=True).first()
            if by is None:
                raise CommandError(
                    "Для --anonymise укажите --by: логин администратора управления образования."
                )

        records = people_due_for_anonymisation(people, on=day)
        if not records:
            self.stdout.write("Участников с истёкшим сроком хранения данных нет.")
            return
        self.stdout.write(f"Истёк срок хранения данных: {len(records)}")
        refused = 0
        for record in records:
            line = (
                f"участник № {record.person.pk}, {record.person.organization.short_name}: {record.reason}, "
                f"срок истёк {record.due_since:%d.%m.%Y}"
            )
            if by is not None:
                try:
                    person_anonymise(by=by, person=record.person)
                except (ValidationError, PermissionDenied) as error:
                    refused += 1
                    message = "; ".join(getattr(error, "messages", [str(error)]))
                    line += f" — не обезличен: {message}"
                else:
                    line += " — обезличен"
            self.stdout.write(line)
        if refused:
            raise CommandError(f"Не обезличено: {refused}.")
