import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from mentoring.demo.region import RegionError, generate_region

COUNTS = [
    ("municipalities", "муниципалитетов"),
    ("organizations", "организаций"),
    ("users", "пользователей"),
    ("people", "участников"),
    ("consents", "согласий на обработку данных"),
    ("mentors", "наставников"),
    ("mentees", "наставляемых"),
    ("requests", "запросов наставляемых"),
    ("competencies", "компетенций наставников"),
    ("programs", "программ"),
    ("mentorships", "пар и групп"),
    ("meetings", "встреч"),
    ("feedback", "отзывов о встречах"),
    ("survey_rounds", "опросов"),
    ("survey_responses", "заполненных анкет"),
    ("contingents", "сведений о контингенте"),
    ("snapshots", "срезов персонифицированного учёта"),
    ("register_entries", "записей в срезах"),
    ("roadmaps", "дорожных карт"),
]


class Command(BaseCommand):
    help = (
        "Создаёт синтетический регион для проверки под нагрузкой: муниципалитеты, организации, участники, "
        "пары и группы во всех статусах, встречи, анкеты, срезы учёта за четыре квартала, дорожные карты. "
        "Только для пустой тестовой базы, не для рабочей."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--organizations", type=int, default=1000, help="организаций (по умолчанию 1000)")
        parser.add_argument("--people", type=int, default=300_000, help="участников (по умолчанию 300 000)")
        parser.add_argument("--mentorships", type=int, help="пар и групп (по умолчанию треть участников)")
        parser.add_argument(
            "--municipalities", type=int, help="муниципалитетов (по умолчанию одна сороковая организаций)"
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="зерно случайных чисел (один регион на зерно)"
        )
        parser.add_argument("--year", type=int, help="год данных (по умолчанию прошлый)")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Синтетический регион нельзя создавать в рабочей базе (DJANGO_ENV=production)."
            )
        started = time.perf_counter()
        try:
            region = generate_region(
                organizations=options["organizations"],
                people=options["people"],
                mentorships=options["mentorships"],
                municipalities=options["municipalities"],
                seed=options["seed"],
                year=options["year"],
                progress=lambda message: self.stdout.write(message),
            )
        except RegionError as error:
            raise CommandError(str(error)) from error
        # Bulk inserts leave the planner's statistics empty until autovacuum comes round: with them
        # stale, PostgreSQL sorted a region's 100 000 pairs to show a curator 30 (7 s instead of 10 ms).
        self.stdout.write("Статистика для планировщика запросов (ANALYZE)…")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        counts = region.counts
        self.stdout.write(self.style.SUCCESS(f"Регион готов за {time.perf_counter() - started:.0f} с:"))
        for key, label in COUNTS:
            self.stdout.write(f"  {label}: {counts.get(key, 0)}")
        self.stdout.write(
            "Войти можно администратором управления образования "
            f"{region.admins[0].username} (пароль задайте командой changepassword)."
        )
