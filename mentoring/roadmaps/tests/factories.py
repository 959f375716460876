import datetime

from django.core.files.base import ContentFile

from mentoring.roadmaps.models import ItemCheckpoint, Roadmap, RoadmapItem, RoadmapTemplate


def make_roadmap(
    organization, *, year: int = 2026, status: str = "draft", with_order: bool = False
) -> Roadmap:
    """A small roadmap: one dated item and one quarterly item with four checkpoints."""
    template, _ = RoadmapTemplate.objects.get_or_create(
        code="test-template", defaults={"title": "Тестовый шаблон", "year": year}
    )
    roadmap = Roadmap.objects.create(
        template=template,
        organization=organization,
        year=year,
        title=f"Дорожная карта {organization.short_name}",
        status=status,
        order_number="15-од" if status == "approved" or with_order else "",
        order_date=datetime.date(year, 2, 20) if status == "approved" or with_order else None,
    )
    if with_order:
        roadmap.order_file.save("prikaz.pdf", ContentFile(b"%PDF-1.4 order"), save=True)
    RoadmapItem.objects.create(
        roadmap=roadmap,
        section_number="1",
        section_title="Нормативное правовое регулирование",
        number="1.1",
        title="Разработка дорожных карт внедрения ЦМН в образовательных организациях",
        deadline_text="до 15.02.2026 г.",
        deadline_rule={"kind": "date", "date": "2026-02-15"},
        due_date=datetime.date(year, 2, 15),
        responsible_text="Руководители ОО",
        result_text="Дорожные карты",
        position=1,
    )
    quarterly = RoadmapItem.objects.create(
        roadmap=roadmap,
        section_number="2",
        section_title="Поддержка",
        number="2.1",
        title="Информирование ОО и ДО о реализации ЦМН",
        deadline_text="ежеквартально",
        deadline_rule={"kind": "quarterly"},
        due_date=datetime.date(year, 12, 31),
        responsible_text="Управление образования, ИМГ",
        result_text="Информационные письма в ОО и ДО",
        position=2,
    )
    for number, (month, day) in enumerate([(3, 31), (6, 30), (9, 30), (12, 31)], start=1):
        ItemCheckpoint.objects.create(
            item=quarterly,
            label=f"{'I' * number if number < 4 else 'IV'} квартал",
            due_date=datetime.date(year, month, day),
        )
    return roadmap
