"""Ordering by the meaning of a choice rather than by its code."""

from collections.abc import Sequence

from django.db.models import Case, IntegerField, Value, When


def in_order_of(field: str, values: Sequence[str]) -> Case:
    """An expression that sorts rows by the position of `field`'s value in `values` (unknown last)."""
    return Case(
        *(When(**{field: value}, then=Value(position)) for position, value in enumerate(values)),
        default=Value(len(values)),
        output_field=IntegerField(),
    )
