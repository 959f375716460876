"""The monitoring rows of the access matrix (mentoring/common/tests/test_access_matrix.py joins them):
the register, the indicators, the targets and the contingent (this file), and the dashboards and reports
(tests/dashboard_access_rows.py, merged here when it exists).

Everything is in world.municipality: a pair of world.school in its register snapshot. The department
(administrator, methodologist) sees the municipality's pages; world.school's head and curator see the
school's pages, and the rows of a snapshot that concern their own organization (other_curator too: an
empty list of their school's rows). Everybody else is told the page does not exist.
"""

from __future__ import annotations

import datetime
import importlib
from typing import Any


def _snapshot(world: Any) -> dict[str, Any]:
    from mentoring.monitoring.models import SnapshotReason
    from mentoring.monitoring.services import snapshot_take
    from mentoring.monitoring.tests.factories import mentorship, person, program

    mentorship(program(world.school), person(world.school, grade=10), [person(world.school)])
    snapshot = snapshot_take(
        municipality=world.municipality, year=2025, quarter=4, reason=SnapshotReason.QUARTER_END, by=None
    )
    return {"pk": snapshot.pk}


def _first_indicator() -> int:
    from mentoring.monitoring.models import Indicator

    return Indicator.objects.get(code="1").pk


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    def named(*names: str) -> frozenset[str]:
        return frozenset(names)

    everyone = sets["EVERYONE"]
    department = named("superuser", "department_admin", "methodologist")
    keepers_everywhere = sets["DEPARTMENT"] | named("head", "curator", "other_curator", "foreign_curator")
    school = department | named("head", "curator")
    snapshot_readers = school | named("other_curator")
    this_year = datetime.date.today().year

    def municipality(world: Any) -> dict[str, Any]:
        return {"pk": world.municipality.pk}

    def the_school(world: Any) -> dict[str, Any]:
        return {"pk": world.school.pk}

    rows = {
        "monitoring:home": Row(ok=keepers_everywhere, forbidden=everyone - keepers_everywhere),
        "monitoring:register": Row(kwargs=municipality, ok=department, notfound=everyone - department),
        "monitoring:snapshot_take": Row(
            kwargs=municipality,
            method="POST",
            data={"year": str(this_year), "quarter": "1", "note": "проверка"},
            ok=department,
            notfound=everyone - department,
        ),
        "monitoring:organization_register": Row(kwargs=the_school, ok=school, notfound=everyone - school),
        "monitoring:snapshot_detail": Row(
            # The other school's curator reads the snapshot's page but none of its people.
            audit=snapshot_readers - {"other_curator"},
            kwargs=_snapshot,
            ok=snapshot_readers,
            notfound=everyone - snapshot_readers,
        ),
        "monitoring:snapshot_export": Row(
            kwargs=_snapshot, ok=snapshot_readers, notfound=everyone - snapshot_readers
        ),
        "monitoring:indicators": Row(kwargs=municipality, ok=department, notfound=everyone - department),
        "monitoring:indicator_people": Row(
            kwargs=lambda world: {"pk": world.municipality.pk, "indicator": _first_indicator()},
            ok=department,
            notfound=everyone - department,
        ),
        "monitoring:organization_indicators": Row(kwargs=the_school, ok=school, notfound=everyone - school),
        "monitoring:organization_indicator_people": Row(
            kwargs=lambda world: {"pk": world.school.pk, "indicator": _first_indicator()},
            ok=school,
            notfound=everyone - school,
        ),
        "monitoring:targets": Row(kwargs=municipality, ok=department, notfound=everyone - department),
        "monitoring:contingent_list": Row(kwargs=municipality, ok=department, notfound=everyone - department),
        "monitoring:contingent_edit": Row(
            kwargs=lambda world: {"pk": world.school.pk, "year": this_year},
            ok=school,
            notfound=everyone - school,
        ),
    }
    try:
        dashboard_access_rows = importlib.import_module("mentoring.monitoring.tests.dashboard_access_rows")
    except ModuleNotFoundError as error:  # the dashboards' rows are not written yet
        if error.name != "mentoring.monitoring.tests.dashboard_access_rows":
            raise
        return rows
    return {**rows, **dashboard_access_rows.ROWS(Row=Row, sets=sets)}
