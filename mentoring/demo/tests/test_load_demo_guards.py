"""load_demo's guards: it never touches a database that already holds data when asked so, and never
runs in production. (Kept apart from test_load_demo.py, whose tests share one loaded demo.)"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mentoring.organizations.models import Organization


@pytest.mark.django_db
def test_if_empty_leaves_an_existing_database_alone(world):
    before = sorted(Organization.objects.values_list("code", flat=True))
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert sorted(Organization.objects.values_list("code", flat=True)) == before
    assert "uo" in out.getvalue()


def test_load_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="нельзя загружать в рабочую базу"):
        call_command("load_demo", stdout=StringIO())
