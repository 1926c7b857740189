"""The one-screen rating of a branch through HTTP: the branch secretary rates every member
in one post and submits; the grassroots union approves (or returns) it; the results go
into each dossier and timeline, locked, and only the grassroots union corrects them, with
the reason kept in the history. Other personas see nothing (404) or may not act (403)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from chudong.members.models import MemberEvent
from chudong.ratings.models import MemberRating, RatingSheet, SheetState

from .conftest import evaluate

DECEMBER = dt.datetime(2025, 12, 15, 9, tzinfo=dt.UTC)


@pytest.fixture
def branch(world, make_member):
    """Three members of Chi đoàn thôn Đông with a year in the branch, one full Party member,
    and one who came in November."""
    with time_machine.travel(DECEMBER):
        members = {
            "an": make_member(full_name="Lê Văn An", since=dt.date(2023, 1, 1)),
            "binh": make_member(full_name="Phạm Thị Bình", sex="female", since=dt.date(2024, 5, 1)),
            "cuong": make_member(full_name="Đỗ Văn Cường", since=dt.date(2024, 5, 1)),
            "dang": make_member(
                full_name="Vũ Văn Đảng",
                since=dt.date(2022, 1, 1),
                party_status="full",
                party_date=dt.date(2023, 2, 3),
            ),
            "moi": make_member(full_name="Ngô Thị Mới", sex="female", since=dt.date(2025, 11, 1)),
        }
        evaluate(world, [members["an"]], 2025)
    return members


def _url(world, year=2025, code="TA.G1.B1"):
    return f"/units/{world.unit(code).pk}/ratings/{year}/"


def _post(client, url, data, action="save", version=None):
    payload = {"action": action, **data}
    if version is not None:
        payload["version"] = version
    return client.post(url, payload)


def test_it_rates_the_branch_in_one_go_and_the_grassroots_union_approves(world, branch, login):
    m = branch
    with time_machine.travel(DECEMBER):
        client = login(world.branch_secretary)
        url = _url(world)
        page = client.get(url).content.decode()
        # The sheet lists who is rated, who is reviewed, and who is not rated and why.
        assert "Hoàn thành xuất sắc nhiệm vụ" in page and "Không hoàn thành nhiệm vụ" in page
        assert "Lê Văn An" in page and "Vũ Văn Đảng" in page
        assert "Ngô Thị Mới" in page and "chưa đủ 6 tháng" in page
        assert f'name="level_{m["moi"].pk}"' not in page
        assert f'name="level_{m["dang"].pk}"' not in page  # full Party member: comment only

        response = _post(
            client,
            url,
            {
                f"level_{m['an'].pk}": "excellent",
                f"comment_{m['an'].pk}": "Gương mẫu, nhiệt tình",
                f"level_{m['binh'].pk}": "good",
                f"level_{m['cuong'].pk}": "completed",
                f"comment_{m['dang'].pk}": "Đảng viên gương mẫu",
            },
            action="submit",
            version=0,
        )
        assert response.status_code == 302
        sheet = RatingSheet.objects.get(unit=world.unit("TA.G1.B1"), year=2025)
        assert sheet.state == SheetState.SUBMITTED and sheet.submitted_by == world.branch_secretary
        levels = dict(MemberRating.objects.filter(year=2025).values_list("member_id", "level"))
        assert levels == {m["an"].pk: "excellent", m["binh"].pk: "good",
                          m["cuong"].pk: "completed", m["dang"].pk: ""}  # fmt: skip

        # The branch can no longer approve or change it.
        assert _post(client, url, {}, action="approve").status_code == 403
        again = _post(client, url, {f"level_{m['cuong'].pk}": "good"}, version=sheet.version)
        assert "không thể sửa" in again.content.decode()
        assert MemberRating.objects.get(member=m["cuong"]).level == "completed"

        # The grassroots union approves: locked, approved, on every timeline.
        secretary = login(world.secretary)
        assert "Duyệt bảng xếp loại" in secretary.get(url).content.decode()
        assert _post(secretary, url, {}, action="approve").status_code == 302
    sheet.refresh_from_db()
    assert sheet.state == SheetState.APPROVED and sheet.approved_by == world.secretary
    assert all(MemberRating.objects.filter(year=2025).values_list("approved", flat=True))
    event = MemberEvent.objects.get(member=m["an"], kind="rating")
    assert event.title == "Xếp loại năm 2025: Hoàn thành xuất sắc nhiệm vụ"
    assert event.detail == "Gương mẫu, nhiệt tình"
    assert MemberEvent.objects.filter(kind="rating").count() == 4

    # The member's page shows the rating by year (the dossier card loads it).
    dossier = (
        login(world.secretary)
        .get(f"/members/{m['an'].pk}/ratings/", HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "2025" in dossier and "Hoàn thành xuất sắc nhiệm vụ" in dossier
    assert "<html" not in dossier
    assert (
        f"/members/{m['an'].pk}/ratings/"
        in login(world.secretary).get(f"/members/{m['an'].pk}/").content.decode()
    )


def test_it_shows_the_sheet_only_to_those_who_may_see_it(world, branch, login):
    url = _url(world)
    with time_machine.travel(DECEMBER):
        assert login(world.staff_b).get(url).status_code == 404
        assert login(world.outsider).get(url).status_code == 404
        assert login(world.member).get(url).status_code == 403  # sees the unit, not its members
        other = _url(world, code="TA.G2.B1")
        assert login(world.secretary).get(other).status_code == 404
        # Staff of the province see it but a post by someone without members.manage...
        response = _post(login(world.member), url, {f"level_{branch['an'].pk}": "good"})
        assert response.status_code == 403
        assert login(world.staff_b).post(url, {"action": "approve"}).status_code == 404
    assert not MemberRating.objects.exists()


def test_the_grassroots_union_returns_a_sheet_for_revision(world, branch, login):
    m = branch
    with time_machine.travel(DECEMBER):
        url = _url(world)
        data = {f"level_{m[k].pk}": "good" for k in ("an", "binh", "cuong")}
        data[f"comment_{m['dang'].pk}"] = "Tốt"
        _post(login(world.branch_secretary), url, data, action="submit", version=0)
        secretary = login(world.secretary)
        assert _post(secretary, url, {"reason": ""}, action="return").status_code == 200
        response = _post(secretary, url, {"reason": "Xem lại mức của An"}, action="return")
        assert response.status_code == 302
        branch_client = login(world.branch_secretary)  # one test client: log in again
        page = branch_client.get(url).content.decode()
        assert "Xem lại mức của An" in page
        sheet = RatingSheet.objects.get()
        data[f"level_{m['an'].pk}"] = "excellent"
        assert _post(branch_client, url, data, version=sheet.version).status_code == 302
    assert MemberRating.objects.get(member=m["an"]).level == "excellent"


def test_submitting_needs_every_member_rated_and_every_party_member_reviewed(world, branch, login):
    m = branch
    with time_machine.travel(DECEMBER):
        client = login(world.branch_secretary)
        response = _post(
            client, _url(world), {f"level_{m['an'].pk}": "good"}, action="submit", version=0
        )
    body = response.content.decode()
    assert "Còn thiếu" in body and "Phạm Thị Bình" in body and "Vũ Văn Đảng" in body
    assert RatingSheet.objects.get().state == SheetState.DRAFT
    assert MemberRating.objects.get().level == "good"  # what was entered is kept


def test_excellent_needs_an_excellent_ren_luyen_result_from_2023(world, branch, login):
    m = branch
    with time_machine.travel(DECEMBER):
        client = login(world.branch_secretary)
        response = _post(
            client,
            _url(world),
            {f"level_{m['an'].pk}": "excellent", f"level_{m['binh'].pk}": "excellent"},
            version=0,
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Phạm Thị Bình chỉ được xếp loại xuất sắc khi đạt Hoàn thành xuất sắc" in body
    assert not MemberRating.objects.exists()  # nothing half-written


def test_a_concurrent_save_is_refused_with_who_saved(world, branch, login):
    m = branch
    with time_machine.travel(DECEMBER):
        _post(
            login(world.branch_secretary), _url(world), {f"level_{m['an'].pk}": "good"}, version=0
        )
        second = login(world.secretary)
        response = _post(second, _url(world), {f"level_{m['an'].pk}": "completed"}, version=0)
    assert "Hoàng Văn Đông đã lưu bảng này" in response.content.decode()
    assert MemberRating.objects.get().level == "good"


def test_the_grassroots_union_corrects_an_approved_result_with_a_reason(world, branch, login, rate):
    m = branch
    with time_machine.travel(DECEMBER):
        rate({m["an"]: "good", m["binh"]: "good", m["cuong"]: "good"}, 2025)
        rate({m["dang"]: ""}, 2025, comment="Tốt")
        from chudong.ratings import services

        unit = world.unit("TA.G1.B1")
        services.rating_sheet_submit(actor=world.branch_secretary, unit=unit, year=2025)
        services.rating_sheet_approve(actor=world.secretary, unit=unit, year=2025)
        url = f"/members/{m['cuong'].pk}/ratings/2025/correct/"
        assert login(world.branch_secretary).get(url).status_code == 403
        client = login(world.secretary)
        assert client.post(url, {"level": "excellent", "reason": ""}).status_code == 200
        response = client.post(
            url, {"level": "completed", "comment": "Còn hạn chế", "reason": "Sai sót khi nhập"}
        )
        assert response.status_code == 302
    rating = MemberRating.objects.get(member=m["cuong"])
    assert rating.level == "completed"
    assert rating.history.first().history_change_reason == "Sai sót khi nhập"
    assert rating.history.first().history_user == world.secretary
    event = MemberEvent.objects.get(member=m["cuong"], kind="rating_corrected")
    assert "Hoàn thành tốt nhiệm vụ → Hoàn thành nhiệm vụ" in event.title
    assert event.detail == "Sai sót khi nhập"


def test_a_line_is_saved_as_soon_as_it_changes(world, branch, login):
    m = branch
    with time_machine.travel(DECEMBER):
        client = login(world.branch_secretary)
        url = _url(world)
        assert 'hx-post="' + url in client.get(url).content.decode()
        row = client.post(
            url,
            {"action": "row", "member": m["binh"].pk, f"level_{m['binh'].pk}": "good",
             f"comment_{m['binh'].pk}": "Nhiệt tình"},
            HTTP_HX_REQUEST="true",
        ).content.decode()  # fmt: skip
        assert "<html" not in row and "Đã lưu" in row
        version = RatingSheet.objects.get().version
        assert f'value="{version}" id="id_version" hx-swap-oob="true"' in row
        refused = client.post(
            url,
            {"action": "row", "member": m["binh"].pk, f"level_{m['binh'].pk}": "excellent"},
            HTTP_HX_REQUEST="true",
        ).content.decode()
        assert "chỉ được xếp loại xuất sắc khi" in refused
        # The full form (which a browser posts with the line as it came back) saves with
        # the version the line sent back.
        full = {
            f"level_{m['an'].pk}": "good",
            f"level_{m['binh'].pk}": "good",
            f"comment_{m['binh'].pk}": "Nhiệt tình",
        }
        assert _post(client, url, full, version=version).status_code == 302
    levels = dict(MemberRating.objects.values_list("member_id", "level"))
    assert levels == {m["an"].pk: "good", m["binh"].pk: "good"}
    assert MemberRating.objects.get(member=m["binh"]).comment == "Nhiệt tình"
