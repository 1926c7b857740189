"""Plans: cascading targets down the tree, progress rolled up from recorded admissions at
every level, hand-entered progress, scope, bad input, and pinned query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chudong.orgs import services as org_services
from chudong.orgs.models import UnitKind
from chudong.plans import selectors, services
from chudong.plans.models import Plan, Target

pytestmark = pytest.mark.django_db

YEAR = 2026


def _plan(actor, unit, title="Chương trình hành động 2026", kind="programme"):
    return services.plan_create(
        actor=actor, unit=unit, values={"year": YEAR, "title": title, "kind": kind,
                                        "goals": "", "state": "adopted"},
    )  # fmt: skip


def _target(actor, plan, value, measure="members.admitted", label="Kết nạp đoàn viên mới"):
    return services.target_add(
        actor=actor, plan=plan,
        values={"label": label, "unit_label": "đoàn viên", "target_value": Decimal(value),
                "measure": measure, "deadline": dt.date(YEAR, 12, 15), "assigned_to": "",
                "assigned_unit": None},
    )  # fmt: skip


def _admit(make_member, unit_code, day):
    return make_member(unit_code, admission_date=day, since=day)


def _progress(actor, target):
    target = Target.objects.select_related("plan", "unit").get(pk=target.pk)
    return selectors.progress_for(actor=actor, targets=[target])[0]


@pytest.fixture
def cascaded(world):
    """Province TA sets 'new members' for its grassroots unions (5 each); Đoàn xã Bình
    Minh (TA.G1) passes 3 to each of its branches."""
    plan = _plan(world.staff_a, world.unit("TA"))
    top = _target(world.staff_a, plan, 10)
    grassroots = services.target_cascade(
        actor=world.staff_a, target=top, scope="grassroots", value=Decimal(5)
    )
    g1 = next(t for t in grassroots if t.unit == world.unit("TA.G1"))
    branches = services.target_cascade(
        actor=world.secretary, target=g1, scope="children", value=Decimal(3)
    )
    return plan, top, grassroots, g1, branches


def test_cascade_creates_child_plans_and_targets(world, cascaded):
    plan, top, grassroots, g1, branches = cascaded
    assert {t.unit.code for t in grassroots} == {"TA.G1", "TA.G2"}
    assert {t.unit.code for t in branches} == {"TA.G1.B1", "TA.G1.B2"}
    child_plan = Plan.objects.get(unit=world.unit("TA.G1"), year=YEAR)
    assert child_plan.source == plan and child_plan.state == "draft"
    assert g1.plan == child_plan and g1.parent == top
    assert branches[0].lineage.startswith(g1.lineage) and g1.lineage.startswith(top.lineage)
    # Cascading again leaves the units that have it alone.
    again = services.target_cascade(
        actor=world.staff_a, target=top, scope="grassroots", value=Decimal(5)
    )
    assert again == [] or isinstance(again, list)
    assert Target.objects.filter(parent=top).count() == 2


def test_progress_rolls_up_from_recorded_admissions(world, cascaded, make_member):
    _plan, top, _grassroots, g1, branches = cascaded
    _admit(make_member, "TA.G1.B1", dt.date(YEAR, 3, 26))
    _admit(make_member, "TA.G1.B1", dt.date(YEAR, 5, 19))
    _admit(make_member, "TA.G1.B2", dt.date(YEAR, 9, 2))
    _admit(make_member, "TA.G2.B1", dt.date(YEAR, 1, 9))
    _admit(make_member, "TA.G2.B1", dt.date(YEAR - 1, 12, 30))  # last year: not counted
    _admit(make_member, "TB.G1.B1", dt.date(YEAR, 4, 1))  # another province

    province = _progress(world.staff_a, top)
    assert (province.actual, province.goal) == (4, 6 + 5)
    by_unit = {c.target.unit.code: c for c in province.children}
    assert (by_unit["TA.G1"].actual, by_unit["TA.G1"].goal) == (3, 6)
    assert (by_unit["TA.G2"].actual, by_unit["TA.G2"].goal) == (1, 5)
    b1 = {c.target.unit.code: c for c in by_unit["TA.G1"].children}["TA.G1.B1"]
    assert (b1.actual, b1.goal, b1.percent) == (2, 3, 66)

    grassroots_view = _progress(world.secretary, g1)
    assert grassroots_view.actual == 3
    branch_view = _progress(world.branch_secretary, branches[0])
    assert branch_view.actual in (1, 2)
    assert {_progress(world.branch_secretary, b).actual for b in branches} == {1, 2}


def test_plan_page_shows_progress_and_drill_down(world, login, cascaded, make_member):
    plan, _top, _grassroots, g1, _branches = cascaded
    _admit(make_member, "TA.G1.B1", dt.date(YEAR, 3, 26))
    page = login(world.staff_a).get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert '<progress max="100" value="9"' in page  # 1 of 11
    assert reverse("plans:plan", args=[g1.plan_id]) in page
    assert "Đoàn xã Bình Minh" in page and "style=" not in page
    child = login(world.secretary).get(reverse("plans:plan", args=[g1.plan_id]))
    assert child.status_code == 200
    body = child.content.decode()
    assert "Chi đoàn thôn Đông" in body
    # The grassroots secretary does not see the province plan: no link to it.
    assert reverse("plans:plan", args=[plan.pk]) not in body


def test_hand_entered_progress_rolls_up(world):
    plan = _plan(world.staff_a, world.unit("TA"))
    top = _target(world.staff_a, plan, 4, measure="", label="Công trình thanh niên")
    children = services.target_cascade(
        actor=world.staff_a, target=top, scope="children", value=Decimal(2)
    )
    g1 = next(t for t in children if t.unit.code == "TA.G1")
    services.progress_record(actor=world.secretary, target=g1, value=Decimal(1),
                             on=dt.date(YEAR, 3, 1), note="Đường hoa")  # fmt: skip
    services.progress_record(actor=world.secretary, target=g1, value=Decimal(2),
                             on=dt.date(YEAR, 6, 1))  # fmt: skip
    progress = _progress(world.staff_a, top)
    assert (progress.actual, progress.goal, progress.percent) == (2, 4, 50)
    with pytest.raises(ValidationError) as error:
        services.progress_record(actor=world.staff_a, target=top, value=Decimal(1),
                                 on=dt.date(YEAR, 6, 1))  # fmt: skip
    assert "value" in error.value.message_dict


def test_progress_form_and_its_errors(world, login):
    plan = _plan(world.secretary, world.unit("TA.G1"))
    target = _target(world.secretary, plan, 3, measure="", label="Ngày Chủ nhật xanh")
    client = login(world.secretary)
    url = reverse("plans:progress", args=[target.pk])
    response = client.post(url, {"value": "-1", "on": f"{YEAR - 1}-05-01"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "không được âm" in body and "trong năm của kế hoạch" in body
    assert client.post(url, {"value": "2", "on": f"{YEAR}-05-01"}).status_code == 302
    target.refresh_from_db()
    assert target.hand_value == 2


def test_target_form_errors_in_vietnamese(world, login):
    plan = _plan(world.secretary, world.unit("TA.G1"))
    client = login(world.secretary)
    response = client.post(
        reverse("plans:target_create", args=[plan.pk]),
        {"label": "Kết nạp", "target_value": "0", "unit_label": "đoàn viên",
         "measure": "members.admitted", "deadline": f"{YEAR + 1}-01-10"},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200
    assert "Chỉ tiêu phải là một số dương." in body
    assert "Hạn hoàn thành phải nằm trong năm của kế hoạch" in body
    assert not Target.objects.exists()


def test_scope_404_and_cascade_needs_the_upper_level(world, login, cascaded):
    plan, top, _grassroots, g1, _branches = cascaded
    for url in (reverse("plans:plan", args=[plan.pk]), reverse("plans:cascade", args=[top.pk]),
                reverse("plans:target_edit", args=[top.pk])):  # fmt: skip
        assert login(world.secretary).get(url).status_code == 404
        assert login(world.staff_b).get(url).status_code == 404
    # The grassroots cannot change the number the province set for it.
    with pytest.raises(ValidationError):
        services.target_update(actor=world.secretary, target=g1, values={
            "label": g1.label, "unit_label": g1.unit_label, "target_value": Decimal(1),
            "measure": g1.measure, "deadline": None, "assigned_to": "", "assigned_unit": None,
        })  # fmt: skip
    assert login(world.staff_a).get(reverse("plans:cascade", args=[top.pk])).status_code == 200


def test_directive_with_file_served_in_scope_only(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(world.staff_a)
    response = client.post(
        reverse("plans:directive_create", args=[world.unit("TA").pk]),
        {"number": "12-NQ/TU", "issued_on": "2026-01-20", "issuer": "party",
         "title": "Nghị quyết về công tác thanh niên", "summary": "Tăng cường...",
         "attachment": SimpleUploadedFile("nq.pdf", b"%PDF-1.4 noi dung")},
    )  # fmt: skip
    assert response.status_code == 302
    from chudong.plans.models import Directive

    directive = Directive.objects.get()
    url = reverse("plans:directive_file", args=[directive.pk])
    assert client.get(url).status_code == 200
    assert login(world.secretary).get(url).status_code == 404
    client = login(world.staff_a)  # the fixture logs the one test client in again
    bad = client.post(
        reverse("plans:directive_create", args=[world.unit("TA").pk]),
        {"number": "1", "issued_on": "2026-01-20", "issuer": "party", "title": "x",
         "attachment": SimpleUploadedFile("a.exe", b"MZ....")},
    )  # fmt: skip
    assert bad.status_code == 200 and Directive.objects.count() == 1


def test_plan_page_queries_do_not_grow_with_sub_units(world, login, cascaded, make_member,
                                                      django_assert_max_num_queries):  # fmt: skip
    plan, top, _grassroots, _g1, _branches = cascaded
    _target(world.staff_a, plan, 80, measure="meetings.regular", label="Chi đoàn sinh hoạt đều")
    client = login(world.staff_a)
    url = reverse("plans:plan", args=[plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    commune = UnitKind.objects.get(code="commune")
    for n in range(4):
        org_services.unit_create(actor=world.central_admin, parent=world.unit("TA"), kind=commune,
                                 name=f"Đoàn xã Mới {n}", code=f"TA.N{n}",
                                 effective_on=dt.date(2020, 1, 1))  # fmt: skip
    services.target_cascade(actor=world.staff_a, target=top, scope="grassroots", value=Decimal(5))
    assert Target.objects.filter(parent=top).count() == 6
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(before.captured_queries) <= 20
