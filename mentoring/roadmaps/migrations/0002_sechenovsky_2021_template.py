from django.db import migrations

from mentoring.roadmaps import seed_2021
from mentoring.roadmaps.deadlines import parse_deadline


def load_template(apps, schema_editor):
    RoadmapTemplate = apps.get_model("roadmaps", "RoadmapTemplate")
    TemplateSection = apps.get_model("roadmaps", "TemplateSection")
    TemplateItem = apps.get_model("roadmaps", "TemplateItem")
    DocumentKind = apps.get_model("documents", "DocumentKind")
    template, created = RoadmapTemplate.objects.get_or_create(
        code=seed_2021.CODE,
        defaults={
            "title": seed_2021.TITLE,
            "year": seed_2021.YEAR,
            "approved_by": seed_2021.APPROVED_BY,
            "municipality": None,
        },
    )
    if not created:
        return  # loaded before, perhaps edited since: leave it as it is
    kinds = {kind.name: kind for kind in DocumentKind.objects.filter(municipality=None)}
    for section_position, section_data in enumerate(seed_2021.SECTIONS, start=1):
        section = TemplateSection.objects.create(
            template=template,
            number=section_data["number"],
            title=section_data["title"],
            position=section_position,
        )
        TemplateItem.objects.bulk_create(
            TemplateItem(
                section=section,
                number=item["number"],
                title=item["title"],
                sub_points=list(item["sub_points"]),
                deadline_text=item["deadline_text"],
                deadline_rule=parse_deadline(item["deadline_text"], year=seed_2021.YEAR),
                responsible_text=item["responsible_text"],
                for_department=item["for_department"],
                organization_kinds=list(item["organization_kinds"]),
                result_text=item["result_text"],
                # A kind renamed or removed by an administrator leaves the item without one.
                document_kind=kinds.get(item["document_kind"]) if item["document_kind"] else None,
                position=item_position,
            )
            for item_position, item in enumerate(section_data["items"], start=1)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("roadmaps", "0001_roadmap_templates_and_roadmaps"),
        ("documents", "0002_default_document_kinds"),
    ]

    operations = [migrations.RunPython(load_template, migrations.RunPython.noop)]
