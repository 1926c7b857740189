"""The whole phone journey of a member, at 360 px in Chromium (issue 9's bar): a member with
no account follows the login page's link and activates with the code their branch secretary
handed them, logs in, shows the card (QR code visible), confirms a document, checks in to an
activity through the URL its QR code carries, and asks for a correction of their record;
the branch secretary then finds the request waiting. Every step is photographed under
var/screenshots/ and nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from chudong.activities import services as activity_services
from chudong.activities.models import Participation
from chudong.dissemination import services as dissemination
from chudong.dissemination.models import Acknowledgement
from chudong.members import services as member_services
from chudong.members.models import Member
from chudong.portal import services as portal_services
from chudong.portal.models import CorrectionRequest
from conftest import PASSWORD

from .conftest import DESKTOP, PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


class Camera:
    """Full-page screenshots, numbered in the order of the journey."""

    def __init__(self):
        SHOTS.mkdir(parents=True, exist_ok=True)
        for old in SHOTS.glob("journey-*.png"):  # numbers shift when a step is added
            old.unlink()
        self.count = 0

    def __call__(self, page, name: str) -> Path:
        self.count += 1
        path = SHOTS / f"journey-{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


def _fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (page.url, overflow)


def _settled(page) -> None:
    page.wait_for_load_state("networkidle")
    _fits(page)


def test_a_member_goes_from_activation_to_a_correction_request_on_a_phone(
    world, live_server, new_page
):
    base = live_server.url
    shot = Camera()
    today = timezone.localdate()
    branch = world.unit("TA.G1.B1")
    own = member_services.member_create(
        actor=world.central_admin, unit=branch, full_name="Hoàng Thị Ngọc Ánh", sex="female",
        date_of_birth=dt.date(2004, 7, 15), admission_date=dt.date(2019, 3, 26),
        card_number="0104050607", phone="0987654321",
        hometown="Xã Đông Hưng, huyện Tiên Lữ, tỉnh Hưng Yên",
    )  # fmt: skip
    document = dissemination.dispatch_send(
        actor=world.secretary, unit=world.unit("TA.G1"), kind="resolution",
        title="Nghị quyết Đại hội Đoàn xã nhiệm kỳ 2027–2032", issued_on=today,
        issuer="Ban Chấp hành Đoàn xã", acknowledge_by=today + dt.timedelta(days=10),
        summary="Ba đột phá của nhiệm kỳ: chuyển đổi số, khởi nghiệp, văn hóa số.",
    )  # fmt: skip
    start = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=20)
    activity = activity_services.activity_create(
        actor=world.branch_secretary, unit=branch, kind="volunteer",
        title="Ngày Chủ nhật xanh: dọn vệ sinh đường làng", campaign="Ngày Chủ nhật xanh",
        starts_at=start, ends_at=start + dt.timedelta(hours=3), place="Nhà văn hóa thôn Đông",
    )  # fmt: skip
    second = activity_services.activity_create(
        actor=world.branch_secretary, unit=branch, kind="study",
        title="Học tập Nghị quyết Đại hội Đoàn", starts_at=start,
        ends_at=start + dt.timedelta(hours=3), place="Hội trường xã",
    )  # fmt: skip
    # The branch secretary makes the one-time code on the member's page and hands it over.
    _invitation, code = portal_services.invitation_create(actor=world.branch_secretary, member=own)

    page = new_page(viewport=PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # 1. The login page points a new member to activation.
    page.goto(f"{base}/accounts/login/")
    _settled(page)
    link = page.get_by_role("link", name="Kích hoạt tài khoản đoàn viên")
    assert link.bounding_box()["height"] >= 44
    shot(page, "login")
    link.click()
    _settled(page)
    assert page.url == f"{base}/activate/"

    # 2. Activation with the code and the date of birth.
    page.get_by_label("Mã kích hoạt").fill(code.lower())
    page.get_by_label("Ngày sinh hoặc số điện thoại của bạn").fill("15/07/2004")
    page.get_by_label("Chọn tên đăng nhập").fill("anh.hoang")
    page.get_by_label("Chọn mật khẩu").fill("Anh-Doan-2027!")
    page.get_by_label("Nhập lại mật khẩu").fill("Anh-Doan-2027!")
    shot(page, "activate")
    page.get_by_role("button", name="Mở tài khoản").click()
    _settled(page)
    assert Member.objects.get(pk=own.pk).user.username == "anh.hoang"
    assert "Tài khoản của bạn đã sẵn sàng" in page.locator(".messages").inner_text()
    shot(page, "activated")

    # 3. Log in: the login form leads to "My pages".
    page.fill("#id_username", "anh.hoang")
    page.fill("#id_password", "Anh-Doan-2027!")
    page.click("button[type=submit]")
    _settled(page)
    assert page.url == f"{base}{reverse('members:me')}"
    assert "Hoàng Thị Ngọc Ánh" in page.locator("main").inner_text()
    shot(page, "my-pages")

    # 4. The card, with its QR code whole on the screen.
    page.locator("a[href='/me/card/']").first.click()
    _settled(page)
    qr = page.locator("#card-qr svg")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] >= 180 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    card = page.locator(".portal-card").inner_text()
    assert "Hoàng Thị Ngọc Ánh" in card and "0104050607" in card and "Chi đoàn thôn Đông" in card
    shot(page, "card")
    # The card page installs the web app's service worker (scope: the whole site); the
    # pages that follow must work under it.
    page.wait_for_function(
        "() => navigator.serviceWorker.getRegistration().then(r => !!(r && r.active))"
    )

    # 5. The document from "My pages", confirmed with one tap.
    page.goto(f"{base}/me/")
    page.locator("a[href='/me/documents/']").first.click()
    _settled(page)
    shot(page, "documents")
    page.get_by_text("Nghị quyết Đại hội Đoàn xã nhiệm kỳ 2027–2032").click()
    _settled(page)
    button = page.get_by_role("button", name="Tôi đã đọc và nắm được")
    assert button.bounding_box()["height"] >= 44
    shot(page, "document")
    button.click()
    _settled(page)
    assert Acknowledgement.objects.filter(dispatch=document, member=own).count() == 1
    shot(page, "document-confirmed")

    # 6. Check-in: the phone's camera opens the URL the activity's QR code carries.
    checkin_url = base + reverse(
        "activities:checkin", args=[activity_services.checkin_token(activity)]
    )
    page.goto(checkin_url)
    _settled(page)
    assert "Ngày Chủ nhật xanh: dọn vệ sinh đường làng" in page.locator("main").inner_text()
    assert page.evaluate("!!navigator.serviceWorker.controller")
    shot(page, "checkin")
    page.locator(".act-big-button").click()
    page.locator(".act-done").wait_for()
    assert "Đã điểm danh" in page.locator(".act-done").inner_text()
    _settled(page)
    shot(page, "checked-in")
    assert Participation.objects.filter(activity=activity, member=own, source="qr").exists()

    # 6b. A QR code scanned where there is no network: the worker stands the offline page
    # in for the check-in page, and that page opens by itself when the network returns.
    page.context.set_offline(True)
    second_url = base + reverse(
        "activities:checkin", args=[activity_services.checkin_token(second)]
    )
    page.goto(second_url)
    assert "Không có kết nối" in page.locator("body").inner_text()
    assert "Trang này sẽ tự mở lại khi có mạng" in page.locator("body").inner_text()
    _fits(page)
    shot(page, "checkin-offline")
    page.context.set_offline(False)
    page.locator(".act-big-button").click(timeout=20_000)
    page.locator(".act-done").wait_for()
    assert page.url == second_url
    assert Participation.objects.filter(activity=second, member=own).exists()

    # The offline page opened as itself does not try to reload itself (it would forever).
    page.goto(f"{base}/offline/")
    heads = []
    page.on("request", lambda request: request.method == "HEAD" and heads.append(request.url))
    status = page.evaluate(
        "() => { window.dispatchEvent(new Event('online'));"
        " return fetch('/offline/').then(r => r.status); }"
    )
    assert status == 200 and heads == []

    # 7. A correction of the record: the hometown changed with the 2025 reform.
    page.goto(f"{base}/me/record/")
    _settled(page)
    shot(page, "record")
    page.locator("a[href='/me/record/correct/?field=hometown']").click()
    _settled(page)
    now_says = page.locator("#portal-current")
    assert now_says.inner_text() == "Hồ sơ đang ghi: Xã Đông Hưng, huyện Tiên Lữ, tỉnh Hưng Yên"
    # Choosing another field shows what the record says there.
    page.get_by_label("Thông tin cần sửa").select_option("phone")
    assert now_says.inner_text() == "Hồ sơ đang ghi: 0987654321"
    page.get_by_label("Thông tin cần sửa").select_option("hometown")
    page.get_by_label("Giá trị đúng").fill("Xã Đông Hưng, tỉnh Hưng Yên")
    page.get_by_label("Lý do điều chỉnh").fill("Sau sắp xếp đơn vị hành chính năm 2025")
    shot(page, "correct")
    page.get_by_role("button", name="Gửi đề nghị").click()
    _settled(page)
    assert "đang chờ xem xét" in page.locator("main").inner_text()
    shot(page, "correction-sent")
    request = CorrectionRequest.objects.get(member=own)
    assert (request.field, request.status) == ("hometown", "pending")
    assert not errors, errors

    # 8. The branch secretary finds the request waiting, on a phone and at a desk.
    secretary = new_page(viewport=PHONE)
    log_in(secretary, base, "branch.secretary", PASSWORD)
    secretary.goto(f"{base}{reverse('portal:unit_corrections', args=[branch.pk])}")
    _settled(secretary)
    waiting = secretary.locator("main").inner_text()
    assert "Hoàng Thị Ngọc Ánh" in waiting and "Xã Đông Hưng, tỉnh Hưng Yên" in waiting
    shot(secretary, "secretary-requests")
    secretary.locator(f"a[href='/corrections/{request.pk}/']").first.click()
    _settled(secretary)
    detail = secretary.locator("main").inner_text()
    assert "Sau sắp xếp đơn vị hành chính năm 2025" in detail
    assert "Xã Đông Hưng, huyện Tiên Lữ, tỉnh Hưng Yên" in detail
    shot(secretary, "secretary-request")
    desk = new_page(viewport=DESKTOP)
    desk.goto(f"{base}/accounts/login/")
    assert desk.get_by_role("link", name="Kích hoạt tài khoản đoàn viên").is_visible()
    shot(desk, "login-desktop")
    log_in(desk, base, "branch.secretary", PASSWORD)
    desk.goto(f"{base}{reverse('portal:unit_corrections', args=[branch.pk])}")
    shot(desk, "secretary-requests-desktop")

    # The same card on a computer: the card keeps its size, the QR code stays whole.
    computer = new_page(viewport=DESKTOP)
    log_in(computer, base, "anh.hoang", "Anh-Doan-2027!")
    computer.goto(f"{base}/me/card/")
    box = computer.locator("#card-qr svg").bounding_box()
    assert 180 <= box["width"] <= 260
    shot(computer, "card-desktop")
