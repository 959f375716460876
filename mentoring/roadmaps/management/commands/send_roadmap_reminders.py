import datetime
from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mentoring.accounts.models import Membership, Role
from mentoring.organizations.models import OrganizationKind
from mentoring.roadmaps.selectors import items_due_on


class Command(BaseCommand):
    help = (
        "Напоминает ответственным о мероприятиях дорожных карт, срок которых наступает через N дней "
        "(по умолчанию 7) и сегодня. Запускайте раз в день (cron или systemd timer)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=7, help="за сколько дней до срока напоминать")
        parser.add_argument("--dry-run", action="store_true", help="только показать, кому ушли бы письма")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["days"] <= 60:
            raise CommandError("--days: от 1 до 60.")
        today = timezone.localdate()
        sent = 0
        for day in (today, today + datetime.timedelta(days=options["days"])):
            by_roadmap: dict[int, list[Any]] = {}
            for item in items_due_on(day):
                by_roadmap.setdefault(item.roadmap_id, []).append(item)
            for items in by_roadmap.values():
                organization = items[0].roadmap.organization
                roles = (
                    [Role.DEPARTMENT_ADMIN, Role.METHODOLOGIST]
                    if organization.kind == OrganizationKind.DEPARTMENT
                    else [Role.HEAD, Role.CURATOR]
                )
                recipients = sorted(
                    set(
                        Membership.objects.filter(organization=organization, role__in=roles, is_active=True)
                        .exclude(user__email="")
                        .values_list("user__email", flat=True)
                    )
                )
                if not recipients:
                    continue
                when = "сегодня" if day == today else f"{day:%d.%m.%Y}"
                lines = "\n".join(f"— {item.number} {item.title}" for item in items)
                body = (
                    f"Срок мероприятий дорожной карты «{organization.short_name}» наступает {when}:\n\n{lines}\n\n"
                    "Отметьте выполнение и приложите подтверждение в системе «Наставничество»."
                )
                if options["dry_run"]:
                    self.stdout.write(f"{', '.join(recipients)}: {len(items)} мероприятий, срок {when}")
                else:
                    send_mail(f"Дорожная карта: срок {when}", body, None, recipients)
                sent += 1
        self.stdout.write(f"Напоминаний: {sent}.")
