from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mentoring.accounts.models import Role
from mentoring.demo.district import DEMO_PASSWORD, NAMED_USERS, load_demo_district


class Command(BaseCommand):
    help = "Создаёт или обновляет демонстрационный Берёзовский округ (повторный запуск ничего не дублирует)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="ничего не делать, если в базе уже есть организации"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Демонстрационные данные нельзя загружать в рабочую базу (DJANGO_ENV=production)."
            )
        from mentoring.organizations.models import Organization

        if options["if_empty"] and Organization.objects.exists():
            self.stdout.write("В базе уже есть данные: демонстрационный округ не загружается заново.")
        else:
            counts = load_demo_district()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Демонстрационный округ готов: организаций {counts['organizations']}, "
                    f"пользователей {counts['users']}, участников в базах {counts['people']}, "
                    f"программ {counts['programs']}, материалов библиотеки {counts['library']}, "
                    f"дорожных карт {counts['roadmaps']}, документов {counts['documents']}, "
                    f"подборов пар {counts['matching_runs']}, "
                    f"наставнических пар и групп {counts['mentorships']}, "
                    f"записей информирования, обучения и конкурсов {counts['outreach']}, "
                    f"опросов {counts['surveys']}, "
                    f"идентификаторов Навигатора {counts['navigator_ids']}."
                )
            )
        self.stdout.write("Демонстрационные логины:")
        self.stdout.write(f"Пароль всех демонстрационных пользователей: {DEMO_PASSWORD}")
        for user in NAMED_USERS:
            self.stdout.write(f"  {user.username:16} {Role(user.role).label}, {user.organization_code}")
