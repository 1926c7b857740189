"""Exemptions are decided by the grassroots union's executive committee, for at most the
months the rules allow, with reason and decision; the exempted months are owed by nobody
and the decision goes onto the member's timeline."""

from __future__ import annotations

import datetime as dt

import time_machine

from chudong.dues import months, selectors
from chudong.dues.models import DuesExemption
from chudong.members.models import MemberEvent

NOVEMBER = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)


def _form(first="03/2026", count="3", number="12-QĐ/ĐTN"):
    return {
        "action": "exempt",
        "first_month": first,
        "months_count": count,
        "reason": "Gia đình gặp thiên tai",
        "decision_number": number,
        "decided_on": "01/03/2026",
    }


def test_the_grassroots_union_exempts_a_member_in_hardship(world, make_member, pay, login):
    with time_machine.travel(NOVEMBER):
        member = make_member(full_name="Lò Văn Khó", admitted=dt.date(2020, 1, 1))
        pay([member], 2026, 6)
        url = f"/members/{member.pk}/dues/"
        # The branch records payments but does not decide exemptions.
        assert "Ghi quyết định miễn" not in login(world.branch_secretary).get(url).content.decode()
        assert login(world.branch_secretary).post(url, _form()).status_code == 403
        client = login(world.secretary)
        too_long = client.post(url, _form(count="7")).content.decode()
        assert "Thời gian miễn từ 1 đến 6 tháng" in too_long
        paid = client.post(url, _form(first="05/2026")).content.decode()
        assert "Đoàn phí tháng 06/2026 đã được đóng" in paid
        assert client.post(url, _form()).status_code == 302
        again = client.post(url, _form(first="04/2026", count="1")).content.decode()
        assert "đã nằm trong một quyết định miễn khác" in again
        dues = selectors.member_dues(actor=world.secretary, member=member)
    exemption = DuesExemption.objects.get()
    assert (exemption.first_month, exemption.last_month) == (
        months.index(2026, 3),
        months.index(2026, 5),
    )
    assert exemption.decided_by == world.unit("TA.G1")
    # January–October owed, June paid, March–May exempted.
    assert [months.label(m) for m in dues.owed] == [
        "01/2026", "02/2026", "07/2026", "08/2026", "09/2026", "10/2026",
    ]  # fmt: skip
    event = MemberEvent.objects.get(member=member, kind="dues_exemption")
    assert event.title == "Miễn đoàn phí 03/2026 – 05/2026 (quyết định 12-QĐ/ĐTN)"
    assert login(world.staff_b).get(f"/members/{member.pk}/dues/").status_code == 404


def test_the_dossier_card_shows_what_is_paid_and_owed(world, make_member, pay, login):
    with time_machine.travel(NOVEMBER):
        member = make_member(full_name="Vi Thị Đều", admitted=dt.date(2020, 1, 1))
        for month in range(1, 9):
            pay([member], 2026, month)
        card = (
            login(world.branch_secretary)
            .get(f"/members/{member.pk}/dues/", HTTP_HX_REQUEST="true")
            .content.decode()
        )
    assert "<html" not in card
    assert "08/2026" in card  # paid through
    assert "2 tháng" in card and "09/2026, 10/2026" in card and "4.000" in card


def test_the_member_list_filters_by_months_owed_and_the_warning_counts_three_or_more(
    world, make_member, pay, login
):
    with time_machine.travel(NOVEMBER):
        owes_two = make_member(full_name="Cao Văn Hai")
        owes_ten = make_member(full_name="Cao Văn Mười")
        clean = make_member(full_name="Cao Văn Sạch")
        make_member("TA.G2.B1", full_name="Cao Thị Xa")
        for month in range(1, 11):
            pay([clean], 2026, month)
            if month <= 8:
                pay([owes_two], 2026, month)
        client = login(world.secretary)
        url = f"/units/{world.unit('TA.G1').pk}/members/"
        three = client.get(url, {"x_dues_arrears": "3"}).content.decode()
        one = client.get(url, {"x_dues_arrears": "1"}).content.decode()
        units = [world.unit("TA.G1"), world.unit("TA.G2")]
        counts = selectors.arrears_counts(units, dt.date(2026, 11, 20))
        page = client.get(f"/units/{units[0].pk}/").content.decode()
        listing = client.get(f"/units/{units[0].pk}/dues/arrears/").content.decode()
    assert "Cao Văn Mười" in three and "Cao Văn Hai" not in three and "Cao Văn Sạch" not in three
    assert "Cao Văn Hai" in one and "Cao Văn Mười" in one and "Cao Văn Sạch" not in one
    assert counts == {units[0].pk: 1, units[1].pk: 1}
    assert "Đoàn viên nợ đoàn phí (từ 3 tháng trở lên)" in page
    assert "Cao Văn Mười" in listing and "10 tháng" in listing and "Cao Văn Hai" not in listing
    assert owes_ten.pk and owes_two.pk
