"""The two early warnings (admissions waiting for the upper level, incomplete dossiers)
with the lists behind them, and procedure records following a restructuring of the tree
and a merge of duplicate member records."""

from __future__ import annotations

import datetime as dt

from chudong.members import services as member_services
from chudong.orgs import selectors as org_selectors
from chudong.orgs import services as org_services
from chudong.orgs.models import UnitKind
from chudong.procedures import selectors
from chudong.procedures.models import AdmissionCase, AdmissionState, DisciplineCase, MembershipCard


def _column(table, key):
    return [w.key for w in table.columns].index(key)


def test_it_warns_the_level_above_about_admissions_waiting_for_its_decision(
    world, admission, login
):
    admission.through("vote")
    admission.through("vote", full_name="Quách Văn Chờ")
    admission.through("class", full_name="Chưa Tới")

    table = org_selectors.sub_unit_warnings(actor=world.staff_a, unit=world.unit("TA"))

    column = _column(table, "admissions_waiting")
    assert {u.code: counts[column] for u, counts in table.rows} == {"TA.G1": 2, "TA.G2": 0}
    page = login(world.staff_a).get(f"/units/{world.unit('TA').pk}/").content.decode()
    assert "Hồ sơ kết nạp chờ cấp trên chuẩn y" in page
    assert f'href="/units/{world.unit("TA").pk}/admissions/waiting/"' in page


def test_it_counts_incomplete_dossiers_as_the_list_shows_them(world, make_member, login):
    make_member(full_name="Đủ Hồ Sơ", card_number="TA19000001")
    make_member(full_name="Thiếu Thẻ")
    make_member(full_name="Thiếu Quê", card_number="TA19000002", hometown="")
    make_member("TA.G2.B1", full_name="Thiếu Ngày Vào", card_number="TA19000003",
                admission_date=None)  # fmt: skip
    make_member(full_name="Danh Dự", is_honorary=True)
    gone = make_member(full_name="Đã Trưởng Thành")
    member_services.member_status_change(
        actor=world.central_admin, member=gone, status="matured", effective_on=dt.date(2026, 3, 26)
    )

    counts = selectors.incomplete_dossier_counts([world.unit("TA.G1"), world.unit("TA.G2")], None)

    assert counts == {world.unit("TA.G1").pk: 2, world.unit("TA.G2").pk: 1}
    page = login(world.staff_a).get(f"/units/{world.unit('TA').pk}/dossiers-incomplete/")
    body = page.content.decode()
    for name, missing in (("Thiếu Thẻ", "số thẻ"), ("Thiếu Quê", "quê quán"),
                          ("Thiếu Ngày Vào", "ngày vào Đoàn")):  # fmt: skip
        assert name in body and missing in body
    assert "Đủ Hồ Sơ" not in body and "Danh Dự" not in body and "Đã Trưởng Thành" not in body


def test_it_pins_the_query_count_of_the_incomplete_dossiers_page(
    world, make_member, login, django_assert_num_queries
):
    for index in range(8):
        make_member(full_name=f"Thiếu Thẻ {index}")
    client = login(world.secretary)
    url = f"/units/{world.unit('TA.G1').pk}/dossiers-incomplete/"
    client.get(url)

    # session, user, grants, unit, members with their branch (no ancestor visible to crumb)
    with django_assert_num_queries(5):
        body = client.get(url).content.decode()
    assert body.count("Thiếu Thẻ") == 8


def test_open_cases_follow_a_merge_of_their_branch(world, admission, make_member):
    open_case = admission.through("class")
    closed = admission.through(
        "vote",
        full_name="Đã Xong",
    )
    AdmissionCase.objects.filter(pk=closed.pk).update(state=AdmissionState.NOT_APPROVED)
    east, west = world.unit("TA.G1.B1"), world.unit("TA.G1.B2")

    org_services.units_merge(
        actor=world.staff_a, sources=[east], into=west, effective_on=dt.date(2026, 6, 1)
    )

    open_case.refresh_from_db()
    closed.refresh_from_db()
    assert (open_case.unit, open_case.unit_path) == (west, west.path)
    assert closed.unit == east  # decided cases stay where they were decided


def test_paths_follow_a_subtree_move(world, admission):
    case = admission.through("class")
    school = world.unit("TA.G2")

    org_services.unit_move(
        actor=world.staff_a, unit=world.unit("TA.G1"), new_parent=school,
        effective_on=dt.date(2026, 6, 1),
    )  # fmt: skip

    case.refresh_from_db()
    assert case.unit_path == case.unit.path
    assert case.unit_path.startswith(school.path)


def test_records_follow_a_merge_of_duplicate_members(world, make_member):
    from chudong.procedures import services

    keep = make_member(full_name="Trùng Tên", card_number="TA19000010")
    remove = make_member("TA.G1.B2", full_name="TRÙNG TÊN", card_number="TA19000011")
    services.card_of_record(member=keep, actor=world.central_admin)
    services.card_of_record(member=remove, actor=world.central_admin)
    case = services.discipline_propose(
        actor=world.secretary, member=remove, form="reprimand", violation="x",
        proposed_on=dt.date(2026, 5, 1),
    )  # fmt: skip

    member_services.members_merge(actor=world.central_admin, keep=keep, remove=remove)

    assert DisciplineCase.objects.get(pk=case.pk).member == keep
    cards = dict(MembershipCard.objects.filter(member=keep).values_list("number", "status"))
    assert cards == {"TA19000010": "valid", "TA19000011": "voided"}


def test_it_blocks_dissolving_a_unit_with_open_procedures(world, admission):
    admission.through("class")

    blockers = org_services.dissolve_blockers(world.unit("TA.G1.B1"))

    assert any("hồ sơ kết nạp đang xử lý" in b or "open admission cases" in b for b in blockers)
    assert UnitKind.objects.exists()
