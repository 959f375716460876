"""Rows of the access matrix for the roadmap pages (merged by common/tests/test_access_matrix.py)."""

from typing import Any

from mentoring.roadmaps.tests.factories import make_roadmap


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    def named(*names: str) -> frozenset[str]:
        return frozenset(names)

    everyone = sets["EVERYONE"]
    readers = sets["DEPARTMENT"] | sets["STAFF"]
    department = named("superuser", "department_admin", "methodologist", "foreign_department_admin")
    writers_anywhere = named(
        "superuser",
        "department_admin",
        "foreign_department_admin",
        "head",
        "curator",
        "other_curator",
        "foreign_curator",
    )
    writers = named("superuser", "department_admin", "head", "curator")
    school_readers = writers | named("methodologist")
    outsiders = everyone - school_readers

    def roadmap_pk(world: Any) -> dict[str, Any]:
        return {"pk": make_roadmap(world.school).pk}

    def submitted_pk(world: Any) -> dict[str, Any]:
        return {"pk": make_roadmap(world.school, status="submitted").pk}

    def ordered_pk(world: Any) -> dict[str, Any]:
        return {"pk": make_roadmap(world.school, with_order=True).pk}

    def item_pk(world: Any) -> dict[str, Any]:
        return {"pk": make_roadmap(world.school).items.first().pk}

    def checkpoint_pk(world: Any) -> dict[str, Any]:
        return {"pk": make_roadmap(world.school).items.get(number="2.1").checkpoints.first().pk}

    def writer_row(kwargs: Any, method: str = "GET", data: dict[str, str] | None = None) -> Any:
        return Row(
            kwargs=kwargs,
            method=method,
            data=data or {},
            ok=writers,
            forbidden=named("methodologist"),
            notfound=outsiders,
        )

    def department_row(kwargs: Any, data: dict[str, str] | None = None) -> Any:
        return Row(
            kwargs=kwargs,
            method="POST",
            data=data or {},
            ok=named("superuser", "department_admin", "methodologist"),
            forbidden=named("head", "curator"),
            notfound=outsiders,
        )

    return {
        "roadmaps:list": Row(ok=readers, forbidden=named("mentor", "mentee")),
        "roadmaps:create": Row(ok=writers_anywhere, forbidden=everyone - writers_anywhere),
        "roadmaps:control": Row(ok=department, forbidden=everyone - department),
        "roadmaps:detail": Row(kwargs=roadmap_pk, ok=school_readers, notfound=outsiders),
        "roadmaps:order_file": Row(kwargs=ordered_pk, ok=school_readers, notfound=outsiders),
        "roadmaps:export": Row(
            kwargs=lambda world: {**roadmap_pk(world), "fmt": "docx"}, ok=school_readers, notfound=outsiders
        ),
        "roadmaps:item_add": writer_row(roadmap_pk),
        "roadmaps:item_edit": writer_row(item_pk),
        "roadmaps:item_delete": writer_row(item_pk, "POST"),
        "roadmaps:checkpoint_toggle": writer_row(checkpoint_pk, "POST", {"done": "1"}),
        "roadmaps:submit": writer_row(roadmap_pk, "POST"),
        "roadmaps:approve": writer_row(roadmap_pk, "POST", {"order_number": "1", "order_date": "01.02.2026"}),
        "roadmaps:endorse": department_row(submitted_pk),
        "roadmaps:return": department_row(submitted_pk, {"remarks": "Уточните сроки."}),
    }
