"""PostgreSQL plans of the pages the load test walks, on the region made by `generate_region`.

    python benchmarks/plans.py --database-url postgres://…/mentoring_region [--top 12]

Opens each page as the account the load test would use (Django's test client, no server), records its
queries, runs EXPLAIN (ANALYZE, BUFFERS) on every SELECT and prints, per page, the query count and the
slowest queries with their time, the rows they read and whether the plan scans a big table sequentially.
Read-only: the pages are GETs and every EXPLAIN ANALYZE runs inside a transaction rolled back afterwards.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

# MENTORING_ROOT: the checkout whose code is measured (benchmarks/load_compare.sh runs an earlier commit's).
ROOT = Path(os.environ.get("MENTORING_ROOT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)[^\n]*rows=(\d+)[^\n]*\(actual[^\n]*rows=(\d+)")
EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")
# A sequential scan of a table this big on a page is worth an index.
BIG_TABLE_ROWS = 20_000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--top", type=int, default=5, help="сколько самых медленных запросов страницы показать"
    )
    arguments = parser.parse_args()
    if not arguments.database_url.startswith("postgres"):
        raise SystemExit("Планы запросов смотрят на PostgreSQL: --database-url postgres://…")
    os.environ["DATABASE_URL"] = arguments.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
    os.environ["DJANGO_ENV"] = "test"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.load import _pick_accounts

    accounts = _pick_accounts(arguments.database_url)
    from mentoring.accounts.models import User

    curator, organization_id, pairs = accounts.curators[0]
    mentor, mentor_pair = accounts.mentors[0] if accounts.mentors else (None, None)
    pages: list[tuple[str, str, str]] = [
        (curator, "Пары и группы (список)", "/mentorships/"),
        (curator, "Базы (список)", "/people/"),
        (curator, "Программы (список)", "/programs/"),
        (curator, "Карточка пары", f"/mentorships/{pairs[0]}/"),
        (curator, "Панель организации", f"/monitoring/organizations/{organization_id}/dashboard/"),
        (accounts.department, "Организации (список)", "/organizations/"),
        (
            accounts.department,
            "Панель муниципалитета",
            f"/monitoring/municipalities/{accounts.municipality_id}/dashboard/",
        ),
        (
            accounts.department,
            "Показатели",
            f"/monitoring/municipalities/{accounts.municipality_id}/indicators/",
        ),
    ]
    if mentor:
        pages += [
            (mentor, "Мои встречи", "/mentorships/my/"),
            (mentor, "Форма встречи", f"/mentorships/{mentor_pair}/meetings/new/"),
        ]

    print(f"{'страница':28} {'запросов':>8} {'в базе, мс':>10}  самые медленные запросы")
    for login, title, path in pages:
        client = Client()
        client.force_login(User.objects.get(username=login))
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        selects = [
            q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
        ]
        timings = []
        for sql in selects:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                transaction.set_rollback(True)
            found = EXECUTION.search(plan)
            milliseconds = float(found.group(1)) if found else 0.0
            big_scans = [
                f"{t}({actual})" for t, _, actual in SEQ_SCAN.findall(plan) if int(actual) >= BIG_TABLE_ROWS
            ]
            timings.append((milliseconds, big_scans, sql))
        timings.sort(reverse=True)
        total = sum(t[0] for t in timings)
        print(f"{title:28} {len(captured.captured_queries):8d} {total:10.1f}  (ответ {status})")
        for milliseconds, big_scans, sql in timings[: arguments.top]:
            scans = f" SEQ SCAN {', '.join(big_scans)}" if big_scans else ""
            print(f"    {milliseconds:8.1f} мс{scans}  {sql[:160]}")


if __name__ == "__main__":
    main()
