"""Rows of the access matrix for the document kinds, the documents registry and the incentive schemes
(merged by common/tests/test_access_matrix.py).

Every registry row works on a draft of world.school: its staff (head, curator) and the department
read it, its head, curator and the department admin change it; mentors and mentees are not shown the
registry at all (403); everybody else gets 404.
"""

from typing import Any

from mentoring.documents.models import DocumentKind


def _school_document(world: Any, **fields: Any) -> Any:
    from mentoring.documents.tests.factories import SMALL_PDF, make_document

    return make_document(world.school, by=world.curator, content=SMALL_PDF, **fields)


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    everyone = sets["EVERYONE"]
    readers = sets["DEPARTMENT"] | sets["STAFF"]
    keepers = frozenset({"superuser", "department_admin"})

    def municipal_kind(world: Any) -> dict[str, Any]:
        return {"pk": DocumentKind.objects.create(municipality=world.municipality, name="Протокол совета").pk}

    def document_pk(world: Any) -> dict[str, Any]:
        return {"pk": _school_document(world).pk}

    def linked_item(world: Any) -> dict[str, Any]:
        from mentoring.documents.tests.factories import make_roadmap_item

        document = _school_document(world)
        item = make_roadmap_item(world.school)
        document.roadmap_items.add(item)
        return {"pk": document.pk, "item_pk": item.pk}

    def school_pk(world: Any) -> dict[str, Any]:
        return {"organization_pk": world.school.pk}

    foreign = frozenset({"foreign_department_admin", "foreign_curator"})
    not_for_participants = frozenset({"mentor", "mentee"})
    school_readers = frozenset({"superuser", "department_admin", "methodologist", "head", "curator"})
    school_keepers = frozenset({"superuser", "department_admin", "head", "curator"})
    outsiders = everyone - school_readers - not_for_participants
    creators = frozenset(
        {
            "superuser",
            "department_admin",
            "methodologist",
            "head",
            "curator",
            "other_curator",
            "foreign_department_admin",
            "foreign_curator",
        }
    )

    def reader_row(kwargs: Any) -> Any:
        return Row(kwargs=kwargs, ok=school_readers, forbidden=not_for_participants, notfound=outsiders)

    def keeper_row(kwargs: Any, method: str = "GET", data: dict[str, str] | None = None) -> Any:
        return Row(
            kwargs=kwargs,
            method=method,
            data=data or {},
            ok=school_keepers,
            forbidden=not_for_participants | {"methodologist"},
            notfound=outsiders,
        )

    return {
        "documents:kinds": Row(ok=readers, forbidden=everyone - readers),
        "documents:kind_toggle": Row(
            method="POST",
            kwargs=municipal_kind,
            ok=keepers,
            forbidden=everyone - keepers - foreign,
            notfound=foreign,
        ),
        "documents:list": Row(ok=readers, forbidden=not_for_participants),
        "documents:create": Row(ok=creators, forbidden=everyone - creators),
        "documents:detail": reader_row(document_pk),
        "documents:download": reader_row(document_pk),
        "documents:edit": keeper_row(document_pk),
        "documents:delete": keeper_row(document_pk, "POST"),
        "documents:link_item": keeper_row(document_pk, "POST", {"item": "0"}),
        "documents:unlink_item": keeper_row(linked_item, "POST"),
        "documents:incentives": Row(ok=readers, forbidden=not_for_participants),
        "documents:incentive_detail": reader_row(school_pk),
        "documents:incentive_edit": keeper_row(school_pk),
        **_drafting_rows(Row, everyone, school_pk),
    }


def _drafting_rows(Row: Any, everyone: frozenset[str], school_pk: Any) -> dict[str, Any]:
    """Drafting documents from templates: the school's writers; the department's own templates."""
    writers = frozenset({"superuser", "department_admin", "head", "curator"})
    admins = frozenset({"superuser", "department_admin", "foreign_department_admin"})
    visible_but_not_writing = frozenset({"methodologist", "mentor", "mentee"})

    def draft_row(kwargs: Any) -> Any:
        return Row(
            kwargs=kwargs,
            ok=writers,
            forbidden=visible_but_not_writing,
            notfound=everyone - writers - visible_but_not_writing,
        )

    def admin_row(kwargs: Any = lambda world: {}, method: str = "GET") -> Any:
        return Row(kwargs=kwargs, method=method, ok=admins, forbidden=everyone - admins)

    regulation = lambda world: {"kind": "regulation"}  # noqa: E731
    school = lambda world: {"pk": school_pk(world)["organization_pk"]}  # noqa: E731
    return {
        "documents:generate_menu": draft_row(school),
        "documents:generate": draft_row(lambda world: {**school(world), "kind": "implementation_order"}),
        "documents:templates": admin_row(),
        "documents:template_download": admin_row(regulation),
        "documents:template_upload": admin_row(regulation, "POST"),
        "documents:template_reset": admin_row(regulation, "POST"),
    }
