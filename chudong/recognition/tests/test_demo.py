"""The demo province's 3 chủ động data: Phú Bình recognised last year by a decision of
Tỉnh đoàn Thái Nguyên and registered this year with a follower; a union waiting for
review; Tuyên Quang's own points table with its own result; indicators stored."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection

from chudong.orgs.models import Unit
from chudong.recognition.models import Cycle, CycleState, Framework, IndicatorValue
from tests.template_db import DEMO_DAY, demo, demo_load

YEAR = DEMO_DAY.year  # the demo's "this year"; it ran the whole cycle the year before


@pytest.fixture
def seeded(db):
    """The demo as `seed_demo` loaded it (seeded once per run: tests/template_db.py)."""
    demo_load(demo(connection.settings_dict))
    with time_machine.travel(DEMO_DAY + dt.timedelta(hours=1), tick=False):
        yield


def test_the_demo_runs_the_cycle_in_two_provinces(seeded):
    last = Cycle.objects.get(unit__code="TN.XPB", year=YEAR - 1)
    assert last.state == CycleState.RECOGNISED and last.decision.issuer.code == "TN"
    now = Cycle.objects.get(unit__code="TN.XPB", year=YEAR)
    assert now.state == CycleState.REGISTERED and now.follower.username == "tn.bantochuc"
    assert Cycle.objects.filter(year=YEAR, state=CycleState.SUBMITTED).exists()
    own = Framework.objects.get(issuer__code="TQ")
    assert own.rule == "points"
    ward = Cycle.objects.get(unit__code="TQ.MT", year=YEAR - 1)
    assert ward.framework == own and ward.state == CycleState.RECOGNISED
    assert ward.review_total == 120
    # Tuyên Quang's own results: its stricter thresholds, a union that scored 90 of the
    # 120 points its table needs (not recognised), this year's plans and submission.
    assert own.criteria.get(code="2.3").threshold == 100
    failed = Cycle.objects.get(unit__code="TQ.HY", year=YEAR - 1)
    assert failed.framework == own and failed.state == CycleState.REVIEWED
    assert failed.review_total == 90 and failed.passed is False
    assert Cycle.objects.get(unit__code="TQ.HY", year=YEAR).state == CycleState.SUBMITTED
    tq = Unit.objects.get(code="TQ")
    from chudong.accounts.models import User
    from chudong.recognition import rollups, selectors
    from chudong.recognition.models import StateCount

    admin = User.objects.filter(is_superuser=True).first() or User.objects.first()
    last_year = selectors.dashboard(actor=admin, unit=tq, year=YEAR - 1)["total"]
    assert (last_year.grassroots, last_year.reviewed, last_year.recognised) == (2, 2, 1)
    this_year = selectors.dashboard(actor=admin, unit=tq, year=YEAR)["total"]
    assert (this_year.registered, this_year.submitted, this_year.recognised) == (2, 1, 0)
    # The demo went through the services: its roll-ups are what a rebuild gives.
    kept = sorted(
        StateCount.objects.filter(cycles__gt=0).values_list("unit_id", "year", "state", "cycles")
    )
    rollups.rebuild()
    assert (
        sorted(
            StateCount.objects.filter(cycles__gt=0).values_list(
                "unit_id", "year", "state", "cycles"
            )
        )
        == kept
    )
    assert IndicatorValue.objects.filter(unit__code="TN.XPB", year=YEAR).count() >= 11
    assert IndicatorValue.objects.filter(unit__code="TN.XPB", numerator__gt=0).exists()
