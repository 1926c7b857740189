from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from chudong.reports import selectors


def test_it_counts_each_sub_unit_subtree(world):
    report = selectors.structure(actor=world.staff_a, unit=world.unit("TA"))

    rows = {row.unit.code: row for row in report.rows}
    assert list(rows) == ["TA.G1", "TA.G2"]
    assert (rows["TA.G1"].units_below, rows["TA.G1"].branches) == (2, 2)
    assert (rows["TA.G2"].units_below, rows["TA.G2"].branches) == (1, 1)
    assert (report.total.units_below, report.total.grassroots, report.total.branches) == (5, 2, 3)


def test_it_exports_the_same_figures_to_excel(world, login):
    client = login(world.staff_a)

    response = client.get(f"/reports/structure/{world.unit('TA').pk}/export.xlsx")

    assert response["Content-Disposition"].startswith('attachment; filename="co-cau-to-chuc-TA-')
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["Cơ cấu tổ chức: Tỉnh đoàn Hải Đăng"]
    assert values[4][:6] == ["Đoàn xã Bình Minh", "TA.G1", "Đoàn xã / phường / đặc khu", 2, 0, 2]
    assert values[-1][:4] == ["Tổng cộng", 5, 2, 3]


def test_it_does_not_report_above_the_users_scope(world, login):
    client = login(world.secretary)

    assert client.get(f"/reports/structure/{world.unit('TA').pk}/").status_code == 404
    response = client.get("/reports/", follow=True)
    assert response.redirect_chain[-1][0] == f"/reports/structure/{world.unit('TA.G1').pk}/"
