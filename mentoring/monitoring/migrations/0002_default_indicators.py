from django.db import migrations

from mentoring.monitoring.reference_defaults import load_indicators


def load_defaults(apps, schema_editor):
    load_indicators(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_register_snapshots_indicators_targets_contingent")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
