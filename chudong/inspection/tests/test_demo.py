"""The demo builder runs on a small copy of the demo province's shape."""

from __future__ import annotations

import datetime as dt

from chudong.access.models import Role, RoleAssignment
from chudong.demo import inspection as demo_inspection
from chudong.inspection import selectors
from chudong.inspection.models import Exemplary, Inspection, Replication, Review
from chudong.orgs import services as org_services
from chudong.orgs.models import Unit, UnitKind


def test_demo_builds_inspections_reviews_and_models(world, today):
    kinds = {k.code: k for k in UnitKind.objects.all()}
    on = dt.date(2020, 1, 1)
    units = {"ROOT": Unit.objects.get(code="ROOT")}
    for code, kind, parent in (
        ("TN", "province", "ROOT"),
        ("TN.XPB", "commune", "TN"),
        ("TN.XPB.B1", "branch", "TN.XPB"),
        ("TN.PDP", "commune", "TN"),
    ):
        units[code] = org_services.unit_create(
            actor=world.central_admin,
            parent=units[parent],
            kind=kinds[kind],
            name=f"Đơn vị {code}",
            code=code,
            effective_on=on,
        )
    RoleAssignment.objects.create(
        user=world.outsider,
        unit=units["TN.XPB"],
        role=Role.objects.get(code="secretary"),
        start_date=on,
    )
    assert demo_inspection.build(admin=world.central_admin) > 0
    assert Inspection.objects.filter(subject__code="TN.XPB").count() == 1
    assert selectors.overdue_counts([units["TN"]], today)[units["TN"].pk] == 1
    assert Review.objects.filter(unit__code="TN.XPB", person=world.outsider).exists()
    shared = Exemplary.objects.get(shared_path=units["TN"].path)
    assert Replication.objects.get(exemplary=shared).unit.code == "TN.PDP"
    assert [e.pk for e in selectors.to_replicate(unit=units["TN.PDP"])] == [shared.pk]
