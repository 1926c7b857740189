"""Helpers for the recognition tests: a fixed 'today' and a cycle walked through the
services up to the step a test needs."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from chudong.recognition import services
from chudong.recognition.models import CycleState

TODAY = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
YEAR = 2026

PLAN = {
    "approach": "Tập trung nâng chất lượng sinh hoạt chi đoàn và nắm bắt tâm tư thanh niên",
    "solutions": "Phân công Ủy viên BCH phụ trách từng chi đoàn",
    "roadmap": "Quý I: rà soát; Quý II–III: thực hiện; Quý IV: tự đánh giá",
}


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


def register(world, unit_code: str = "TA.G1", actor: str = "secretary"):
    return services.plan_register(
        actor=getattr(world, actor), unit=world.unit(unit_code), year=YEAR, data=dict(PLAN)
    )


def self_assess(world, cycle, *, score: int = 1, actor: str = "secretary"):
    for criterion in cycle.framework.criteria.all():
        services.criterion_assess(
            actor=getattr(world, actor),
            cycle=cycle,
            criterion=criterion,
            own_score=score,
            narrative=f"Đã thực hiện tiêu chí {criterion.code}",
        )
    return services.self_assessment_submit(actor=getattr(world, actor), cycle=cycle)


def review_all(world, cycle, *, score: int = 1, actor: str = "staff_a", accept: bool = True):
    rows = [
        {"criterion_id": c.pk, "score": score, "comment": "Đạt"}
        for c in cycle.framework.criteria.all()
    ]
    return services.review_save(
        actor=getattr(world, actor), cycle=cycle, rows=rows, comment="Đạt yêu cầu", accept=accept
    )


@pytest.fixture
def reviewed(world, today):
    """TA.G1's 2026 cycle, registered, self-assessed and accepted by the province."""
    cycle = register(world)
    cycle = self_assess(world, cycle)
    cycle = review_all(world, cycle)
    assert cycle.state == CycleState.REVIEWED and cycle.passed
    return cycle
