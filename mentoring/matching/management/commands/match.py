"""`python manage.py match --program ID [--confirm] [--json] [--as USERNAME]`: the web page's matching
from the shell (for scripts, large programs and checks)."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from mentoring.accounts.models import User
from mentoring.matching.models import RunStatus
from mentoring.matching.services import matching_confirm, matching_run_now
from mentoring.programs.models import Program


class Command(BaseCommand):
    help = "Подбирает пары и группы программы; с --confirm утверждает предложение и формирует пары."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--program", type=int, required=True, help="номер (id) программы")
        parser.add_argument("--confirm", action="store_true", help="сразу утвердить предложение")
        parser.add_argument("--json", action="store_true", help="вывести результат в JSON")
        parser.add_argument(
            "--as",
            dest="username",
            default="",
            help="от чьего имени (логин куратора или руководителя); по умолчанию — куратор программы",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        program = (
            Program.objects.select_related("organization", "form", "curator")
            .filter(pk=options["program"])
            .first()
        )
        if program is None:
            raise CommandError(f"Программа {options['program']} не найдена.")
        user = self._user(program, options["username"])
        try:
            run = matching_run_now(program=program, by=user)
            if run.status == RunStatus.FAILED:
                raise CommandError(run.error)
            mentorships = matching_confirm(run=run, by=user) if options["confirm"] else []
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        run.refresh_from_db()
        result = {
            "run": run.pk,
            "status": run.status,
            "mentees": run.mentees_count,
            "mentors": run.mentors_count,
            "edges": run.edges_count,
            "matched": run.matched,
            "total_score": float(run.total_score),
            "seconds": run.seconds,
            "unmatched": {
                reason: run.unmatched.filter(reason=reason).count()
                for reason in ("no_allowed_mentor", "all_mentors_full")
            },
            "mentorships_created": len(mentorships),
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            f"Подбор {run.pk}: подобрано {run.matched} из {run.mentees_count}, сумма баллов {run.total_score}, "
            f"{run.seconds} с."
        )
        if mentorships:
            self.stdout.write(self.style.SUCCESS(f"Сформировано пар и групп: {len(mentorships)}."))

    def _user(self, program: Program, username: str) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"Пользователь {username} не найден или заблокирован.")
            return user
        if program.curator is None:
            raise CommandError("У программы нет куратора: укажите --as ЛОГИН.")
        return program.curator
