"""The 3 chủ động cycle in a browser: the grassroots secretary registers the plan and
scores a criterion on a phone (360 px); the province staff follows the units, reviews,
and reads the dashboard on a desktop. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest
from django.utils import timezone

from chudong.recognition import services
from chudong.recognition.models import Cycle, CycleState
from conftest import PASSWORD

from .conftest import DESKTOP, PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _fits(page, width) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_the_cycle_from_the_browser(world, live_server, new_page, screenshot):
    year = timezone.localdate().year
    commune, province = world.unit("TA.G1"), world.unit("TA")
    services.indicators_compute(units=[commune, world.unit("TA.G2")], year=year)

    page = new_page(PHONE)
    log_in(page, live_server.url, "secretary", PASSWORD)
    page.goto(f"{live_server.url}/units/{commune.pk}/recognition/plan/?year={year}")
    page.fill("#id_approach", "Nâng chất lượng sinh hoạt chi đoàn")
    page.fill("#id_roadmap", "Quý I rà soát; Quý II–III thực hiện; Quý IV tự đánh giá")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Đã đăng ký kế hoạch" in page.content()
    _fits(page, PHONE["width"])
    screenshot(page, "recognition-unit-phone")

    cycle = Cycle.objects.get(unit=commune, year=year)
    page.goto(f"{live_server.url}/recognition/cycles/{cycle.pk}/")
    first = cycle.framework.criteria.first()
    page.fill(f"#own_{first.pk}", "1")
    page.fill(f"#nar_{first.pk}", "Tổ chức đối thoại với thanh niên")
    page.click(f"#c{first.pk} button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Đã lưu tiêu chí 1.1" in page.content()
    _fits(page, PHONE["width"])
    screenshot(page, "recognition-self-assessment-phone")

    staff = new_page(DESKTOP)
    log_in(staff, live_server.url, "staff.a", PASSWORD)
    staff.goto(f"{live_server.url}/units/{province.pk}/recognition/follow/?year={year}")
    assert "Đoàn xã Bình Minh" in staff.content()
    staff.select_option(f"#f{commune.pk}", label="Trần Thị Hải")
    staff.click(f"#f{commune.pk} ~ button")
    staff.wait_for_load_state("networkidle")
    cycle.refresh_from_db()
    assert cycle.follower == world.staff_a and cycle.state == CycleState.REGISTERED
    screenshot(staff, "recognition-follow-desktop")
    staff.goto(f"{live_server.url}/units/{province.pk}/recognition/dashboard/?year={year}")
    assert "1/2" in staff.content()
    screenshot(staff, "recognition-dashboard-desktop")
    phone = new_page(PHONE)
    log_in(phone, live_server.url, "staff.a", PASSWORD)
    phone.goto(f"{live_server.url}/units/{province.pk}/recognition/follow/?year={year}")
    _fits(phone, PHONE["width"])
    screenshot(phone, "recognition-follow-phone")
