"""Who a branch rates for a year: six whole months in the unit by 31 December (through a
restructuring, not through a transfer), also while on temporary activity elsewhere, full
Party members reviewed but not rated. The rules at their boundaries, in Python (the
sheet) and in SQL (the warning and summaries), which must agree."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from chudong.members import services as member_services
from chudong.orgs import services as org_services
from chudong.ratings import selectors
from chudong.ratings.eligibility import RATE, REVIEW, TOO_SHORT

DECEMBER = dt.datetime(2025, 12, 15, 9, tzinfo=dt.UTC)


def _status(world, member, year=2025, unit_code="TA.G1.B1"):
    sheet = selectors.build_sheet(unit=world.unit(unit_code), year=year)
    row = next(r for r in sheet.rows if r.member.pk == member.pk)
    return row.eligibility


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (dt.date(2025, 6, 30), RATE),
        (dt.date(2025, 7, 1), RATE),  # July to December: six whole months
        (dt.date(2025, 7, 2), TOO_SHORT),
        (dt.date(2025, 11, 1), TOO_SHORT),
    ],
)
def test_it_rates_only_after_six_whole_months_in_the_unit(world, make_member, since, expected):
    with time_machine.travel(DECEMBER):
        member = make_member(since=since)
        status = _status(world, member)
    assert status.status == expected
    if expected == TOO_SHORT:
        assert status.label == "Không xếp loại: sinh hoạt tại đơn vị chưa đủ 6 tháng"


def test_it_reads_the_number_of_months_from_the_rules_of_the_year(world, make_member):
    from chudong.rules.models import Rule

    Rule.objects.create(
        key="rating.min_months_in_unit", value=3, valid_from=dt.date(2025, 1, 1), document="Test"
    )
    with time_machine.travel(DECEMBER):
        recent = make_member(since=dt.date(2025, 10, 1))
        older = make_member(since=dt.date(2024, 9, 1))
        assert _status(world, recent).status == RATE  # three months in 2025
        assert _status(world, older, year=2024).status == TOO_SHORT  # six months in 2024


def test_time_in_the_unit_runs_on_through_a_restructuring_but_not_a_transfer(world, make_member):
    with time_machine.travel(DECEMBER):
        stays = make_member(since=dt.date(2023, 3, 1))
        moved = make_member(since=dt.date(2023, 3, 1))
        # A transfer to the sister branch on 1/10: a new unit, time starts again.
        member_services.member_move(
            actor=world.central_admin,
            member=moved,
            to_unit=world.unit("TA.G1.B2"),
            effective_on=dt.date(2025, 10, 1),
        )
        # The old branch merges into the sister branch on 1/11: time goes on.
        org_services.units_merge(
            actor=world.central_admin,
            sources=[world.unit("TA.G1.B1")],
            into=world.unit("TA.G1.B2"),
            effective_on=dt.date(2025, 11, 1),
        )
        assert _status(world, stays, unit_code="TA.G1.B2").status == RATE
        assert _status(world, moved, unit_code="TA.G1.B2").status == TOO_SHORT
        assert _status(world, stays, unit_code="TA.G1.B2").since == dt.date(2023, 3, 1)


def test_members_on_temporary_activity_elsewhere_are_rated_by_their_home_branch(world, make_member):
    """The dossier stays home during temporary activity elsewhere (domain.md 2.7): the home
    branch rates the member, nobody else has them on a sheet."""
    with time_machine.travel(DECEMBER):
        away = make_member(since=dt.date(2022, 1, 1))
        back = make_member(since=dt.date(2022, 1, 1))
        for member in (away, back):
            member_services.member_status_change(
                actor=world.central_admin,
                member=member,
                status="temporary_elsewhere",
                effective_on=dt.date(2025, 9, 1),
            )
        member_services.member_status_change(
            actor=world.central_admin,
            member=back,
            status="active",
            effective_on=dt.date(2025, 12, 1),
        )
        assert _status(world, away).status == RATE
        assert _status(world, back).status == RATE
        assert _status(world, away, year=2024).status == RATE  # active at the end of 2024


def test_full_party_members_are_reviewed_and_probationary_ones_rated(world, make_member):
    with time_machine.travel(DECEMBER):
        full = make_member(
            since=dt.date(2020, 1, 1), party_status="full", party_date=dt.date(2021, 5, 19)
        )
        probationary = make_member(
            since=dt.date(2020, 1, 1), party_status="probationary", party_date=dt.date(2025, 3, 3)
        )
        assert _status(world, full).status == REVIEW
        assert _status(world, probationary).status == RATE
        # Before joining the Party the member was rated.
        assert _status(world, full, year=2020).status == RATE


def test_the_sql_condition_agrees_with_the_sheet(world, make_member):
    """The warning counts with SQL what the sheet decides in Python."""
    with time_machine.travel(DECEMBER):
        members = [
            make_member(since=dt.date(2025, 7, 1)),
            make_member(since=dt.date(2025, 7, 2)),
            make_member(
                since=dt.date(2019, 1, 1), party_status="full", party_date=dt.date(2020, 1, 1)
            ),
            make_member(since=dt.date(2019, 1, 1), party_status="probationary"),
            make_member(since=dt.date(2019, 1, 1)),
        ]
        member_services.member_status_change(
            actor=world.central_admin, member=members[4], status="temporary_elsewhere",
            effective_on=dt.date(2025, 6, 1),
        )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)):
        sheet = selectors.build_sheet(unit=world.unit("TA.G1.B1"), year=2025)
        python = {r.member.pk for r in sheet.rows if r.eligibility.status == RATE}
        sql = set(
            selectors.unrated_members(year=2025).filter(pk__in=[m.pk for m in members])
            .values_list("pk", flat=True)
        )  # fmt: skip
    assert python == sql == {members[0].pk, members[3].pk, members[4].pk}
