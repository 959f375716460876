"""Every API operation against a token of every persona: the same access matrix as the web pages.

The test walks the ninja routers themselves, so an operation added later without a row in API_MATRIX
fails `test_every_api_operation_has_a_row`. A persona in `ok` gets 2xx, in `forbidden` 403, in
`notfound` 404; a request without a token gets 401 in every case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction

from mentoring.api.api import api
from mentoring.api.tests.fixtures import Records, build_records
from mentoring.common.tests.test_access_matrix import LOGGED_IN, PERSONAS

EVERYONE = frozenset(LOGGED_IN)
DEPARTMENT = frozenset({"superuser", "department_admin", "methodologist", "foreign_department_admin"})
STAFF = frozenset({"head", "curator", "partner_representative", "other_curator", "foreign_curator"})
PARTICIPANTS = frozenset({"mentor", "mentee"})
OWN_SCHOOL = frozenset(
    {"superuser", "department_admin", "methodologist", "head", "curator", "mentor", "mentee"}
)
SCHOOL_KEEPERS = frozenset({"superuser", "department_admin", "head", "curator"})
MUNICIPAL_DEPARTMENT = frozenset({"superuser", "department_admin", "methodologist"})


@dataclass
class ApiRow:
    path: Callable[[Any, Records], str]
    ok: frozenset[str]
    forbidden: frozenset[str] = frozenset()
    body: Callable[[Any, Records], dict[str, Any]] | None = None
    query: Callable[[Any, Records], dict[str, Any]] = field(default=lambda w, r: {})

    @property
    def notfound(self) -> frozenset[str]:
        return EVERYONE - self.ok - self.forbidden


def _person_row(world: Any, records: Records) -> dict[str, Any]:
    return {
        "organization_id": world.school.pk,
        "rows": [
            {
                "last_name": "Новикова",
                "first_name": "Дарья",
                "birth_date": "2013-04-02",
                "category": "Обучающийся",
                "school_class": "6Б",
                "role": "наставляемый",
            }
        ],
    }


API_MATRIX: dict[str, ApiRow] = {
    "GET /organizations": ApiRow(
        path=lambda w, r: "/api/v1/organizations", ok=DEPARTMENT | STAFF, forbidden=PARTICIPANTS
    ),
    "GET /organizations/{pk}": ApiRow(
        path=lambda w, r: f"/api/v1/organizations/{w.school.pk}", ok=OWN_SCHOOL
    ),
    "GET /people": ApiRow(path=lambda w, r: "/api/v1/people", ok=DEPARTMENT | STAFF, forbidden=PARTICIPANTS),
    "GET /people/{pk}": ApiRow(path=lambda w, r: f"/api/v1/people/{r.pupil.pk}", ok=OWN_SCHOOL - {"mentor"}),
    "POST /people": ApiRow(
        path=lambda w, r: "/api/v1/people",
        body=_person_row,
        ok=SCHOOL_KEEPERS,
        forbidden=frozenset({"methodologist", "mentor", "mentee"}),
    ),
    "GET /programs": ApiRow(
        path=lambda w, r: "/api/v1/programs", ok=DEPARTMENT | STAFF, forbidden=PARTICIPANTS
    ),
    "GET /programs/{pk}": ApiRow(path=lambda w, r: f"/api/v1/programs/{r.program.pk}", ok=OWN_SCHOOL),
    "GET /mentorships": ApiRow(path=lambda w, r: "/api/v1/mentorships", ok=EVERYONE),
    "GET /mentorships/{pk}": ApiRow(path=lambda w, r: f"/api/v1/mentorships/{r.pair.pk}", ok=OWN_SCHOOL),
    "GET /mentorships/{pk}/meetings": ApiRow(
        path=lambda w, r: f"/api/v1/mentorships/{r.pair.pk}/meetings", ok=OWN_SCHOOL
    ),
    "POST /mentorships/{pk}/meetings": ApiRow(
        path=lambda w, r: f"/api/v1/mentorships/{r.pair.pk}/meetings",
        body=lambda w, r: {"kind": "planning", "starts_at": "2099-03-01T15:00:00+03:00", "topic": "План"},
        ok=SCHOOL_KEEPERS | {"mentor"},
        forbidden=frozenset({"methodologist", "mentee"}),
    ),
    "POST /meetings/{pk}/held": ApiRow(
        path=lambda w, r: f"/api/v1/meetings/{r.planned.pk}/held",
        body=lambda w, r: {"attended_person_ids": [r.pupil.pk]},
        ok=SCHOOL_KEEPERS | {"mentor"},
        forbidden=frozenset({"methodologist", "mentee"}),
    ),
    "POST /meetings/{pk}/feedback": ApiRow(
        path=lambda w, r: f"/api/v1/meetings/{r.held.pk}/feedback",
        body=lambda w, r: {"author_person_id": r.pupil.pk, "usefulness": 9, "comfort": 8, "clarity": 7},
        ok=SCHOOL_KEEPERS | {"mentee"},
        # The methodologist reads the pair and the pupil but writes nobody's feedback; the mentor does
        # not see the pupil's record at all (404, as on the site).
        forbidden=frozenset({"methodologist"}),
    ),
    "GET /roadmaps": ApiRow(
        path=lambda w, r: "/api/v1/roadmaps", ok=DEPARTMENT | STAFF, forbidden=PARTICIPANTS
    ),
    "GET /roadmaps/{pk}": ApiRow(
        path=lambda w, r: f"/api/v1/roadmaps/{r.roadmap.pk}", ok=SCHOOL_KEEPERS | {"methodologist"}
    ),
    "PATCH /roadmap-items/{pk}": ApiRow(
        path=lambda w, r: f"/api/v1/roadmap-items/{r.roadmap.items.first().pk}",
        body=lambda w, r: {"status": "in_progress", "comment": "Работаем"},
        ok=SCHOOL_KEEPERS,
        forbidden=frozenset({"methodologist"}),
    ),
    "GET /indicators": ApiRow(
        path=lambda w, r: "/api/v1/indicators",
        query=lambda w, r: {"year": r.year, "municipality_id": w.municipality.pk},
        ok=MUNICIPAL_DEPARTMENT,
    ),
    "GET /register": ApiRow(
        path=lambda w, r: "/api/v1/register",
        query=lambda w, r: {"year": r.year, "quarter": r.quarter, "municipality_id": w.municipality.pk},
        ok=MUNICIPAL_DEPARTMENT,
    ),
}


def api_operations() -> list[str]:
    """Every operation of every router mounted on the API, as "METHOD /path" (without /api/v1)."""
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    clean = re.sub(r"{(?:int:)?(\w+)}", r"{\1}", path)
                    found.append(f"{method} {prefix}{clean}")
    return sorted(found)


def test_every_api_operation_has_a_row():
    operations = api_operations()
    assert len(operations) >= 16
    missing = sorted(set(operations) - set(API_MATRIX))
    assert missing == [], f"add these operations to API_MATRIX: {missing}"
    stale = sorted(set(API_MATRIX) - set(operations))
    assert stale == [], f"API_MATRIX names operations that no longer exist: {stale}"


def test_every_api_row_decides_every_persona_once():
    for name, row in API_MATRIX.items():
        assert not (row.ok & row.forbidden), name


@pytest.mark.parametrize("operation", sorted(API_MATRIX))
def test_api_access(operation, world, call):
    """One operation against every persona's token; each call runs in a savepoint rolled back after."""
    row = API_MATRIX[operation]
    records = build_records(world)
    method = operation.split()[0]
    problems = []
    for persona in PERSONAS:
        with transaction.atomic():
            path = row.path(world, records)
            body = row.body(world, records) if row.body else None
            if method == "GET":
                response = call(persona, "GET", path, **row.query(world, records))
            else:
                response = call(persona, method, path, json=body)
            expected = (
                "401"
                if persona == "anonymous"
                else "2xx"
                if persona in row.ok
                else "403"
                if persona in row.forbidden
                else "404"
            )
            status = response.status_code
            good = (200 <= status < 300) if expected == "2xx" else str(status) == expected
            if not good:
                problems.append(
                    f"{persona}: ожидалось {expected}, получено {status} {response.content[:300]!r}"
                )
            elif status >= 400:
                body_json = response.json()
                assert set(body_json) == {"detail", "errors"}, body_json
                assert re.search("[а-яА-Я]", body_json["detail"]), body_json
            transaction.set_rollback(True)
    assert not problems, f"{operation}: " + "; ".join(problems)
