"""Criteria 3.2 and 3.3 on a phone and a desktop: the commune's leadership page (bodies
against the congress numbers, vacancies), a cadre's page, the Party introduction figures
and one member's path fit 360 px and 1280 px (screenshots in test-artifacts/); the
secretary records the Party awareness class from the phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from chudong.cadres import services
from chudong.cadres.models import PartyIntroduction
from chudong.members import services as member_services
from conftest import PASSWORD

from .conftest import DESKTOP, PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


WIDE = """w => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > w + 1)
  .slice(0, 5)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def _fits(page, width) -> None:
    wide = page.evaluate(WIDE, width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (page.url, wide)


def test_cadres_and_party_pages_on_a_phone_and_a_desktop(world, live_server, new_page, screenshot):
    today = timezone.localdate()
    commune = world.unit("TA.G1")
    services.term_create(
        actor=world.staff_a, unit=commune,
        data={"provisional": False, "congress_number": 1, "congress_on": dt.date(2025, 8, 10),
              "decision_number": "", "starts_on": dt.date(2025, 8, 10),
              "ends_on": dt.date(2030, 8, 9), "executive_size": 15, "standing_size": 5,
              "deputy_size": 2, "inspection_size": 5, "note": ""},
    )  # fmt: skip
    services.training_add(
        actor=world.staff_a, cadre=world.secretary, unit=commune,
        data={"kind": "political_theory", "theory_level": "intermediate",
              "course": "Trung cấp lý luận chính trị – hành chính",
              "organiser": "Trường Chính trị tỉnh Hải Đăng", "starts_on": dt.date(2024, 3, 4)},
    )  # fmt: skip
    member = member_services.member_create(
        actor=world.central_admin, unit=world.unit("TA.G1.B1"), full_name="Nguyễn Thị Ưu Tú",
        sex="female", date_of_birth=dt.date(2003, 4, 5), admission_date=dt.date(2020, 3, 26),
    )  # fmt: skip
    row = services.party_choose(
        actor=world.secretary, member=member,
        data={"chosen_on": today - dt.timedelta(days=30),
              "grounds": "Hoàn thành xuất sắc nhiệm vụ hai năm liền"},
    )  # fmt: skip

    page = new_page(PHONE)
    log_in(page, live_server.url, "secretary", PASSWORD)
    page.goto(f"{live_server.url}/party/{row.pk}/")
    page.fill("#id_class_name", "Lớp bồi dưỡng nhận thức về Đảng khóa I")
    page.fill("#id_class_from", (today - dt.timedelta(days=20)).isoformat())
    page.fill("#id_class_to", (today - dt.timedelta(days=16)).isoformat())
    page.select_option("#id_class_result", "passed")
    page.click("#steps form:has(#id_class_name) button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert PartyIntroduction.objects.get().class_result == "passed"
    assert "Lớp bồi dưỡng nhận thức về Đảng khóa I" in page.content()

    pages = {
        "leadership": f"/units/{commune.pk}/cadres/",
        "cadre": f"/cadres/people/{world.secretary.pk}/",
        "party": f"/units/{commune.pk}/party/",
        "party-detail": f"/party/{row.pk}/",
        "planning": f"/units/{commune.pk}/cadres/planning/",
    }
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(viewport)
        log_in(page, live_server.url, "secretary", PASSWORD)
        for name, path in pages.items():
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            screenshot(page, f"cadres-{name}-{size}")
            _fits(page, viewport["width"])
    page.goto(f"{live_server.url}/units/{commune.pk}/cadres/")
    assert "thiếu" in page.content()  # vacancies against the 15 elected seats
