"""`manage.py create_api_token USERNAME [--name NAME]`: prints a new personal API token for scripts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentoring.accounts.models import User
from mentoring.api.services import api_token_create


class Command(BaseCommand):
    help = "Создаёт личный токен API пользователя и печатает его (он показывается один раз)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="логин пользователя")
        parser.add_argument("--name", default="токен из командной строки", help="для чего токен")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Пользователь «{options['username']}» не найден.")
        try:
            _, raw = api_token_create(user=user, name=options["name"], by=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(raw)
