"""Sends the short questionnaires that pulse schedules of programs say are due.

    python manage.py send_pulse_surveys [--dry-run] [--date YYYY-MM-DD]

For every working pair or group of a program with an active schedule, the round of the step due on
that date (the first after N days from the start of the mentorship, then every M days, open for K days)
is created once, its participants are invited on their page and e-mailed when they have an address.
Run it daily from cron or a systemd timer; running it again the same day adds nothing.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentoring.surveys.services import pulse_rounds_send


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Дата должна быть в виде ГГГГ-ММ-ДД, получено: {value!r}") from error


class Command(BaseCommand):
    help = (
        "Рассылает короткие анкеты по расписаниям программ (в системе и по e-mail). "
        "Запускайте раз в день (cron или systemd timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="только показать, какие опросы ушли бы")
        parser.add_argument(
            "--date", help="день, на который считать расписание (ГГГГ-ММ-ДД), по умолчанию сегодня"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["date"]) if options["date"] else None
        rounds = pulse_rounds_send(today=today, dry_run=options["dry_run"])
        for pulse in rounds:
            self.stdout.write(
                f"пара {pulse.mentorship.pk}: «{pulse.questionnaire.title}», шаг {pulse.step + 1}, "
                f"{pulse.opens_on:%d.%m.%Y}–{pulse.closes_on:%d.%m.%Y}, приглашено {pulse.invitees}, "
                f"по e-mail {pulse.emailed}"
            )
        invited = sum(pulse.invitees for pulse in rounds)
        verb = "Было бы создано" if options["dry_run"] else "Создано"
        self.stdout.write(f"{verb} коротких опросов: {len(rounds)}, приглашений: {invited}.")
