"""Introducing outstanding members to the Party: candidates from the ratings, the steps
(each on the member's timeline), the rules between them, the pages, and the yearly
figures that roll up the tree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from chudong.cadres import selectors, services
from chudong.cadres.models import PartyIntroduction
from chudong.members.models import Member, MemberEvent

from .conftest import make_member, rate

PDF = b"%PDF-1.4\n%test\n"


def walk(world, member, *, chosen=dt.date(2026, 2, 1), letter=dt.date(2026, 5, 1),
         admitted=dt.date(2026, 9, 2), actor=None):  # fmt: skip
    """Take a member through every step (the last ones only when their dates are given)."""
    actor = actor or world.central_admin
    row = services.party_choose(
        actor=actor, member=member, data={"chosen_on": chosen, "grounds": "Xuất sắc 2 năm"}
    )
    if letter:
        services.party_class_record(
            actor=actor, row=row,
            data={"class_name": "Lớp cảm tình Đảng khóa 1", "class_from": chosen,
                  "class_to": chosen + dt.timedelta(days=5), "class_result": "passed"},
        )  # fmt: skip
        services.party_letter_record(
            actor=actor, row=row,
            data={"letter_number": "12-GT/ĐTN", "letter_on": letter,
                  "letter_signer": "Lê Thị Bình"},
        )  # fmt: skip
    if admitted:
        services.party_outcome_record(
            actor=actor, row=row,
            data={"outcome": "admitted", "outcome_on": admitted, "party_cell": "Chi bộ thôn Đông"},
        )  # fmt: skip
    return row


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_whole_path_shows_on_the_timeline_and_sets_the_party_status(world, today):
    member = make_member(world.central_admin, world.unit("TA.G1.B1"), "Nguyễn Thị Ưu Tú")

    walk(world, member, actor=world.secretary)

    kinds = list(
        MemberEvent.objects.filter(member=member, kind__startswith="party_")
        .order_by("date", "id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["party_chosen", "party_class", "party_introduced", "party_outcome"]
    member.refresh_from_db()
    assert member.party_status == "probationary"
    assert member.party_date == dt.date(2026, 9, 2)
    outcome = MemberEvent.objects.get(member=member, kind="party_outcome")
    assert outcome.title == "Được kết nạp vào Đảng tại Chi bộ thôn Đông"


def test_steps_come_in_order_with_vietnamese_messages(world, today):
    member = make_member(world.central_admin, world.unit("TA.G1.B1"), "Hoàng Văn Thứ Tự")
    row = walk(world, member, letter=None, admitted=None)
    with pytest.raises(ValidationError) as caught:
        services.party_letter_record(
            actor=world.secretary, row=row,
            data={"letter_number": "1", "letter_on": today, "letter_signer": "A"},
        )  # fmt: skip
    assert caught.value.messages == [
        "Cần ghi nhận lớp bồi dưỡng nhận thức về Đảng với kết quả đạt trước khi ghi thư giới thiệu."
    ]
    with pytest.raises(ValidationError) as caught:
        services.party_outcome_record(
            actor=world.secretary, row=row,
            data={"outcome": "admitted", "outcome_on": today, "party_cell": ""},
        )  # fmt: skip
    assert caught.value.message_dict["outcome"] == [
        "Cần ghi thư giới thiệu của Đoàn trước quyết định của Đảng."
    ]
    with pytest.raises(ValidationError) as caught:
        services.party_class_record(
            actor=world.secretary, row=row,
            data={"class_name": "", "class_from": dt.date(2026, 1, 1), "class_result": "passed"},
        )  # fmt: skip
    errors = caught.value.message_dict
    assert errors["class_name"] == ["Nhập tên lớp học."]
    assert errors["class_from"] == [
        "Lớp học không thể diễn ra trước ngày chọn đoàn viên (01/02/2026)."
    ]
    assert errors["class_to"] == ["Nhập ngày kết thúc lớp học để ghi kết quả."]
    with pytest.raises(ValidationError) as caught:
        services.party_choose(
            actor=world.secretary, member=member, data={"chosen_on": today, "grounds": "x"}
        )
    assert caught.value.messages == ["Đoàn viên này đang trong quá trình giới thiệu vào Đảng."]
    assert PartyIntroduction.objects.count() == 1


def test_admission_needs_the_party_cell_and_a_closed_path_is_frozen(world, today):
    member = make_member(world.central_admin, world.unit("TA.G1.B1"), "Đinh Thị Chi Bộ")
    row = walk(world, member, admitted=None)
    with pytest.raises(ValidationError) as caught:
        services.party_outcome_record(
            actor=world.secretary, row=row,
            data={"outcome": "admitted", "outcome_on": dt.date(2026, 4, 1), "party_cell": ""},
        )  # fmt: skip
    assert caught.value.message_dict["party_cell"] == ["Nhập chi bộ đã kết nạp đoàn viên."]
    assert caught.value.message_dict["outcome_on"] == [
        "Ngày kết nạp không thể trước ngày của thư giới thiệu."
    ]
    services.party_outcome_record(
        actor=world.secretary, row=row,
        data={"outcome": "not_admitted", "outcome_on": dt.date(2026, 10, 1)},
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.party_class_record(
            actor=world.secretary, row=row, data={"class_name": "X", "class_from": today}
        )
    member.refresh_from_db()
    assert member.party_status == "none"


def test_only_managers_in_scope_record_steps(world, today):
    member = make_member(world.central_admin, world.unit("TA.G1.B1"), "Phạm Văn Phạm Vi")
    with pytest.raises(Http404):
        services.party_choose(
            actor=world.staff_b, member=member, data={"chosen_on": today, "grounds": "x"}
        )
    with pytest.raises(PermissionDenied):
        services.party_choose(
            actor=world.member, member=member, data={"chosen_on": today, "grounds": "x"}
        )
    assert PartyIntroduction.objects.count() == 0


def test_yearly_figures_roll_up_three_levels(world, today):
    b1, b2 = world.unit("TA.G1.B1"), world.unit("TA.G1.B2")
    walk(world, make_member(world.central_admin, b1, "Một Một"))  # admitted 2026
    walk(world, make_member(world.central_admin, b1, "Một Hai"), admitted=None)
    walk(world, make_member(world.central_admin, b2, "Hai Một"))
    walk(world, make_member(world.central_admin, world.unit("TA.G2.B1"), "Ba Một"))
    walk(world, make_member(world.central_admin, world.unit("TB.G1.B1"), "Tỉnh Khác"))
    walk(  # chosen and introduced in 2025, admitted in 2026
        world, make_member(world.central_admin, b2, "Năm Trước"),
        chosen=dt.date(2025, 10, 1), letter=dt.date(2025, 11, 1), admitted=dt.date(2026, 1, 10),
    )  # fmt: skip

    total, children = selectors.party_figures(unit=world.unit("TA"), year=2026)
    assert (total.chosen, total.introduced, total.admitted) == (4, 4, 4)
    lines = {line.unit.code: (line.chosen, line.introduced, line.admitted) for line in children}
    assert lines == {"TA.G1": (3, 3, 3), "TA.G2": (1, 1, 1)}
    _total, branches = selectors.party_figures(unit=world.unit("TA.G1"), year=2026)
    assert {b.unit.code: (b.chosen, b.introduced, b.admitted) for b in branches} == {
        "TA.G1.B1": (2, 2, 1),
        "TA.G1.B2": (1, 1, 2),
    }
    last_year, _children = selectors.party_figures(unit=world.unit("ROOT"), year=2025)
    assert (last_year.chosen, last_year.introduced, last_year.admitted) == (1, 1, 0)
    ta, tb = world.unit("TA"), world.unit("TB")
    assert selectors.admitted_this_year_many([ta, tb]) == {ta.pk: 4, tb.pk: 1}
    # The unit page's figure, one unit at a time, counts the same.
    assert [selectors.admitted_this_year(u) for u in (ta, tb, b1, b2)] == [4, 1, 1, 2]


def test_candidates_come_from_excellent_ratings(world, today):
    branch = world.unit("TA.G1.B1")
    twice = make_member(world.central_admin, branch, "Hai Lần Xuất Sắc")
    once = make_member(world.central_admin, branch, "Một Lần Xuất Sắc")
    good = make_member(world.central_admin, branch, "Chỉ Khá")
    old = make_member(world.central_admin, branch, "Xuất Sắc Lâu Rồi")
    chosen = make_member(world.central_admin, branch, "Đã Được Chọn")
    elsewhere = make_member(world.central_admin, world.unit("TB.G1.B1"), "Tỉnh Khác")
    rate(twice, 2024, "excellent")
    rate(twice, 2025, "excellent")
    rate(once, 2025, "excellent")
    rate(good, 2025, "good")
    rate(old, 2020, "excellent")
    rate(chosen, 2025, "excellent")
    rate(elsewhere, 2025, "excellent")
    walk(world, chosen, letter=None, admitted=None)

    found = selectors.candidates(unit=world.unit("TA.G1"), day=today)

    assert [(c.member.full_name, c.excellent_years) for c in found] == [
        ("Hai Lần Xuất Sắc", [2025, 2024]),
        ("Một Lần Xuất Sắc", [2025]),
    ]


def test_the_pages_walk_the_path_from_the_browser(world, login, today, settings_media):
    member = make_member(world.central_admin, world.unit("TA.G1.B1"), "Trịnh Thị Trình Duyệt")
    rate(member, 2025, "excellent")
    client = login(world.secretary)
    party_url = reverse("cadres:party", args=[world.unit("TA.G1").pk])
    assert "Trịnh Thị Trình Duyệt" in client.get(party_url).content.decode()
    choose = reverse("cadres:party_choose", args=[member.pk])
    form_page = client.get(choose).content.decode()
    assert "2025" in form_page  # the grounds are prefilled from the ratings
    response = client.post(choose, {"chosen_on": "2026-02-01", "grounds": "Xuất sắc năm 2025"})
    row = PartyIntroduction.objects.get()
    assert response["Location"] == reverse("cadres:party_detail", args=[row.pk])
    detail = reverse("cadres:party_detail", args=[row.pk])
    response = client.post(
        detail,
        {"step": "class", "class_name": "Lớp cảm tình Đảng 2026", "class_from": "2026-03-01",
         "class_to": "2026-03-05", "class_result": "passed",
         "certificate": SimpleUploadedFile("gcn.pdf", PDF, "application/pdf")},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        detail,
        {"step": "letter", "letter_number": "", "letter_on": "2026-04-01", "letter_signer": ""},
    )
    assert "Nhập số thư giới thiệu." in response.content.decode()
    client.post(
        detail,
        {"step": "letter", "letter_number": "05-GT/ĐTN", "letter_on": "2026-04-01",
         "letter_signer": "Lê Thị Bình"},
    )  # fmt: skip
    client.post(
        detail,
        {"step": "outcome", "outcome": "admitted", "outcome_on": "2026-09-02",
         "party_cell": "Chi bộ thôn Đông"},
    )  # fmt: skip
    row.refresh_from_db()
    assert row.outcome == "admitted" and row.letter_number == "05-GT/ĐTN"
    body = client.get(detail).content.decode()
    assert "Chi bộ thôn Đông" in body and "05-GT/ĐTN" in body
    certificate = client.get(reverse("cadres:party_certificate", args=[row.pk]))
    assert b"".join(certificate.streaming_content) == PDF
    figures = client.get(party_url + "?year=2026").content.decode()
    assert "Trịnh Thị Trình Duyệt" in figures
    panel = client.get(reverse("cadres:member", args=[member.pk]), HTTP_HX_REQUEST="true")
    assert "Chi bộ thôn Đông" in panel.content.decode()
    # Out of scope: not found; seen without the right to record: refused.
    assert login(world.staff_b).get(detail).status_code == 404
    assert login(world.member).get(detail).status_code == 403
    assert Member.objects.get(pk=member.pk).party_status == "probationary"


def test_the_member_page_shows_the_whole_path_on_the_timeline(world, login, today):
    member = make_member(world.central_admin, world.unit("TA.G1.B1"), "Lý Thị Dòng Thời Gian")
    walk(world, member)
    body = login(world.secretary).get(reverse("members:detail", args=[member.pk])).content
    text = body.decode()
    for title in (
        "Được chọn là đoàn viên ưu tú để giới thiệu cho Đảng",
        "Lớp bồi dưỡng nhận thức về Đảng: Lớp cảm tình Đảng khóa 1 (Đạt)",
        "Được giới thiệu cho Đảng: thư số 12-GT/ĐTN do Lê Thị Bình ký",
        "Được kết nạp vào Đảng tại Chi bộ thôn Đông",
    ):
        assert title in text, title
    # The member page offers the panel of this app, and the unit page its two links.
    assert reverse("cadres:member", args=[member.pk]) in text
    unit_page = login(world.secretary).get(reverse("orgs:unit", args=[world.unit("TA.G1").pk]))
    assert reverse("cadres:unit", args=[world.unit("TA.G1").pk]) in unit_page.content.decode()
    assert reverse("cadres:party", args=[world.unit("TA.G1").pk]) in unit_page.content.decode()
