"""A member on a 360 px phone opens their account with the code their branch secretary
handed them, shows their digital card (QR code visible), scans-to-verify works for the
branch secretary, and they ask for a correction of their record, which the secretary
approves. Nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from chudong.members import services as member_services
from chudong.members.models import Member
from chudong.portal.models import CorrectionRequest
from conftest import PASSWORD

from .conftest import PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_a_member_activates_shows_the_card_and_asks_for_a_correction_on_a_phone(
    world, live_server, new_page, screenshot
):
    own = member_services.member_create(
        actor=world.central_admin, unit=world.unit("TA.G1.B1"), full_name="Lê Thị Mai",
        sex="female", date_of_birth=dt.date(2003, 4, 21), unit_since=dt.date(2021, 3, 26),
        card_number="0102030405", hometown="Xã Đông Hưng",
    )  # fmt: skip
    base = live_server.url

    # The branch secretary creates the code on the member's page.
    secretary = new_page()
    log_in(secretary, base, "branch.secretary", PASSWORD)
    secretary.goto(f"{base}/members/{own.pk}/")
    secretary.locator(f"a[href='/members/{own.pk}/invite/']").first.click()
    secretary.get_by_role("button", name="Tạo mã kích hoạt").click()
    secretary.wait_for_load_state("networkidle")
    code = secretary.locator("#invite-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{8}", code)
    screenshot(secretary, "portal-invite-code")

    # The member activates on the phone.
    page = new_page(viewport=PHONE)
    page.goto(f"{base}/activate/")
    _fits(page)
    page.get_by_label("Mã kích hoạt").fill(code)
    page.get_by_label("Ngày sinh hoặc số điện thoại của bạn").fill("21/04/2003")
    page.get_by_label("Chọn tên đăng nhập").fill("mai.le")
    page.get_by_label("Chọn mật khẩu").fill("Mai-Doan-2026!")
    page.get_by_label("Nhập lại mật khẩu").fill("Mai-Doan-2026!")
    screenshot(page, "portal-phone-activate")
    page.get_by_role("button", name="Mở tài khoản").click()
    page.wait_for_load_state("networkidle")
    assert Member.objects.get(pk=own.pk).user.username == "mai.le"
    log_in(page, base, "mai.le", "Mai-Doan-2026!")

    # The card, from "My pages".
    page.goto(f"{base}/me/")
    _fits(page)
    page.locator("a[href='/me/card/']").first.click()
    page.wait_for_load_state("networkidle")
    qr = page.locator("#card-qr svg")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] >= 180 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert "Lê Thị Mai" in page.content() and "0102030405" in page.content()
    _fits(page)
    screenshot(page, "portal-phone-card")

    # The secretary opens the URL the QR code encodes and sees who it is.
    from chudong.portal import selectors

    secretary.goto(base + "/card/verify/?t=" + selectors.card_token(own))
    assert "Đoàn viên hợp lệ của Chi đoàn thôn Đông" in secretary.content()
    stranger = new_page(viewport=PHONE)
    stranger.goto(base + "/card/verify/?t=" + selectors.card_token(own))
    assert "Thẻ đoàn viên hợp lệ" in stranger.content() and "Lê Thị Mai" not in stranger.content()
    screenshot(stranger, "portal-phone-verify-anonymous")

    # A correction request from the record.
    page.goto(f"{base}/me/record/")
    _fits(page)
    page.locator("a[href='/me/record/correct/?field=hometown']").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Giá trị đúng").fill("Xã Đông Hưng, tỉnh Hưng Yên")
    page.get_by_label("Lý do điều chỉnh").fill("Sau sắp xếp đơn vị hành chính năm 2025")
    _fits(page)
    screenshot(page, "portal-phone-correct")
    page.get_by_role("button", name="Gửi đề nghị").click()
    page.wait_for_load_state("networkidle")
    assert "đang chờ xem xét" in page.content()
    _fits(page)
    screenshot(page, "portal-phone-record")
    row = CorrectionRequest.objects.get(member=own)

    # The secretary approves; the member sees the record changed.
    secretary.goto(f"{base}/corrections/{row.pk}/")
    secretary.get_by_role("button", name="Duyệt và cập nhật").click()
    secretary.wait_for_load_state("networkidle")
    assert Member.objects.get(pk=own.pk).hometown == "Xã Đông Hưng, tỉnh Hưng Yên"
    page.goto(f"{base}/me/record/")
    assert "đã duyệt và cập nhật" in page.content()

    # Installed as a web app: the service worker (registered from portal.js) serves the
    # offline page when the network is down.
    page.wait_for_function(
        "() => navigator.serviceWorker.getRegistration().then(r => !!(r && r.active))"
    )
    page.context.set_offline(True)
    page.goto(f"{base}/me/record/")
    assert "Không có kết nối" in page.content()
    _fits(page)
    screenshot(page, "portal-phone-offline")
    page.context.set_offline(False)
