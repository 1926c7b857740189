"""A cadre's courses (with certificates), yearly evaluations and the planning lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chudong.cadres import selectors, services
from chudong.cadres.models import Evaluation, PlanningEntry, Training
from chudong.members.models import MemberEvent

from .conftest import appoint, make_member

PDF = b"%PDF-1.4\n%test\n"


def training_data(**over) -> dict:
    data = {
        "kind": "political_theory",
        "theory_level": "intermediate",
        "course": "Trung cấp lý luận chính trị – hành chính",
        "organiser": "Trường Chính trị tỉnh",
        "starts_on": dt.date(2024, 3, 1),
        "ends_on": dt.date(2025, 1, 15),
        "result": "Khá",
        "certificate_number": "B-12345",
    }
    data.update(over)
    return data


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_course_is_recorded_with_its_certificate(world, today, settings_media):
    unit = world.unit("TA.G1")
    certificate = SimpleUploadedFile("Giấy chứng nhận.pdf", PDF, "application/pdf")
    training = services.training_add(
        actor=world.staff_a, cadre=world.secretary, unit=unit, data=training_data(),
        certificate=certificate,
    )  # fmt: skip
    assert training.certificate_name.endswith(".pdf")
    assert training.certificate.read() == PDF


def test_bad_course_input_leaves_nothing(world, today, settings_media):
    unit = world.unit("TA.G1")
    bad_file = SimpleUploadedFile("x.pdf", b"not a pdf at all", "application/pdf")
    with pytest.raises(ValidationError) as caught:
        services.training_add(
            actor=world.staff_a, cadre=world.secretary, unit=unit,
            data=training_data(course=" ", theory_level="", ends_on=dt.date(2020, 1, 1)),
            certificate=bad_file,
        )  # fmt: skip
    errors = caught.value.message_dict
    assert errors["course"] == ["Nhập tên khóa học."]
    assert errors["theory_level"] == ["Chọn trình độ lý luận chính trị."]
    assert errors["ends_on"] == ["Khóa học không thể kết thúc trước khi bắt đầu."]
    assert "certificate" in errors
    assert Training.objects.count() == 0
    assert not list(settings_media.rglob("*.pdf"))
    with pytest.raises(ValidationError) as caught:
        services.training_add(
            actor=world.staff_a, cadre=world.member, unit=unit, data=training_data()
        )
    assert caught.value.message_dict["unit"] == ["Người này không giữ chức vụ nào ở đơn vị này."]


def test_an_evaluation_per_year_is_recorded_then_corrected(world, today):
    unit = world.unit("TA.G1")
    data = {"year": 2025, "level": "good", "comment": "Nhiệt tình"}
    services.evaluation_set(actor=world.staff_a, cadre=world.secretary, unit=unit, data=data)
    services.evaluation_set(
        actor=world.staff_a, cadre=world.secretary, unit=unit, data={**data, "level": "excellent"}
    )
    assert list(Evaluation.objects.values_list("year", "level")) == [(2025, "excellent")]
    late = appoint(unit, "executive-committee", "Mới Vào", start=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError) as caught:
        services.evaluation_set(actor=world.staff_a, cadre=late.user, unit=unit, data=data)
    assert caught.value.message_dict["year"] == [
        "Người này không giữ chức vụ nào ở đơn vị này trong năm 2025."
    ]
    with pytest.raises(ValidationError) as caught:
        services.evaluation_set(
            actor=world.staff_a, cadre=world.secretary, unit=unit,
            data={"year": 2027, "level": "nope"},
        )  # fmt: skip
    assert caught.value.message_dict["year"] == ["Nhập năm trong khoảng 2000 đến 2026."]
    assert caught.value.message_dict["level"] == ["Chọn mức đánh giá."]
    with pytest.raises(ValidationError) as caught:
        services.evaluation_set(actor=world.secretary, cadre=world.secretary, unit=unit, data=data)
    assert caught.value.messages == ["Việc đánh giá cán bộ do người khác ghi nhận."]


def test_planning_list_puts_the_member_on_their_timeline(world, today):
    from chudong.access.models import Role

    unit = world.unit("TA.G1")
    member = make_member(world.central_admin, world.unit("TA.G1.B1"), "Trần Văn Quy Hoạch")
    role = Role.objects.get(code="deputy-secretary")
    data = {"member": member, "role": role, "period": "2025-2030", "added_on": today}
    entry = services.planning_add(actor=world.secretary, unit=unit, data=data)
    assert entry.period == "2025–2030"
    event = MemberEvent.objects.get(member=member, kind="cadre_planned")
    assert "Phó Bí thư" in event.title
    with pytest.raises(ValidationError) as caught:
        services.planning_add(actor=world.secretary, unit=unit, data=data)
    assert caught.value.message_dict["member"] == [
        "Đoàn viên này đã có trong danh sách quy hoạch chức vụ này, thời kỳ này."
    ]
    with pytest.raises(ValidationError) as caught:
        services.planning_add(
            actor=world.secretary, unit=unit, data={**data, "period": "2030-2025"}
        )
    assert caught.value.message_dict["period"] == [
        "Ghi thời kỳ quy hoạch bằng hai năm, ví dụ 2025–2030."
    ]
    elsewhere = make_member(world.central_admin, world.unit("TA.G2.B1"), "Ở Trường Khác")
    with pytest.raises(ValidationError) as caught:
        services.planning_add(actor=world.secretary, unit=unit, data={**data, "member": elsewhere})
    assert "member" in caught.value.message_dict
    services.planning_status_set(actor=world.secretary, entry=entry, status="removed")
    assert selectors.planning_list(unit=unit) == []
    assert PlanningEntry.objects.get().status == "removed"


def test_the_cadre_page_records_a_course_and_an_evaluation(world, login, today, settings_media):
    client = login(world.staff_a)
    url = reverse("cadres:cadre", args=[world.secretary.pk])
    unit = world.unit("TA.G1")
    response = client.post(
        url,
        {"action": "training", "unit": unit.pk, "kind": "union_skills", "course": "",
         "starts_on": "2025-05-01"},
    )  # fmt: skip
    assert "Nhập tên khóa học." in response.content.decode()
    response = client.post(
        url,
        {"action": "training", "unit": unit.pk, "kind": "union_skills",
         "course": "Bồi dưỡng nghiệp vụ công tác Đoàn", "starts_on": "2025-05-01",
         "certificate": SimpleUploadedFile("cn.pdf", PDF, "application/pdf")},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        url, {"action": "evaluation", "unit": unit.pk, "year": "2025", "level": "excellent"}
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "Bồi dưỡng nghiệp vụ công tác Đoàn" in body
    assert "Hoàn thành xuất sắc nhiệm vụ" in body
    training = Training.objects.get()
    file_response = client.get(reverse("cadres:training_file", args=[training.pk]))
    assert b"".join(file_response.streaming_content) == PDF
    # Province B sees neither the cadre nor the certificate.
    other = login(world.staff_b)
    assert other.get(url).status_code == 404
    assert other.get(reverse("cadres:training_file", args=[training.pk])).status_code == 404


def test_the_planning_page_adds_a_member(world, login, today):
    from chudong.access.models import Role

    unit = world.unit("TA.G1")
    member = make_member(world.central_admin, world.unit("TA.G1.B1"), "Lò Văn Kế")
    client = login(world.secretary)
    url = reverse("cadres:planning", args=[unit.pk])
    role = Role.objects.get(code="secretary")
    response = client.post(
        url,
        {"member": member.pk, "role": role.pk, "period": "2025–2030", "added_on": "2026-01-05"},
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "Lò Văn Kế" in body
    branch_url = reverse("cadres:planning", args=[world.unit("TA.G1.B1").pk])
    assert login(world.member).post(branch_url, {"member": member.pk}).status_code == 403
    assert PlanningEntry.objects.count() == 1
