"""The token pages and the API docs in the access matrix (mentoring/common/tests/test_access_matrix.py
joins them), with the Navigator exchange pages of mentoring/integrations/navigator."""

from __future__ import annotations

from typing import Any


def _mentee_token(world: Any) -> dict[str, Any]:
    from mentoring.api.services import api_token_create

    token, _ = api_token_create(user=world.mentee, name="скрипт", by=world.mentee)
    return {"pk": token.pk}


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    from mentoring.integrations.navigator.tests.access_rows import ROWS as navigator_rows

    everyone = sets["EVERYONE"]
    return {
        "api:tokens": Row(ok=everyone),
        "api:docs": Row(ok=everyone),
        # Only the owner revokes a token; for everybody else it does not exist.
        "api:token_revoke": Row(
            method="POST", kwargs=_mentee_token, ok=frozenset({"mentee"}), notfound=everyone - {"mentee"}
        ),
        **navigator_rows(Row=Row, sets=sets),
    }
