"""Tokens (made on the profile page, stored hashed, shown once, revoked), the command, the rate
limit, the error shape, the people writes by the import rules and bounded query counts."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from mentoring.api.models import ApiToken
from mentoring.api.services import token_hash
from mentoring.api.tests.fixtures import build_records
from mentoring.mentorships.tests.factories import make_mentee, make_pair
from mentoring.people.models import Person


def _bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def test_a_token_made_on_the_profile_page_is_shown_once_and_stored_hashed(world, client_for):
    client = client_for(world.curator)
    assert reverse("api:tokens") in client.get(reverse("profile")).content.decode()
    response = client.post(reverse("api:tokens"), {"name": "выгрузка"}, follow=True)
    raw = response.context["new_token"]["raw"]
    token = ApiToken.objects.get(user=world.curator)
    assert token.secret_hash == token_hash(raw)
    assert raw not in (token.secret_hash, token.prefix)
    assert raw not in client.get(reverse("api:tokens")).content.decode()
    assert client.get("/api/v1/organizations", headers=_bearer(raw)).status_code == 200


def test_a_revoked_token_is_refused_with_401(world, client_for):
    client = client_for(world.curator)
    raw = client.post(reverse("api:tokens"), {"name": "скрипт"}, follow=True).context["new_token"]["raw"]
    token = ApiToken.objects.get(user=world.curator)
    client.post(reverse("api:token_revoke", kwargs={"pk": token.pk}))
    response = client.get("/api/v1/organizations", headers=_bearer(raw))
    assert response.status_code == 401
    assert "токен" in response.json()["detail"]


def test_an_empty_token_name_is_refused_in_russian(world, client_for):
    response = client_for(world.curator).post(reverse("api:tokens"), {"name": "   "})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_the_command_prints_a_working_token(world, client):
    out = StringIO()
    call_command("create_api_token", "uo", stdout=out)
    raw = out.getvalue().strip()
    assert raw.startswith("mnt_")
    assert client.get("/api/v1/programs", headers=_bearer(raw)).status_code == 200


def test_the_api_is_rate_limited(world, tokens, client, settings):
    settings.API_RATE_LIMIT = "3/m"
    codes = [
        client.get("/api/v1/organizations", headers=_bearer(tokens["curator"])).status_code for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_an_address_that_keeps_sending_wrong_tokens_is_locked_out_even_with_a_right_one(
    world, tokens, client, settings
):
    settings.API_AUTH_FAILURE_LIMIT = 3
    wrong = [client.get("/api/v1/programs", headers=_bearer("mnt_guess")).status_code for _ in range(3)]
    assert wrong == [401, 401, 401]
    locked = client.get("/api/v1/programs", headers=_bearer(tokens["curator"]))
    assert locked.status_code == 429
    assert "Слишком много попыток" in locked.json()["detail"]
    # Another address is not affected.
    other = client.get("/api/v1/programs", headers=_bearer(tokens["curator"]), REMOTE_ADDR="10.0.0.7")
    assert other.status_code == 200


def test_validation_errors_name_the_field_in_russian(world, call):
    response = call("curator", "GET", "/api/v1/people", limit="много")
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [{"field": "limit", "message": "Нужно целое число."}]


def test_people_writes_use_the_import_rules_and_change_nothing_on_error(world, call):
    rows = [
        {
            "last_name": "Новикова",
            "first_name": "Дарья",
            "birth_date": "2013-04-02",
            "category": "Обучающийся",
            "school_class": "6Б",
        },
        {"last_name": "Орлов", "first_name": "Глеб", "category": "Обучающийся"},
    ]
    response = call(
        "curator", "POST", "/api/v1/people", json={"organization_id": world.school.pk, "rows": rows}
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert any(field.startswith("rows.1.") for field in fields)
    assert not Person.objects.filter(last_name="Новикова").exists()
    response = call(
        "curator", "POST", "/api/v1/people", json={"organization_id": world.school.pk, "rows": rows[:1]}
    )
    assert response.status_code == 200
    assert response.json()["created"] == 1
    again = call(
        "curator", "POST", "/api/v1/people", json={"organization_id": world.school.pk, "rows": rows[:1]}
    )
    assert again.json()["unchanged"] == 1


def test_a_partner_representative_reads_pairs_without_mentees_names(world, call):
    records = build_records(world)
    response = call("department_admin", "GET", f"/api/v1/mentorships/{records.pair.pk}")
    assert [m["full_name"] for m in response.json()["mentees"]] == [records.pupil.full_name]
    response = call("mentor", "GET", f"/api/v1/mentorships/{records.pair.pk}/meetings")
    assert all(meeting["feedback"] in (None, []) for meeting in response.json()["items"])


def test_list_endpoints_make_a_bounded_number_of_queries(world, call, django_assert_max_num_queries):
    records = build_records(world)
    for _ in range(8):
        make_pair(
            world.school, by=world.curator, program=records.program, mentees=[make_mentee(world.school)]
        )
    for path in (
        "/api/v1/organizations",
        "/api/v1/people",
        "/api/v1/programs",
        "/api/v1/mentorships",
        "/api/v1/roadmaps",
    ):
        with django_assert_max_num_queries(16):
            response = call("department_admin", "GET", path)
        assert response.status_code == 200, path
    with django_assert_max_num_queries(16):
        response = call(
            "department_admin",
            "GET",
            "/api/v1/register",
            year=records.year,
            quarter=records.quarter,
            municipality_id=world.municipality.pk,
        )
    assert response.status_code == 200
    assert response.json()["count"] >= 2


def test_the_docs_page_loads_only_our_own_files(world, client_for):
    content = client_for(world.mentee).get(reverse("api:docs")).content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in content
    assert "http://" not in content
    assert "https://" not in content
    schema = json.loads(client_for(None).get("/api/v1/openapi.json").content)
    assert "/api/v1/people" in schema["paths"]
