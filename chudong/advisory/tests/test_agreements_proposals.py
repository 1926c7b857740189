import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chudong.advisory import selectors, services
from chudong.advisory.models import Proposal

from .conftest import agreement_data, proposal_data, resource_data

PDF = b"%PDF-1.4\n%test\n"


def test_agreement_bad_input_vietnamese(world, today):
    data = agreement_data(partner_name="", partner_kind="nope", valid_to=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError) as caught:
        services.agreement_create(actor=world.secretary, unit=world.unit("TA.G1"), data=data)
    errors = caught.value.message_dict
    assert errors["partner_name"] == ["Nhập tên đơn vị phối hợp."]
    assert errors["partner_kind"] == ["Chọn loại đơn vị phối hợp."]
    assert errors["valid_to"] == ["Ngày hết hiệu lực không thể trước ngày có hiệu lực."]
    with pytest.raises(ValidationError) as caught:
        services.agreement_create(
            actor=world.secretary, unit=world.unit("TA.G1"), data=agreement_data(),
            attachment=SimpleUploadedFile("x.pdf", b"not a pdf"),
        )  # fmt: skip
    assert "attachment" in caught.value.message_dict


def test_agreement_expiry_flag_with_time(world, today):
    unit = world.unit("TA.G1")
    row = services.agreement_create(
        actor=world.secretary, unit=unit, data=agreement_data(valid_to=dt.date(2026, 12, 31)),
        attachment=SimpleUploadedFile("quy che.pdf", PDF),
    )  # fmt: skip
    [listed] = selectors.agreement_list(unit=world.unit("TA"), day=dt.date(2026, 11, 22))
    assert listed.expired is False
    assert (
        selectors.overview_counts(unit=unit, day=dt.date(2026, 11, 22))["agreements_in_force"] == 1
    )
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0), tick=False):
        from django.utils import timezone

        [listed] = selectors.agreement_list(unit=unit, day=timezone.localdate())
        assert listed.expired is True
        assert (
            selectors.overview_counts(unit=unit, day=timezone.localdate())["agreements_in_force"]
            == 0
        )
    assert row.attachment_name == "quy_che.pdf"


def test_joint_actions_and_file_scoped(world, today, login):
    unit = world.unit("TA.G1")
    row = services.agreement_create(
        actor=world.secretary, unit=unit, data=agreement_data(),
        attachment=SimpleUploadedFile("qc.pdf", PDF),
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.joint_action_add(
            actor=world.secretary, agreement=row,
            data={"title": "", "done_on": dt.date(2024, 1, 1), "activity": None},
        )  # fmt: skip
    assert caught.value.message_dict["title"] == ["Nhập nội dung hoạt động."]
    assert caught.value.message_dict["done_on"] == [
        "Hoạt động phối hợp không thể diễn ra trước ngày ký quy chế."
    ]
    client = login(world.secretary)
    response = client.post(
        reverse("advisory:agreement", args=[row.pk]),
        {"title": "Tuần tra đêm", "done_on": "2026-10-01", "result": "Tốt"},
    )
    assert response.status_code == 302
    assert row.actions.get().title == "Tuần tra đêm"
    file = client.get(reverse("advisory:agreement_file", args=[row.pk]))
    assert file.status_code == 200
    assert b"".join(file.streaming_content) == PDF
    outsider = login(world.staff_b)
    assert outsider.get(reverse("advisory:agreement_file", args=[row.pk])).status_code == 404
    assert outsider.get(reverse("advisory:agreement", args=[row.pk])).status_code == 404


def test_proposal_bad_input_and_response(world, today):
    unit = world.unit("TA.G1")
    with pytest.raises(ValidationError) as caught:
        services.proposal_create(
            actor=world.secretary, unit=unit,
            data=proposal_data(subject="", submitted_to="other", submitted_to_other=""),
        )  # fmt: skip
    assert caught.value.message_dict["subject"] == ["Nhập trích yếu đề xuất."]
    assert caught.value.message_dict["submitted_to_other"] == ["Ghi rõ nơi nhận đề xuất."]
    row = services.proposal_create(actor=world.secretary, unit=unit, data=proposal_data())
    with pytest.raises(ValidationError) as caught:
        services.proposal_respond(
            actor=world.secretary, proposal=row,
            data={"response_kind": "conclusion", "response_on": dt.date(2026, 8, 1),
                  "response_summary": ""},
        )  # fmt: skip
    assert caught.value.message_dict["response_on"] == [
        "Phản hồi không thể trước ngày gửi đề xuất."
    ]
    assert caught.value.message_dict["response_summary"] == ["Tóm tắt nội dung cấp ủy quyết định."]
    services.proposal_respond(
        actor=world.secretary, proposal=row,
        data={"response_kind": "conclusion", "response_on": dt.date(2026, 10, 1),
              "response_number": "45-KL/ĐU", "response_summary": "Đồng ý",
              "follow_up": "Kế hoạch số 12"},
    )  # fmt: skip
    row.refresh_from_db()
    assert row.answered and row.follow_up == "Kế hoạch số 12"


def test_overdue_warning_follows_rule_and_time(world, today):
    unit = world.unit("TA.G1.B1")
    services.proposal_create(
        actor=world.central_admin, unit=unit, data=proposal_data(submitted_on=dt.date(2026, 10, 1))
    )
    units = [world.unit("TA"), world.unit("TA.G1"), world.unit("TB")]
    assert selectors.unanswered_counts(units, dt.date(2026, 11, 22)) == {u.pk: 0 for u in units}
    later = dt.date(2026, 12, 5)  # 65 days after: past the 60-day rule
    counts = selectors.unanswered_counts(units, later)
    assert counts == {units[0].pk: 1, units[1].pk: 1, units[2].pk: 0}
    with time_machine.travel(dt.datetime(2026, 12, 5, 9, 0), tick=False):
        from django.utils import timezone

        [row] = selectors.proposal_list(unit=world.unit("TA"), day=timezone.localdate())
        assert row.overdue is True
    Proposal.objects.update(response_kind="resolution", response_on=dt.date(2026, 11, 1))
    assert selectors.unanswered_counts(units, later)[units[0].pk] == 0


def test_pages_scope_and_query_counts(world, today, login, django_assert_max_num_queries):
    for code in ("TA.G1", "TA.G1.B1", "TA.G2"):
        for _ in range(3):
            services.proposal_create(
                actor=world.central_admin, unit=world.unit(code), data=proposal_data()
            )
            services.agreement_create(
                actor=world.central_admin, unit=world.unit(code), data=agreement_data()
            )
    client = login(world.staff_a)
    ta = world.unit("TA").pk
    for name in ("advisory:proposals", "advisory:agreements", "advisory:unit"):
        client.get(reverse(name, args=[ta]))
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name, args=[ta])).status_code == 200
    row = Proposal.objects.first()
    assert login(world.staff_b).get(reverse("advisory:proposal", args=[row.pk])).status_code == 404
    assert login(world.member).get(
        reverse("advisory:proposal_edit", args=[row.pk])
    ).status_code in (403, 404)


def test_a_resource_names_the_support_case_it_funded_and_a_response_its_plan(world, login, today):
    """Issue 7: a resource shows what it funded (an activity, or a support case of a young
    person in difficulty) and a committee's response links the plan that came of it; both
    only within the unit's subtree, and the case only to those who may see care work."""
    from chudong.care.models import HardshipCase
    from chudong.plans.models import Plan

    unit = world.unit("TA.G1")
    case = HardshipCase.objects.create(
        unit=world.unit("TA.G1.B1"), unit_path=world.unit("TA.G1.B1").path,
        person_name="Đinh Thị Hoa", birth_year=2008, is_poor=True, opened_on=dt.date(2026, 3, 2),
    )  # fmt: skip
    elsewhere = HardshipCase.objects.create(
        unit=world.unit("TB.G1"), unit_path=world.unit("TB.G1").path, person_name="Khác",
        opened_on=dt.date(2026, 3, 2),
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.resource_create(
            actor=world.secretary, unit=unit, data=resource_data(hardship=elsewhere)
        )
    assert caught.value.message_dict["hardship"] == [
        "Hãy chọn một trường hợp hỗ trợ của đơn vị này hoặc đơn vị trực thuộc."
    ]
    row = services.resource_create(
        actor=world.secretary, unit=unit, data=resource_data(hardship=case)
    )
    page = login(world.secretary).get(f"/advisory/resources/{row.pk}/").content.decode()
    assert "Đinh Thị Hoa" in page and f"/care/hardship/{case.pk}/" in page
    # An edit by someone without the case field keeps the link.
    services.resource_update(actor=world.secretary, resource=row, data=resource_data())
    row.refresh_from_db()
    assert row.hardship == case

    plan = Plan.objects.create(unit=unit, unit_path=unit.path, year=2026, title="Kế hoạch 12")
    other = Plan.objects.create(
        unit=world.unit("TB"), unit_path=world.unit("TB").path, year=2026, title="Khác"
    )
    proposal = services.proposal_create(actor=world.secretary, unit=unit, data=proposal_data())
    response = {
        "response_kind": "conclusion", "response_on": dt.date(2026, 10, 1),
        "response_summary": "Đồng ý",
    }  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.proposal_respond(
            actor=world.secretary, proposal=proposal, data={**response, "plan": other}
        )
    assert caught.value.message_dict["plan"] == [
        "Hãy chọn một kế hoạch của đơn vị này hoặc đơn vị trực thuộc."
    ]
    services.proposal_respond(
        actor=world.secretary, proposal=proposal, data={**response, "plan": plan}
    )
    page = login(world.secretary).get(f"/advisory/proposals/{proposal.pk}/").content.decode()
    assert "Kế hoạch 12 (2026)" in page and f"/plans/{plan.pk}/" in page
