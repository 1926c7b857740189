"""Youth opinion: recording, follow-up, the sensitive-data rules and the roll-up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chudong.access.models import SensitiveReadLog
from chudong.orgs import registry
from chudong.privacy.tests.consents import consent_to
from chudong.rules.models import Rule
from chudong.youth import selectors, services
from chudong.youth.models import Opinion

from .conftest import TODAY


@pytest.mark.parametrize(
    ("source", "link", "message"),
    [
        ("facebook", "", "Hãy dán đường dẫn của bài đăng."),
        ("facebook", "facebook com/bai-viet",
         "Đây không phải địa chỉ trang web; địa chỉ phải bắt đầu bằng https://"),
        ("youtube", "https://www.facebook.com/watch?v=1",
         "Đường dẫn này không thuộc YouTube (youtube.com, youtu.be)."),
        ("tiktok", "https://evil-tiktok.com.example.org/v/1", None),
    ],
)  # fmt: skip
def test_it_checks_the_link_of_a_social_network_post(world, make_opinion, source, link, message):
    with pytest.raises(ValidationError) as caught:
        make_opinion(source=source, link=link)
    if message:
        assert caught.value.message_dict["link"] == [message]
    assert not Opinion.objects.exists()


def test_it_records_a_post_with_its_link_and_dates_the_answer_by_the_rule(world, make_opinion):
    opinion = make_opinion(
        source="youtube", link="https://youtu.be/abc123", raised_on=dt.date(2026, 6, 1)
    )
    assert opinion.status == "new" and opinion.due_on == dt.date(2026, 7, 1)
    # A province issues its own, shorter rule: opinions raised in its subtree follow it.
    Rule.objects.create(
        key=services.ANSWER_DAYS_RULE, value=15, valid_from=dt.date(2026, 1, 1),
        unit=world.unit("TA"), document="Hướng dẫn 05-HD/TĐTN",
    )  # fmt: skip
    from chudong.rules import rules

    rules.forget()
    later = make_opinion(source="zalo", link="https://zalo.me/g/abc", raised_on=dt.date(2026, 6, 1))
    assert later.due_on == dt.date(2026, 6, 16)


def test_it_names_only_people_of_the_units_subtree(world, make_opinion, make_member, make_youth):
    outside = make_member(unit_code="TA.G2.B1", full_name="Phạm Văn Xa")
    with pytest.raises(ValidationError) as caught:
        make_opinion(raised_by="member", member=outside)
    assert caught.value.message_dict["member"] == [
        "Phạm Văn Xa không phải đoàn viên của Chi đoàn thôn Đông."
    ]
    with pytest.raises(ValidationError) as caught:
        make_opinion(raised_by="youth")
    assert caught.value.message_dict["youth"] == ["Hãy chọn thanh niên đã nêu ý kiến."]
    youth = make_youth()
    assert make_opinion(raised_by="youth", youth=youth).youth == youth


def test_it_follows_up_until_answered(world, make_opinion):
    opinion = make_opinion()
    with pytest.raises(ValidationError) as caught:
        services.opinion_follow_up(actor=world.secretary, opinion=opinion, status="answered")
    assert caught.value.message_dict == {
        "handler": ["Hãy chọn người xử lý."],
        "answer": ["Hãy ghi nội dung đã trả lời thanh niên."],
    }
    with pytest.raises(ValidationError) as caught:
        services.opinion_follow_up(
            actor=world.secretary, opinion=opinion, status="handling", handler=world.member
        )
    assert "handler" in caught.value.message_dict
    opinion = services.opinion_follow_up(
        actor=world.secretary, opinion=opinion, status="answered", handler=world.branch_secretary,
        action_taken="Liên hệ Trung tâm Dịch vụ việc làm tỉnh",
        answer="Đã giới thiệu 3 bạn tham gia phiên giao dịch việc làm ngày 20/6.",
    )  # fmt: skip
    assert opinion.status == "answered" and opinion.answered_on == TODAY
    assert opinion.history.count() == 2


def test_only_the_sensitive_capability_reads_content_and_names_and_every_read_is_logged(
    world, login, make_opinion, make_member, executive
):
    member = make_member(full_name="Vũ Văn Nêu")
    # Naming the member needs the member's consent too (test_consent.py: without it).
    consent_to(member, "opinions", actor=world.central_admin)
    opinion = make_opinion(
        raised_by="member", member=member, content="Bức xúc vì đường vào thôn bị ngập."
    )
    # The secretary (members.sensitive) reads it; the read is logged.
    page = login(world.secretary).get(f"/youth-opinion/{opinion.pk}/").content.decode()
    assert "Bức xúc vì đường vào thôn bị ngập." in page and "Vũ Văn Nêu" in page
    log = SensitiveReadLog.objects.get()
    assert (log.actor, log.subject_type, log.subject_id) == (
        world.secretary,
        "youth.opinion",
        opinion.pk,
    )
    assert log.subject_label == "Vũ Văn Nêu"
    # A committee member with care.view only sees counts and metadata, never content or names.
    client = login(executive)
    assert client.get(f"/youth-opinion/{opinion.pk}/").status_code == 403
    unit = world.unit("TA.G1")
    for url in (f"/units/{unit.pk}/youth-opinion/", f"/units/{unit.pk}/youth-opinion/summary/"):
        body = client.get(url).content.decode()
        assert "Việc làm, thu nhập" in body
        assert "Bức xúc" not in body and "Vũ Văn Nêu" not in body
    assert client.get(f"/members/{member.pk}/youth-opinion/").status_code == 403
    # The member page's panel is for members.sensitive, logged too.
    panel = login(world.secretary).get(
        f"/members/{member.pk}/youth-opinion/", HTTP_HX_REQUEST="true"
    )
    assert "Việc làm, thu nhập" in panel.content.decode()
    assert SensitiveReadLog.objects.filter(subject_type="member", subject_id=member.pk).count() == 1
    # Out of scope: not found.
    assert login(world.staff_b).get(f"/youth-opinion/{opinion.pk}/").status_code == 404


def test_recording_without_the_sensitive_capability_stays_anonymous(world, login, executive):
    unit = world.unit("TA.G1")
    client = login(executive)
    page = client.get(f"/units/{unit.pk}/youth-opinion/new/").content.decode()
    assert 'name="member"' not in page
    response = client.post(
        f"/units/{unit.pk}/youth-opinion/new/",
        {"raised_on": "10/06/2026", "source": "branch_meeting", "topic": "study",
         "sentiment": "positive", "raised_by": "anonymous", "content": "Mong có lớp tin học."},
    )  # fmt: skip
    assert response.status_code == 302
    assert Opinion.objects.get().raised_by == "anonymous"


def _spread(make_opinion, world):
    """B1: 2 jobs (new), 1 housing (answered); B2: 1 study (handling); G1 itself: 1 jobs;
    G2.B1: 1 health; TB.G1: 1 jobs (another province)."""
    secretary = world.secretary
    make_opinion("TA.G1.B1")
    make_opinion("TA.G1.B1")
    answered = make_opinion("TA.G1.B1", topic="housing")
    services.opinion_follow_up(
        actor=secretary, opinion=answered, status="answered", handler=secretary, answer="Đã trả lời"
    )
    handling = make_opinion("TA.G1.B2", topic="study")
    services.opinion_follow_up(
        actor=secretary, opinion=handling, status="handling", handler=secretary
    )
    make_opinion("TA.G1")
    make_opinion("TA.G2.B1", topic="health", actor=world.staff_a)
    make_opinion("TB.G1", actor=world.staff_b)


def test_the_summary_rolls_up_the_tree_right_at_every_level(world, make_opinion):
    _spread(make_opinion, world)
    province = selectors.opinion_summary(unit=world.unit("TA"))
    assert province.whole.total == 6
    assert province.whole.counts["jobs"] == {"new": 3}
    assert (
        province.whole.topic_total("housing") == 1 and province.whole.status_total("answered") == 1
    )
    assert {row.unit.code: row.total for row in province.children} == {"TA.G1": 5, "TA.G2": 1}
    commune = selectors.opinion_summary(unit=world.unit("TA.G1"))
    assert commune.whole.total == 5 and commune.direct.total == 1
    assert {row.unit.code: row.total for row in commune.children} == {"TA.G1.B1": 3, "TA.G1.B2": 1}
    assert commune.children[1].counts["study"] == {"handling": 1}
    branch = selectors.opinion_summary(unit=world.unit("TA.G1.B1"))
    assert branch.whole.total == 3 and branch.children == []
    top = selectors.opinion_summary(unit=world.unit("ROOT"))
    assert {row.unit.code: row.total for row in top.children} == {"TA": 6, "TB": 1}
    assert selectors.opinion_summary(unit=world.unit("TA"), year=2025).whole.total == 0


def test_overdue_opinions_are_an_early_warning(world, make_opinion):
    late = make_opinion("TA.G1.B1", raised_on=TODAY - dt.timedelta(days=31))
    make_opinion("TA.G1.B2", raised_on=TODAY - dt.timedelta(days=30))  # due today: not late
    answered = make_opinion("TA.G1.B2", raised_on=TODAY - dt.timedelta(days=60))
    services.opinion_follow_up(
        actor=world.secretary, opinion=answered, status="closed", handler=world.secretary,
        answer="Đã trả lời tại hội nghị đối thoại",
    )  # fmt: skip
    make_opinion("TB.G1", raised_on=TODAY - dt.timedelta(days=90), actor=world.staff_b)
    warning = next(w for w in registry.warnings() if w.key == "youth_opinions_overdue")
    units = [world.unit(code) for code in ("TA", "TA.G1", "TA.G1.B2", "TB")]
    assert warning.count_many(units, TODAY) == {
        units[0].pk: 1,
        units[1].pk: 1,
        units[2].pk: 0,
        units[3].pk: 1,
    }
    page = selectors.opinion_list(
        unit=world.unit("TA"), filters=selectors.OpinionFilters(overdue=True)
    )
    assert [o.pk for o in page.rows] == [late.pk]


def test_the_lists_read_a_bounded_number_of_queries(
    world, login, make_opinion, django_assert_max_num_queries
):
    _spread(make_opinion, world)
    for i in range(10):
        make_opinion("TA.G1.B2", topic=("policy", "other")[i % 2])
    client = login(world.staff_a)
    unit = world.unit("TA")
    for url in (
        f"/units/{unit.pk}/youth-opinion/",
        f"/units/{unit.pk}/youth-opinion/overdue/",
        f"/units/{unit.pk}/youth-opinion/summary/",
    ):
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200


def test_other_apps_record_opinions_through_one_service(world, make_member):
    """What the branch-meeting minutes call for the opinions raised at a meeting."""
    member = make_member()
    opinion = services.opinion_record(
        actor=world.branch_secretary, unit=world.unit("TA.G1.B1"), source="branch_meeting",
        topic="policy", content="Đề nghị phổ biến Luật Thanh niên 2020.", raised_on=TODAY,
        raised_by="member", member=member, source_ref="meetings.meeting:7",
    )  # fmt: skip
    assert opinion.source_ref == "meetings.meeting:7" and opinion.member == member
