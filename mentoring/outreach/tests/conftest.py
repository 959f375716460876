import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_portal_pages_from_other_tests():
    # The portal keeps rendered pages in the cache: a page of an earlier test must not answer for this one.
    cache.clear()
    yield
    cache.clear()
