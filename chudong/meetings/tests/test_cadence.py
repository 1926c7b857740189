"""How often a branch must meet: the dated rules, the per-kind override a province issues
for its dispersed branches, and the periods of a year."""

from __future__ import annotations

import datetime as dt

from chudong.meetings import cadence
from chudong.rules import rules
from chudong.rules.models import Rule


def test_it_meets_monthly_by_the_national_rules(world):
    assert cadence.months_between(world.unit("TA.G1.B1"), 2026) == 1
    periods = cadence.periods_of_year(2026, 1)
    assert len(periods) == 12
    assert periods[1].start == dt.date(2026, 2, 1) and periods[1].end == dt.date(2026, 2, 28)


def test_it_lets_a_province_allow_its_branches_to_meet_quarterly(world):
    Rule.objects.create(
        key="meetings.months_between_by_kind", value={"branch": "3"},
        valid_from=dt.date(2026, 1, 1), unit=world.unit("TA"), document="HD tỉnh đoàn A",
    )  # fmt: skip
    rules.forget()
    assert cadence.months_between(world.unit("TA.G1.B1"), 2026) == 3
    assert cadence.months_between(world.unit("TA.G1.B1"), 2025) == 1  # judged by its time
    assert cadence.months_between(world.unit("TB.G1.B1"), 2026) == 1  # another province
    quarters = cadence.periods_of_year(2026, 3)
    assert [p.start.month for p in quarters] == [1, 4, 7, 10]
    assert quarters[3].end == dt.date(2026, 12, 31)


def test_it_caps_an_override_at_the_longest_gap_the_guidance_allows(world):
    Rule.objects.create(
        key="meetings.months_between_by_kind", value={"branch": 6},
        valid_from=dt.date(2026, 1, 1), unit=world.unit("TA"), document="x",
    )  # fmt: skip
    rules.forget()
    assert cadence.months_between(world.unit("TA.G1.B1"), 2026) == 3


def test_a_branch_owes_nothing_before_it_was_founded(world):
    branch = world.unit("TA.G1.B1")
    branch.founded_on = dt.date(2026, 3, 15)
    owed = cadence.owed_periods(branch, 2026, 1)
    assert owed[0].start == dt.date(2026, 4, 1)
    assert len(owed) == 9


def test_the_warning_looks_at_the_year_of_the_last_ended_month():
    assert cadence.last_ended_month_year(dt.date(2027, 1, 15)) == 2026
    assert cadence.last_ended_month_year(dt.date(2027, 2, 1)) == 2027
