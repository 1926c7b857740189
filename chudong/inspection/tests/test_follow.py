"""Records of criterion 2.5 follow restructurings: a merged branch's inspections,
recommendations and models go to the unit it merged into; a moved subtree's copies of
unit paths are rewritten, so scope and the warning still hold."""

from __future__ import annotations

import datetime as dt

from chudong.inspection import selectors, services
from chudong.inspection.models import Exemplary, Inspection, Recommendation
from chudong.orgs import services as org_services

from .conftest import exemplary_data, inspection_data

MOVE_ON = dt.date(2026, 11, 1)


def _records(world):
    inspection = services.inspection_create(
        actor=world.secretary,
        unit=world.unit("TA.G1"),
        data=inspection_data(world, subject=world.unit("TA.G1.B1")),
    )
    services.recommendation_add(
        actor=world.secretary,
        inspection=inspection,
        data={"text": "Sinh hoạt đều", "deadline": dt.date(2026, 6, 30)},
    )
    services.exemplary_create(
        actor=world.secretary, unit=world.unit("TA.G1.B1"), data=exemplary_data()
    )
    return inspection


def test_a_merged_branch_hands_its_records_on(world, today):
    inspection = _records(world)
    org_services.units_merge(
        actor=world.central_admin,
        sources=[world.unit("TA.G1.B1")],
        into=world.unit("TA.G1.B2"),
        effective_on=MOVE_ON,
    )
    target = world.unit("TA.G1.B2")
    inspection.refresh_from_db()
    assert (inspection.subject, inspection.subject_path) == (target, target.path)
    assert Recommendation.objects.get().subject_path == target.path
    assert Exemplary.objects.get().unit == target
    assert selectors.overdue_counts([target], today) == {target.pk: 1}


def test_a_moved_subtree_keeps_its_records_in_scope(world, today, login):
    inspection = _records(world)
    org_services.unit_move(
        actor=world.central_admin,
        unit=world.unit("TA.G1"),
        new_parent=world.unit("TB"),
        effective_on=MOVE_ON,
    )
    branch = world.unit("TA.G1.B1")
    branch.refresh_from_db()
    inspection = Inspection.objects.get(pk=inspection.pk)
    assert inspection.subject_path == branch.path
    assert inspection.unit_path.startswith(world.unit("TB").path)
    assert Recommendation.objects.get().subject_path == branch.path
    assert Exemplary.objects.get().unit_path == branch.path
    assert selectors.overdue_counts([world.unit("TB")], today) == {world.unit("TB").pk: 1}
    assert selectors.overdue_counts([world.unit("TA")], today) == {world.unit("TA").pk: 0}
