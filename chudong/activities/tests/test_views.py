"""Activity pages: scope, the QR on the activity page, the check-in page (HTML and the JSON
the offline queue uses), the member's panel and own page, pinned query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chudong.activities import services
from chudong.activities.models import Activity, ActivityPhoto, Participation

from .conftest import make_member

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _checkin_url(page: str) -> str:
    match = re.search(r'data-checkin-url="([^"]+)"', page)
    assert match, "the activity page embeds its check-in URL"
    return match.group(1).replace("http://testserver", "")


def test_the_activity_page_shows_the_qr_and_its_url(world, login, plan):
    activity = plan()
    page = login(world.branch_secretary).get(reverse("activities:detail", args=[activity.pk]))
    body = page.content.decode()
    assert "<svg" in body and activity.title in body
    url = _checkin_url(body)
    assert url == reverse("activities:checkin", args=[services.checkin_token(activity)])
    printable = login(world.secretary).get(reverse("activities:qr", args=[activity.pk]))
    assert "<svg" in printable.content.decode()


def test_out_of_scope_is_not_found_and_a_plain_member_is_refused(world, login, plan):
    activity = plan()
    assert (
        login(world.staff_b).get(reverse("activities:detail", args=[activity.pk])).status_code
        == 404
    )
    assert (
        login(world.member).get(reverse("activities:detail", args=[activity.pk])).status_code == 403
    )
    edit = reverse("activities:edit", args=[activity.pk])
    assert login(world.member).post(edit, {"title": "X"}).status_code == 403
    activity.refresh_from_db()
    assert activity.title != "X"


def test_a_member_checks_in_through_the_page(world, login, plan, thu):
    activity = plan()
    url = reverse("activities:checkin", args=[services.checkin_token(activity)])
    client = login(world.member)
    page = client.get(url)
    assert "Điểm danh" in page.content.decode() and "Vũ Thị Thu" in page.content.decode()
    response = client.post(url, {"scanned_at": ""})
    assert response.status_code == 302
    done = client.get(url).content.decode()
    assert "Đã điểm danh" in done
    assert Participation.objects.filter(activity=activity, member=thu).count() == 1
    # The activity page and the member's page show it to the branch secretary.
    secretary = login(world.branch_secretary)
    assert (
        "Vũ Thị Thu"
        in secretary.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    )
    panel = secretary.get(reverse("activities:member", args=[thu.pk]), HTTP_HX_REQUEST="true")
    assert activity.title in panel.content.decode()


def test_the_offline_queue_gets_json_with_the_time_of_the_tap(world, login, plan, thu):
    activity = plan()
    url = reverse("activities:checkin", args=[services.checkin_token(activity)])
    tapped = activity.starts_at + dt.timedelta(minutes=5)
    client = login(world.member)
    iso = tapped.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    answer = client.post(url, {"scanned_at": iso}, HTTP_ACCEPT="application/json")
    assert answer.json() == {"ok": True, "redirect": url}
    assert Participation.objects.get(member=thu).checked_in_at == tapped
    again = client.post(url, {"scanned_at": ""}, HTTP_ACCEPT="application/json")
    assert again.json()["ok"] and Participation.objects.count() == 1


def test_a_tampered_code_shows_a_vietnamese_message(world, login, plan, thu):
    activity = plan()
    token = services.checkin_token(activity)
    client = login(world.member)
    page = client.get(reverse("activities:checkin", args=[token[:-2] + "zz"]))
    assert page.status_code == 400
    assert "Mã điểm danh này không hợp lệ" in page.content.decode()
    answer = client.post(
        reverse("activities:checkin", args=["abc"]), HTTP_ACCEPT="application/json"
    )
    assert answer.status_code == 400 and "không hợp lệ" in answer.json()["message"]


def test_a_check_in_outside_the_window_is_refused_on_the_page(world, login, plan, thu):
    activity = plan(start=timezone.now() + dt.timedelta(days=1))
    url = reverse("activities:checkin", args=[services.checkin_token(activity)])
    response = login(world.member).post(url, {"scanned_at": ""})
    assert response.status_code == 400
    assert "Điểm danh mở lúc" in response.content.decode()
    assert not Participation.objects.exists()


def test_an_account_without_a_member_record_is_told_why(world, login, plan):
    activity = plan()
    url = reverse("activities:checkin", args=[services.checkin_token(activity)])
    page = login(world.outsider).get(url)
    assert page.status_code == 403
    assert "chưa được liên kết với hồ sơ đoàn viên" in page.content.decode()
    assert activity.unit.name not in page.content.decode()


def test_organisers_create_edit_and_tick_from_the_browser(world, login, branch, thu):
    client = login(world.branch_secretary)
    start = timezone.localtime() - dt.timedelta(minutes=20)
    response = client.post(reverse("activities:create", args=[branch.pk]) + "?project=1", {
        "kind": "volunteer", "title": "Sân chơi cho thiếu nhi thôn Đông",
        "campaign": "Mùa hè xanh", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Nhà văn hóa thôn Đông", "expected_participants": "25", "budget": "15000000",
        "organisers": [world.branch_secretary.pk],
    })  # fmt: skip
    project = Activity.objects.get()
    assert response.status_code == 302 and project.is_project and project.budget == 15_000_000
    bad = client.post(reverse("activities:create", args=[branch.pk]), {
        "kind": "study", "title": "Học tập", "starts_at": "2026-11-22T10:00",
        "ends_at": "2026-11-22T08:00", "expected_participants": "0", "budget": "0",
    })  # fmt: skip
    assert "Thời gian kết thúc không được trước thời gian bắt đầu" in bad.content.decode()
    client.post(reverse("activities:participants", args=[project.pk]), {"member": [thu.pk]})
    assert Participation.objects.get().source == "manual"
    edit = client.get(reverse("activities:edit", args=[project.pk]))
    assert edit.status_code == 200
    photo = SimpleUploadedFile("anh le khoi cong.png", PNG, content_type="image/png")
    client.post(reverse("activities:detail", args=[project.pk]),
                {"action": "photo", "photo": photo, "caption": "Lễ khởi công"})  # fmt: skip
    stored = ActivityPhoto.objects.get()
    served = client.get(reverse("activities:photo", args=[project.pk, stored.pk]))
    assert served["Content-Type"] == "image/png"
    assert (
        login(world.staff_b)
        .get(reverse("activities:photo", args=[project.pk, stored.pk]))
        .status_code
        == 404
    )


def test_my_activities_lists_what_comes_and_my_check_ins(world, login, plan, thu):
    soon = plan(title="Hiến máu tình nguyện", start=timezone.now() + dt.timedelta(days=2))
    now = plan(title="Dọn vệ sinh đường làng")
    services.checkin_by_token(actor=world.member, token=services.checkin_token(now))
    page = login(world.member).get(reverse("activities:mine")).content.decode()
    assert soon.title in page and now.title in page
    assert login(world.outsider).get(reverse("activities:mine")).status_code == 404


def test_the_unit_list_has_a_pinned_query_count(
    world, login, plan, branch, django_assert_max_num_queries
):
    for index in range(6):
        plan(title=f"Hoạt động {index}", value=0)
    plan(unit=world.unit("TA.G1.B2"), title="Tiếp sức mùa thi", is_project=True)
    client = login(world.secretary)
    url = reverse("activities:unit", args=[world.unit("TA.G1").pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    body = page.content.decode()
    assert "Tiếp sức mùa thi" in body and "Hoạt động 5" in body
    assert make_member  # the fixture helper stays importable for other modules


def test_the_activity_page_shows_its_sponsors_to_who_sees_advisory_work(world, login, plan):
    from chudong.access.models import Role, RoleAssignment
    from chudong.advisory import services as advisory

    activity = plan(title="Thắp sáng đường quê")
    advisory.resource_create(actor=world.branch_secretary, unit=activity.unit, data={
        "sponsor_name": "Công ty Điện lực Bình Minh", "sponsor_kind": "business",
        "form": "in_kind", "value": 12_500_000, "description": "50 bóng đèn năng lượng mặt trời",
        "purpose": "Thắp sáng đường quê", "received_on": timezone.localdate(),
        "activity": activity,
    })  # fmt: skip
    url = reverse("activities:detail", args=[activity.pk])
    page = login(world.branch_secretary).get(url).content.decode()
    section = page[page.index('id="sponsors"') :]
    assert "Công ty Điện lực Bình Minh" in section and "12.500.000" in section
    assert "Hiện vật" in section or "in kind" in section.lower()

    # Someone who sees the work but not the advisory records sees no sponsor section.
    planner = Role.objects.create(code="planner", name="Kế hoạch", name_en="Planner",
                                  capabilities=["units.view", "work.view"])  # fmt: skip
    RoleAssignment.objects.create(user=world.outsider, unit=world.unit("TA.G1"), role=planner,
                                  start_date=timezone.localdate())  # fmt: skip
    other = login(world.outsider).get(url).content.decode()
    assert activity.title in other and 'id="sponsors"' not in other
    assert "Công ty Điện lực Bình Minh" not in other
