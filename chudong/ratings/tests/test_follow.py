"""Ratings follow the register: a member merge moves the removed record's results to the
kept one (without overwriting a year the kept record has); a subtree move keeps the
roll-ups true."""

from __future__ import annotations

import datetime as dt

import time_machine

from chudong.members import services as member_services
from chudong.orgs import services as org_services
from chudong.ratings import selectors, services
from chudong.ratings.models import MemberRating, TrainingRegistration

DECEMBER = dt.datetime(2025, 12, 15, 9, tzinfo=dt.UTC)


def test_a_member_merge_moves_the_results_year_by_year(world, make_member):
    with time_machine.travel(DECEMBER):
        keep = make_member("TA.G1.B1", "Nguyễn Văn Hai", since=dt.date(2020, 1, 1))
        remove = make_member("TA.G1.B2", "Nguyễn Văn Hai", since=dt.date(2020, 1, 1))
        for member, code, year, level in (
            (keep, "TA.G1.B1", 2025, "good"),
            (remove, "TA.G1.B2", 2025, "completed"),
            (remove, "TA.G1.B2", 2024, "not_completed"),
        ):
            services.rating_sheet_save(
                actor=world.central_admin, unit=world.unit(code), year=year,
                entries=[services.RatingEntry(member.pk, level)],
            )  # fmt: skip
        services.training_register_branch(
            actor=world.central_admin, unit=world.unit("TA.G1.B2"), year=2025
        )
        member_services.members_merge(actor=world.secretary, keep=keep, remove=remove)
    kept = dict(MemberRating.objects.filter(member=keep).values_list("year", "level"))
    assert kept == {2025: "good", 2024: "not_completed"}
    assert MemberRating.objects.get(member=remove).level == "completed"  # history stays
    assert TrainingRegistration.objects.get(year=2025).member == keep


def test_a_moved_subtree_keeps_its_ratings_in_the_roll_up(world, make_member):
    with time_machine.travel(DECEMBER):
        member = make_member("TA.G1.B1", since=dt.date(2020, 1, 1))
        unit = world.unit("TA.G1.B1")
        services.rating_sheet_save(
            actor=world.central_admin, unit=unit, year=2025,
            entries=[services.RatingEntry(member.pk, "good")],
        )  # fmt: skip
        services.rating_sheet_submit(actor=world.central_admin, unit=unit, year=2025)
        services.rating_sheet_approve(actor=world.central_admin, unit=unit, year=2025)
        org_services.unit_move(
            actor=world.central_admin,
            unit=world.unit("TA.G1"),
            new_parent=world.unit("TB"),
            effective_on=dt.date(2025, 12, 15),
        )
        moved_to = selectors.rating_summary(
            actor=world.central_admin, unit=world.unit("TB"), year=2025
        )
        left = selectors.rating_summary(actor=world.central_admin, unit=world.unit("TA"), year=2025)
    assert moved_to.total.counts == {"good": 1}
    assert left.total.counts == {}
