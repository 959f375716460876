"""The dashboards-and-reports rows of the access matrix (mentoring/common/tests/test_access_matrix.py joins
them through mentoring/monitoring/tests/access_rows.py).

Dashboards and reports follow the register and the indicators: an organization's are for its head and
curator and the department of its municipality; the municipality's for its department; everybody else is
told they do not exist. Report templates are kept by the department administrator; anybody else is
refused (403), as with the templates of the roadmap documents.
"""

from __future__ import annotations

from typing import Any


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    def named(*names: str) -> frozenset[str]:
        return frozenset(names)

    everyone = sets["EVERYONE"]
    department = named("superuser", "department_admin", "methodologist")
    school = department | named("head", "curator")
    keepers = named("superuser", "department_admin", "foreign_department_admin")
    with_dashboard = named(
        "superuser",
        "department_admin",
        "methodologist",
        "foreign_department_admin",
        "head",
        "curator",
        "other_curator",
        "foreign_curator",
    )

    def municipality(world: Any, **extra: Any) -> dict[str, Any]:
        return {"pk": world.municipality.pk, **extra}

    def organization(world: Any, **extra: Any) -> dict[str, Any]:
        return {"pk": world.school.pk, **extra}

    def keeper_row(kwargs: Any = lambda world: {}, method: str = "GET") -> Any:
        return Row(kwargs=kwargs, method=method, ok=keepers, forbidden=everyone - keepers)

    return {
        "monitoring:dashboard_home": Row(ok=with_dashboard, notfound=everyone - with_dashboard),
        "monitoring:dashboard_municipality": Row(
            kwargs=municipality, ok=department, notfound=everyone - department
        ),
        "monitoring:dashboard_organization": Row(kwargs=organization, ok=school, notfound=everyone - school),
        "monitoring:report_municipality": Row(
            kwargs=lambda world: municipality(world, kind="municipal_note", fmt="xlsx"),
            ok=department,
            notfound=everyone - department,
        ),
        "monitoring:report_organization": Row(
            kwargs=lambda world: organization(world, kind="organization_note", fmt="xlsx"),
            ok=school,
            notfound=everyone - school,
        ),
        "monitoring:report_templates": keeper_row(),
        "monitoring:report_template_download": keeper_row(lambda world: {"kind": "municipal_note"}),
        "monitoring:report_template_upload": keeper_row(lambda world: {"kind": "municipal_note"}, "POST"),
        "monitoring:report_template_reset": keeper_row(lambda world: {"kind": "municipal_note"}, "POST"),
    }
