"""Open cases follow their units through restructuring and their members through a merge
of duplicate records; decided cases stay where they were decided."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chudong.members import services as member_services
from chudong.orgs import services as org_services
from chudong.orgs.models import Unit
from chudong.transfers import selectors, services
from chudong.transfers.models import StrikeOffCase, Transfer

TODAY = dt.date.today()


def _last_months(count: int) -> list[dt.date]:
    months, month = [], TODAY.replace(day=1)
    for _ in range(count):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months


def test_it_moves_open_cases_with_a_merged_branch(world, make_member, request_transfer):
    member = make_member()
    case = request_transfer(member, "TB.G1")
    org_services.units_merge(
        actor=world.staff_a,
        sources=[world.unit("TA.G1.B1")],
        into=world.unit("TA.G1.B2"),
        effective_on=TODAY,
    )
    case.refresh_from_db()
    assert case.from_unit.code == "TA.G1.B2" and case.from_path == case.from_unit.path
    board = selectors.transfer_board(actor=world.secretary, unit=world.unit("TA.G1.B2"))
    assert [c.pk for c in board.outgoing] == [case.pk]


def test_it_rewrites_the_path_copies_when_a_subtree_moves(
    world, make_member, in_transit, request_transfer
):
    case = in_transit(make_member(), "TB.G1")
    proposal = services.strike_off_propose(
        actor=world.branch_secretary,
        member=make_member(full_name="Hai"),
        grounds="x",
        months=_last_months(3),
    )
    org_services.unit_move(
        actor=world.central_admin,
        unit=world.unit("TA.G1"),
        new_parent=world.unit("TB"),
        effective_on=TODAY,
    )
    case.refresh_from_db()
    proposal.refresh_from_db()
    assert case.from_path == Unit.objects.get(code="TA.G1.B1").path
    assert proposal.unit_path == Unit.objects.get(code="TA.G1.B1").path
    # The case is now a transfer within province B: staff_b sees both sides.
    assert selectors.transfer_board(actor=world.staff_b, unit=world.unit("TB")).outgoing


def test_it_moves_cases_to_the_kept_record_of_a_merged_duplicate(
    world, make_member, request_transfer
):
    kept = make_member(full_name="Trùng Văn Tên", national_id="001099012345")
    removed = make_member(full_name="TRÙNG VĂN TÊN", unit_code="TA.G1.B2")
    case = request_transfer(removed, "TB.G1", actor=world.secretary)
    member_services.members_merge(actor=world.secretary, keep=kept, remove=removed)
    assert Transfer.objects.get(pk=case.pk).member_id == kept.pk


def test_it_refuses_a_merge_that_would_give_one_person_two_transfers(
    world, make_member, request_transfer
):
    kept = make_member(full_name="Trùng Văn Tên")
    removed = make_member(full_name="TRÙNG VĂN TÊN", unit_code="TA.G1.B2")
    request_transfer(kept, "TB.G1", actor=world.secretary)
    request_transfer(removed, "TA.G2", actor=world.secretary)
    with pytest.raises(ValidationError):
        member_services.members_merge(actor=world.secretary, keep=kept, remove=removed)
    assert Transfer.objects.filter(member=removed).exists()
    assert not StrikeOffCase.objects.exists()
