"""Dashboards: figures equal real counts, scope, freshness of the roll-ups, query counts,
charts fed through a JSON script tag, Excel exports."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import BytesIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from chudong.core.paths import subtree_q
from chudong.members import services as member_services
from chudong.members.models import Member, MemberStatus
from chudong.orgs import services as org_services
from chudong.reports import selectors
from chudong.reports.models import RollupRun
from chudong.reports.rollups import rollup_refresh

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def members(world):
    """Eight records across both provinces, admitted in 2024–2026, one struck off and
    one working far from home."""
    admin = world.central_admin

    def add(code, name, admitted, sex="female"):
        return member_services.member_create(
            actor=admin,
            unit=world.unit(code),
            full_name=name,
            sex=sex,
            date_of_birth=dt.date(2004, 3, 1),
            admission_date=admitted,
        )

    made = {
        "an": add("TA.G1.B1", "Nguyễn Văn An", dt.date(2024, 3, 26), "male"),
        "binh": add("TA.G1.B1", "Trần Thị Bình", dt.date(2025, 3, 26)),
        "cuc": add("TA.G1.B2", "Lê Thị Cúc", dt.date(2025, 9, 2)),
        "dung": add("TA.G1.B2", "Phạm Văn Dũng", dt.date(2026, 3, 26), "male"),
        "em": add("TA.G2.B1", "Hoàng Thị Em", dt.date(2026, 1, 9)),
        "giang": add("TA.G2.B1", "Vũ Thị Giang", dt.date(2026, 1, 9)),
        "hoa": add("TB.G1.B1", "Đỗ Thị Hoa", dt.date(2024, 5, 19)),
    }
    member_services.member_status_change(
        actor=admin,
        member=made["binh"],
        status=MemberStatus.STRUCK_OFF,
        effective_on=dt.date(2026, 6, 1),
    )
    member_services.member_status_change(
        actor=admin,
        member=made["cuc"],
        status=MemberStatus.WORKING_FAR,
        effective_on=dt.date(2026, 6, 1),
    )
    return made


def real_statuses(unit) -> dict[str, int]:
    rows = (
        Member.objects.filter(subtree_q("unit_path", unit.path))
        .exclude(status=MemberStatus.MERGED)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def real_years(unit) -> dict[int, int]:
    rows = (
        Member.objects.filter(subtree_q("unit_path", unit.path), admission_date__isnull=False)
        .exclude(status=MemberStatus.MERGED)
        .annotate(year=ExtractYear("admission_date"))
        .values_list("year")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def shown_statuses(board) -> dict[str, int]:
    return {f.status: f.members for f in board.statuses if f.members}


@time_machine.travel(TODAY, tick=False)
def test_it_counts_members_by_status_sub_unit_and_year_from_the_roll_ups(world, members):
    rollup_refresh()

    board = selectors.dashboard(actor=world.staff_a, unit=world.unit("TA"))

    assert shown_statuses(board) == {"active": 4, "struck_off": 1, "working_far": 1}
    assert (board.current, board.former, board.total) == (5, 1, 6)
    rows = {row.unit.code: row for row in board.sub_units}
    assert list(rows) == ["TA.G1", "TA.G2"]
    assert (rows["TA.G1"].current, rows["TA.G1"].former) == (3, 1)
    assert rows["TA.G1"].by_status == {"active": 2, "working_far": 1, "struck_off": 1}
    assert (rows["TA.G2"].current, rows["TA.G2"].former) == (2, 0)
    assert board.other is None
    assert dict(board.admissions)[2026] == 3 and dict(board.admissions)[2025] == 2
    assert [year for year, _n in board.admissions] == list(range(2017, 2027))
    assert board.admitted_this_year == 3


@time_machine.travel(TODAY, tick=False)
def test_its_figures_equal_real_counts_for_every_unit(world, members):
    rollup_refresh()

    for code, unit in world.units.items():
        board = selectors.dashboard(actor=world.central_admin, unit=unit)
        assert shown_statuses(board) == real_statuses(unit), code
        years = {year: n for year, n in board.admissions if n}
        assert years == real_years(unit), code
        for row in board.sub_units:
            assert {k: v for k, v in row.by_status.items() if v} == real_statuses(row.unit)


@time_machine.travel(TODAY, tick=False)
def test_the_roll_ups_follow_a_sub_unit_moved_to_another_province(world, members):
    org_services.unit_move(
        actor=world.central_admin,
        unit=world.unit("TA.G2"),
        new_parent=world.unit("TB"),
        effective_on=TODAY,
    )
    rollup_refresh()

    board_a = selectors.dashboard(actor=world.central_admin, unit=world.unit("TA"))
    board_b = selectors.dashboard(actor=world.central_admin, unit=world.unit("TB"))

    assert board_a.current == 3 and board_b.current == 3
    assert [row.unit.code for row in board_b.sub_units] == ["TB.G1", "TA.G2"]


@time_machine.travel(TODAY, tick=False)
def test_a_branch_is_counted_live_without_waiting_for_a_refresh(world, members):
    rollup_refresh()
    member_services.member_create(
        actor=world.central_admin,
        unit=world.unit("TA.G1.B1"),
        full_name="Ngô Văn Khánh",
        sex="male",
        date_of_birth=dt.date(2005, 9, 2),
        admission_date=dt.date(2026, 11, 1),
    )

    branch = selectors.dashboard(actor=world.central_admin, unit=world.unit("TA.G1.B1"))
    union = selectors.dashboard(actor=world.central_admin, unit=world.unit("TA.G1"))

    assert branch.live and shown_statuses(branch) == {"active": 2, "struck_off": 1}
    assert not union.live and union.current == 3  # until the next refresh


def test_it_shows_when_the_figures_were_computed_and_asks_for_a_refresh_when_stale(
    world, members, login, django_capture_on_commit_callbacks
):
    client = login(world.staff_a)
    url = f"/dashboard/{world.unit('TA').pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        body = client.get(url).content.decode()
    assert "Số liệu chưa được tổng hợp" in body
    # The page asked the task worker (run at once by the tests' backend) for a refresh.
    run = RollupRun.objects.get()
    assert run.members == 7

    with time_machine.travel(run.finished_at + dt.timedelta(minutes=5)):
        body = client.get(url).content.decode()
    assert "Số liệu tổng hợp lúc" in body and "Đã yêu cầu tổng hợp lại" not in body
    with time_machine.travel(run.finished_at + dt.timedelta(hours=2)):
        body = client.get(url).content.decode()
    assert "Đã yêu cầu tổng hợp lại" in body


@time_machine.travel(TODAY, tick=False)
def test_it_draws_charts_from_a_json_script_tag_and_no_inline_code(world, members, login):
    rollup_refresh()
    body = login(world.staff_a).get(f"/dashboard/{world.unit('TA').pk}/").content.decode()

    data = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', body)
    assert data is not None
    charts = json.loads(data.group(1))
    assert charts["units"] == {
        "labels": ["Đoàn xã Bình Minh", "Đoàn trường THPT Sao Mai"],
        "values": [3, 2],
        "label": "Đang sinh hoạt",
    }
    assert charts["admissions"]["values"][-1] == 3
    for script in re.findall(r"<script([^>]*)>(.*?)</script>", body, flags=re.S):
        assert "src=" in script[0] or 'type="application/json"' in script[0], script


@time_machine.travel(TODAY, tick=False)
def test_it_never_shows_a_unit_outside_the_users_scope(world, members, login):
    rollup_refresh()
    province_a = world.unit("TA").pk

    assert login(world.staff_b).get(f"/dashboard/{province_a}/").status_code == 404
    assert login(world.secretary).get(f"/dashboard/{province_a}/").status_code == 404
    response = login(world.secretary).get("/dashboard/", follow=True)
    assert response.redirect_chain[-1][0] == f"/dashboard/{world.unit('TA.G1').pk}/"
    body = login(world.staff_b).get(f"/dashboard/{world.unit('ROOT').pk}/")
    assert body.status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_the_national_dashboard_sums_every_province(world, members, login):
    rollup_refresh()
    board = selectors.dashboard(actor=world.central_admin, unit=world.unit("ROOT"))

    assert [(row.unit.code, row.current) for row in board.sub_units] == [("TA", 5), ("TB", 1)]
    assert board.total == 7
    assert login(world.central_admin).get(f"/dashboard/{world.unit('ROOT').pk}/").status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_its_query_count_does_not_grow_with_the_tree(world, members, login):
    rollup_refresh()
    client = login(world.staff_a)
    url = f"/dashboard/{world.unit('TA').pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for number in range(5):
        org_services.unit_create(
            actor=world.central_admin,
            parent=world.unit("TA"),
            kind=world.unit("TA.G1").kind,
            name=f"Đoàn xã Mới {number}",
            code=f"TA.N{number}",
            effective_on=dt.date(2026, 1, 1),
        )
    rollup_refresh()
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)

    assert response.status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)
    # Session, user, grants, the unit, breadcrumbs, the run, sub-units, status rows,
    # admission rows.
    assert len(after.captured_queries) <= 10


@time_machine.travel(TODAY, tick=False)
def test_it_exports_the_sub_unit_and_admission_tables(world, members, login):
    rollup_refresh()
    client = login(world.staff_a)
    unit_id = world.unit("TA").pk

    response = client.get(f"/dashboard/{unit_id}/units.xlsx")
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Đoàn viên theo đơn vị trực thuộc: Tỉnh đoàn Hải Đăng"]
    assert rows[3][:2] == ["Đơn vị", "Mã"]
    assert rows[4] == ["Đoàn xã Bình Minh", "TA.G1", 2, 0, 1, 3, 1, 4]
    assert rows[-1] == ["Tổng cộng", 4, 0, 1, 5, 1, 6]

    response = client.get(f"/dashboard/{unit_id}/admissions.xlsx")
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows[-1] == [2026, 3] and rows[-2] == [2025, 2]


def test_the_rollup_command_reports_what_it_counted(world, members, capsys):
    call_command("rollup")

    assert "7 member records" in capsys.readouterr().out
    assert RollupRun.objects.get().members == 7


def _rate(world, members, year, levels):
    """Approved ratings of `year`, as a branch's sheet would leave them."""
    from chudong.ratings.models import MemberRating, RatingSheet

    for key, level in levels.items():
        member = members[key]
        sheet, _created = RatingSheet.objects.get_or_create(
            unit=member.unit,
            year=year,
            defaults={"unit_path": member.unit_path, "state": "approved"},
        )
        MemberRating.objects.create(
            member=member, year=year, sheet=sheet, unit=member.unit, unit_path=member.unit_path,
            kind="reviewed" if level == "" else "rated", level=level, approved=True,
        )  # fmt: skip


@time_machine.travel(TODAY, tick=False)
def test_it_shows_the_latest_years_ratings_by_level(world, members, login):
    _rate(world, members, 2024, {"an": "good"})
    _rate(world, members, 2025, {"an": "excellent", "cuc": "good", "em": "good", "dung": ""})
    _rate(world, members, 2025, {"hoa": "completed"})  # province B
    rollup_refresh()

    board = selectors.dashboard(actor=world.staff_a, unit=world.unit("TA"))
    branch = selectors.dashboard(actor=world.staff_a, unit=world.unit("TA.G1.B2"))

    assert board.ratings_year == 2025
    assert board.ratings == [
        ("Hoàn thành xuất sắc nhiệm vụ", 1),
        ("Hoàn thành tốt nhiệm vụ", 2),
        ("Hoàn thành nhiệm vụ", 0),
        ("Không hoàn thành nhiệm vụ", 0),
        ("Nhận xét, không xếp loại (đảng viên chính thức)", 1),
    ]
    assert branch.live and [n for _label, n in branch.ratings] == [0, 1, 0, 0, 1]
    body = login(world.staff_a).get(f"/dashboard/{world.unit('TA').pk}/").content.decode()
    assert "Xếp loại đoàn viên năm 2025" in body and 'id="chart-ratings"' in body
