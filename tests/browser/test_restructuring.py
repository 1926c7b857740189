"""Province staff restructure units from the browser: each change shows a preview first,
then applies on confirmation, and the tree as of an earlier date still shows how it was."""

from __future__ import annotations

import datetime as dt

import pytest

from chudong.orgs.models import Restructuring, Unit, UnitStatus
from conftest import PASSWORD

from .conftest import PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _open(page, base, unit, action):
    page.goto(f"{base}/units/{unit.pk}/{action}/")


def test_it_merges_splits_and_moves_with_a_preview(world, live_server, new_page, screenshot):
    base = live_server.url
    page = new_page()
    log_in(page, base, "staff.a", PASSWORD)
    g1 = world.unit("TA.G1")
    yesterday = (dt.date.today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")

    # Merge: Đoàn trường THPT Sao Mai joins Đoàn xã Bình Minh.
    _open(page, base, g1, "merge")
    page.get_by_label("Đoàn trường THPT Sao Mai (TA.G2)").check()
    page.fill("#id_effective_on", yesterday)
    page.fill("#id_decision_number", "15-QĐ/TĐTN")
    page.click("button[value=preview]")
    preview = page.locator(".preview")
    assert "Đoàn trường THPT Sao Mai" in preview.inner_text()
    assert Restructuring.objects.filter(kind="merge").count() == 0  # nothing written yet
    screenshot(page, "restructure-merge-preview")
    page.click("button[value=confirm]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Đoàn xã Bình Minh"
    assert Unit.objects.get(code="TA.G2").status == UnitStatus.MERGED
    assert Unit.objects.get(code="TA.G2.B1").parent_id == g1.pk

    # Split the branch Chi đoàn thôn Đông into two new branches.
    b1 = Unit.objects.get(code="TA.G1.B1")
    _open(page, base, b1, "split")
    page.fill("#id_new_0_name", "Chi đoàn thôn Đông 1")
    page.fill("#id_new_0_code", "TA.G1.B1A")
    page.fill("#id_new_1_name", "Chi đoàn thôn Đông 2")
    page.fill("#id_new_1_code", "TA.G1.B1B")
    page.click("button[value=preview]")
    assert "Chi đoàn thôn Đông 2" in page.locator(".preview").inner_text()
    page.click("button[value=confirm]")
    page.wait_for_load_state("networkidle")
    assert Unit.objects.get(code="TA.G1.B1").status == UnitStatus.SPLIT
    assert Unit.objects.filter(code__in=["TA.G1.B1A", "TA.G1.B1B"], parent=g1).count() == 2

    # Move the former school branch directly under the province, on a phone.
    phone = new_page(PHONE)
    log_in(phone, base, "staff.a", PASSWORD)
    moved = Unit.objects.get(code="TA.G2.B1")
    _open(phone, base, moved, "move")
    options = phone.locator("#id_new_parent option").all_inner_texts()
    assert "Đoàn xã Bình Minh (TA.G1)" not in options  # its current upper unit
    phone.select_option("#id_new_parent", label="Tỉnh đoàn Hải Đăng (TA)")
    phone.click("button[value=preview]")
    assert "Tỉnh đoàn Hải Đăng" in phone.locator(".preview").inner_text()
    phone.click("button[value=confirm]")
    phone.wait_for_load_state("networkidle")
    moved.refresh_from_db()
    assert moved.parent.code == "TA"
    screenshot(phone, "restructure-move-done-phone")

    # The tree as of two days ago still shows the school union with its branch.
    before = (dt.date.today() - dt.timedelta(days=2)).strftime("%d/%m/%Y")
    page.goto(f"{base}/units/{world.unit('TA').pk}/tree/?on={before}")
    tree = page.locator("#tree").text_content()
    assert "Đoàn trường THPT Sao Mai" in tree
    assert "Chi đoàn thôn Đông" in tree and "Chi đoàn thôn Đông 1" not in tree
    screenshot(page, "restructure-tree-before")
    page.goto(f"{base}/units/{world.unit('TA').pk}/tree/")
    tree_now = page.locator("#tree").text_content()
    assert "Đoàn trường THPT Sao Mai" not in tree_now
    assert "Chi đoàn thôn Đông 1" in tree_now
