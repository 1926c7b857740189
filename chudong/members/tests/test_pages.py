"""The member page: header, dossier, timeline, history, status and photo."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from chudong.members import services
from chudong.members.models import Member, MemberStatusPeriod, MemberUnitPeriod


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _image(fmt="PNG", size=(900, 1200)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, format=fmt)
    buffer.seek(0)
    buffer.name = f"anh.{fmt.lower()}"
    return buffer


def test_it_shows_the_dossier_and_a_merged_timeline(world, make_member, login):
    member = make_member(
        full_name="Triệu Thị Mai",
        sex="female",
        admission_date=dt.date(2017, 3, 26),
        card_number="TA-17-0001",
        hometown="Xã Bình Minh",
    )
    services.member_status_change(
        actor=world.secretary,
        member=member,
        status="working_far",
        effective_on=dt.date(2024, 2, 1),
        reason="Đi làm ở Bắc Ninh",
    )
    services.member_move(
        actor=world.secretary,
        member=member,
        to_unit=world.unit("TA.G1.B2"),
        effective_on=dt.date(2024, 6, 1),
        note="Chuyển về thôn Tây",
    )
    page = login(world.secretary).get(f"/members/{member.pk}/").content.decode()
    body = page[page.index("member-timeline") :]
    for text in ("Triệu Thị Mai", "TA-17-0001", "Xã Bình Minh"):
        assert text in page, text
    for text in ("Đi làm ở Bắc Ninh", "Chuyển về thôn Tây", "Chi đoàn thôn Tây", "26/03/2017"):
        assert text in body, text
    # The status change shows once (its period), not again as a separate event.
    assert body.count("Đi làm ở Bắc Ninh") == 1
    assert body.index("01/06/2024") < body.index("01/02/2024") < body.index("26/03/2017")


def test_it_changes_status_through_the_page(world, make_member, login):
    member = make_member(admission_date=dt.date(2016, 3, 26))
    client = login(world.branch_secretary)
    response = client.post(
        f"/members/{member.pk}/status/",
        {"status": "matured", "effective_on": "26/03/2025", "reason": "Trưởng thành Đoàn đợt 1"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.status, member.status_since) == ("matured", dt.date(2025, 3, 26))
    assert MemberStatusPeriod.objects.get(member=member, end__isnull=True).status == "matured"
    assert not MemberUnitPeriod.objects.filter(member=member, end__isnull=True).exists()
    body = client.post(
        f"/members/{member.pk}/status/",
        {"status": "active", "effective_on": "01/01/2020"},
    ).content.decode()
    assert "26/03/2025" in body  # told the date must be on or after the current period


def test_it_shows_the_history_of_changes(world, make_member, login):
    member = make_member(full_name="Quách Văn Tuấn")
    services.member_update(
        actor=world.branch_secretary, member=member, expected_version=1, workplace="Xưởng mộc"
    )
    body = login(world.secretary).get(f"/members/{member.pk}/history/").content.decode()
    assert "Xưởng mộc" in body and "Hoàng Văn Đông" in body


def test_it_stores_a_photo_re_encoded_and_serves_it_only_in_scope(world, make_member, login):
    member = make_member()
    client = login(world.branch_secretary)
    response = client.post(f"/members/{member.pk}/photo/", {"photo": _image()})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.photo.name.endswith(".jpg")
    with Image.open(member.photo.path) as stored:
        assert stored.format == "JPEG" and max(stored.size) <= 800
    served = client.get(f"/members/{member.pk}/photo/")
    assert served["Content-Type"] == "image/jpeg"
    assert login(world.staff_b).get(f"/members/{member.pk}/photo/").status_code == 404


def test_it_refuses_a_file_that_is_not_an_image_or_too_big(world, make_member, login):
    member = make_member()
    client = login(world.branch_secretary)
    fake = io.BytesIO(b"%PDF-1.4 not an image")
    fake.name = "anh.jpg"
    response = client.post(f"/members/{member.pk}/photo/", {"photo": fake}, follow=True)
    assert "không phải là ảnh" in response.content.decode()
    big = _image("BMP", (1500, 1500))  # about 6.7 MB
    big.name = "anh.bmp"
    response = client.post(f"/members/{member.pk}/photo/", {"photo": big}, follow=True)
    assert "lớn hơn 2 MB" in response.content.decode()
    assert not Member.objects.get(pk=member.pk).photo


def test_it_lists_the_units_or_opens_the_one_list_from_the_menu(world, login):
    response = login(world.secretary).get("/members/")
    assert response.status_code == 302
    assert response["Location"] == f"/units/{world.unit('TA.G1').pk}/members/"
    body = login(world.member).get("/members/").content.decode()
    assert "Bạn chưa được xem sổ đoàn viên" in body
