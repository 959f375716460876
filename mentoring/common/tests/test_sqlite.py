import pytest
from django.db import connection

from mentoring.common.sqlite import unicode_like
from mentoring.organizations.models import Organization


@pytest.mark.parametrize(
    ("pattern", "value", "escape", "expected"),
    [
        ("%мбоу%", "МБОУ Сеченовская СШ", None, True),
        ("%ЁЛКА%", "ёлка", None, True),
        ("школа_1", "Школа№1", None, True),
        ("%100\\%%", "скидка 100%", "\\", True),
        ("%100\\%%", "скидка 1000", "\\", False),
        ("%a%", None, None, None),
    ],
)
def test_like_folds_cyrillic_case_and_honours_wildcards(pattern, value, escape, expected):
    assert unicode_like(pattern, value, escape) is expected


def test_searching_lowercase_cyrillic_finds_uppercase_names_on_any_database(world):
    assert connection.vendor in {"sqlite", "postgresql"}
    found = Organization.objects.filter(short_name__icontains="сеченовская сш")
    assert list(found) == [world.school]
