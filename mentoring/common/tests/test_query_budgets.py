"""Every page answers with a number of database queries that does not grow with the data.

For every GET row of the access matrix the page is opened by a few of its ok personas (the
department's administrator, the school's head or curator, the mentor, the mentee, and an anonymous
visitor on public pages) three times: on the world as built, after `grow(world, 3)` and after growing by
3 more (6 of everything in all). A page whose count differs between 3 and 6 runs a query per row: an
N+1. The first growth is not compared with the bare world, because a list that becomes non-empty may
rightly ask one more query (a prefetch) once.

The world and its growth are built once per module (in one transaction rolled back at the end); each
page's own records (the row's kwargs, e.g. the pair a detail page shows) are made in a savepoint per
page and stage, and get one child of every kind per growth of 3 (see growth.enrich), so a detail
page's own lists grow too. The table of counts is printed (`-s`) and written to $QUERY_BUDGETS_TABLE if set.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.common.tests import growth
from mentoring.common.tests.personas import World, build_world
from mentoring.common.tests.test_access_matrix import MATRIX, Row
from mentoring.people.models import Person

pytestmark = pytest.mark.django_db

REPRESENTATIVES = ("department_admin", "head", "mentor", "mentee")
# Growth added before each measurement after the first; the counts of the last two must be equal.
STAGES = (0, 3, 3)

PAGES = sorted(name for name, row in MATRIX.items() if row.method == "GET")


def personas_of(row: Row) -> list[str]:
    """The ok personas a page is measured for: the representative ones it allows, the curator where
    the head may not, else the first allowed; an anonymous visitor on public pages."""
    chosen = [persona for persona in REPRESENTATIVES if persona in row.ok]
    if "head" not in row.ok and "curator" in row.ok:
        chosen.append("curator")
    if not chosen and row.ok:
        chosen.append(sorted(row.ok)[0])
    if row.public:
        chosen.append("anonymous")
    return chosen


@dataclass
class Measure:
    """What one persona got on one page at each stage: (status, number of queries)."""

    stages: list[tuple[int, int]] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)  # bytes of the answer: shows the page did grow
    queries: list[str] = field(default_factory=list)  # the SQL of the last stage, for the failure message


def _kwargs(world: World, row: Row) -> dict[str, Any]:
    """The row's own records. A row that gives the mentor or mentee persona a fresh pupil record clashes
    with the one growth made for them (one record per account): the grown one is let go for this page."""
    try:
        with transaction.atomic():
            return row.kwargs(world)
    except IntegrityError:
        Person.objects.filter(user__in=[world.mentor, world.mentee]).update(user=None)
        return row.kwargs(world)


def _get(client: Client, url: str) -> tuple[int, int, list[str]]:
    """The status, the size of the answer and the SQL a visit asked."""
    cache.clear()
    connection.queries_log.clear()  # a full log (9000 queries) would make every count zero
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        # A streamed export queries while it is read.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        transaction.set_rollback(True)
    return response.status_code, len(body), [query["sql"] for query in captured.captured_queries]


def _sessions(world: World) -> dict[str, str]:
    """A session of every measured persona, opened once: logging in is not what is measured."""
    sessions = {}
    for persona in sorted({p for name in PAGES for p in personas_of(MATRIX[name])} - {"anonymous"}):
        client = Client()
        client.force_login(world.persona(persona))
        sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def _measure_stage(
    world: World, sessions: dict[str, str], n: int, table: dict[tuple[str, str], Measure]
) -> None:
    # One client for every visit: a new one would load the middleware again (WhiteNoise scans the static files).
    client = Client()
    for url_name in PAGES:
        row = MATRIX[url_name]
        with transaction.atomic():
            since = growth.marker()
            url = reverse(url_name, kwargs=_kwargs(world, row))
            # The page's own records get one child of every kind per growth of 3.
            growth.enrich(world, n // 3, since)
            for persona in personas_of(row):
                client.cookies = SimpleCookie()
                if persona in sessions:
                    client.cookies[settings.SESSION_COOKIE_NAME] = sessions[persona]
                status, size, queries = _get(client, url)
                measure = table.setdefault((url_name, persona), Measure())
                measure.stages.append((status, len(queries)))
                measure.sizes.append(size)
                measure.queries = queries
            transaction.set_rollback(True)


def _table_text(table: dict[tuple[str, str], Measure]) -> str:
    lines = [f"{'page':45} {'persona':18} " + " ".join(f"grow{n:<3}" for n in _totals())]
    for (url_name, persona), measure in sorted(table.items()):
        counts = " ".join(f"{count:<7}" for _, count in measure.stages)
        flag = "" if len({count for _, count in measure.stages[1:]}) == 1 else "  <-- N+1"
        lines.append(f"{url_name:45} {persona:18} {counts}{flag} {measure.sizes}")
    return "\n".join(lines)


def _totals() -> list[int]:
    totals, grown = [], 0
    for n in STAGES:
        grown += n
        totals.append(grown)
    return totals


@pytest.fixture(scope="module")
def budgets(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> dict:
    table: dict[tuple[str, str], Measure] = {}
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        world = build_world()
        sessions = _sessions(world)
        for stage, n in enumerate(STAGES):
            growth.grow(world, n)
            _measure_stage(world, sessions, sum(STAGES[: stage + 1]), table)
        transaction.set_rollback(True)
    text = _table_text(table)
    print("\n" + text)
    if os.environ.get("QUERY_BUDGETS_TABLE"):
        with open(os.environ["QUERY_BUDGETS_TABLE"], "w", encoding="utf-8") as out:
            out.write(text + "\n")
    return table


@pytest.mark.parametrize("url_name", PAGES)
def test_a_page_asks_the_same_number_of_queries_however_much_data_there_is(url_name, budgets):
    problems = []
    for persona in personas_of(MATRIX[url_name]):
        measure = budgets[(url_name, persona)]
        statuses = {status for status, _ in measure.stages}
        counts = [count for _, count in measure.stages]
        if statuses != {200}:
            problems.append(f"{persona}: the page answered {sorted(statuses)}, not 200")
        elif counts[1] != counts[2]:
            last = "\n".join(measure.queries)
            problems.append(
                f"{persona}: {counts[1]} queries with 3 of everything, {counts[2]} with 6:\n{last}"
            )
    assert not problems, f"{url_name}: " + "\n".join(problems)
