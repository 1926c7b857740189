"""`in` on integer fields with values no integer column can hold.

Django (5.2) guards `exact`, `gt`, `gte`, `lt` and `lte` on integer fields against values
outside the column's range (no row can match, so the query is empty or full), but not `in`:
`filter(pk__in=[10**23])` reaches SQLite's driver, which raises OverflowError, a server
error. Every ModelMultipleChoiceField checks what was posted with such a query, so one
posted id like 99999999999999999999999 broke the form (found by tests/security fuzzing
recognition.DecisionForm). PostgreSQL compares the value as numeric and finds nothing;
dropping the values that no row can hold gives the same answer on every database.
"""

from __future__ import annotations

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
