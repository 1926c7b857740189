"""The demo's ratings and dues (chudong.demo.ratings_dues), built here over the test tree:
the eligibility rules hold, excellent members have an excellent Rèn luyện result, the
levels spread as planned, and the dues ledger reconciles with remittances through last
quarter."""

from __future__ import annotations

import datetime as dt
import random

import time_machine
from django.db.models import Count

from chudong.demo import ratings_dues
from chudong.dues import months, services
from chudong.dues.models import DuesPayment, Remittance
from chudong.ratings import selectors
from chudong.ratings.models import MemberRating, TrainingRegistration

NOVEMBER = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)


def test_the_demo_ratings_and_dues_follow_the_rules_and_reconcile(world, make_member):
    rng = random.Random(1)
    branches = ["TA.G1.B1", "TA.G1.B2", "TA.G2.B1", "TB.G1.B1"]
    with time_machine.travel(NOVEMBER):
        for i in range(48):
            make_member(
                branches[i % 4],
                since=dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2500)),
                admission_date=dt.date(2018, 5, 1),
                party_status="full" if i % 16 == 0 else "none",
            )
        ratings_dues.build(admin=world.central_admin, roots=("TA", "TB"))
        today = dt.date(2026, 11, 22)
        for year in (2023, 2024, 2025):
            for code in branches:
                sheet = selectors.build_sheet(unit=world.unit(code), year=year, today=today)
                rated = {r.member.pk for r in sheet.rows if r.eligibility.rateable}
                saved = set(
                    MemberRating.objects.filter(year=year, unit=world.unit(code)).values_list(
                        "member_id", flat=True
                    )
                )
                assert saved == rated, (year, code)
    for rating in MemberRating.objects.filter(level="excellent"):
        training = TrainingRegistration.objects.get(member=rating.member, year=rating.year)
        assert training.result == "excellent"
    spread = dict(MemberRating.objects.values_list("level").annotate(n=Count("pk")))
    assert spread["good"] > spread["excellent"] > spread.get("not_completed", 0)
    assert TrainingRegistration.objects.filter(year=2026).count() > 40

    totals = services.ledger_totals()
    assert totals["payments"] > 0
    assert totals["payments"] == (
        totals["retained"]
        + totals["to_top"]
        + totals["unremitted_payments"]
        + totals["held_receipts"]
    )
    # Remitted through September (the last complete quarter), nothing later.
    assert Remittance.objects.filter(from_unit=world.unit("TA.G1")).count() == 4
    assert not Remittance.objects.filter(last_month__gt=months.index(2026, 9)).exists()
    assert not DuesPayment.objects.filter(
        month__lte=months.index(2026, 9), remittance__isnull=True
    ).exists()
    # The provinces have not confirmed the last quarter yet; the rest is confirmed.
    unconfirmed = Remittance.objects.filter(confirmed_on__isnull=True)
    assert {r.to_unit.code for r in unconfirmed} == {"TA", "TB"}
