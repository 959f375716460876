"""Lookups that make SQLite answer like PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """`pk__in` with a number beyond the column's range matches nothing, as `pk=` already does
    (Django's IntegerFieldOverflow). SQLite cannot even bind an integer past 64 bits: a forged id such
    as 10**20 in a multiple choice raised OverflowError, a server error, instead of «no such choice»."""

    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            kept = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
            if not kept:
                raise EmptyResultSet
            self.rhs = kept
        return super().process_rhs(compiler, connection)
