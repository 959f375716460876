"""Page speed and query counts: the demo district (baseline) against a district grown N times.

    python benchmarks/pages.py [--organizations 300] [--people-per-organization 40] [--repeat 15]

Builds a throw-away SQLite database, loads the demo district, times the main pages for each role
(median and 95th percentile over --repeat requests, through Django's test client, so no network),
then adds organizations and people with bulk inserts and times the same pages again. Lists paginate,
so the grown district must cost about the same per page: the ratio column says how much more.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "mentoring.settings"
    os.environ.setdefault("DJANGO_ENV", "test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _grow(organizations: int, people_per_organization: int) -> None:
    import datetime

    from django.contrib.auth.hashers import make_password

    from mentoring.accounts.models import Membership, Role, User
    from mentoring.organizations.models import Municipality, Organization, OrganizationKind

    municipality = Municipality.objects.get(code="brz")
    new_organizations = Organization.objects.bulk_create(
        Organization(
            municipality=municipality,
            kind=OrganizationKind.SCHOOL,
            full_name=f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n}»",
            short_name=f"МБОУ Школа № {n}",
            code=f"bench-school-{n}",
        )
        for n in range(organizations)
    )
    password = make_password("bench-password")
    roles = [Role.HEAD, Role.CURATOR] + [Role.MENTOR] * 10 + [Role.MENTEE] * 28
    for organization in new_organizations:
        users = User.objects.bulk_create(
            User(
                username=f"{organization.code}-{n}",
                last_name="Иванов",
                first_name="Иван",
                password=password,
            )
            for n in range(people_per_organization)
        )
        Membership.objects.bulk_create(
            Membership(
                user=user,
                organization=organization,
                role=roles[n % len(roles)],
                started_on=datetime.date(2021, 1, 11),
            )
            for n, user in enumerate(users)
        )


def _measure(repeat: int) -> dict[tuple[str, str], tuple[float, float, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from mentoring.accounts.models import User
    from mentoring.organizations.models import Organization

    school = Organization.objects.get(code="brz-school-1")
    mentee = User.objects.get(username="mentee1")
    pages = {
        "uo": ["home", "organizations:list", ("organizations:detail", school.pk), "accounts:user_list"],
        "curator1": ["home", ("organizations:detail", school.pk), "accounts:user_list"],
        "head1": [("accounts:user_detail", mentee.pk)],
        "mentee1": ["home", "profile"],
    }
    results: dict[tuple[str, str], tuple[float, float, int]] = {}
    for username, names in pages.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        for entry in names:
            name, args = (entry, []) if isinstance(entry, str) else (entry[0], [entry[1]])
            url = reverse(name, args=args)
            client.get(url)  # warm caches and the template loader
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
            timings.sort()
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            results[(username, name)] = (statistics.median(timings), p95, len(queries))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--organizations", type=int, default=300)
    parser.add_argument("--people-per-organization", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=15)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        _setup(Path(directory) / "bench.sqlite3")
        from mentoring.accounts.models import User
        from mentoring.demo.district import load_demo_district
        from mentoring.organizations.models import Organization

        load_demo_district()
        baseline_size = (Organization.objects.count(), User.objects.count())
        baseline = _measure(options.repeat)
        started = time.perf_counter()
        _grow(options.organizations, options.people_per_organization)
        grow_seconds = time.perf_counter() - started
        grown_size = (Organization.objects.count(), User.objects.count())
        grown = _measure(options.repeat)

    print(f"baseline: demo district, {baseline_size[0]} organizations, {baseline_size[1]} users")
    print(
        f"grown:    {grown_size[0]} organizations, {grown_size[1]} users (bulk insert {grow_seconds:.1f} s)"
    )
    print(f"{options.repeat} requests per page; times in ms (median / p95); queries per request\n")
    header = f"{'user':10} {'page':24} {'baseline':>16} {'grown':>16} {'ratio':>6} {'queries':>9}"
    print(header)
    print("-" * len(header))
    for key, (median, p95, queries) in baseline.items():
        grown_median, grown_p95, grown_queries = grown[key]
        print(
            f"{key[0]:10} {key[1]:24} {median:7.1f} / {p95:6.1f} {grown_median:7.1f} / {grown_p95:6.1f} "
            f"{grown_median / median:6.2f} {queries:>4} → {grown_queries:<3}"
        )


if __name__ == "__main__":
    main()
