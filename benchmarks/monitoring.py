"""The municipal dashboard and the municipal справка over a region against a district, side by side.

    python benchmarks/monitoring.py [--organizations 1000] [--people 300000] [--mentorships people/3]
                                    [--district 30] [--repeat 3]

Builds a throw-away SQLite database with two municipalities of the synthetic region that
`manage.py generate_region` makes (mentoring/demo/region.py): a district (--district schools, people and
pairs in the same proportion) as the baseline, and a region (by default 1 000 organizations, 300 000
people, 100 000 pairs and groups in every status) with programs, meetings, feedback, answers, contingents,
roadmaps and four quarters of register snapshots. All rows go in with bulk inserts.

Then measures, for each municipality: the figures of the municipal dashboard (dashboards.dashboard and
the first page of the organizations' table), the whole page through Django's test client (charts drawn
to SVG, queries counted), and the municipal справка (6.2) as DOCX with its charts and the table of every
organization; and the XLSX of the register (the year's snapshots, newest first, up to 200 000 rows,
written the way the download is: values in chunks, openpyxl write-only, into a temporary file). Times are the median of --repeat runs; peak memory is measured in a separate run under
tracemalloc (Python allocations, which is what grows with the data). The ratio column says how much
more the region costs than the district.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEAR, QUARTER = 2025, 3
SEED = 11
EXPORT_ROWS = 200_000
EXPORTED: list[int] = []  # rows of the register XLSX, district then region


def _setup(directory: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(directory / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "mentoring.settings"
    os.environ.setdefault("DJANGO_ENV", "test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _municipality(code: str, name: str, organizations: int, people: int, mentorships: int) -> object:
    """One municipality of the synthetic region (mentoring.demo.region), returned with its administrator."""
    from mentoring.demo.region import generate_region

    region = generate_region(
        organizations=organizations,
        people=people,
        mentorships=mentorships,
        municipalities=1,
        seed=SEED,
        year=YEAR,
        code=code,
        names=[name],
        progress=lambda message: print(f"  {name}: {message}", file=sys.stderr),
    )
    return region.municipalities[0], region.admins[0]


def _timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median seconds over `repeat` runs, and the peak of Python allocations (MiB) in one more run."""
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(seconds), peak / 2**20


def _measure(municipality: object, admin: object, repeat: int) -> dict[str, tuple[float, float, int]]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from mentoring.monitoring import dashboards, reports
    from mentoring.monitoring.models import ReportKind

    def figures() -> object:
        board = dashboards.dashboard(municipality=municipality, year=YEAR, quarter=QUARTER)  # type: ignore[arg-type]
        first_page = list(dashboards.dashboard_organizations(municipality)[:25])  # type: ignore[arg-type]
        return board, dashboards.organization_rows(municipality, board.period, first_page)  # type: ignore[arg-type]

    client = Client()
    client.force_login(admin)
    url = (
        reverse("monitoring:dashboard_municipality", args=[municipality.pk])
        + f"?year={YEAR}&quarter={QUARTER}"
    )  # type: ignore[attr-defined]

    def page() -> object:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response

    def note() -> bytes:
        data = reports.report_data(
            ReportKind.MUNICIPAL_NOTE,
            municipality=municipality,
            year=YEAR,
            quarter=QUARTER,  # type: ignore[arg-type]
        )
        return reports.generate_docx(data)

    from mentoring.monitoring.exporting import export_register_xlsx
    from mentoring.monitoring.models import RegisterEntry

    # The snapshots of the year, newest first, in the download's order, up to EXPORT_ROWS rows.
    entries = (
        RegisterEntry.objects.filter(snapshot__municipality=municipality, snapshot__year=YEAR).order_by(
            "-snapshot__quarter",
            "organization__short_name",
            "role",
            "person__last_name",
            "person__first_name",
            "id",
        )
    )[:EXPORT_ROWS]
    EXPORTED.append(entries.count())

    def export() -> int:
        with tempfile.TemporaryFile() as target:
            export_register_xlsx(target, entries, municipality="Регион", description="III квартал")  # type: ignore[arg-type]
            return target.tell()

    results = {}
    for name, action in (
        ("dashboard figures", figures),
        ("dashboard page", page),
        ("municipal справка DOCX", note),
        ("register snapshot XLSX", export),
    ):
        with CaptureQueriesContext(connection) as captured:
            action()
        queries = len(captured)
        reset_queries()
        seconds, peak = _timed(action, repeat)
        results[name] = (seconds, peak, queries)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--organizations", type=int, default=1000)
    parser.add_argument("--people", type=int, default=300_000)
    parser.add_argument("--mentorships", type=int, help="pairs and groups (a third of the people by default)")
    parser.add_argument("--district", type=int, default=30, help="schools of the baseline district")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    options.mentorships = options.mentorships or options.people // 3
    scale = options.district / options.organizations
    with tempfile.TemporaryDirectory() as directory:
        _setup(Path(directory))
        started = time.perf_counter()
        district = _municipality(
            "bench-district",
            "Район (базовый)",
            options.district,
            round(options.people * scale),
            round(options.mentorships * scale),
        )
        region = _municipality(
            "bench-region", "Регион", options.organizations, options.people, options.mentorships
        )
        built = time.perf_counter() - started
        baseline = _measure(*district, options.repeat)
        grown = _measure(*region, options.repeat)

    print(
        f"district: {options.district} schools, {round(options.people * scale)} people, "
        f"{round(options.mentorships * scale)} pairs; region: {options.organizations} schools, {options.people} people, "
        f"{options.mentorships} pairs (generate_region, built in {built:.0f} s)"
    )
    print(f"register snapshot XLSX rows: district {EXPORTED[0]}, region {EXPORTED[1]}")
    print(f"median of {options.repeat} runs; peak = Python allocations under tracemalloc\n")
    header = f"{'what':24} {'district s':>10} {'region s':>9} {'ratio':>6} {'district MiB':>12} {'region MiB':>10} {'queries':>9}"
    print(header)
    print("-" * len(header))
    for name, (seconds, peak, queries) in baseline.items():
        region_seconds, region_peak, region_queries = grown[name]
        print(
            f"{name:24} {seconds:10.2f} {region_seconds:9.2f} {region_seconds / seconds:6.1f} "
            f"{peak:12.1f} {region_peak:10.1f} {queries:>4} → {region_queries:<3}"
        )


if __name__ == "__main__":
    main()
