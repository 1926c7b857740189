"""Inspection plans, inspections, recommendations and their remedies: bad input, scope
(the inspecting and the inspected unit see it, nobody else), the overdue warning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chudong.inspection import selectors, services
from chudong.inspection.models import Inspection, Recommendation
from chudong.orgs import registry

from .conftest import PDF, inspection_data


def test_it_refuses_bad_inspections_with_vietnamese_messages(world, today):
    data = inspection_data(
        world,
        subject=world.unit("TA.G2"),
        findings="",
        team=" ",
        inspected_on=dt.date(2026, 12, 1),
    )
    with pytest.raises(ValidationError) as caught:
        services.inspection_create(actor=world.secretary, unit=world.unit("TA.G1"), data=data)
    errors = caught.value.message_dict
    assert errors["subject"] == ["Đơn vị chỉ kiểm tra chính mình hoặc các đơn vị cấp dưới."]
    assert errors["findings"] == ["Nhập những gì đợt kiểm tra phát hiện."]
    assert errors["team"] == ["Nhập thành viên đoàn kiểm tra."]
    assert errors["inspected_on"] == ["Ngày không thể ở tương lai."]
    assert not Inspection.objects.exists()


def test_a_plan_names_only_the_unit_and_units_below(world, today):
    data = {
        "year": 2026,
        "title": "Kế hoạch kiểm tra năm 2026",
        "content_areas": "Sinh hoạt",
        "subjects": [world.unit("TA.G1.B1"), world.unit("TB.G1")],
    }
    with pytest.raises(ValidationError) as caught:
        services.plan_create(actor=world.secretary, unit=world.unit("TA.G1"), data=data)
    assert "Đoàn phường Vĩnh Lạc" in caught.value.message_dict["subjects"][0]
    data["subjects"] = [world.unit("TA.G1"), world.unit("TA.G1.B1")]
    plan = services.plan_create(actor=world.secretary, unit=world.unit("TA.G1"), data=data)
    assert {u.code for u in plan.subjects.all()} == {"TA.G1", "TA.G1.B1"}
    with pytest.raises(ValidationError) as caught:
        services.inspection_create(
            actor=world.secretary,
            unit=world.unit("TA.G1"),
            data=inspection_data(world, plan=plan, inspected_on=dt.date(2025, 5, 1)),
        )
    assert caught.value.message_dict["inspected_on"] == [
        "Đợt kiểm tra nằm ngoài năm của kế hoạch (2026)."
    ]


def test_it_is_seen_by_the_inspecting_and_the_inspected_unit_only(world, today, inspect, login):
    inspection = inspect()
    url = reverse("inspection:inspection", args=[inspection.pk])
    for persona in ("staff_a", "secretary", "central_admin"):
        response = login(getattr(world, persona)).get(url)
        assert response.status_code == 200, persona
        assert "Sổ đoàn viên chưa cập nhật" in response.content.decode()
    for persona in ("staff_b", "branch_secretary", "outsider"):
        assert login(getattr(world, persona)).get(url).status_code == 404, persona
    page = login(world.secretary).get(reverse("inspection:unit", args=[world.unit("TA.G1").pk]))
    assert "Sinh hoạt chi đoàn và quản lý đoàn viên" in page.content.decode()
    below = login(world.branch_secretary).get(
        reverse("inspection:unit", args=[world.unit("TA.G1.B1").pk])
    )
    assert "Sinh hoạt chi đoàn và quản lý đoàn viên" not in below.content.decode()


def test_the_inspected_unit_cannot_change_the_inspection_or_recommend(world, today, inspect, login):
    inspection = inspect()
    client = login(world.secretary)
    assert (
        client.get(reverse("inspection:inspection_edit", args=[inspection.pk])).status_code == 403
    )
    response = client.post(
        reverse("inspection:inspection", args=[inspection.pk]),
        {"text": "Tự đặt kiến nghị", "deadline": "2026-12-01"},
    )
    assert response.status_code == 403
    assert not Recommendation.objects.exists()


def test_recommendations_remedies_and_the_overdue_warning(world, today, inspect, login):
    inspection = inspect()
    province = login(world.staff_a)
    url = reverse("inspection:inspection", args=[inspection.pk])
    bad = province.post(url, {"text": "", "deadline": "2026-05-01"})
    assert "Nhập nội dung kiến nghị." in bad.content.decode()
    assert "Thời hạn khắc phục không thể trước ngày kiểm tra." in bad.content.decode()
    province.post(url, {"text": "Cập nhật sổ đoàn viên", "deadline": "2026-08-31"})
    province.post(url, {"text": "Sinh hoạt chi đoàn hằng tháng", "deadline": "2026-12-31"})
    late, later = inspection.recommendations.order_by("deadline")
    assert late.subject_path == world.unit("TA.G1").path

    units = [world.unit(c) for c in ("TA", "TA.G1", "TA.G2", "TA.G1.B1")]
    counts = selectors.overdue_counts(units, today)
    assert [counts[u.pk] for u in units] == [1, 1, 0, 0]
    warning = next(w for w in registry.warnings() if w.key == "inspection_overdue_remedies")
    assert warning.count_many(units, today)[units[0].pk] == 1

    # The inspected unit records the remedy, with evidence, after the deadline: late.
    secretary = login(world.secretary)
    remedy_url = reverse("inspection:remedy", args=[late.pk])
    missing = secretary.post(remedy_url, {"status": "done", "done_on": "2026-11-02"})
    assert "Nêu những việc đã làm để khắc phục." in missing.content.decode()
    response = secretary.post(
        remedy_url,
        {
            "status": "done",
            "done_on": "2026-11-02",
            "follow_up": "Đã cập nhật 312 hồ sơ",
            "evidence": SimpleUploadedFile("bien ban.pdf", PDF),
        },
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.state_on(today) == "late"
    assert late.evidence_name == "bien_ban.pdf"
    assert selectors.overdue_counts(units, today)[units[0].pk] == 0
    file = secretary.get(reverse("inspection:remedy_file", args=[late.pk]))
    assert b"".join(file.streaming_content) == PDF
    assert login(world.staff_b).get(remedy_url).status_code == 404

    services.remedy_record(
        actor=world.secretary,
        recommendation=later,
        data={"status": "done", "done_on": dt.date(2026, 11, 20), "follow_up": "Đã họp đủ"},
    )
    assert later.state_on(today) == "on_time"
    counts = selectors.recognition_counts(unit=world.unit("TA"), year=2026)
    assert (
        counts["inspections_done"]
        == 1
        == len(selectors.inspections_done(unit=world.unit("TA"), year=2026))
    )
    assert counts["remedies_due"] == 2
    assert counts["remedies_on_time"] == 1
    many = selectors.recognition_counts_many([world.unit("TA"), world.unit("TA.G1")], 2026)
    assert many[world.unit("TA").pk]["remedies_on_time"] == 1
    assert many[world.unit("TA.G1").pk]["inspections_done"] == 0  # made by the province
    assert many[world.unit("TA.G1").pk]["remedies_due"] == 2


def test_record_an_inspection_from_the_page(world, today, login):
    client = login(world.secretary)
    unit = world.unit("TA.G1")
    url = reverse("inspection:inspection_new", args=[unit.pk])
    page = client.get(url)
    assert "Chi đoàn thôn Đông" in page.content.decode()
    response = client.post(
        url,
        {
            "subject": world.unit("TA.G1.B1").pk,
            "content": "Thu đoàn phí",
            "inspected_on": "2026-10-05",
            "team": "Lê Thị Bình",
            "findings": "Thu đủ",
            "conclusion": "Tốt",
        },
    )
    inspection = Inspection.objects.get()
    assert response["Location"] == reverse("inspection:inspection", args=[inspection.pk])
    assert inspection.subject_path == world.unit("TA.G1.B1").path
    # The branch inspected sees it; the history shows who recorded it.
    branch = login(world.branch_secretary).get(response["Location"])
    assert "Thu đoàn phí" in branch.content.decode()
    assert inspection.history.get().history_user == world.secretary


def test_the_pages_read_in_english_too(world, today, inspect, login):
    inspection = inspect()
    client = login(world.staff_a)
    client.cookies["django_language"] = "en"
    unit = world.unit("TA.G1")
    page = client.get(reverse("inspection:unit", args=[unit.pk])).content.decode()
    assert "Inspection and remedies" in page and "Kiểm tra và khắc phục" not in page
    detail = client.get(reverse("inspection:inspection", args=[inspection.pk])).content.decode()
    assert "Recommendations and remedies" in detail
    reviews = client.get(reverse("inspection:reviews", args=[unit.pk])).content.decode()
    assert "Leadership members" in reviews
    register = client.get(reverse("inspection:exemplaries", args=[unit.pk])).content.decode()
    assert "No exemplary model or person recorded." in register
