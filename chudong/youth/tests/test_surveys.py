"""Short surveys: a unit sends one to its members, who answer once from "My pages"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from chudong.access.models import SensitiveReadLog
from chudong.members.models import Member
from chudong.youth import selectors, services
from chudong.youth.models import Opinion, SurveyResponse

from .conftest import TODAY


@pytest.fixture
def survey(world):
    survey = services.survey_create(
        actor=world.secretary, unit=world.unit("TA.G1"), title="Nhu cầu học nghề của đoàn viên",
        opens_on=TODAY - dt.timedelta(days=1), closes_on=TODAY + dt.timedelta(days=14),
    )  # fmt: skip
    services.survey_question_add(
        actor=world.secretary, survey=survey, text="Bạn đang làm gì?", kind="single",
        choices="Đi học\nĐi làm\nChưa có việc làm",
    )  # fmt: skip
    services.survey_question_add(
        actor=world.secretary, survey=survey, text="Bạn muốn học nghề gì?", kind="multiple",
        choices=["Tin học", "Điện dân dụng", "May công nghiệp", "Tin học"],
    )  # fmt: skip
    services.survey_question_add(
        actor=world.secretary, survey=survey, text="Đề xuất khác", kind="text", required=False
    )
    return services.survey_publish(actor=world.secretary, survey=survey)


@pytest.fixture
def own_member(world, make_member):
    """The `member` persona's own record (Vũ Thị Thu, TA.G1.B1)."""
    member = make_member(full_name="Vũ Thị Thu", sex="female")
    Member.objects.filter(pk=member.pk).update(user=world.member)
    member.refresh_from_db()
    return member


def test_it_checks_the_questions_and_freezes_them_once_sent(world, survey):
    questions = list(survey.questions.all())
    assert [q.choices for q in questions[:2]] == [
        ["Đi học", "Đi làm", "Chưa có việc làm"],
        ["Tin học", "Điện dân dụng", "May công nghiệp"],
    ]
    with pytest.raises(ValidationError) as caught:
        services.survey_question_add(actor=world.secretary, survey=survey, text="X", kind="text")
    assert caught.value.messages == ["Khảo sát đã được gửi; không thể sửa câu hỏi nữa."]
    draft = services.survey_create(
        actor=world.secretary, unit=world.unit("TA.G1"), title="Nháp", opens_on=TODAY,
        closes_on=TODAY,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.survey_question_add(
            actor=world.secretary, survey=draft, text="Chọn", kind="single", choices="Chỉ một"
        )
    assert caught.value.message_dict["choices"] == [
        "Hãy nhập từ 2 đến 10 phương án khác nhau, mỗi dòng một phương án."
    ]
    with pytest.raises(ValidationError) as caught:
        services.survey_publish(actor=world.secretary, survey=draft)
    assert caught.value.messages == ["Hãy thêm ít nhất một câu hỏi trước khi gửi khảo sát."]
    with pytest.raises(ValidationError) as caught:
        services.survey_create(
            actor=world.secretary, unit=world.unit("TA.G1"), title="Sai ngày", opens_on=TODAY,
            closes_on=TODAY - dt.timedelta(days=1),
        )  # fmt: skip
    assert "closes_on" in caught.value.message_dict


def test_a_member_answers_once_from_my_pages(world, login, survey, own_member):
    client = login(world.member)
    page = client.get("/me/surveys/").content.decode()
    assert "Nhu cầu học nghề của đoàn viên" in page and "chờ bạn trả lời" in page
    q1, q2, q3 = survey.questions.all()
    response = client.post(f"/me/surveys/{survey.pk}/", {f"q{q2.pk}": ["0"]})
    assert "Hãy trả lời câu hỏi này." in response.content.decode()
    assert not SurveyResponse.objects.exists()
    response = client.post(
        f"/me/surveys/{survey.pk}/",
        {f"q{q1.pk}": "2", f"q{q2.pk}": ["0", "2"], f"q{q3.pk}": "Mở lớp tin học buổi tối"},
    )
    assert response.status_code == 302
    answer = SurveyResponse.objects.get()
    assert answer.member == own_member
    assert answer.answers == {
        str(q1.pk): 2,
        str(q2.pk): [0, 2],
        str(q3.pk): "Mở lớp tin học buổi tối",
    }
    with pytest.raises(ValidationError) as caught:
        services.survey_answer(actor=world.member, member=own_member, survey=survey, answers={})
    assert caught.value.messages == ["Bạn đã trả lời khảo sát này."]
    assert (
        "Bạn đã trả lời khảo sát này. Cảm ơn bạn."
        in client.get(f"/me/surveys/{survey.pk}/").content.decode()
    )


def test_a_survey_reaches_only_the_members_of_the_units_subtree(world, survey, make_member):
    elsewhere = make_member(unit_code="TA.G2.B1", full_name="Hà Văn Khác")
    with pytest.raises(Http404):
        selectors.own_survey(member=elsewhere, survey_id=survey.pk)
    assert selectors.surveys_for_member(member=elsewhere) == []
    with pytest.raises(Http404):
        services.survey_answer(actor=None, member=elsewhere, survey=survey, answers={})


def test_results_are_charted_with_the_response_rate(world, login, survey, own_member, make_member):
    q1, q2, q3 = survey.questions.all()
    others = [make_member(unit_code="TA.G1.B2", full_name=f"Đoàn Viên {i}") for i in range(3)]
    services.survey_answer(
        actor=world.member, member=own_member, survey=survey,
        answers={q1.pk: "1", q2.pk: ["0"], q3.pk: "Cần thêm sân bóng"},
    )  # fmt: skip
    for member, choice in zip(others[:2], ("1", "2"), strict=True):
        SurveyResponse.objects.create(
            survey=survey, member=member, unit_path=member.unit_path,
            answers={str(q1.pk): int(choice), str(q2.pk): [0, 1]},
        )  # fmt: skip
    results = selectors.survey_results(survey=survey, with_texts=False)
    # Current members of TA.G1's subtree: the persona's own record and 3 others.
    assert (results.responses, results.target, results.rate) == (3, 4, 75)
    single, multiple, text = results.questions
    assert [(b.label, b.count, b.percent) for b in single.bars] == [
        ("Đi học", 0, 0),
        ("Đi làm", 2, 67),
        ("Chưa có việc làm", 1, 33),
    ]
    assert [b.count for b in multiple.bars] == [3, 2, 0]
    assert text.answered == 1 and text.texts == []
    # The page: charts for care.view; text answers only with members.sensitive, logged.
    page = login(world.secretary).get(f"/surveys/{survey.pk}/").content.decode()
    assert "75%" in page and "Cần thêm sân bóng" in page and "yw-100" in page
    assert SensitiveReadLog.objects.filter(subject_type="youth.survey").count() == 1


def test_a_text_answer_becomes_an_opinion(world, login, survey, own_member):
    q1, q2, q3 = survey.questions.all()
    answer = services.survey_answer(
        actor=world.member, member=own_member, survey=survey,
        answers={q1.pk: "0", q2.pk: ["1"], q3.pk: "Mong Đoàn xã tổ chức hướng nghiệp"},
    )  # fmt: skip
    client = login(world.secretary)
    response = client.post(
        f"/survey-answers/{answer.pk}/opinion/",
        {"question": q3.pk, "topic": "jobs", "sentiment": "positive"},
    )
    opinion = Opinion.objects.get()
    assert response["Location"] == f"/youth-opinion/{opinion.pk}/"
    assert (opinion.source, opinion.member, opinion.content, opinion.unit) == (
        "survey",
        own_member,
        "Mong Đoàn xã tổ chức hướng nghiệp",
        world.unit("TA.G1"),
    )
    client.post(
        f"/survey-answers/{answer.pk}/opinion/",
        {"question": q3.pk, "topic": "jobs", "sentiment": "positive"},
    )
    assert Opinion.objects.count() == 1


def test_the_survey_list_reads_a_bounded_number_of_queries(
    world, login, survey, django_assert_max_num_queries
):
    for i in range(5):
        services.survey_create(
            actor=world.secretary, unit=world.unit("TA.G1.B1"), title=f"Khảo sát {i}",
            opens_on=TODAY, closes_on=TODAY,
        )  # fmt: skip
    client = login(world.staff_a)
    with django_assert_max_num_queries(10):
        response = client.get(f"/units/{world.unit('TA').pk}/surveys/")
    assert response.content.decode().count("/surveys/") >= 6
