"""QR check-in on a 360 px phone: a member opens the URL the activity's QR code carries and
is recorded with one tap; then, without network, a second check-in is kept on the phone
and sent when the network returns. The attendance shows on the activity's page and on the
member's record."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from django.urls import reverse
from django.utils import timezone

from chudong.activities import checkin, services
from chudong.activities.models import Participation
from chudong.members import services as member_services
from conftest import PASSWORD

from .conftest import DESKTOP, PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUEUE_KEY = "chudong.activities.checkins"


def _fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (page.url, overflow)


def test_a_member_checks_in_by_qr_on_a_phone_also_without_network(
    world, live_server, new_page, screenshot
):
    base = live_server.url
    branch = world.unit("TA.G1.B1")
    thu = member_services.member_create(
        actor=world.central_admin, unit=branch, full_name="Vũ Thị Thu", sex="female",
        date_of_birth=dt.date(2003, 4, 5), admission_date=dt.date(2020, 3, 26),
        user=world.member,
    )  # fmt: skip
    start = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=30)

    def plan(title):
        return services.activity_create(
            actor=world.branch_secretary, unit=branch, kind="volunteer", title=title,
            campaign="Ngày Chủ nhật xanh", starts_at=start, ends_at=start + dt.timedelta(hours=3),
            place="Nhà văn hóa thôn Đông",
        )  # fmt: skip

    cleanup, blood = plan("Dọn vệ sinh đường làng"), plan("Hiến máu tình nguyện")

    def shot(page, name):
        shutil.copy(screenshot(page, name), f"/tmp/{name}.png")

    # The organiser's page shows the QR code; it encodes exactly the check-in URL beside it.
    desk = new_page(DESKTOP)
    log_in(desk, base, "branch.secretary", PASSWORD)
    urls = {}
    for activity in (cleanup, blood):
        desk.goto(f"{base}{reverse('activities:detail', args=[activity.pk])}")
        qr = desk.locator(".act-qr").first
        urls[activity.pk] = qr.get_attribute("data-checkin-url")
        assert urls[activity.pk].endswith(
            reverse("activities:checkin", args=[services.checkin_token(activity)])
        )
        drawn = re.search(r' d="([^"]+)"', checkin.qr_svg(urls[activity.pk], box_size=6))
        assert qr.locator("svg path").get_attribute("d") == drawn.group(1)
    shot(desk, "act-detail-qr-desktop")
    desk.goto(f"{base}{reverse('activities:qr', args=[cleanup.pk])}")
    poster = desk.locator(".act-qr-big svg").bounding_box()
    assert poster["width"] >= 300
    desk.emulate_media(media="print")
    shot(desk, "act-qr-poster-print")
    assert not desk.locator(".topbar").is_visible()
    desk.emulate_media(media="screen")

    # A member at 360 x 740 opens the scanned URL and taps once.
    phone = new_page(PHONE)
    errors = []
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(phone, base, "member", PASSWORD)
    phone.goto(urls[cleanup.pk])
    button = phone.locator(".act-big-button")
    box = button.bounding_box()
    assert box["height"] >= 56 and box["width"] >= PHONE["width"] * 0.7
    _fits(phone)
    shot(phone, "act-checkin-phone")
    button.click()
    phone.locator(".act-done").wait_for()
    assert "Đã điểm danh" in phone.locator(".act-done").inner_text()
    _fits(phone)
    shot(phone, "act-checked-in-phone")
    assert Participation.objects.filter(activity=cleanup, member=thu, source="qr").exists()

    # Without network, the second check-in is kept on the phone ...
    phone.goto(urls[blood.pk])
    phone.context.set_offline(True)
    tapped_before = timezone.now()
    phone.locator(".act-big-button").click()
    status = phone.locator(".act-status")
    phone.wait_for_function(
        "document.querySelector('.act-checkin-form').classList.contains('act-queued-form')"
    )
    assert "Không có mạng" in status.inner_text()
    queued = phone.evaluate(f"JSON.parse(localStorage.getItem('{QUEUE_KEY}'))")
    assert len(queued) == 1 and queued[0]["url"] == reverse(
        "activities:checkin", args=[services.checkin_token(blood)]
    )
    shot(phone, "act-queued-offline-phone")
    assert not Participation.objects.filter(activity=blood).exists()

    # ... and sent when the network returns, with the time of the tap.
    phone.context.set_offline(False)
    phone.locator(".act-done").wait_for(timeout=30_000)
    shot(phone, "act-sent-when-online-phone")
    sent = Participation.objects.get(activity=blood, member=thu)
    assert tapped_before - dt.timedelta(seconds=5) <= sent.checked_in_at <= timezone.now()
    assert phone.evaluate(f"localStorage.getItem('{QUEUE_KEY}')") is None

    # The member's own page lists both check-ins.
    phone.goto(f"{base}{reverse('activities:mine')}")
    mine = phone.locator("main").inner_text()
    assert "Dọn vệ sinh đường làng" in mine and "Hiến máu tình nguyện" in mine
    _fits(phone)
    assert not errors, errors

    # The attendance shows on the activity's page and on the member's record.
    desk.goto(f"{base}{reverse('activities:detail', args=[blood.pk])}")
    participants = desk.locator("#participants").inner_text()
    assert "Vũ Thị Thu" in participants
    shot(desk, "act-detail-attendance-desktop")
    desk.goto(f"{base}{reverse('members:detail', args=[thu.pk])}")
    desk.locator("#member-activities").wait_for()
    record = desk.locator("#member-activities").inner_text()
    assert "Dọn vệ sinh đường làng" in record and "Hiến máu tình nguyện" in record
    shot(desk, "act-member-record-desktop")
