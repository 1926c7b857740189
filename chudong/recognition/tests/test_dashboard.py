"""The dashboard reads maintained roll-ups (always equal to a rebuild and to a live count),
in a fixed number of queries; it draws its charts as inline SVG and a status map; its
tables export to .xlsx and its figures print as a PDF summary with Vietnamese set."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chudong.recognition import pdf, rollups, selectors, services
from chudong.recognition.models import CriterionCount, StateCount

from .conftest import YEAR, register, review_all, self_assess

pytestmark = pytest.mark.django_db

DECISION = {
    "number": "88-QĐ/TĐTN",
    "signed_on": dt.date(2026, 11, 20),
    "place": "Hải Đăng",
    "signer_name": "Trần Thị Hải",
    "signer_title": "Phó Bí thư",
}


def _rows():
    states = sorted(
        StateCount.objects.filter(cycles__gt=0).values_list("unit__code", "year", "state", "cycles")
    )
    criteria = sorted(
        (code, year, crit, n, round(total, 6))
        for code, year, crit, n, total in CriterionCount.objects.filter(reviewed__gt=0).values_list(
            "unit__code", "year", "code", "reviewed", "share_sum"
        )
    )
    return states, criteria


def _check(world, *units):
    """The maintained rows equal a rebuild from scratch, and the dashboard's total equals
    the live count of the cycle table."""
    maintained = _rows()
    rollups.rebuild()
    assert _rows() == maintained
    for code in units:
        unit = world.unit(code)
        live = selectors.summary(unit=unit, year=YEAR)
        read = selectors.dashboard(actor=world.central_admin, unit=unit, year=YEAR)["total"]
        assert (read.registered, read.submitted, read.reviewed, read.recognised) == (
            live.registered,
            live.submitted,
            live.reviewed,
            live.recognised,
        )
        assert read.grassroots == live.grassroots
    return maintained


def test_the_rollups_follow_every_step_of_the_cycle(world, today):
    province = world.unit("TA")
    assert _check(world, "TA", "ROOT") == ([], [])
    cycle = register(world)
    states, _criteria = _check(world, "TA", "ROOT")
    assert ("TA", YEAR, "registered", 1) in states and ("ROOT", YEAR, "registered", 1) in states
    other = register(world, "TA.G2", actor="central_admin")
    # Naming a follower of a union without a plan creates its (open) year.
    services.follower_assign(actor=world.staff_a, unit=world.unit("TA.G1"), year=YEAR - 1,
                             follower=None)  # fmt: skip
    states, _criteria = _check(world, "TA")
    assert ("TA", YEAR - 1, "open", 1) in states
    cycle = self_assess(world, cycle)
    _check(world, "TA", "ROOT")
    services.review_return(actor=world.staff_a, cycle=cycle, reason="Bổ sung minh chứng")
    states, _criteria = _check(world, "TA")
    assert ("TA", YEAR, "returned", 1) in states
    cycle.refresh_from_db()
    cycle = self_assess(world, cycle)
    rows = [
        {"criterion_id": c.pk, "score": 0 if c.code == "2.3" else 1, "comment": ""}
        for c in cycle.framework.criteria.all()
    ]
    services.review_save(actor=world.staff_a, cycle=cycle, rows=rows, comment="", accept=False)
    # A review saved but not accepted counts nowhere yet.
    assert not CriterionCount.objects.exists()
    services.review_save(actor=world.staff_a, cycle=cycle, rows=rows, comment="", accept=True)
    _states, criteria = _check(world, "TA", "ROOT")
    assert ("TA", YEAR, "2.3", 1, 0.0) in criteria and ("TA", YEAR, "1.1", 1, 100.0) in criteria
    other = review_all(world, self_assess(world, other, actor="central_admin"))
    services.decision_issue(
        actor=world.staff_a, issuer=province, year=YEAR, data=DECISION, cycles=[other]
    )
    states, _criteria = _check(world, "TA", "ROOT")
    assert ("TA", YEAR, "recognised", 1) in states and ("TA", YEAR, "reviewed", 1) in states
    other.refresh_from_db()
    services.recognition_revoke(actor=world.staff_a, cycle=other, reason="Báo cáo sai")
    states, _criteria = _check(world, "TA", "ROOT")
    assert ("TA.G2", YEAR, "revoked", 1) in states
    assert not any(s[2] == "recognised" for s in states)
    data = selectors.dashboard(actor=world.staff_a, unit=province, year=YEAR)
    assert data["weakest"][0]["criterion__code"] == "2.3"
    assert data["weakest"][0]["share"] == 50  # 0 and 100: half the maximum on average
    assert data["weakest"][0]["title"].startswith("Chỉ đạo chi đoàn")


def test_a_rebuild_of_one_subtree_leaves_the_rest_alone(world, today):
    register(world)
    register(world, "TB.G1", actor="central_admin")
    StateCount.objects.filter(unit__code="TB").update(cycles=7)
    before = StateCount.objects.get(unit__code="ROOT", state="registered").cycles
    rollups.rebuild(world.unit("TA"))
    assert StateCount.objects.get(unit__code="TB", state="registered").cycles == 7
    assert StateCount.objects.get(unit__code="ROOT", state="registered").cycles == before == 2
    rollups.rebuild(world.unit("TB"))
    assert StateCount.objects.get(unit__code="TB", state="registered").cycles == 1


def _communes(world, count, start=0):
    from chudong.orgs import services as org_services
    from chudong.orgs.models import UnitKind

    kind = UnitKind.objects.get(code="commune")
    made = []
    for index in range(start, start + count):
        made.append(
            org_services.unit_create(
                actor=world.central_admin, parent=world.unit("TA"), kind=kind,
                name=f"Đoàn xã Thử {index}", code=f"TA.X{index}",
                effective_on=dt.date(2020, 1, 1),
            )
        )  # fmt: skip
    return made


def test_the_dashboard_reads_a_fixed_number_of_queries(world, login, today):
    province = world.unit("TA")
    client = login(world.staff_a)
    url = f"/units/{province.pk}/recognition/dashboard/?year={YEAR}"

    def count_queries(kept: bool = False):
        if not kept:  # the unions per sub-unit are kept per process for a few minutes
            caches["default"].clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    _communes(world, 3)
    register(world)
    first, page = count_queries()
    for unit in _communes(world, 8, start=3):
        services.plan_register(
            actor=world.central_admin,
            unit=unit,
            year=YEAR,
            data={"approach": "Phương án", "solutions": "", "roadmap": "Lộ trình"},
        )
    second, page = count_queries()
    assert second == first, (first, second)
    assert first <= 25
    assert count_queries(kept=True)[0] == first - 1  # the kept unit count is read
    assert page.count("Đoàn xã Thử") >= 11
    # No query of the page counts the cycle or indicator tables.
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    for query in captured.captured_queries:
        sql = query["sql"]
        if "COUNT(" in sql.upper():
            assert "recognition_cycle" not in sql and "recognition_indicatorvalue" not in sql, sql


def test_the_dashboard_draws_charts_and_a_status_map(world, login, today, reviewed):
    province = world.unit("TA")
    services.decision_issue(
        actor=world.staff_a, issuer=province, year=YEAR, data=DECISION, cycles=[reviewed]
    )
    page = login(world.staff_a).get(f"/units/{province.pk}/recognition/dashboard/?year={YEAR}")
    html = page.content.decode()
    main = html[html.index("<main") :]
    assert "Bản đồ trạng thái" in main
    assert "<script" not in main and " style=" not in main
    assert main.count('<svg class="rec-bar"') >= 5  # four steps and the status bar
    assert '<svg class="rec-trend"' in main
    # The recognised union is a green tile linking to its page; the other is not registered.
    g1, g2 = world.unit("TA.G1"), world.unit("TA.G2")
    assert re.search(
        rf'class="rec-tile rec-tile-recognised" href="/units/{g1.pk}/recognition/\?year={YEAR}"',
        main,
    )
    assert re.search(rf'class="rec-tile rec-tile-none" href="/units/{g2.pk}/recognition/', main)
    # One in two recognised: the step bar is filled to half.
    assert re.search(r'<rect x="0" y="0" width="50" height="10" fill="#17804a">', main)


def test_the_map_shows_sub_units_when_there_are_too_many_unions(world, login, today, monkeypatch):
    monkeypatch.setattr(selectors, "MAP_UNIONS", 1)
    root = world.unit("ROOT")
    html = login(world.central_admin).get(f"/units/{root.pk}/recognition/dashboard/").content
    html = html.decode()
    assert "rec-tile rec-band-low" in html and "Tỉnh đoàn Hải Đăng" in html
    assert 'class="rec-tile rec-tile-' not in html  # no union tiles


def test_every_dashboard_table_exports_to_excel(world, login, reviewed):
    from openpyxl import load_workbook

    province = world.unit("TA")
    client = login(world.staff_a)

    def cells(table):
        response = client.get(
            f"/units/{province.pk}/recognition/dashboard.xlsx?year={YEAR}&table={table}"
        )
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        return [row for row in rows if len(row) > 1]

    children = cells("children")
    g1 = next(r for r in children if r[0] == "Đoàn xã Bình Minh")
    assert g1[2:7] == [1, 1, 1, 1, 0]
    trend = cells("trend")
    assert [YEAR, 1, 1, 1, 0] in trend and [YEAR - 4, 0, 0, 0, 0] in trend
    weakest = cells("weakest")
    assert any(r[0] == "1.1" and r[2] == 100 and r[3] == 1 for r in weakest)


def test_the_summary_report_prints_the_figures_with_vietnamese_set(world, login, reviewed):
    from PIL import Image

    province = world.unit("TA")
    data = selectors.dashboard(actor=world.staff_a, unit=province, year=YEAR)
    summary = pdf.summary_data(unit=province, year=YEAR, data=data, day=dt.date(2026, 11, 22))
    assert summary["totals"][3] == ['Được công nhận "3 chủ động"', "0", "0%"]
    assert ["Đoàn xã Bình Minh", "1", "1", "1", "1", "0 (0%)"] in summary["children"]
    pages, warnings = pdf.summary_pdf(summary, format="png", ppi=72)
    assert warnings == []  # a font without Vietnamese marks would be reported here
    first = pages[0] if isinstance(pages, list) else pages
    picture = Image.open(io.BytesIO(first)).convert("L")
    assert picture.width > 500 and picture.getextrema()[0] < 100

    # The marks are drawn: the same page with the subject stripped of its diacritics
    # differs only in that line's band, and the differing band is where the subject is.
    plain = dict(summary, subject="Ket qua xay dung Doan co so 3 chu dong nam 2026")
    other, _warnings = pdf.summary_pdf(plain, format="png", ppi=72)
    other = Image.open(io.BytesIO(other[0] if isinstance(other, list) else other)).convert("L")
    from PIL import ImageChops

    box = ImageChops.difference(picture, other).getbbox()
    assert box is not None and box[3] - box[1] < 40 and box[1] < picture.height / 4

    response = login(world.staff_a).get(
        f"/units/{province.pk}/recognition/dashboard.pdf?year={YEAR}"
    )
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    outsider = login(world.staff_b).get(f"/units/{province.pk}/recognition/dashboard.pdf")
    assert outsider.status_code == 404


def test_moving_a_union_moves_its_counts_to_its_new_ancestors(world, today):
    from chudong.orgs import services as org_services

    register(world)
    org_services.unit_move(
        actor=world.central_admin, unit=world.unit("TA.G1"), new_parent=world.unit("TB"),
        effective_on=dt.date(2026, 11, 1),
    )  # fmt: skip
    states, _criteria = _check(world, "TA", "TB", "ROOT")
    assert ("TB", YEAR, "registered", 1) in states
    assert not any(code == "TA" for code, *_rest in states)
