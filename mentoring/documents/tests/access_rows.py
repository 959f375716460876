"""Rows of the access matrix for the document kinds (merged by common/tests/test_access_matrix.py)."""

from typing import Any

from mentoring.documents.models import DocumentKind


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    everyone = sets["EVERYONE"]
    readers = sets["DEPARTMENT"] | sets["STAFF"]
    keepers = frozenset({"superuser", "department_admin"})

    def municipal_kind(world: Any) -> dict[str, Any]:
        return {"pk": DocumentKind.objects.create(municipality=world.municipality, name="Протокол совета").pk}

    foreign = frozenset({"foreign_department_admin", "foreign_curator"})
    return {
        "documents:kinds": Row(ok=readers, forbidden=everyone - readers),
        "documents:kind_toggle": Row(
            method="POST",
            kwargs=municipal_kind,
            ok=keepers,
            forbidden=everyone - keepers - foreign,
            notfound=foreign,
        ),
    }
