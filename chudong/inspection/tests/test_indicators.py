"""Criterion 2.5 in the recognition registry: each figure equals its drill-down list and
changes when work is recorded."""

from __future__ import annotations

import datetime as dt

from chudong.inspection import services
from chudong.recognition import indicators

from .conftest import exemplary_data

CODES = [
    "inspection.inspections_done",
    "inspection.remedies_on_time",
    "inspection.models",
    "inspection.replications",
]


def _figures(units, year=2026):
    return {code: indicators.get(code).compute(units, year) for code in CODES}


def test_figures_equal_their_drilldowns_and_follow_the_work(world, today, inspect):
    province, commune = world.unit("TA"), world.unit("TA.G1")
    before = _figures([province, commune])
    assert before["inspection.inspections_done"][province.pk] == (0, None)
    assert before["inspection.remedies_on_time"][province.pk] == (0, 0)
    inspection = inspect()
    kept = services.recommendation_add(
        actor=world.staff_a,
        inspection=inspection,
        data={"text": "Cập nhật sổ", "deadline": dt.date(2026, 9, 30)},
    )
    services.recommendation_add(
        actor=world.staff_a,
        inspection=inspection,
        data={"text": "Họp chi đoàn", "deadline": dt.date(2026, 10, 30)},
    )
    services.remedy_record(
        actor=world.secretary,
        recommendation=kept,
        data={"status": "done", "done_on": dt.date(2026, 9, 1), "follow_up": "Xong"},
    )
    model = services.exemplary_create(actor=world.secretary, unit=commune, data=exemplary_data())
    services.replication_add(
        actor=world.secretary,
        exemplary=model,
        data={"unit": world.unit("TA.G1.B1"), "started_on": dt.date(2026, 10, 1)},
    )
    after = _figures([province, commune])
    assert after["inspection.inspections_done"] == {province.pk: (1, None), commune.pk: (0, None)}
    assert after["inspection.remedies_on_time"][commune.pk] == (1, 2)
    assert after["inspection.models"][commune.pk] == (1, None)
    assert after["inspection.replications"][province.pk] == (1, None)
    for code in CODES:
        indicator = indicators.get(code)
        for unit in (province, commune):
            rows = list(indicator.drilldown(unit, 2026))
            assert len(rows) == after[code][unit.pk][0], (code, unit.code)
            assert all(indicator.describe(row).label for row in rows)
