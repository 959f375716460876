from django.db import migrations

from mentoring.surveys.reference_defaults import default_questionnaires


def load_defaults(apps, schema_editor):
    """Creates the shipped questionnaires that are missing (by code); an existing one is left as the
    department may have changed it."""
    MentoringForm = apps.get_model("programs", "MentoringForm")
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Question = apps.get_model("surveys", "Question")
    forms = {
        form.code: form for form in MentoringForm.objects.filter(municipality__isnull=True).order_by("position")
    }
    for spec in default_questionnaires([(code, form.name) for code, form in forms.items()]):
        questionnaire, created = Questionnaire.objects.get_or_create(
            code=spec["code"],
            municipality=None,
            defaults={
                "title": spec["title"],
                "description": spec["description"],
                "purpose": spec["purpose"],
                "audience": spec["audience"],
                "form": forms.get(spec["form"]) if spec["form"] else None,
            },
        )
        if not created:
            continue
        Question.objects.bulk_create(
            Question(questionnaire=questionnaire, position=position, **fields)
            for position, fields in enumerate(spec["items"], start=1)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_questionnaires_rounds_responses_pulse_swot"),
        ("programs", "0002_default_forms"),
    ]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
