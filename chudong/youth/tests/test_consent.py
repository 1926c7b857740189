"""Which member raised an opinion rests on the member's consent to opinions under their
name (privacy.SensitiveFieldRule "opinions"): without it an opinion reads as anonymous
(the "no consent" marker stands for the name, on its page, its edit form and beside a
survey's text answer), the member page's panel lists none, and only what was shown is
logged. With it, everything shows as before."""

from __future__ import annotations

import datetime as dt

import pytest

from chudong.access.models import SensitiveReadLog
from chudong.privacy.tests.consents import consent_to
from chudong.youth import selectors, services
from chudong.youth.models import Opinion, SurveyResponse

from .conftest import TODAY

NAME = "Vũ Văn Kín"
CONTENT = "Mong xã mở lớp dạy nghề hàn cho thanh niên."
MARKER = "Chưa có sự đồng ý: không hiển thị"
NOTE = "đoàn viên chưa đồng ý (hoặc đã rút lại sự đồng ý)"
PURPOSE = "Ý kiến, tâm tư nguyện vọng gắn với tên"


@pytest.fixture
def member(make_member):
    return make_member(full_name=NAME)


@pytest.fixture
def opinion(world, member, make_opinion):
    opinion = make_opinion(raised_by="member", member=member, content=CONTENT, topic="jobs")
    SensitiveReadLog.objects.all().delete()
    return opinion


def _give(world, member):
    consent_to(member, "opinions", actor=world.central_admin)


def _body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_opinion_reads_as_anonymous_without_the_members_consent(world, login, member, opinion):
    client = login(world.secretary)
    page = _body(client.get(f"/youth-opinion/{opinion.pk}/"))
    assert CONTENT in page  # what was said is the unit's work; who said it is not shown
    assert NAME not in page and f"/members/{member.pk}/" not in page
    assert MARKER in page and NOTE in page and PURPOSE in page
    log = SensitiveReadLog.objects.get()
    assert log.fields == "content,follow_up"  # who raised it was not read

    _give(world, member)
    page = _body(client.get(f"/youth-opinion/{opinion.pk}/"))
    assert NAME in page and MARKER not in page
    assert SensitiveReadLog.objects.order_by("-id").first().fields == "content,raised_by,follow_up"


def test_the_edit_form_neither_shows_nor_changes_who_raised_it(world, login, member, opinion):
    client = login(world.secretary)
    url = f"/youth-opinion/{opinion.pk}/edit/"
    page = _body(client.get(url))
    assert NAME not in page and 'name="member"' not in page and 'name="raised_by"' not in page
    assert MARKER in page and NOTE in page
    response = client.post(
        url,
        {"raised_on": "12/06/2026", "source": "direct", "topic": "study", "sentiment": "neutral",
         "content": "Mong xã mở lớp dạy nghề hàn và điện.", "raised_by": "anonymous"},
    )  # fmt: skip
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert (opinion.raised_by, opinion.member, opinion.topic) == ("member", member, "study")
    assert opinion.content == "Mong xã mở lớp dạy nghề hàn và điện."

    _give(world, member)
    page = _body(client.get(url))
    assert 'name="member"' in page and NAME in page and MARKER not in page


def test_the_member_pages_panel_lists_no_opinion_without_consent(world, login, member, opinion):
    client = login(world.secretary)
    url = f"/members/{member.pk}/youth-opinion/"
    panel = _body(client.get(url, HTTP_HX_REQUEST="true"))
    assert MARKER in panel and NOTE in panel
    assert f"/youth-opinion/{opinion.pk}/" not in panel and "Việc làm, thu nhập" not in panel
    assert not SensitiveReadLog.objects.exists()  # nothing was read
    state = selectors.member_opinions(actor=world.secretary, member=member)["opinions_state"]
    assert not state.shown

    _give(world, member)
    panel = _body(client.get(url, HTTP_HX_REQUEST="true"))
    assert f"/youth-opinion/{opinion.pk}/" in panel and MARKER not in panel
    log = SensitiveReadLog.objects.get()
    assert (log.subject_type, log.subject_id, log.fields) == ("member", member.pk, "youth_opinions")


def test_a_survey_text_answer_is_shown_without_the_name_unless_the_member_consented(
    world, login, make_member
):
    survey = services.survey_create(
        actor=world.secretary, unit=world.unit("TA.G1"), title="Nhu cầu của đoàn viên",
        opens_on=TODAY - dt.timedelta(days=1), closes_on=TODAY + dt.timedelta(days=14),
    )  # fmt: skip
    question = services.survey_question_add(
        actor=world.secretary, survey=survey, text="Đề xuất khác", kind="text", required=False
    )
    services.survey_publish(actor=world.secretary, survey=survey)
    consenting = make_member(full_name="Hà Thị Đồng Ý")
    _give(world, consenting)
    silent = make_member(full_name=NAME)
    for who, text in ((consenting, "Cần sân bóng chuyền"), (silent, "Cần thư viện xã")):
        SurveyResponse.objects.create(
            survey=survey, member=who, unit_path=who.unit_path, answers={str(question.pk): text}
        )
    page = _body(login(world.secretary).get(f"/surveys/{survey.pk}/"))
    assert "Cần sân bóng chuyền" in page and "Hà Thị Đồng Ý" in page
    assert "Cần thư viện xã" in page and NAME not in page
    assert page.count(MARKER) == 1 and NOTE in page


def test_opinions_that_no_member_raised_are_not_affected(world, login, make_opinion, make_youth):
    youth = make_youth(full_name="Đinh Thị Hoa")
    by_youth = make_opinion(raised_by="youth", youth=youth, content="Cần việc làm thời vụ.")
    assert selectors.raiser_state(by_youth) is None
    page = _body(login(world.secretary).get(f"/youth-opinion/{by_youth.pk}/"))
    assert "Đinh Thị Hoa" in page and MARKER not in page
    assert Opinion.objects.count() == 1
