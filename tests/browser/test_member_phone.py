"""A member on a 360 px phone: from "My pages" they read a document their grassroots union
sent and confirm it, then answer the union's short survey. The secretary's coverage page
counts the confirmation, and the answer is stored once. Nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from chudong.dissemination import services as dissemination
from chudong.dissemination.models import Acknowledgement
from chudong.members import services as member_services
from chudong.members.models import Member
from chudong.youth import services as youth
from chudong.youth.models import SurveyResponse
from conftest import PASSWORD

from .conftest import PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_a_member_confirms_a_document_and_answers_a_survey_on_a_phone(
    world, live_server, new_page, screenshot
):
    today = timezone.localdate()
    commune = world.unit("TA.G1")
    own = member_services.member_create(
        actor=world.central_admin, unit=world.unit("TA.G1.B1"), full_name="Vũ Thị Thu",
        sex="female", date_of_birth=dt.date(2002, 8, 9), unit_since=dt.date(2020, 1, 1),
    )  # fmt: skip
    Member.objects.filter(pk=own.pk).update(user=world.member)
    document = dissemination.dispatch_send(
        actor=world.secretary, unit=commune, title="Nghị quyết Đại hội Đoàn xã nhiệm kỳ mới",
        kind="resolution", issued_on=today, issuer="Ban Chấp hành Đoàn xã",
        acknowledge_by=today + dt.timedelta(days=10),
    )  # fmt: skip
    survey = youth.survey_create(
        actor=world.secretary, unit=commune, title="Nhu cầu học nghề của đoàn viên",
        opens_on=today, closes_on=today + dt.timedelta(days=14),
    )  # fmt: skip
    youth.survey_question_add(
        actor=world.secretary, survey=survey, text="Bạn đang làm gì?", kind="single",
        choices="Đi học\nĐi làm\nChưa có việc làm",
    )  # fmt: skip
    youth.survey_question_add(
        actor=world.secretary, survey=survey, text="Đề xuất của bạn", kind="text", required=False
    )
    youth.survey_publish(actor=world.secretary, survey=survey)

    base = live_server.url
    page = new_page(viewport=PHONE)
    log_in(page, base, "member", PASSWORD)
    page.goto(f"{base}/me/")
    _fits(page)
    page.locator("a[href='/me/documents/']").first.click()
    page.wait_for_load_state("networkidle")
    _fits(page)
    page.get_by_text("Nghị quyết Đại hội Đoàn xã nhiệm kỳ mới").click()
    page.wait_for_load_state("networkidle")
    button = page.get_by_role("button", name="Tôi đã đọc và nắm được")
    assert button.bounding_box()["height"] >= 44
    screenshot(page, "member-phone-document")
    button.click()
    page.wait_for_load_state("networkidle")
    assert Acknowledgement.objects.filter(dispatch=document, member=own).count() == 1
    page.goto(f"{base}/me/documents/")
    assert page.locator(".badge.green").count() == 1

    page.goto(f"{base}/me/surveys/")
    _fits(page)
    page.get_by_text("Nhu cầu học nghề của đoàn viên").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Gửi câu trả lời").click()
    page.wait_for_load_state("networkidle")
    assert "Hãy trả lời câu hỏi này." in page.content()
    assert not SurveyResponse.objects.exists()
    page.get_by_label("Chưa có việc làm").check()
    page.get_by_label("Đề xuất của bạn").fill("Mở lớp tin học buổi tối")
    _fits(page)
    screenshot(page, "member-phone-survey")
    page.get_by_role("button", name="Gửi câu trả lời").click()
    page.wait_for_load_state("networkidle")
    answer = SurveyResponse.objects.get()
    assert answer.member_id == own.pk
    assert list(answer.answers.values()) == [2, "Mở lớp tin học buổi tối"]

    secretary = new_page()
    log_in(secretary, base, "secretary", PASSWORD)
    secretary.goto(f"{base}/units/{commune.pk}/dissemination/{document.pk}/")
    figures = secretary.locator(".stat .value").all_inner_texts()
    assert figures[:2] == ["1", "1"], figures  # one member addressed, one confirmed
