from django.db import migrations

from mentoring.programs.reference_defaults import FORMS


def load_defaults(apps, schema_editor):
    MentoringForm = apps.get_model("programs", "MentoringForm")
    PersonCategory = apps.get_model("people", "PersonCategory")
    MenteeSubtype = apps.get_model("people", "MenteeSubtype")
    categories = {c.code: c for c in PersonCategory.objects.all()}
    subtypes = {s.name: s for s in MenteeSubtype.objects.all()}
    for position, spec in enumerate(FORMS):
        form, created = MentoringForm.objects.get_or_create(
            code=spec["code"],
            municipality=None,
            defaults={
                "name": spec["name"],
                "default_max_group_size": spec["group"],
                "min_class_gap": spec["gap"],
                "position": position,
            },
        )
        if not created:
            continue
        form.mentor_categories.set([categories[code] for code in spec["mentors"]])
        form.mentee_categories.set([categories[code] for code in spec["mentees"]])
        form.mentee_subtypes.set([subtypes[name] for name in spec["subtypes"] if name in subtypes])
        for kind, name in spec["aliases"].items():
            form.aliases.create(organization_kind=kind, name=name)
        for name in spec["variants"]:
            form.role_variants.create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_mentoring_forms_and_programs"),
        ("people", "0002_default_reference_data"),
    ]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
