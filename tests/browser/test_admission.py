"""A grassroots secretary takes an admission from the nomination to the card on a 360 px
phone; the province staff give the upper level's confirming decision in between."""

from __future__ import annotations

import datetime as dt

import pytest

from chudong.members import services as member_services
from chudong.procedures.models import AdmissionCase, AdmissionState
from conftest import PASSWORD

from .conftest import PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n% chudong\n%%EOF\n"


def _fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (page.url, overflow)


def _step(page, button="Lưu") -> None:
    page.locator("#next-step").get_by_role("button", name=button).click()
    page.wait_for_load_state("networkidle")


def test_a_secretary_admits_a_young_person_on_a_phone(world, live_server, new_page, screenshot):
    today = dt.date.today()
    member_services.member_create(
        actor=world.central_admin, unit=world.unit("TA.G1.B1"), full_name="Lê Văn Giới",
        sex="male", date_of_birth=dt.date(2000, 2, 2), admission_date=dt.date(2018, 3, 26),
    )  # fmt: skip
    base = live_server.url
    phone = new_page(PHONE)
    errors = []
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(phone, base, "secretary", PASSWORD)

    # From the grassroots union's page to a new admission case
    phone.goto(f"{base}/units/{world.unit('TA.G1').pk}/")
    phone.get_by_role("link", name="Kết nạp và thủ tục").click()
    phone.get_by_role("link", name="Lập hồ sơ kết nạp").click()
    phone.select_option("#id_unit", label="Chi đoàn thôn Đông — Đoàn xã Bình Minh")
    phone.fill("#id_full_name", "trịnh thị thu trang")
    phone.get_by_label("Nữ").check()
    born = today.replace(year=today.year - 17)
    phone.fill("#id_date_of_birth", born.strftime("%d/%m/%Y"))
    phone.fill("#id_phone", "0912 000 777")
    phone.fill("#id_hometown", "Thôn Đông, xã Bình Minh")
    _fits(phone)
    screenshot(phone, "admission-1-nomination-phone")
    phone.get_by_role("button", name="Lập hồ sơ").click()
    phone.wait_for_load_state("networkidle")
    case = AdmissionCase.objects.get(full_name="Trịnh Thị Thu Trang")
    assert phone.url.endswith(f"/admissions/{case.pk}/")

    # 2. The Youth Union class (dates default to today)
    phone.fill("#id_class-class_name", "Lớp bồi dưỡng nhận thức về Đoàn")
    _step(phone)
    # 3. The introducer, chosen from the register
    phone.select_option(
        "#id_introducer-introducer_member", label="Lê Văn Giới — Chi đoàn thôn Đông"
    )
    known = today - dt.timedelta(days=200)
    phone.fill("#id_introducer-introducer_known_since", known.strftime("%d/%m/%Y"))
    _step(phone)
    # 4. Application and background declaration, attached from the phone
    phone.set_input_files(
        "#id_application-application",
        files=[{"name": "don.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    phone.set_input_files(
        "#id_application-background",
        files=[{"name": "ly-lich.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    _step(phone)
    # 5. The branch vote, first mistyped, then right
    phone.fill("#id_vote-members_present", "12")
    phone.fill("#id_vote-votes_for", "11")
    phone.fill("#id_vote-votes_against", "3")
    _step(phone)
    assert "vượt quá số đoàn viên có mặt (12)" in phone.locator("#next-step").inner_text()
    screenshot(phone, "admission-5-vote-error-phone")
    phone.fill("#id_vote-votes_against", "1")
    _step(phone)
    assert "Đang chờ quyết định chuẩn y của Tỉnh đoàn Hải Đăng" in phone.content()
    _fits(phone)

    # 6. The province staff confirm, from their queue of decisions
    province = new_page(PHONE)
    log_in(province, base, "staff.a", PASSWORD)
    province.goto(f"{base}/procedures/decisions/")
    province.get_by_role("link", name="Trịnh Thị Thu Trang").click()
    province.fill("#id_decision-decision_number", "25-QĐ/TĐTN")
    province.fill("#id_decision-decision_signer", "Trần Thị Hải, Phó Bí thư Tỉnh đoàn")
    _fits(province)
    screenshot(province, "admission-6-decision-phone")
    _step(province)
    assert "Đã chuẩn y kết nạp." in province.content()

    # 7. The ceremony and 8. the card, back with the secretary
    phone.reload()
    phone.fill("#id_ceremony-ceremony_place", "Hội trường xã Bình Minh")
    _step(phone)
    phone.fill("#id_card-card_number", "TA26 004 321")
    _step(phone)
    assert "Đã cấp thẻ: đoàn viên mới đã có tên trong sổ đoàn viên." in phone.content()
    case.refresh_from_db()
    assert case.state == AdmissionState.ADMITTED
    _fits(phone)
    screenshot(phone, "admission-8-admitted-phone")

    # The member record holds the whole path on its timeline
    phone.get_by_role("link", name="Mở hồ sơ đoàn viên").click()
    phone.wait_for_load_state("networkidle")
    timeline = phone.locator(".member-timeline").inner_text()
    for text in ("Được đề xuất kết nạp", "Lớp bồi dưỡng nhận thức về Đoàn", "Lê Văn Giới",
                 "Tỉnh đoàn Hải Đăng chuẩn y kết nạp", "Lễ kết nạp tại Hội trường xã Bình Minh",
                 "Cấp thẻ đoàn viên số TA26004321"):  # fmt: skip
        assert text in timeline, text
    _fits(phone)
    screenshot(phone, "admission-member-timeline-phone")
    assert not errors, errors
