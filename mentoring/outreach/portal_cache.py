"""The rendered pages of the public portal kept in Django's cache for a short time.

Each municipality has a version number in the cache; every change the portal shows (branding, news,
contacts, events) moves it on, so the next visitor gets a freshly rendered page. What other apps change
(a consent withdrawn, a program no longer shared) reaches the portal when the short timeout passes.
"""

from __future__ import annotations

import time

from django.core.cache import cache

PAGE_TIMEOUT_SECONDS = 60
_VERSION_TIMEOUT_SECONDS = 60 * 60 * 24


def _version_key(municipality_id: int) -> str:
    return f"outreach:portal:{municipality_id}:version"


def portal_version(municipality_id: int) -> int:
    version = cache.get(_version_key(municipality_id))
    if version is None:
        version = time.time_ns()
        cache.set(_version_key(municipality_id), version, _VERSION_TIMEOUT_SECONDS)
    return int(version)


def portal_changed(municipality_id: int) -> None:
    """Forgets every cached page of the municipality's portal."""
    cache.set(_version_key(municipality_id), time.time_ns(), _VERSION_TIMEOUT_SECONDS)


def page_key(municipality_id: int, name: str) -> str:
    return f"outreach:portal:{municipality_id}:{portal_version(municipality_id)}:{name}"
