"""Transfers from the browser's side: the request form with its search, each side's
action on the case page, the message the loser of a race reads, the unit page, the
register and its export, and the warnings on the unit page."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from chudong.transfers import services
from chudong.transfers.models import Transfer, TransferStatus

THIS_MONTH = dt.date.today().strftime("%m/%Y")


def test_it_requests_a_transfer_from_the_members_page(world, make_member, login):
    member = make_member(full_name="Ngô Thị Hạnh")
    client = login(world.branch_secretary)

    # Given the member's procedures page offers a transfer
    page = client.get(f"/members/{member.pk}/procedures/").content.decode()
    assert f"/members/{member.pk}/transfer/" in page

    # When the secretary searches the receiving unit by an accent-free name
    url = f"/members/{member.pk}/transfer/"
    form = {
        "kind": "official",
        "q": "vinh lac",
        "reason": "Chuyển về nơi ở mới",
        "requested_on": dt.date.today().strftime("%d/%m/%Y"),
        "branch_comment": "Tích cực, hoàn thành tốt nhiệm vụ",
        "dues_paid_through": THIS_MONTH,
    }
    found = client.post(url, {**form, "action": "search"}).content.decode()
    assert "Đoàn phường Vĩnh Lạc" in found and 'value="%d"' % world.unit("TB.G1").pk in found
    assert not Transfer.objects.exists()

    # and submits without choosing, it is told so, in Vietnamese, and nothing is written
    missing = client.post(url, {**form, "action": "submit"}).content.decode()
    assert "Chọn đơn vị tiếp nhận." in missing
    assert not Transfer.objects.exists()

    # When it chooses the union and submits
    response = client.post(url, {**form, "action": "submit", "to_unit": world.unit("TB.G1").pk})

    # Then the case exists, in Vietnamese, waiting for the grassroots union
    case = Transfer.objects.get(member=member)
    assert response.status_code == 302 and response["Location"] == f"/transfers/{case.pk}/"
    assert case.status == TransferStatus.ENDORSED
    assert case.dues_paid_through == dt.date.today().replace(day=1)
    detail = client.get(response["Location"]).content.decode()
    assert "Chuyển sinh hoạt của Ngô Thị Hạnh" in detail
    assert "Đoàn phường Vĩnh Lạc" in detail


def test_it_shows_a_bad_dues_month_next_to_its_field(world, make_member, login):
    member = make_member()
    response = login(world.branch_secretary).post(
        f"/members/{member.pk}/transfer/",
        {
            "kind": "official",
            "to_unit": world.unit("TB.G1").pk,
            "reason": "x",
            "requested_on": dt.date.today().strftime("%d/%m/%Y"),
            "branch_comment": "x",
            "dues_paid_through": "13/2026",
            "action": "submit",
        },
    )
    assert "Nhập tháng theo dạng mm/yyyy" in response.content.decode()
    assert not Transfer.objects.exists()


def test_it_runs_each_step_from_the_case_page(
    world, make_member, request_transfer, secretary_b, login
):
    member = make_member()
    case = request_transfer(member, "TB.G1")

    # The branch secretary sees no introduction form and may not post one.
    client = login(world.branch_secretary)
    assert (
        "Giới thiệu đến đơn vị tiếp nhận"
        not in client.get(f"/transfers/{case.pk}/").content.decode()
    )
    assert (
        client.post(f"/transfers/{case.pk}/introduce/", {"version": case.version}).status_code
        == 403
    )

    # The grassroots secretary introduces; a GET on the action is refused with 405.
    client = login(world.secretary)
    assert client.get(f"/transfers/{case.pk}/introduce/").status_code == 405
    response = client.post(
        f"/transfers/{case.pk}/introduce/",
        {"version": case.version, "introduced_on": dt.date.today().strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == TransferStatus.IN_TRANSIT

    # The receiving secretary chooses the branch and receives.
    client = login(secretary_b)
    page = client.get(f"/transfers/{case.pk}/").content.decode()
    assert "Chi đoàn tổ 3" in page  # the branch choice
    response = client.post(
        f"/transfers/{case.pk}/receive/",
        {
            "version": case.version,
            "to_branch": world.unit("TB.G1.B1").pk,
            "received_on": dt.date.today().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.unit.code == "TB.G1.B1"


def test_it_tells_the_receiving_side_that_the_sender_cancelled_first(
    world, make_member, in_transit, secretary_b, login
):
    member = make_member()
    case = in_transit(member, "TB.G1")
    shown = case.version  # the receiving secretary opened the page at this version
    services.transfer_cancel(actor=world.branch_secretary, transfer=case, reason="Nhầm đơn vị")

    response = login(secretary_b).post(
        f"/transfers/{case.pk}/receive/",
        {"version": shown, "to_branch": world.unit("TB.G1.B1").pk, "received_on": ""},
        follow=True,
    )

    body = response.content.decode()
    assert "Không có gì thay đổi" in body and "Hoàng Văn Đông đã hủy" in body
    member.refresh_from_db()
    assert member.unit.code == "TA.G1.B1"


def _board_queries(client, unit) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/units/{unit.pk}/transfers/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [1, 3])
def test_it_lists_a_units_transfers_in_a_pinned_number_of_queries(
    world, make_member, in_transit, request_transfer, login, django_assert_num_queries, count
):
    for index in range(count):
        in_transit(make_member(full_name=f"Đỗ Văn Số {index}"), "TB.G1")
        request_transfer(make_member(full_name=f"Vũ Thị Số {index}"), "TA.G2")
    services.transfer_record_working_far(
        actor=world.secretary,
        member=make_member(full_name="Đi Làm Xa"),
        destination_note="Bắc Ninh",
    )
    client = login(world.staff_a)
    client.get(f"/units/{world.unit('TA').pk}/transfers/")  # warm the session and rules
    # session, user, unit, grants, then the five lists (outgoing, incoming, away, hosted,
    # recently closed; "stuck" is drawn from the first two): nothing per row.
    with django_assert_num_queries(9):
        body = client.get(f"/units/{world.unit('TA').pk}/transfers/").content.decode()
    assert body.count("Đỗ Văn Số") == count and "Đi Làm Xa" in body


def test_it_keeps_the_register_and_exports_it(world, make_member, in_transit, secretary_b, login):
    member = make_member(full_name="Hà Thị Xuân")
    case = in_transit(member, "TB.G1", number="07-GT")
    services.transfer_receive(actor=secretary_b, transfer=case, to_branch=world.unit("TB.G1.B1"))
    year = dt.date.today().year

    sending = login(world.secretary).get(f"/units/{world.unit('TA.G1').pk}/transfers/register/")
    assert "Hà Thị Xuân" in sending.content.decode()

    client = login(secretary_b)
    page = client.get(f"/units/{world.unit('TB.G1').pk}/transfers/register/?year={year}")
    assert "Hà Thị Xuân" in page.content.decode()
    export = client.get(f"/units/{world.unit('TB.G1').pk}/transfers/register.xlsx?year={year}")
    book = load_workbook(BytesIO(b"".join(export.streaming_content)), read_only=True)
    rows = [row for row in book.active.iter_rows(values_only=True) if row and row[0]]
    assert rows[0][0] == "Sổ giới thiệu và tiếp nhận sinh hoạt Đoàn"
    received = [r for r in rows if "Hà Thị Xuân" in r]
    assert received and received[0][1] == "Tiếp nhận" and received[0][7] == "Chi đoàn tổ 3"


def test_it_warns_the_receiving_side_on_its_unit_page(
    world, make_member, in_transit, secretary_b, login
):
    in_transit(make_member(), "TB.G1")
    body = login(secretary_b).get(f"/units/{world.unit('TB.G1').pk}/").content.decode()
    assert "Chuyển sinh hoạt chờ tiếp nhận" in body
    assert f"/units/{world.unit('TB.G1').pk}/transfers/" in body
    # The sending side has nothing waiting for it to confirm.
    body = login(world.secretary).get(f"/units/{world.unit('TA.G1').pk}/").content.decode()
    assert "Chuyển sinh hoạt chờ tiếp nhận" not in body


@pytest.mark.parametrize("count", [1, 3])
def test_it_reads_the_register_in_a_pinned_number_of_queries(
    world, make_member, in_transit, secretary_b, login, django_assert_num_queries, count
):
    for index in range(count):
        case = in_transit(make_member(full_name=f"Sổ Văn {index}"), "TB.G1")
        services.transfer_receive(
            actor=secretary_b, transfer=case, to_branch=world.unit("TB.G1.B1")
        )
    client = login(world.staff_a)
    url = f"/units/{world.unit('TA').pk}/transfers/register/"
    client.get(url)
    # session, user, unit, grants, introductions, receptions
    with django_assert_num_queries(6):
        body = client.get(url).content.decode()
    assert body.count("Sổ Văn") == count
