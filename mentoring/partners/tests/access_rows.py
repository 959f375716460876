"""Rows of the access matrix for the partners pages (merged by common/tests/test_access_matrix.py).

Every agreement row works on an agreement of world.school with world.partner: the school's staff and
the department read it, so does the partner's representative (its organization is a party); the
school's head, curator and the department admin change it; mentors and mentees are not shown these
pages (403); everybody else gets 404.
"""

from typing import Any


def _agreement(world: Any) -> dict[str, Any]:
    from mentoring.partners.tests.factories import SMALL_PDF, make_agreement

    return {"pk": make_agreement(world.school, world.partner, by=world.curator, content=SMALL_PDF).pk}


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    everyone = sets["EVERYONE"]
    readers = sets["DEPARTMENT"] | sets["STAFF"]
    not_for_participants = frozenset({"mentor", "mentee"})
    agreement_readers = frozenset(
        {"superuser", "department_admin", "methodologist", "head", "curator", "partner_representative"}
    )
    agreement_keepers = frozenset({"superuser", "department_admin", "head", "curator"})
    outsiders = everyone - agreement_readers - not_for_participants
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

    def reader_row() -> Any:
        return Row(
            kwargs=_agreement, ok=agreement_readers, forbidden=not_for_participants, notfound=outsiders
        )

    def keeper_row(method: str = "GET") -> Any:
        return Row(
            kwargs=_agreement,
            method=method,
            ok=agreement_keepers,
            forbidden=not_for_participants | {"methodologist", "partner_representative"},
            notfound=outsiders,
        )

    return {
        "partners:list": Row(ok=readers, forbidden=not_for_participants),
        "partners:export": Row(ok=readers, forbidden=not_for_participants),
        "partners:agreement_list": Row(ok=readers, forbidden=not_for_participants),
        "partners:agreement_create": Row(ok=creators, forbidden=everyone - creators),
        "partners:agreement_detail": reader_row(),
        "partners:agreement_download": reader_row(),
        "partners:agreement_edit": keeper_row(),
        "partners:agreement_delete": keeper_row("POST"),
    }
