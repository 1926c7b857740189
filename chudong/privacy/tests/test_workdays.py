"""Property: the deadline is the n-th working day after receipt, whatever the day."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chudong.privacy.workdays import (
    add_working_days,
    holidays_between,
    is_working_day,
    years_without_holidays,
)

from .conftest import at


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


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2024, 12, 31), dt.date(2025, 1, 3)),  # 1/1/2025 skipped
        (dt.date(2025, 1, 24), dt.date(2025, 2, 4)),  # Tết Ất Tỵ 25/1–2/2
        (dt.date(2025, 4, 4), dt.date(2025, 4, 9)),  # Hùng Kings, Monday 7/4
        (dt.date(2025, 8, 29), dt.date(2025, 9, 4)),  # 1/9 and 2/9
        (dt.date(2027, 2, 4), dt.date(2027, 2, 15)),  # Tết Đinh Mùi 5–11/2
        (dt.date(2027, 4, 15), dt.date(2027, 4, 20)),  # Hùng Kings, Friday 16/4
        (dt.date(2027, 4, 29), dt.date(2027, 5, 5)),  # 30/4, weekend, 3/5 in lieu of 1/5
        (dt.date(2027, 9, 1), dt.date(2027, 9, 7)),  # 2/9 and 3/9
    ],
)
def test_the_2025_and_2027_holidays_are_seeded_as_data(db, received, due):
    assert add_working_days(received, 2) == due


def test_a_deadline_in_a_year_without_holidays_is_logged_as_a_warning(db, caplog):
    from chudong.privacy.models import Holiday

    with caplog.at_level(logging.WARNING, logger="chudong.privacy.workdays"):
        add_working_days(dt.date(2027, 12, 30), 2)
    assert "2028" in caplog.text
    assert "/privacy/holidays/" in caplog.text
    assert years_without_holidays(range(2025, 2029)) == [2028]

    caplog.clear()
    Holiday.objects.create(date=dt.date(2028, 1, 1), name="Tết Dương lịch")
    with caplog.at_level(logging.WARNING, logger="chudong.privacy.workdays"):
        assert add_working_days(dt.date(2027, 12, 30), 2) == dt.date(2028, 1, 3)
    assert caplog.text == ""


def test_the_holidays_page_says_which_coming_year_has_no_holidays(world, login):
    from chudong.privacy.models import Holiday

    Holiday.objects.filter(date__year=2027).delete()
    with at(2026, 11, 23):
        page = login(world.central_admin).get("/privacy/holidays/").content.decode()
    assert "2027" in page.split('role="alert"')[1].split("</p>")[0]
