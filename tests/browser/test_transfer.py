"""A transfer on phones: the branch secretary requests it (searching the receiving union
by an accent-free name), the sending grassroots secretary introduces the member, and the
receiving grassroots secretary confirms, choosing the branch — all at 360 px."""

from __future__ import annotations

import datetime as dt

import pytest

from chudong.access.models import Role, RoleAssignment
from chudong.accounts.services import user_create
from chudong.members import services as member_services
from chudong.members.models import Member
from chudong.transfers.models import Transfer, TransferStatus
from conftest import FOUNDED, PASSWORD

from .conftest import PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_it_transfers_a_member_between_grassroots_unions_on_a_phone(
    world, live_server, new_page, screenshot
):
    base = live_server.url
    member = member_services.member_create(
        actor=world.central_admin,
        unit=world.unit("TA.G1.B1"),
        full_name="Đặng Thị Ngọc Ánh",
        sex="female",
        date_of_birth=dt.date(2004, 9, 2),
        admission_date=dt.date(2020, 3, 26),
    )
    receiving_secretary = user_create(
        username="bithu.saomai", full_name="Tô Thị Mai", password=PASSWORD, email="m@example.org"
    )
    RoleAssignment.objects.create(
        user=receiving_secretary,
        unit=world.unit("TA.G2"),
        role=Role.objects.get(code="secretary"),
        start_date=FOUNDED,
    )

    # The branch secretary opens the member's procedures and requests a transfer.
    page = new_page(viewport=PHONE)
    log_in(page, base, "branch.secretary", PASSWORD)
    page.goto(f"{base}/members/{member.pk}/procedures/")
    page.get_by_role("link", name="Đề nghị chuyển sinh hoạt").click()
    page.fill("#id_q", "sao mai")  # htmx asks for the matching unions as one types
    page.locator(".destination", has_text="Đoàn trường THPT Sao Mai").click()
    page.fill("#id_reason", "Chuyển về học tại trường THPT Sao Mai")
    page.fill("#id_branch_comment", "Gương mẫu, tích cực tham gia sinh hoạt chi đoàn")
    page.fill("#id_dues_paid_through", dt.date.today().strftime("%m/%Y"))
    screenshot(page, "transfer-request-phone")
    page.click("button[value=submit]")
    page.wait_for_load_state("networkidle")
    case = Transfer.objects.get(member=member)
    assert case.status == TransferStatus.ENDORSED
    assert "Chuyển sinh hoạt của Đặng Thị Ngọc Ánh" in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The grassroots secretary of the sending union introduces the member.
    page = new_page(viewport=PHONE)
    log_in(page, base, "secretary", PASSWORD)
    page.goto(f"{base}/transfers/{case.pk}/")
    page.get_by_role("button", name="Giới thiệu").click()
    page.wait_for_load_state("networkidle")
    case.refresh_from_db()
    assert case.status == TransferStatus.IN_TRANSIT

    # The receiving grassroots secretary finds it on the union's page and receives it.
    page = new_page(viewport=PHONE)
    log_in(page, base, "bithu.saomai", PASSWORD)
    page.goto(f"{base}/units/{world.unit('TA.G2').pk}/transfers/")
    incoming = page.locator("section", has_text="Chuyển đến, chờ tiếp nhận")
    incoming.get_by_role("link", name="Đặng Thị Ngọc Ánh").click()
    page.select_option("#id_to_branch", label="Chi đoàn lớp 12A")
    screenshot(page, "transfer-receive-phone")
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "Đã tiếp nhận đoàn viên." in page.locator(".messages").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "transfer-received-phone")

    member = Member.objects.select_related("unit").get(pk=member.pk)
    assert member.unit.code == "TA.G2.B1"
    assert member.unit_periods.filter(end__isnull=True).count() == 1
