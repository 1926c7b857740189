"""Criterion 2.5 on a phone: the commune secretary opens an overdue recommendation of the
province's inspection and records its remedy at 360 px; the inspection, review and
exemplary pages fit the phone and the desktop (screenshots in test-artifacts/)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from chudong.inspection import services
from chudong.inspection.models import Recommendation
from conftest import PASSWORD

from .conftest import DESKTOP, PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _fits(page, width) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_a_secretary_records_a_remedy_on_a_phone(world, live_server, new_page, screenshot):
    today = timezone.localdate()
    commune = world.unit("TA.G1")
    inspection = services.inspection_create(
        actor=world.staff_a,
        unit=world.unit("TA"),
        data={
            "subject": commune,
            "plan": None,
            "content": "Quản lý đoàn viên và sổ sách",
            "inspected_on": today - dt.timedelta(days=60),
            "team": "Trần Thị Hải",
            "findings": "Sổ đoàn viên chưa cập nhật",
            "conclusion": "Cần khắc phục",
        },
    )
    late = services.recommendation_add(
        actor=world.staff_a,
        inspection=inspection,
        data={
            "text": "Cập nhật sổ đoàn viên của các chi đoàn",
            "deadline": today - dt.timedelta(days=10),
        },
    )
    services.exemplary_create(
        actor=world.secretary,
        unit=commune,
        data={
            "kind": "model",
            "title": "Mô hình “Thắp sáng đường quê”",
            "area": "volunteer",
            "description": "Lắp 120 bóng đèn năng lượng mặt trời",
            "member": None,
            "holder": "",
            "started_on": today - dt.timedelta(days=100),
            "link": "",
            "commendation": "none",
            "decision_number": "",
            "decision_on": None,
        },
    )
    base = live_server.url
    page = new_page(viewport=PHONE)
    log_in(page, base, "secretary", PASSWORD)
    page.goto(f"{base}/units/{commune.pk}/inspection/")
    assert page.get_by_text("Kiến nghị quá hạn khắc phục").first.is_visible()
    _fits(page, PHONE["width"])
    screenshot(page, "inspection-unit-phone")
    page.get_by_role("link", name="Cập nhật sổ đoàn viên của các chi đoàn").first.click()
    page.check("input[name=status][value=done]")
    page.fill("#id_follow_up", "Đã cập nhật 312 hồ sơ")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    assert (
        page.get_by_text("Khắc phục đúng hạn")
        .or_(page.get_by_text("Khắc phục trễ hạn"))
        .first.is_visible()
    )
    _fits(page, PHONE["width"])
    screenshot(page, "inspection-remedy-phone")
    late.refresh_from_db()
    assert late.status == "done" and late.follow_up == "Đã cập nhật 312 hồ sơ"
    assert Recommendation.objects.filter(status="open").count() == 0
    for path, name in (
        (f"/units/{commune.pk}/reviews/", "inspection-reviews"),
        (f"/units/{commune.pk}/exemplary/", "inspection-exemplary"),
    ):
        page.goto(base + path)
        _fits(page, PHONE["width"])
        screenshot(page, f"{name}-phone")
    desktop = new_page(viewport=DESKTOP)
    log_in(desktop, base, "staff.a", PASSWORD)
    desktop.goto(f"{base}/inspection/{inspection.pk}/")
    assert desktop.get_by_text("Sổ đoàn viên chưa cập nhật").is_visible()
    _fits(desktop, DESKTOP["width"])
    screenshot(desktop, "inspection-detail-desktop")
