"""Each resource: in scope, out of scope (404 like the pages), bad input (422 with a
Vietnamese message), paging."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from chudong.activities import services as activity_services
from chudong.activities.models import Participation
from chudong.dissemination import services as dissemination_services
from chudong.dissemination.models import Acknowledgement
from chudong.procedures.models import AdmissionCase

from .conftest import make_member


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_units_start_at_the_top_of_the_scope_and_walk_down(world, api):
    client = api(world.secretary)
    top = client.get("/api/v1/units").json()["items"]
    assert [u["code"] for u in top] == ["TA.G1"]
    # The parent province is not the secretary's to see: its id is not given.
    assert top[0]["parent_id"] is None and top[0]["kind"]["code"] == "commune"
    children = client.get(f"/api/v1/units/{top[0]['id']}/children").json()["items"]
    assert sorted(u["code"] for u in children) == ["TA.G1.B1", "TA.G1.B2"]
    assert {u["parent_id"] for u in children} == {top[0]["id"]}
    assert api(world.outsider).get("/api/v1/units").json() == {"items": []}


def test_a_unit_outside_the_scope_is_not_found_for_every_method(world, api):
    client = api(world.staff_b)
    for path in ("", "/children", "/members", "/admissions", "/activities"):
        response = client.get(f"/api/v1/units/{world.unit('TA.G1').pk}{path}")
        assert response.status_code == 404, path
        body = response.json()
        assert body["code"] == "not_found" and body["message"].startswith("Không tìm thấy")
    posted = client.post(f"/api/v1/units/{world.unit('TA.G1.B1').pk}/admissions", {"x": 1})
    assert posted.status_code == 404
    assert client.get("/api/v1/units/999999").status_code == 404
    assert client.get(f"/api/v1/units/{world.unit('TB.G1').pk}").status_code == 200


def test_members_are_listed_like_the_members_page_with_search_and_cursor(world, api):
    branch = world.unit("TA.G1.B1")
    for name in ("Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Đỗ Thị Dung"):
        make_member(world.central_admin, branch, name)
    make_member(world.central_admin, world.unit("TA.G2.B1"), "Phạm Văn Xa")
    client = api(world.secretary)
    url = f"/api/v1/units/{world.unit('TA.G1').pk}/members"
    first = client.get(url, {"limit": 3}).json()
    assert [m["full_name"] for m in first["items"]] == [
        "Nguyễn Văn An",
        "Trần Thị Bích",
        "Lê Văn Cường",
    ]
    second = client.get(url, {"limit": 3, "after": first["next"]}).json()
    assert [m["full_name"] for m in second["items"]] == ["Đỗ Thị Dung"]
    assert second["next"] is None
    found = client.get(url, {"q": "do thi dung"}).json()["items"]
    assert [m["full_name"] for m in found] == ["Đỗ Thị Dung"]
    assert found[0]["unit_name"] == "Chi đoàn thôn Đông"
    # The sibling grassroots union's member is not the secretary's.
    everyone = client.get(url, {"limit": 50}).json()["items"]
    assert "Phạm Văn Xa" not in [m["full_name"] for m in everyone]
    other = client.get(f"/api/v1/members/{everyone[0]['id']}")
    assert other.status_code == 200 and other.json()["status"] == "active"
    xa = api(world.staff_a).get(f"/api/v1/units/{world.unit('TA.G2').pk}/members").json()
    assert api(world.secretary).get(f"/api/v1/members/{xa['items'][0]['id']}").status_code == 404


def test_bad_filters_are_422_naming_the_field_in_vietnamese(world, api):
    client = api(world.secretary)
    url = f"/api/v1/units/{world.unit('TA.G1').pk}/members"
    for query, field in (
        ({"limit": 0}, "limit"),
        ({"sex": "x"}, "sex"),
        ({"after": "!!"}, "after"),
    ):
        response = client.get(url, query)
        assert response.status_code == 422, query
        body = response.json()
        assert body["code"] == "invalid"
        assert (
            body["message"].startswith("Dữ liệu gửi lên không hợp lệ") and field in body["message"]
        )
        assert body["details"]
    english = api(world.secretary, "en").get(url, {"limit": 1000}).json()
    assert english["message"].startswith("The request data is not valid")


def test_an_admission_is_started_listed_and_not_decided_before_the_vote(world, api):
    branch = world.unit("TA.G1.B1")
    client = api(world.branch_secretary)
    started = client.post(
        f"/api/v1/units/{branch.pk}/admissions",
        {
            "full_name": "Trịnh Văn Mới",
            "sex": "male",
            "date_of_birth": "2008-02-03",
            "nominated_on": "2026-03-01",
        },
    )
    assert started.status_code == 201, started.content
    case = AdmissionCase.objects.get(pk=started.json()["id"])
    assert case.full_name == "Trịnh Văn Mới" and case.state == "nominated"
    listed = client.get(f"/api/v1/units/{branch.pk}/admissions").json()["items"]
    assert [c["id"] for c in listed] == [case.pk]
    # The decision belongs to the upper level, and only after the branch's vote.
    refused = client.post(
        f"/api/v1/admissions/{case.pk}/decide",
        {"decision_number": "12-QĐ", "decision_date": "2026-03-05", "decision_signer": "X"},
    )
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    early = api(world.staff_a).post(
        f"/api/v1/admissions/{case.pk}/decide",
        {"decision_number": "12-QĐ", "decision_date": "2026-03-05", "decision_signer": "X"},
    )
    assert early.status_code == 422 and early.json()["code"] == "invalid"
    case.refresh_from_db()
    assert case.state == "nominated" and not case.decision_number
    assert api(world.staff_b).get(f"/api/v1/admissions/{case.pk}").status_code == 404


def test_starting_an_admission_with_bad_data_writes_nothing(world, api):
    branch = world.unit("TA.G1.B1")
    client = api(world.branch_secretary)
    missing = client.post(f"/api/v1/units/{branch.pk}/admissions", {"full_name": "A"})
    assert missing.status_code == 422 and "sex" in missing.json()["message"]
    future = client.post(
        f"/api/v1/units/{branch.pk}/admissions",
        {
            "full_name": "Trịnh Văn Mới",
            "sex": "male",
            "date_of_birth": "2008-02-03",
            "nominated_on": "2099-01-01",
        },
    )
    assert future.status_code == 422 and "nominated_on" in future.json()["details"]
    assert not AdmissionCase.objects.exists()
    # A member (no members.manage) may read but not start.
    member = api(world.member).post(
        f"/api/v1/units/{branch.pk}/admissions",
        {
            "full_name": "X Y",
            "sex": "male",
            "date_of_birth": "2008-02-03",
            "nominated_on": "2026-03-01",
        },
    )
    assert member.status_code in (403, 404)
    assert not AdmissionCase.objects.exists()


def test_a_member_checks_in_to_an_activity_with_its_qr_token(world, api):
    branch = world.unit("TA.G1.B1")
    thu = make_member(world.central_admin, branch, "Vũ Thị Thu", user=world.member)
    start = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=30)
    activity = activity_services.activity_create(
        actor=world.branch_secretary,
        unit=branch,
        kind="volunteer",
        title="Ngày Chủ nhật xanh",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )
    client = api(world.member)
    token = activity_services.checkin_token(activity)
    first = client.post("/api/v1/activities/check-in", {"token": token})
    assert first.status_code == 200 and first.json()["created"] is True
    again = client.post("/api/v1/activities/check-in", {"token": token})
    assert again.json()["created"] is False
    assert Participation.objects.filter(activity=activity, member=thu).count() == 1
    forged = client.post("/api/v1/activities/check-in", {"token": token[:-3] + "abc"})
    assert forged.status_code == 422 and forged.json()["message"]
    listed = api(world.secretary).get(f"/api/v1/units/{world.unit('TA.G1').pk}/activities")
    assert [a["title"] for a in listed.json()["items"]] == ["Ngày Chủ nhật xanh"]
    assert api(world.staff_b).get(f"/api/v1/activities/{activity.pk}").status_code == 404


def test_a_member_reads_and_acknowledges_a_document_addressed_to_them(world, api):
    thu = make_member(world.central_admin, world.unit("TA.G1.B1"), "Vũ Thị Thu", user=world.member)
    dispatch = dissemination_services.dispatch_send(
        actor=world.staff_a,
        unit=world.unit("TA"),
        title="Nghị quyết lần thứ 5",
        kind="resolution",
        issued_on=dt.date(2026, 11, 1),
        issuer="Ban Chấp hành Tỉnh đoàn",
    )
    other = dissemination_services.dispatch_send(
        actor=world.staff_b,
        unit=world.unit("TB"),
        title="Văn bản tỉnh khác",
        kind="resolution",
        issued_on=dt.date(2026, 11, 1),
        issuer="Tỉnh đoàn Ngân Sơn",
    )
    client = api(world.member)
    documents = client.get("/api/v1/documents").json()["items"]
    assert [(d["id"], d["acknowledged"]) for d in documents] == [(dispatch.pk, False)]
    done = client.post("/api/v1/documents/acknowledge", {"document_id": dispatch.pk})
    assert done.status_code == 200 and done.json()["created"] is True
    assert client.get("/api/v1/documents").json()["items"][0]["acknowledged"] is True
    assert (
        client.post("/api/v1/documents/acknowledge", {"document_id": other.pk}).status_code == 404
    )
    assert Acknowledgement.objects.filter(member=thu).count() == 1
    # An id no table of ours can hold is bad input, not a database error.
    huge = client.post("/api/v1/documents/acknowledge", {"document_id": 2**70})
    assert huge.status_code == 422 and "document_id" in huge.json()["message"]


def test_a_branch_year_of_meetings_and_a_unit_without_meetings(world, api):
    client = api(world.branch_secretary)
    branch = client.get(f"/api/v1/units/{world.unit('TA.G1.B1').pk}/meetings", {"year": 2025})
    body = branch.json()
    assert branch.status_code == 200 and body["is_branch"] is True
    assert body["periods"] and all(p["meetings"] == [] for p in body["periods"])
    assert body["held"] == 0 and body["owed"] == sum(
        p["owed"] and p["ended"] for p in body["periods"]
    )
    upper = api(world.secretary).get(f"/api/v1/units/{world.unit('TA.G1').pk}/meetings").json()
    assert upper["is_branch"] is False and upper["periods"] == []
    bad = client.get(f"/api/v1/units/{world.unit('TA.G1.B1').pk}/meetings", {"year": "năm"})
    assert bad.status_code == 422 and "year" in bad.json()["message"]
    # Before the first version of the meeting rules there is no cadence to show.
    early = client.get(f"/api/v1/units/{world.unit('TA.G1.B1').pk}/meetings", {"year": 2000})
    assert early.status_code == 422 and "year" in early.json()["message"]


def test_recognition_status_and_indicators_of_a_grassroots_union(world, api):
    unit = world.unit("TA.G1")
    body = api(world.secretary).get(f"/api/v1/units/{unit.pk}/recognition", {"year": 2026}).json()
    assert body["unit_id"] == unit.pk and body["recognised"] is None and body["cycle"] is None
    assert body["indicators"] and all(i["numerator"] is None for i in body["indicators"])
    assert {"code", "label", "criterion"} <= set(body["indicators"][0])
    assert api(world.staff_b).get(f"/api/v1/units/{unit.pk}/recognition").status_code == 404


def test_the_upper_level_confirms_an_admission_voted_by_the_branch(world, api, settings, tmp_path):
    from chudong.procedures.tests.conftest import AdmissionDriver

    settings.MEDIA_ROOT = tmp_path
    introducer = make_member(world.central_admin, world.unit("TA.G1.B1"), "Lê Văn Giới")
    driver = AdmissionDriver(world=world, introducer=introducer)
    case = driver.nominate()
    for step in ("class", "introducer", "application", "vote"):
        case = driver.step(case, step)
    assert case.state == "voted"
    decision = {
        "decision_number": "15-QĐ/TĐTN",
        "decision_date": "2026-03-25",
        "decision_signer": "Trần Thị Hải",
    }
    # The grassroots union's own secretary is not the upper level.
    refused = api(world.secretary).post(f"/api/v1/admissions/{case.pk}/decide", decision)
    assert refused.status_code == 403
    confirmed = api(world.staff_a).post(f"/api/v1/admissions/{case.pk}/decide", decision)
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["state"] == "confirmed"
    case.refresh_from_db()
    assert case.decision_number == "15-QĐ/TĐTN" and case.decided_by == world.staff_a
    again = api(world.staff_a).post(f"/api/v1/admissions/{case.pk}/decide", decision)
    assert again.status_code == 422 and again.json()["code"] == "invalid"


def test_the_upper_level_refuses_an_admission_with_a_reason_and_writes_nothing_when_wrong(
    world, api, settings, tmp_path
):
    from chudong.procedures.tests.conftest import AdmissionDriver

    settings.MEDIA_ROOT = tmp_path
    introducer = make_member(world.central_admin, world.unit("TA.G1.B1"), "Lê Văn Giới")
    driver = AdmissionDriver(world=world, introducer=introducer)
    case = driver.nominate()
    url = f"/api/v1/admissions/{case.pk}/refuse"
    refusal = {"closed_on": "2026-03-24", "closed_reason": "Chưa đủ điều kiện về tuổi Đoàn"}
    # Before the branch's vote there is nothing to refuse.
    early = api(world.staff_a).post(url, refusal)
    assert early.status_code == 422 and early.json()["code"] == "invalid"
    for step in ("class", "introducer", "application", "vote"):
        case = driver.step(case, step)
    # The grassroots union's secretary may see the case but is not the upper level; the
    # other province does not see it at all.
    assert api(world.secretary).post(url, refusal).status_code == 403
    assert api(world.staff_b).post(url, refusal).status_code == 404
    # A date before the vote, or no reason: a Vietnamese message naming the field.
    before_vote = api(world.staff_a).post(url, {**refusal, "closed_on": "2026-03-19"})
    assert before_vote.status_code == 422 and "closed_on" in before_vote.json()["details"]
    blank = api(world.staff_a).post(url, {**refusal, "closed_reason": "   "})
    assert blank.status_code == 422 and "closed_reason" in blank.json()["details"]
    assert blank.json()["message"] == "Ghi rõ lý do không chuẩn y."
    missing = api(world.staff_a).post(url, {"closed_on": "2026-03-24"})
    assert missing.status_code == 422 and "closed_reason" in missing.json()["message"]
    case.refresh_from_db()
    assert case.state == "voted" and case.closed_on is None

    refused = api(world.staff_a).post(url, refusal)
    assert refused.status_code == 200, refused.content
    body = refused.json()
    assert body["state"] == "refused" and body["closed_on"] == "2026-03-24"
    assert body["closed_reason"] == "Chưa đủ điều kiện về tuổi Đoàn"
    case.refresh_from_db()
    assert case.state == "refused" and case.decided_by == world.staff_a
    assert case.decided_by_unit == world.unit("TA")
    assert case.history.filter(state="refused").count() == 1
    # Closed: neither a second refusal nor a confirmation follows.
    assert api(world.staff_a).post(url, refusal).status_code == 422
    decision = {"decision_number": "1", "decision_date": "2026-03-25", "decision_signer": "A"}
    decide = api(world.staff_a).post(f"/api/v1/admissions/{case.pk}/decide", decision)
    assert decide.status_code == 422
    closed = api(world.secretary).get(
        f"/api/v1/units/{world.unit('TA.G1').pk}/admissions", {"state": "closed"}
    )
    assert [(c["id"], c["state"]) for c in closed.json()["items"]] == [(case.pk, "refused")]


def test_a_branch_secretary_records_a_meeting_with_its_roll_call(world, api):
    from chudong.meetings.models import Attendance

    branch = world.unit("TA.G1.B1")
    an = make_member(world.central_admin, branch, "Nguyễn Văn An")
    binh = make_member(world.central_admin, branch, "Trần Thị Bình")
    other = make_member(world.central_admin, world.unit("TA.G1.B2"), "Lê Văn Khác")
    client = api(world.branch_secretary)
    url = f"/api/v1/units/{branch.pk}/meetings"
    held_on = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    body = {"held_on": held_on, "mode": "in_person", "topic": "Sinh hoạt chủ điểm tháng 11"}
    stranger = client.post(url, {**body, "attendance": {str(other.pk): "present"}})
    assert stranger.status_code == 422 and "attendance" in stranger.json()["details"]
    assert not Attendance.objects.exists()
    recorded = client.post(url, {**body, "attendance": {str(binh.pk): "excused"}})
    assert recorded.status_code == 201, recorded.content
    assert (recorded.json()["present"], recorded.json()["excused"]) == (1, 1)
    assert recorded.json()["held_on"] == held_on
    statuses = dict(Attendance.objects.values_list("member_id", "status"))
    assert statuses == {an.pk: "present", binh.pk: "excused"}
    # A plain member may read the branch's year but not record.
    assert api(world.member).post(url, body).status_code == 403
