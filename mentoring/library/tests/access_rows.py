"""The library's rows of the access matrix (mentoring/common/tests/test_access_matrix.py joins them).

Every row works on a material kept inside world.school («только моя организация»): the school's own
people and the department see it, everybody else gets 404; it is changed by the school's head and
curator and by the department.
"""

from __future__ import annotations

from typing import Any


def _school_material(world: Any) -> dict[str, Any]:
    from mentoring.library.models import Visibility
    from mentoring.library.tests.factories import make_material

    material = make_material(
        organization=world.school,
        uploaded_by=world.curator,
        title="План мероприятий школы",
        visibility=Visibility.ORGANIZATION,
    )
    return {"pk": material.pk}


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    everyone = sets["EVERYONE"]
    adders = sets["DEPARTMENT"] | (sets["STAFF"] - {"partner_representative"})
    school = frozenset(
        {"superuser", "department_admin", "methodologist", "head", "curator", "mentor", "mentee"}
    )
    keepers = frozenset({"superuser", "department_admin", "methodologist", "head", "curator"})
    return {
        "library:list": Row(ok=everyone),
        "library:create": Row(ok=adders, forbidden=everyone - adders),
        "library:detail": Row(kwargs=_school_material, ok=school, notfound=everyone - school),
        "library:download": Row(kwargs=_school_material, ok=school, notfound=everyone - school),
        "library:edit": Row(
            kwargs=_school_material, ok=keepers, forbidden=school - keepers, notfound=everyone - school
        ),
        "library:delete": Row(
            kwargs=_school_material,
            method="POST",
            ok=keepers,
            forbidden=school - keepers,
            notfound=everyone - school,
        ),
    }
