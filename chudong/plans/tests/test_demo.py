"""The demo builder of plans runs on a small copy of the demo province's shape."""

from __future__ import annotations

import datetime as dt

import pytest

from chudong.demo import plans as demo_plans
from chudong.orgs import services as org_services
from chudong.orgs.models import Unit, UnitKind
from chudong.plans import selectors
from chudong.plans.models import Plan, Target

pytestmark = pytest.mark.django_db


def test_demo_builds_the_province_programme(world):
    kinds = {k.code: k for k in UnitKind.objects.all()}
    on = dt.date(2020, 1, 1)
    parent = Unit.objects.get(code="ROOT")
    for code, kind in (("TN", "province"), ("TN.PB", "district"), ("TN.PB.XP", "commune"),
                       ("TN.PB.XP.B1", "branch"), ("TN.PB.XP.B2", "branch")):  # fmt: skip
        parent = org_services.unit_create(
            actor=world.central_admin, parent=parent if code != "TN.PB.XP.B2" else
            Unit.objects.get(code="TN.PB.XP"), kind=kinds[kind], name=f"Đơn vị {code}",
            code=code, effective_on=on,
        )  # fmt: skip
    demo_plans.build(admin=world.central_admin)
    plan = Plan.objects.get(unit__code="TN", source__isnull=True)
    assert plan.directives.count() == 2 and plan.targets.count() == 3
    xp_plan = Plan.objects.get(unit__code="TN.PB.XP")
    assert Target.objects.filter(plan__unit__code="TN.PB.XP.B1").count() == 1
    targets = list(plan.targets.select_related("unit"))
    for t in targets:
        t.plan = plan
    progress = selectors.progress_for(actor=world.central_admin, targets=targets)
    assert all(p.children for p in progress)
    assert xp_plan.targets.filter(measure="").get().hand_value is not None
