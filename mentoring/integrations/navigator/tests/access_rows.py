"""The Navigator exchange pages in the access matrix: the department administrator's (and the
superuser's) only; everybody else is refused."""

from __future__ import annotations

from typing import Any


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    everyone = sets["EVERYONE"]
    admins = frozenset({"superuser", "department_admin", "foreign_department_admin"})
    return {
        "navigator:exchange": Row(ok=admins, forbidden=everyone - admins),
        "navigator:import": Row(ok=admins, forbidden=everyone - admins),
        "navigator:export": Row(
            kwargs=lambda world: {"pk": world.municipality.pk, "fmt": "json"},
            ok=frozenset({"superuser", "department_admin"}),
            forbidden=everyone - admins,
            notfound=frozenset({"foreign_department_admin"}),
        ),
        # A token of somebody else's upload (or none at all) is unknown to everybody.
        "navigator:import_apply": Row(
            method="POST", kwargs=lambda world: {"token": "not-yours"}, notfound=everyone
        ),
    }
