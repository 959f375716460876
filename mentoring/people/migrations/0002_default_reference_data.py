from django.db import migrations

from mentoring.people.reference_defaults import CATEGORIES, SUBJECTS, SUBTYPES, SUPPORT_AREAS


def load_defaults(apps, schema_editor):
    PersonCategory = apps.get_model("people", "PersonCategory")
    MenteeSubtype = apps.get_model("people", "MenteeSubtype")
    Subject = apps.get_model("people", "Subject")
    SupportArea = apps.get_model("people", "SupportArea")
    categories = {}
    for position, (code, name, synonyms) in enumerate(CATEGORIES):
        categories[code], _ = PersonCategory.objects.get_or_create(
            code=code, defaults={"name": name, "synonyms": synonyms, "position": position}
        )
    for name, codes, priority in SUBTYPES:
        subtype, created = MenteeSubtype.objects.get_or_create(name=name, defaults={"priority": priority})
        if created:
            subtype.categories.set([categories[code] for code in codes])
    for name in SUBJECTS:
        Subject.objects.get_or_create(name=name)
    for name, audience, needs_subject in SUPPORT_AREAS:
        SupportArea.objects.get_or_create(
            name=name, organization=None, defaults={"audience": audience, "needs_subject": needs_subject}
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_people_bases_and_consents")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
