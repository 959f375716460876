from django.db import migrations

from mentoring.documents.reference_defaults import DOCUMENT_KINDS


def load_defaults(apps, schema_editor):
    DocumentKind = apps.get_model("documents", "DocumentKind")
    for position, name in enumerate(DOCUMENT_KINDS):
        DocumentKind.objects.get_or_create(name=name, municipality=None, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_document_kinds")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
