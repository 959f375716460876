"""Reminds participants who have not given feedback on a held meeting.

    python manage.py send_feedback_reminders [--dry-run]

Each organization sets after how many days to remind (the curator's overview page, 2 days by
default). A participant is reminded once per meeting: on their page «Мои встречи» and, when their
record or account has an e-mail address, by e-mail. Run it daily from cron or a systemd timer.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mentoring.mentorships.services import feedback_reminders_send


class Command(BaseCommand):
    help = (
        "Напоминает участникам, не оценившим проведённую встречу (в системе и по e-mail). "
        "Запускайте раз в день (cron или systemd timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="только показать, кому ушли бы напоминания"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reminders = feedback_reminders_send(dry_run=options["dry_run"])
        if options["dry_run"]:
            for reminder in reminders:
                target = reminder.email or "только в системе"
                self.stdout.write(f"встреча {reminder.meeting.pk}: участник {reminder.person.pk} ({target})")
        emailed = sum(1 for reminder in reminders if reminder.email)
        self.stdout.write(f"Напоминаний: {len(reminders)}, из них по e-mail: {emailed}.")
