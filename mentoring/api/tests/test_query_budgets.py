"""Every read operation of the API asks the same number of queries however much data there is.

As for the pages (mentoring/common/tests/test_query_budgets.py): each GET operation of API_MATRIX is
called with the token of a few of its ok personas on the world as built, after `grow(world, 3)` and
after growing by 3 more; the records the operations name (the pupil, the pair, the program, the roadmap)
get one more child of every kind at each growth (growth.enrich). The counts after 3 and after 6 must be
equal: a difference is a query per listed row.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from mentoring.api.services import api_token_create
from mentoring.api.tests.fixtures import build_records
from mentoring.api.tests.test_api_matrix import API_MATRIX, ApiRow
from mentoring.common.tests import growth
from mentoring.common.tests.personas import build_world

pytestmark = pytest.mark.django_db

REPRESENTATIVES = ("department_admin", "head", "mentor", "mentee")
STAGES = (0, 3, 3)
OPERATIONS = sorted(name for name in API_MATRIX if name.startswith("GET "))


def personas_of(row: ApiRow) -> list[str]:
    chosen = [persona for persona in REPRESENTATIVES if persona in row.ok]
    if "head" not in row.ok and "curator" in row.ok:
        chosen.append("curator")
    return chosen or sorted(row.ok)[:1]


def _call(client: Client, token: str, path: str, query: dict[str, Any]) -> tuple[int, list[str]]:
    cache.clear()  # the rate limit's counters live in the cache
    connection.queries_log.clear()
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        response = client.get(path, query, headers={"Authorization": f"Bearer {token}"})
        transaction.set_rollback(True)
    return response.status_code, [query["sql"] for query in captured.captured_queries]


@pytest.fixture(scope="module")
def budgets(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> dict:
    table: dict[tuple[str, str], dict[str, Any]] = {}
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            API_RATE_LIMIT="100000/m",
            API_AUTH_FAILURE_LIMIT=100000,
        ),
        transaction.atomic(),
    ):
        world = build_world()
        since = growth.marker()
        records = build_records(world)
        personas = {persona for name in OPERATIONS for persona in personas_of(API_MATRIX[name])}
        tokens = {
            persona: api_token_create(user=world.persona(persona), name="замер", by=world.persona(persona))[1]
            for persona in personas
        }
        client = Client()
        grown = 0
        for n in STAGES:
            growth.grow(world, n)
            grown += n
            growth.enrich(world, 1 if n else 0, since)
            for name in OPERATIONS:
                row = API_MATRIX[name]
                path, query = row.path(world, records), row.query(world, records)
                for persona in personas_of(row):
                    status, queries = _call(client, tokens[persona], path, query)
                    measure = table.setdefault((name, persona), {"stages": [], "queries": []})
                    measure["stages"].append((status, len(queries)))
                    measure["queries"] = queries
        transaction.set_rollback(True)
    lines = [f"{'operation':32} {'persona':18} grow0   grow3   grow6"]
    for (name, persona), measure in sorted(table.items()):
        lines.append(f"{name:32} {persona:18} " + " ".join(f"{count:<7}" for _, count in measure["stages"]))
    print("\n" + "\n".join(lines))
    if os.environ.get("QUERY_BUDGETS_TABLE"):
        with open(os.environ["QUERY_BUDGETS_TABLE"] + ".api", "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    return table


@pytest.mark.parametrize("operation", OPERATIONS)
def test_an_api_read_asks_the_same_number_of_queries_however_much_data_there_is(operation, budgets):
    problems = []
    for persona in personas_of(API_MATRIX[operation]):
        measure = budgets[(operation, persona)]
        statuses = {status for status, _ in measure["stages"]}
        counts = [count for _, count in measure["stages"]]
        if statuses != {200}:
            problems.append(f"{persona}: the operation answered {sorted(statuses)}, not 200")
        elif counts[1] != counts[2]:
            sql = "\n".join(measure["queries"])
            problems.append(
                f"{persona}: {counts[1]} queries with 3 of everything, {counts[2]} with 6:\n{sql}"
            )
    assert not problems, f"{operation}: " + "\n".join(problems)
