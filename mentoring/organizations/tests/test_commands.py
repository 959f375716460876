import json
from io import StringIO

from django.core.management import call_command


def test_list_organizations_prints_every_code_with_its_municipality(world):
    out = StringIO()
    call_command("list_organizations", stdout=out)
    lines = out.getvalue().splitlines()
    assert "sech-school-1\tschool\tsech\tМБОУ Сеченовская СШ" in lines
    assert len(lines) == 6


def test_list_organizations_as_json_names_the_municipality_code(world):
    out = StringIO()
    call_command("list_organizations", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    by_code = {row["code"]: row for row in rows}
    assert by_code["luk-school-1"]["municipality"] == "luk"
    assert by_code["sech-partner-1"]["kind"] == "partner"
    assert by_code["sech-uo"]["name"] == "УО"
