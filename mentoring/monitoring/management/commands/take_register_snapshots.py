"""Takes the personal register of every municipality for the quarter that has just ended.

    python manage.py take_register_snapshots [--date YYYY-MM-DD]

For each municipality the snapshot of the quarter before `--date` (today by default) is taken if that
quarter has none yet, so running it daily, or twice, changes nothing after the first run. Run it from
cron or a systemd timer (README, «Scheduled jobs»).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mentoring.monitoring.register import previous_quarter, quarter_label, quarter_of
from mentoring.monitoring.services import snapshot_take_if_missing
from mentoring.organizations.models import Municipality


class Command(BaseCommand):
    help = (
        "Снимает срез персонифицированного учёта каждого муниципалитета за завершившийся квартал, "
        "если его ещё нет. Запускайте раз в день (cron или systemd timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="дата ГГГГ-ММ-ДД, от которой берётся прошедший квартал (сегодня)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate()
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"].strip())
            except ValueError as error:
                raise CommandError(f"Дата «{options['date']}» не в формате ГГГГ-ММ-ДД.") from error
            if day > timezone.localdate():
                raise CommandError("Дата не может быть в будущем.")
        year, quarter = previous_quarter(*quarter_of(day))
        label = quarter_label(year, quarter)
        taken = 0
        for municipality in Municipality.objects.order_by("code"):
            snapshot = snapshot_take_if_missing(municipality=municipality, year=year, quarter=quarter)
            if snapshot is None:
                self.stdout.write(f"{municipality.code}: срез за {label} уже есть")
            else:
                taken += 1
                self.stdout.write(
                    f"{municipality.code}: снят срез за {label}, записей {snapshot.entries_count}"
                )
        self.stdout.write(f"Снято срезов: {taken}.")
