"""Property: the deadline is the n-th working day after receipt, whatever the day."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chudong.privacy.workdays import add_working_days, holidays_between, is_working_day


@pytest.mark.django_db
@settings(max_examples=150, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2025, 12, 1), max_value=dt.date(2026, 12, 31)),
    days=st.integers(min_value=1, max_value=10),
)
def test_the_deadline_is_the_nth_working_day_after_receipt(start, days):
    due = add_working_days(start, days)
    holidays = holidays_between(start, due)
    assert is_working_day(due, holidays)
    between = [start + dt.timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(is_working_day(day, holidays) for day in between) == days
