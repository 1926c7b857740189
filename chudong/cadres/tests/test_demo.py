"""The demo builder of cadres and Party introduction runs on a small copy of the demo
commune (Đoàn xã Phú Bình, its posts and members, one excellent member)."""

from __future__ import annotations

import datetime as dt

from chudong.access.models import RoleAssignment
from chudong.cadres import selectors
from chudong.cadres.models import PartyIntroduction, PlanningEntry, Post, Term
from chudong.demo import cadres as demo_cadres
from chudong.orgs import services as org_services
from chudong.orgs.models import Unit, UnitKind

from .conftest import appoint, make_member, rate


def test_demo_builds_the_commune_leadership_and_party_path(world, today):
    kinds = {k.code: k for k in UnitKind.objects.all()}
    on = dt.date(2020, 1, 1)
    root = Unit.objects.get(code="ROOT")
    made = {}
    for code, kind, parent in (
        ("TN", "province", None), ("TN.XPB", "commune", "TN"), ("TN.XPB.B1", "branch", "TN.XPB"),
        ("TN.PB.HS.CD01", "branch", "TN.XPB"),
    ):  # fmt: skip
        made[code] = org_services.unit_create(
            actor=world.central_admin, parent=made[parent] if parent else root,
            kind=kinds[kind], name=f"Đơn vị {code}", code=code, effective_on=on,
        )  # fmt: skip
    commune = made["TN.XPB"]
    for code in ("secretary", "deputy-secretary", "standing-committee", "inspection-committee"):
        appoint(commune, code, f"Cán bộ {code}", start=dt.date(2025, 7, 1))
    appoint(made["TN.PB.HS.CD01"], "secretary", "Bí thư chi đoàn", start=dt.date(2022, 10, 2))
    members = [make_member(world.central_admin, made["TN.XPB.B1"], f"Đoàn viên {n}")
               for n in "ABCDE"]  # fmt: skip
    rate(members[4], 2025, "excellent")

    assert demo_cadres.build(admin=world.central_admin) > 10

    assert Term.objects.filter(unit=commune).count() == 1
    assert Post.objects.filter(assignment__unit=commune).count() == 4
    assert PlanningEntry.objects.filter(unit=commune).count() == 3
    rows = PartyIntroduction.objects.order_by("chosen_on")
    assert [r.outcome for r in rows] == ["admitted", "pending", "pending"]
    assert rows[0].member == members[4]  # the excellent member comes first
    leadership = selectors.unit_leadership(unit=commune, day=today)
    assert leadership.vacancies > 0
    assert selectors.past_term_counts([made["TN"]], today)[made["TN"].pk] == 1
    assert RoleAssignment.objects.filter(unit=commune).count() == 4
