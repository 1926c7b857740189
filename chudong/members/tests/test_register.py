"""Registering members, and finding them again however the name is typed."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from hypothesis import given, settings
from hypothesis import strategies as st

from chudong.core.text import fold
from chudong.members import selectors
from chudong.members.models import Member, MemberStatusPeriod, MemberUnitPeriod


def test_it_registers_a_member_with_periods_event_and_texts(world, make_member):
    member = make_member(
        full_name="  NGUYỄN   VĂN   ĐỨC ", admission_date=dt.date(2018, 3, 26), phone="0912345678"
    )
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Văn Đức"
    assert (member.family_name, member.middle_name, member.given_name) == ("Nguyễn", "Văn", "Đức")
    assert member.full_name_folded == "nguyen van duc"
    assert member.unit_path == world.unit("TA.G1.B1").path
    unit_period = MemberUnitPeriod.objects.get(member=member)
    assert (unit_period.start, unit_period.end) == (dt.date(2018, 3, 26), None)
    status_period = MemberStatusPeriod.objects.get(member=member)
    assert (status_period.status, status_period.start) == ("active", dt.date(2018, 3, 26))
    assert list(member.events.values_list("kind", flat=True)) == ["registered"]
    assert member.history.first().history_user == world.central_admin


def test_it_registers_only_in_a_branch(world, make_member):
    with pytest.raises(ValidationError) as error:
        make_member(unit_code="TA.G1")
    assert "unit" in error.value.message_dict


def test_it_refuses_a_second_record_with_the_same_citizen_id(world, make_member):
    make_member(national_id="001201012345")
    with pytest.raises(ValidationError) as error:
        make_member(full_name="Trần Thị Bình", national_id="001201012345")
    assert "national_id" in error.value.message_dict


def test_it_refuses_a_date_of_birth_in_the_future(world, make_member):
    with pytest.raises(ValidationError) as error:
        make_member(date_of_birth=dt.date.today() + dt.timedelta(days=2))
    assert "date_of_birth" in error.value.message_dict


def test_it_lets_only_managers_of_the_branch_register(world, make_member):
    with pytest.raises(PermissionDenied):
        make_member(actor=world.member)  # sees the branch, may not manage it
    with pytest.raises(Http404):
        make_member(actor=world.staff_b)  # does not see province A at all
    assert not Member.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "nguyen van duc",
        "NGUYEN VAN DUC",
        "Nguyễn Văn Đức",
        "van duc",
        "đức",
        "duc",
        unicodedata.normalize("NFD", "Nguyễn Văn Đức"),
        unicodedata.normalize("NFD", "văn đức"),
    ],
)
def test_it_finds_a_member_whatever_the_accents(world, make_member, query):
    target = make_member(full_name="Nguyễn Văn Đức")
    make_member(full_name="Trần Thị Lan")
    page = selectors.member_list(
        actor=world.staff_a,
        unit=world.unit("TA"),
        filters=selectors.MemberFilters(q=query),
    )
    assert [m.pk for m in page.members] == [target.pk]


def test_it_finds_a_member_by_phone_card_number_and_citizen_id(world, make_member):
    target = make_member(phone="0912 345 678", card_number="ta-0001", national_id="001201012345")
    make_member(full_name="Trần Thị Lan", phone="0987000111")
    for query in ("0912345", "+84 912 345 678", "TA-0001", "ta-00", "001201012345"):
        page = selectors.member_list(
            actor=world.staff_a,
            unit=world.unit("TA"),
            filters=selectors.MemberFilters(q=query),
        )
        assert [m.pk for m in page.members] == [target.pk], query


NAME_WORDS = st.sampled_from(
    ["Nguyễn", "Trần", "Lê", "Đặng", "Thị", "Văn", "Đức", "Ánh", "Hương", "Quỳnh", "Ưng", "Ỷ"]
)


@settings(max_examples=40, deadline=None)
@given(words=st.lists(NAME_WORDS, min_size=2, max_size=4), form=st.sampled_from(["NFC", "NFD"]))
def test_it_folds_queries_and_names_alike(words, form):
    """Whatever the Unicode form and case of the query, its folded form is found inside
    the folded stored name (the property the list's search relies on)."""
    name = " ".join(words)
    stored = fold(name)
    query = unicodedata.normalize(form, " ".join(words[1:])).upper()
    assert fold(query) in stored
    assert fold(query) == fold(" ".join(words[1:]).replace("Đ", "D").replace("đ", "d"))
    assert all(ord(ch) < 128 for ch in stored)


def test_it_shows_the_register_form_errors_in_vietnamese_next_to_the_field(world, login):
    client = login(world.branch_secretary)
    url = f"/units/{world.unit('TA.G1.B1').pk}/members/new/"
    response = client.post(
        url,
        {
            "full_name": "Phạm Thu Hà",
            "sex": "female",
            "date_of_birth": "31/02/2004",
            "national_id": "12345",
            "phone": "09123",
            "party_status": "none",
        },
    )
    body = response.content.decode()
    assert "Nhập ngày sinh theo dạng dd/mm/yyyy" in body
    assert "Số CCCD gồm đúng 12 chữ số" in body
    assert "Số điện thoại gồm 10 chữ số" in body
    assert not Member.objects.exists()


def test_it_registers_through_the_page_with_a_year_only_birth_date(world, login):
    client = login(world.branch_secretary)
    unit = world.unit("TA.G1.B1")
    response = client.post(
        f"/units/{unit.pk}/members/new/",
        {
            "full_name": "hoàng thị mai",
            "sex": "female",
            "date_of_birth": "2003",
            "phone": "0912 000 111",
            "party_status": "none",
            "admission_date": "26/03/2019",
        },
        follow=True,
    )
    member = Member.objects.get()
    assert (member.full_name, member.date_of_birth, member.birth_year_only) == (
        "Hoàng Thị Mai",
        dt.date(2003, 1, 1),
        True,
    )
    assert member.phone == "0912000111"
    body = response.content.decode()
    assert "Hoàng Thị Mai" in body and "đã được ghi vào sổ" in body


def test_it_warns_of_a_possible_duplicate_before_registering(world, login, make_member):
    make_member(full_name="Lê Văn Tám", date_of_birth=dt.date(2002, 8, 19))
    client = login(world.branch_secretary)
    url = f"/units/{world.unit('TA.G1.B1').pk}/members/new/"
    data = {
        "full_name": "LE VAN TAM",
        "sex": "male",
        "date_of_birth": "19/08/2002",
        "party_status": "none",
    }
    body = client.post(url, data).content.decode()
    assert "Người này có thể đã có trong sổ" in body
    assert Member.objects.count() == 1
    client.post(url, {**data, "confirm_new_person": "on"})
    assert Member.objects.count() == 2
