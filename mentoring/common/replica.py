"""Reports and dashboards read from a read replica when one is configured (docs/deployment.md).

Opt-in: with `REPORTS_DATABASE_URL` set, settings add the `reports` database and this router; the views
of dashboards and справки run under `reports_replica()` and every read inside goes to the replica,
while writes (the personal-data access log, for one) still go to the primary. Without the setting
nothing changes: everything reads from the primary.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.conf import settings

_reading_reports: ContextVar[bool] = ContextVar("reading_reports", default=False)

P = ParamSpec("P")
R = TypeVar("R")


def reports_alias() -> str | None:
    """The database the reports read from, None when they read from the primary."""
    return getattr(settings, "REPORTS_DATABASE_ALIAS", None)


@contextmanager
def reports_replica() -> Iterator[None]:
    """Reads inside go to the reports database, if there is one."""
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


def reads_from_reports_replica(view: Callable[P, R]) -> Callable[P, R]:
    """A view whose reads go to the reports database, if there is one."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with reports_replica():
            return view(*args, **kwargs)

    return wrapped


class ReportsRouter:
    """Sends the reads of `reports_replica()` blocks to the reports database; everything else, and
    every write and migration, is left to the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        return reports_alias() if _reading_reports.get() else None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary: an object read from one may point to the other.
        databases = {"default", reports_alias()}
        return True if {obj1._state.db, obj2._state.db} <= databases else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == reports_alias() and db != "default" else None
