"""Stuck transfers: past transfer.deadline_days without a receipt, listed for both sides
and for the level above each of them, on the unit pages and as early warnings."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from chudong.orgs import selectors as org_selectors
from chudong.transfers import selectors, services

TODAY = dt.date.today()


def _at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(9, 0)).astimezone(), tick=False)


@pytest.fixture
def crossing(world, make_member, in_transit):
    """A transfer from TA.G1.B1 (province A) to TB.G1 (province B), in transit since today."""
    return in_transit(make_member(full_name="Lý Thị Quá Hạn"), "TB.G1")


def test_it_counts_the_deadline_from_the_request_by_the_rule(crossing):
    assert crossing.deadline_on == TODAY + dt.timedelta(days=30)  # transfer.deadline_days


def test_it_is_not_stuck_on_its_deadline_and_is_the_day_after(world, crossing):
    units = [world.unit("TA"), world.unit("TB")]
    with _at(TODAY + dt.timedelta(days=30)):
        assert selectors.transfers_stuck(units, dt.date.today()) == {u.pk: 0 for u in units}
    with _at(TODAY + dt.timedelta(days=31)):
        assert selectors.transfers_stuck(units, dt.date.today()) == {u.pk: 1 for u in units}


@pytest.mark.parametrize(
    ("persona", "unit_code"),
    [
        ("branch_secretary", "TA.G1.B1"),  # the sending branch
        ("secretary", "TA.G1"),  # the sending grassroots union
        ("staff_a", "TA"),  # the level above the sender
        ("secretary_b", "TB.G1"),  # the receiving grassroots union
        ("staff_b", "TB"),  # the level above the receiver
        ("central_admin", "ROOT"),
    ],
)
def test_it_lists_a_stuck_transfer_for_both_sides_and_the_levels_above(
    world, crossing, secretary_b, login, persona, unit_code
):
    user = secretary_b if persona == "secretary_b" else getattr(world, persona)
    with _at(TODAY + dt.timedelta(days=31)):
        board = selectors.transfer_board(actor=user, unit=world.unit(unit_code))
        assert [c.pk for c in board.stuck] == [crossing.pk]
        body = login(user).get(f"/units/{world.unit(unit_code).pk}/transfers/").content.decode()
    assert "Quá hạn chưa tiếp nhận" in body and "Lý Thị Quá Hạn" in body


def test_it_shows_a_request_not_yet_introduced_as_stuck_to_the_sender_only(
    world, make_member, request_transfer, secretary_b
):
    request_transfer(make_member(), "TB.G1")
    with _at(TODAY + dt.timedelta(days=31)):
        sender = selectors.transfer_board(actor=world.staff_a, unit=world.unit("TA"))
        receiver = selectors.transfer_board(actor=secretary_b, unit=world.unit("TB.G1"))
    assert len(sender.stuck) == 1 and receiver.stuck == [] and receiver.incoming == []


def test_it_warns_each_side_once_and_the_level_above_per_sub_unit(
    world, crossing, make_member, request_transfer
):
    # A second case inside one union: both its sides lie in TA.G1, counted once there.
    request_transfer(make_member(full_name="Nội Bộ"), "TA.G1.B2")
    with _at(TODAY + dt.timedelta(days=31)):
        day = dt.date.today()
        counts = selectors.transfers_stuck(
            [world.unit(c) for c in ("ROOT", "TA", "TA.G1", "TB", "TB.G1")], day
        )
        assert counts == {
            world.unit("ROOT").pk: 2,
            world.unit("TA").pk: 2,
            world.unit("TA.G1").pk: 2,
            world.unit("TB").pk: 1,
            world.unit("TB.G1").pk: 1,
        }
        # The central level sees each province's count in one grouped query per warning.
        table = org_selectors.sub_unit_warnings(actor=world.central_admin, unit=world.unit("ROOT"))
        column = [w.key for w in table.columns].index("transfers_stuck")
        assert {u.code: row[column] for u, row in table.rows} == {"TA": 2, "TB": 1}
        waiting = [w.key for w in table.columns].index("transfers_waiting")
        assert {u.code: row[waiting] for u, row in table.rows} == {"TA": 0, "TB": 1}


def test_it_stops_being_stuck_once_received(world, crossing, secretary_b):
    with _at(TODAY + dt.timedelta(days=40)):
        services.transfer_receive(
            actor=secretary_b, transfer=crossing, to_branch=world.unit("TB.G1.B1")
        )
        assert selectors.transfers_stuck([world.unit("ROOT")], dt.date.today()) == {
            world.unit("ROOT").pk: 0
        }
