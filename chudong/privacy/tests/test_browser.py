"""The privacy pages in Chromium: a member gives and withdraws consent and asks for
deletion on a 360 px phone; the branch secretary answers; the data-protection officer
filters the read log. Pages must fit the phone (screenshots in test-artifacts/)."""

from __future__ import annotations

import datetime as dt

import pytest

from chudong.access.policy import log_sensitive_read
from chudong.privacy.models import Consent, SubjectRequest
from conftest import PASSWORD
from tests.browser.fixtures import DESKTOP, PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _fits(page, width) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_a_member_consents_and_asks_for_deletion_on_a_phone(
    world, live_server, new_page, screenshot, make_member
):
    member = make_member(account=True)
    page = new_page(PHONE)
    log_in(page, live_server.url, member.user.username, "x-Secret-123")
    page.goto(f"{live_server.url}/me/consents/")
    box = page.locator("#id_health_confirmed")
    assert not box.is_checked()
    _fits(page, PHONE["width"])
    screenshot(page, "privacy-consents-phone")
    box.check()
    page.locator("form", has=box).get_by_role("button").click()
    page.wait_for_load_state("networkidle")
    assert "Bạn đã đồng ý" in page.content()
    assert Consent.objects.get(member=member).channel == "online"
    page.goto(f"{live_server.url}/me/data-requests/")
    page.get_by_label("xóa dữ liệu của tôi").check()
    page.fill("#id_details", "Xin xóa thông tin sức khỏe")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    _fits(page, PHONE["width"])
    screenshot(page, "privacy-requests-phone")
    row = SubjectRequest.objects.get(member=member)
    assert row.due_on.strftime("%d/%m/%Y") in page.content()

    officer = new_page(DESKTOP)
    log_in(officer, live_server.url, "branch.secretary", PASSWORD)
    officer.goto(f"{live_server.url}/units/{world.unit('TA.G1.B1').pk}/privacy/")
    screenshot(officer, "privacy-unit-desktop")
    officer.get_by_role("link", name="Xóa dữ liệu của tôi").first.click()
    officer.wait_for_load_state("networkidle")
    officer.get_by_label("đã đáp ứng yêu cầu").check()
    officer.fill("#id_response", "Đã xóa thông tin sức khỏe theo yêu cầu.")
    officer.get_by_label("tình hình sức khỏe", exact=False).check()
    screenshot(officer, "privacy-request-desktop")
    officer.get_by_role("button", name="Lưu trả lời").click()
    officer.wait_for_load_state("networkidle")
    row.refresh_from_db()
    assert (row.status, row.cleared_fields) == ("partly", ["health"])


def test_the_officer_filters_the_read_log_on_phone_and_desktop(
    world, live_server, new_page, screenshot
):
    for n in range(3):
        log_sensitive_read(
            actor=world.secretary, subject_type="member", subject_id=n,
            subject_label=f"Nguyễn Thị Hồng Nhung {n}", unit_path=world.unit("TA.G1.B1").path,
            fields=["ethnicity", "religion", "health"], request_path=f"/members/{n}/sensitive/",
        )  # fmt: skip
    for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page = new_page(viewport)
        log_in(page, live_server.url, "dpo.a", PASSWORD)
        page.goto(f"{live_server.url}/privacy/read-log/")
        page.fill("#id_reader", "le thi binh")
        page.fill("#id_date_from", dt.date.today().strftime("%d/%m/%Y"))
        page.get_by_role("button", name="Lọc").click()
        page.wait_for_load_state("networkidle")
        assert page.content().count("Nguyễn Thị Hồng Nhung") == 3
        _fits(page, viewport["width"])
        screenshot(page, f"privacy-read-log-{name}")
