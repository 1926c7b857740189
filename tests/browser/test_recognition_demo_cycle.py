"""The whole 3 chủ động year of the demo province in a browser: Đoàn xã Phú Bình's
secretary registers the plan and self-assesses every criterion on a phone; Tỉnh đoàn Thái
Nguyên's staff follows it, reviews and accepts, issues the decision and prints it; the
dashboard (charts and the status map) reads well at 1280 and 360 px. Screenshots in
test-artifacts/."""

from __future__ import annotations

import pytest
from django.utils import timezone

from chudong.demo import tree
from chudong.orgs.models import Unit
from chudong.recognition import services
from chudong.recognition.models import Cycle, CycleState
from conftest import reference_data

from .conftest import DESKTOP, PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _fits(page, width) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_the_demo_province_runs_the_whole_cycle(live_server, new_page, screenshot):
    reference_data()
    tree.build(records=False)
    year = timezone.localdate().year
    commune, province = Unit.objects.get(code="TN.XPB"), Unit.objects.get(code="TN")
    services.indicators_compute(units=[commune], year=year)
    base = live_server.url

    # 1. The union registers its plan (phone).
    union = new_page(PHONE)
    log_in(union, base, "bithu.phubinh", tree.DEMO_PASSWORD)
    union.goto(f"{base}/units/{commune.pk}/recognition/plan/?year={year}")
    union.fill("#id_approach", "Nâng chất lượng sinh hoạt chi đoàn, đối thoại với thanh niên")
    union.fill("#id_roadmap", "Quý I rà soát; Quý II–III thực hiện; Quý IV tự đánh giá")
    union.click("form.stack button[type=submit]")
    union.wait_for_load_state("networkidle")
    cycle = Cycle.objects.get(unit=commune, year=year)
    assert cycle.state == CycleState.REGISTERED and cycle.upper_unit == province

    # 2. The province names who follows it (desktop).
    staff = new_page(DESKTOP)
    log_in(staff, base, "tn.bantochuc", tree.DEMO_PASSWORD)
    staff.goto(f"{base}/units/{province.pk}/recognition/follow/?year={year}")
    staff.select_option(f"#f{commune.pk}", label="Trần Thị Thu Hà")
    staff.click(f"#f{commune.pk} ~ button")
    staff.wait_for_load_state("networkidle")
    cycle.refresh_from_db()
    assert cycle.follower.username == "tn.bantochuc"

    # 3. The union scores every criterion with the computed indicators beside, submits.
    union.goto(f"{base}/recognition/cycles/{cycle.pk}/")
    for criterion in cycle.framework.criteria.all():
        union.fill(f"#own_{criterion.pk}", "1")
        union.fill(f"#nar_{criterion.pk}", f"Đã thực hiện tiêu chí {criterion.code}")
        union.click(f"#c{criterion.pk} button[type=submit]")
        union.wait_for_load_state("networkidle")
        assert f"Đã lưu tiêu chí {criterion.code}" in union.content()
    _fits(union, PHONE["width"])
    union.click("form[action$='/submit/'] button[type=submit]")
    union.wait_for_load_state("networkidle")
    cycle.refresh_from_db()
    assert cycle.state == CycleState.SUBMITTED

    # 4. The province reviews (the unit's own scores are offered) and accepts.
    staff.goto(f"{base}/recognition/cycles/{cycle.pk}/")
    staff.click("button[name=action][value=accept]")
    staff.wait_for_load_state("networkidle")
    cycle.refresh_from_db()
    assert cycle.state == CycleState.REVIEWED and cycle.passed

    # 5. The decision, printed.
    staff.goto(f"{base}/units/{province.pk}/recognition/decisions/new/?year={year}")
    staff.fill("#id_number", f"130-QĐ/TĐTN-{year}")
    staff.fill("#id_place", "Thái Nguyên")
    staff.fill("#id_signer_name", "Nguyễn Thị Thu Hà")
    staff.fill("#id_signer_title", "Phó Bí thư")
    staff.click("form.stack button[type=submit]")
    staff.wait_for_load_state("networkidle")
    cycle.refresh_from_db()
    assert cycle.state == CycleState.RECOGNISED, staff.locator("main").inner_text()[:1500]
    pdf_url = staff.locator("a[href$='/pdf/']").first.get_attribute("href")
    response = staff.request.get(f"{base}{pdf_url}")
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # 6. The dashboard: charts, the status map with the union's green tile, the PDF report.
    url = f"{base}/units/{province.pk}/recognition/dashboard/?year={year}"
    errors: list[str] = []
    staff.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    staff.goto(url)
    assert "Bản đồ trạng thái" in staff.content()
    tile = staff.locator(f"a.rec-tile-recognised[href^='/units/{commune.pk}/recognition/']")
    assert tile.count() == 1
    assert staff.locator("svg.rec-trend rect").count() >= 20
    _fits(staff, DESKTOP["width"])
    screenshot(staff, "recognition-dashboard-map-desktop")
    report = staff.request.get(f"{base}/units/{province.pk}/recognition/dashboard.pdf?year={year}")
    assert report.body().startswith(b"%PDF")
    phone = new_page(PHONE)
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(phone, base, "tn.bantochuc", tree.DEMO_PASSWORD)
    phone.goto(url)
    _fits(phone, PHONE["width"])
    screenshot(phone, "recognition-dashboard-map-phone")
    tile = phone.locator(f"a.rec-tile-recognised[href^='/units/{commune.pk}/recognition/']")
    tile.click()
    phone.wait_for_load_state("networkidle")
    assert f"/units/{commune.pk}/recognition/" in phone.url and commune.name in phone.content()
    assert not errors, errors  # no CSP violation (inline style or script) on the way
