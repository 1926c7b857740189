"""Dues follow the register and the tree: a member merge moves payments and exemptions to
the kept record (a month paid twice stays on the removed one); a merged branch hands the
dues it had not yet remitted to the unit it merged into; a moved subtree keeps its paths."""

from __future__ import annotations

import datetime as dt

import time_machine

from chudong.dues import months, selectors
from chudong.dues.models import DuesPayment
from chudong.members import services as member_services
from chudong.orgs import services as org_services

NOVEMBER = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)


def test_a_member_merge_moves_the_payments(world, make_member, pay):
    with time_machine.travel(NOVEMBER):
        keep = make_member("TA.G1.B1", "Lương Văn Gộp", admitted=dt.date(2020, 1, 1))
        remove = make_member("TA.G1.B2", "Lương Văn Gộp", admitted=dt.date(2020, 1, 1))
        pay([keep], 2026, 1)
        pay([remove], 2026, 1, unit_code="TA.G1.B2", actor=world.secretary)
        pay([remove], 2026, 2, unit_code="TA.G1.B2", actor=world.secretary)
        member_services.members_merge(actor=world.secretary, keep=keep, remove=remove)
        owed = selectors.member_dues(actor=world.secretary, member=keep).owed
    assert sorted(DuesPayment.objects.filter(member=keep).values_list("month", flat=True)) == [
        months.index(2026, 1),
        months.index(2026, 2),
    ]
    assert DuesPayment.objects.filter(member=remove).count() == 1
    assert months.index(2026, 2) not in owed


def test_a_merged_branch_hands_its_unremitted_dues_on(world, make_member, pay):
    with time_machine.travel(NOVEMBER):
        member = make_member("TA.G1.B1")
        pay([member], 2026, 9)
        pay([member], 2026, 10)
        from chudong.dues import services

        services.remittance_record(
            actor=world.central_admin, unit=world.unit("TA.G1.B1"),
            period=months.Period(months.index(2026, 9), months.index(2026, 9)),
            remitted_on=dt.date(2026, 10, 3),
        )  # fmt: skip
        org_services.units_merge(
            actor=world.central_admin,
            sources=[world.unit("TA.G1.B1")],
            into=world.unit("TA.G1.B2"),
            effective_on=dt.date(2026, 11, 1),
        )
    september, october = DuesPayment.objects.order_by("month")
    assert september.unit == world.unit("TA.G1.B1")  # remitted: the past stays as it was
    assert october.unit == world.unit("TA.G1.B2") and october.remittance is None


def test_a_moved_subtree_keeps_its_dues_in_its_new_place(world, make_member, pay):
    with time_machine.travel(NOVEMBER):
        member = make_member("TA.G1.B1")
        pay([member], 2026, 10)
        org_services.unit_move(
            actor=world.central_admin,
            unit=world.unit("TA.G1"),
            new_parent=world.unit("TB"),
            effective_on=dt.date(2026, 11, 1),
        )
    payment = DuesPayment.objects.get()
    payment.unit.refresh_from_db()
    assert payment.unit_path == payment.unit.path
    assert payment.unit_path.startswith(world.unit("TB").path)


def test_a_split_branch_hands_each_members_unremitted_dues_to_the_members_new_branch(
    world, make_member, pay
):
    with time_machine.travel(NOVEMBER):
        branch = world.unit("TA.G1.B1")
        stays, goes = make_member("TA.G1.B1"), make_member("TA.G1.B1")
        pay([stays, goes], 2026, 9)
        pay([stays, goes], 2026, 10)
        from chudong.dues import services

        services.remittance_record(
            actor=world.central_admin, unit=branch,
            period=months.Period(months.index(2026, 9), months.index(2026, 9)),
            remitted_on=dt.date(2026, 10, 3),
        )  # fmt: skip
        _, (first, second) = org_services.unit_split(
            actor=world.central_admin, unit=branch,
            new_units=[org_services.NewUnitSpec("Chi đoàn Một", "TA.G1.B7", branch.kind),
                       org_services.NewUnitSpec("Chi đoàn Hai", "TA.G1.B8", branch.kind)],
            child_targets={}, content_targets={"members": {stays.pk: 0, goes.pk: 1}},
            effective_on=dt.date(2026, 11, 1),
        )  # fmt: skip
    october = {p.member_id: p for p in DuesPayment.objects.filter(month=months.index(2026, 10))}
    assert (october[stays.pk].unit, october[stays.pk].unit_path) == (first, first.path)
    assert (october[goes.pk].unit, october[goes.pk].unit_path) == (second, second.path)
    # Remitted money stays where it was collected.
    assert set(
        DuesPayment.objects.filter(month=months.index(2026, 9)).values_list("unit", flat=True)
    ) == {branch.pk}
