"""The read replica for reports (opt-in by REPORTS_DATABASE_URL): dashboards and справки read from it,
everything else and every write stays on the primary."""

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from mentoring.common.replica import ReportsRouter, reads_from_reports_replica, reports_replica
from mentoring.organizations.models import Municipality

ROOT = Path(__file__).resolve().parents[3]


def _databases(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REPORTS_DATABASE_URL"}}
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='mentoring.settings'; from django.conf import settings; "
        "print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS, settings.REPORTS_DATABASE_ALIAS)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_ENV": "development", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_without_a_replica_everything_reads_from_the_primary():
    assert _databases(DATABASE_URL="sqlite:////tmp/primary.sqlite3") == "['default'] [] None"


def test_a_replica_url_adds_the_reports_database_and_its_router():
    printed = _databases(
        DATABASE_URL="postgres://app@db1/mentoring", REPORTS_DATABASE_URL="postgres://reader@db2/mentoring"
    )
    assert printed == "['default', 'reports'] ['mentoring.common.replica.ReportsRouter'] reports"


def test_the_router_sends_only_the_reads_of_reports_to_the_replica(settings):
    router = ReportsRouter()
    settings.REPORTS_DATABASE_ALIAS = "reports"
    assert router.db_for_read(Municipality) is None
    with reports_replica():
        assert router.db_for_read(Municipality) == "reports"
        assert router.db_for_write(Municipality) is None
    assert router.db_for_read(Municipality) is None
    assert router.allow_migrate("reports", "organizations") is False
    assert router.allow_migrate("default", "organizations") is None
    settings.REPORTS_DATABASE_ALIAS = None
    with reports_replica():
        assert router.db_for_read(Municipality) is None


def test_the_municipal_dashboard_and_its_report_read_through_the_router(
    world, client_for, settings, monkeypatch
):
    asked: list[str | None] = []
    original = ReportsRouter.db_for_read

    def spy(self, model, **hints):
        answer = original(self, model, **hints)
        asked.append(answer)
        return answer

    monkeypatch.setattr(ReportsRouter, "db_for_read", spy)
    settings.DATABASE_ROUTERS = ["mentoring.common.replica.ReportsRouter"]
    settings.REPORTS_DATABASE_ALIAS = "default"  # the test's replica is the primary itself
    client = client_for(world.department_admin)
    page = client.get(reverse("monitoring:dashboard_municipality", args=[world.municipality.pk]))
    assert page.status_code == 200
    assert "default" in asked
    asked.clear()
    assert client.get(reverse("home")).status_code in (200, 302)
    assert "default" not in asked  # other pages read from the primary


def test_the_decorator_keeps_the_view_and_leaves_the_replica_after_it():
    @reads_from_reports_replica
    def view(value: int) -> str | None:
        """A view."""
        return ReportsRouter().db_for_read(Municipality)

    assert view.__doc__ == "A view."
    assert view(1) is None  # no replica configured
