"""Terms and congresses (with the Charter's share of the standing committee), the details of
posts held, a unit's leadership page, and the warnings for vacancies and posts held past
the term."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from chudong.access.models import Role, RoleAssignment
from chudong.accounts.models import User
from chudong.cadres import selectors, services
from chudong.cadres.models import Post, Term

from .conftest import appoint, term_data


def test_it_refuses_a_standing_committee_over_a_third_of_the_executive(world, today):
    with pytest.raises(ValidationError) as caught:
        services.term_create(
            actor=world.secretary,
            unit=world.unit("TA.G1"),
            data=term_data(executive_size=15, standing_size=6),
        )
    assert caught.value.message_dict["standing_size"] == [
        "Ban Thường vụ không được quá 1/3 Ban Chấp hành: với 15 ủy viên Ban Chấp hành, tối đa "
        "5 ủy viên Ban Thường vụ, không phải 6."
    ]
    assert Term.objects.count() == 0


def test_the_share_is_a_dated_rule_a_province_may_change(world, today):
    from chudong.rules import rules
    from chudong.rules.models import Rule

    Rule.objects.create(
        key="committee.standing_max_share", unit=world.unit("TA"), value=[2, 5],
        valid_from=dt.date(2025, 1, 1), document="Thử nghiệm", note="",
    )  # fmt: skip
    rules.forget()
    term = services.term_create(
        actor=world.secretary,
        unit=world.unit("TA.G1"),
        data=term_data(executive_size=15, standing_size=6),
    )
    assert term.standing_size == 6
    # A congress held before the province's version is judged by the national rule.
    with pytest.raises(ValidationError):
        services.term_create(
            actor=world.secretary,
            unit=world.unit("TA.G1"),
            data=term_data(
                congress_on=dt.date(2020, 8, 1), starts_on=dt.date(2020, 8, 1),
                ends_on=dt.date(2025, 7, 31), executive_size=15, standing_size=6,
            ),
        )  # fmt: skip


def test_bad_term_input_is_reported_field_by_field_in_vietnamese(world, today):
    data = term_data(congress_on=None, ends_on=dt.date(2025, 1, 1), executive_size=0, deputy_size=9)
    with pytest.raises(ValidationError) as caught:
        services.term_create(actor=world.secretary, unit=world.unit("TA.G1"), data=data)
    errors = caught.value.message_dict
    assert errors["congress_on"] == ["Nhập ngày tổ chức đại hội (hoặc đánh dấu “lâm thời”)."]
    assert errors["ends_on"] == ["Nhiệm kỳ phải kết thúc sau ngày bắt đầu."]
    assert errors["executive_size"] == ["Nhập một số nguyên không nhỏ hơn 1."]
    assert "deputy_size" in errors


def test_a_provisional_committee_needs_its_decision_and_terms_may_not_overlap(
    world, today, add_term
):
    with pytest.raises(ValidationError) as caught:
        services.term_create(
            actor=world.secretary,
            unit=world.unit("TA.G1"),
            data=term_data(provisional=True, congress_on=None, decision_number=""),
        )
    assert caught.value.message_dict["decision_number"] == [
        "Nhập số quyết định chỉ định Ban Chấp hành lâm thời."
    ]
    add_term()
    with pytest.raises(ValidationError) as caught:
        add_term(congress_on=dt.date(2026, 1, 1), starts_on=dt.date(2026, 1, 1))
    assert caught.value.message_dict["starts_on"] == [
        "Thời gian này trùng với nhiệm kỳ 2025–2030 của cùng đơn vị."
    ]


def test_only_the_unit_and_those_above_record_terms(world, today):
    with pytest.raises(Http404):
        services.term_create(actor=world.staff_b, unit=world.unit("TA.G1"), data=term_data())
    with pytest.raises(PermissionDenied):
        services.term_create(actor=world.member, unit=world.unit("TA.G1.B1"), data=term_data())
    term = services.term_create(actor=world.staff_a, unit=world.unit("TA.G1"), data=term_data())
    assert term.unit_path == world.unit("TA.G1").path


def test_leadership_counts_each_body_against_the_congress_numbers(world, today, add_term):
    unit = world.unit("TA.G1")
    term = add_term(executive_size=9, standing_size=3, deputy_size=1, inspection_size=3)
    # The `secretary` persona holds the secretary post since 2015.
    appoint(unit, "deputy-secretary", "Phạm Thị Hồng")
    appoint(unit, "executive-committee", "Đỗ Quang Huy")
    appoint(unit, "executive-committee", "Nông Thị Thảo")
    appoint(unit, "inspection-committee", "Dương Văn Tùng")
    appoint(unit, "executive-committee", "Người Đã Thôi", end=dt.date(2026, 6, 30))

    leadership = selectors.unit_leadership(unit=unit, day=today)

    bodies = {b.key: (b.held, b.expected, b.vacant) for b in leadership.bodies}
    assert leadership.term == term and leadership.term_current
    assert bodies == {
        "secretary": (1, 1, 0),
        "deputy": (1, 1, 0),
        "standing": (2, 3, 1),
        "executive": (4, 9, 5),
        "inspection": (1, 3, 2),
    }
    assert leadership.vacancies == 7
    assert leadership.past_term == 0
    assert selectors.vacancy_counts([world.unit("TA"), world.unit("TB")], today) == {
        world.unit("TA").pk: 1,
        world.unit("TB").pk: 0,
    }


def test_posts_past_the_term_end_are_flagged_and_warned(world, today, add_term):
    unit = world.unit("TA.G1")
    add_term(
        congress_on=dt.date(2020, 8, 1), starts_on=dt.date(2020, 8, 1),
        ends_on=dt.date(2025, 7, 31),
    )  # fmt: skip
    appoint(unit, "executive-committee", "Đỗ Quang Huy", start=dt.date(2020, 8, 1))

    leadership = selectors.unit_leadership(unit=unit, day=today)

    assert not leadership.term_current
    assert leadership.past_term == 2 and all(p.past_term for p in leadership.posts)
    counts = selectors.past_term_counts([world.unit("ROOT"), world.unit("TA.G2")], today)
    assert counts == {world.unit("ROOT").pk: 2, world.unit("TA.G2").pk: 0}
    # A new congress ends the warning.
    services.term_create(actor=world.staff_a, unit=unit, data=term_data())
    assert selectors.past_term_counts([world.unit("ROOT")], today)[world.unit("ROOT").pk] == 0


def test_post_details_belong_to_leadership_posts_of_the_unit(world, today, add_term):
    term = add_term()
    other = add_term("TA.G2")
    secretary_post = world.secretary.role_assignments.get()
    post = services.post_details_set(
        actor=world.staff_a,
        assignment=secretary_post,
        data={"term": term, "employment": "full_time", "mode": "elected", "note": ""},
    )
    assert Post.objects.get(assignment=secretary_post).employment == "full_time"
    post = services.post_details_set(
        actor=world.staff_a,
        assignment=secretary_post,
        data={"term": term, "employment": "part_time", "mode": "appointed", "note": "Chỉ định"},
    )
    assert Post.objects.count() == 1 and post.mode == "appointed"
    with pytest.raises(ValidationError) as caught:
        services.post_details_set(
            actor=world.staff_a,
            assignment=secretary_post,
            data={"term": other, "employment": "x", "mode": "elected"},
        )
    assert caught.value.message_dict["term"] == ["Chọn một nhiệm kỳ của đơn vị nơi giữ chức vụ."]
    assert caught.value.message_dict["employment"] == ["Chọn chuyên trách hoặc kiêm nhiệm."]
    staff_post = world.staff_a.role_assignments.get()
    with pytest.raises(ValidationError):
        services.post_details_set(
            actor=world.central_admin,
            assignment=staff_post,
            data={"term": None, "employment": "full_time", "mode": "elected"},
        )


def test_the_leadership_page_shows_bodies_vacancies_and_flags(world, login, today, add_term):
    unit = world.unit("TA.G1")
    add_term(
        congress_on=dt.date(2020, 8, 1), starts_on=dt.date(2020, 8, 1),
        ends_on=dt.date(2025, 7, 31), executive_size=9, standing_size=3,
    )  # fmt: skip
    response = login(world.staff_a).get(reverse("cadres:unit", args=[unit.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lê Thị Bình" in body  # the secretary
    assert "quá hạn nhiệm kỳ" in body
    assert "Nhiệm kỳ đã kết thúc ngày 31/07/2025" in body
    assert reverse("cadres:term_new", args=[unit.pk]) in body


def test_a_term_is_recorded_from_the_browser_with_a_vietnamese_error_first(world, login, today):
    unit = world.unit("TA.G1")
    client = login(world.secretary)
    url = reverse("cadres:term_new", args=[unit.pk])
    post = {
        "congress_number": "2", "congress_on": "2025-08-10", "starts_on": "2025-08-10",
        "ends_on": "2030-08-09", "executive_size": "15", "standing_size": "7",
        "deputy_size": "2", "inspection_size": "5",
    }  # fmt: skip
    response = client.post(url, post)
    assert response.status_code == 200
    assert "tối đa 5 ủy viên Ban Thường vụ" in response.content.decode()
    assert Term.objects.count() == 0
    response = client.post(url, {**post, "standing_size": "5"})
    assert response.status_code == 302
    assert Term.objects.get().standing_size == 5


def test_the_cadre_page_shows_posts_only_in_scope(world, login, today):
    appoint(world.unit("TB.G1"), "executive-committee", "Cán Bộ Hai Nơi")
    person = User.objects.get(full_name="Cán Bộ Hai Nơi")
    RoleAssignment.objects.create(
        user=person, unit=world.unit("TA.G1"), role=Role.objects.get(code="standing-committee"),
        start_date=dt.date(2024, 1, 1),
    )  # fmt: skip
    url = reverse("cadres:cadre", args=[person.pk])
    body = login(world.staff_a).get(url).content.decode()
    assert "Đoàn xã Bình Minh" in body and "Đoàn phường Vĩnh Lạc" not in body
    assert login(world.outsider).get(url).status_code == 404
    # The plain member sees the unit but not its advisory work.
    assert login(world.member).get(url).status_code == 404
    assert login(world.secretary).get(url).status_code == 200


def test_both_warnings_are_registered_for_the_unit_pages(world, today, add_term):
    from chudong.orgs import registry

    add_term(congress_on=dt.date(2020, 8, 1), starts_on=dt.date(2020, 8, 1),
             ends_on=dt.date(2025, 7, 31))  # fmt: skip
    add_term("TA.G2", executive_size=9, standing_size=3, deputy_size=1, inspection_size=0)
    found = {w.key: w for w in registry.warnings()}
    units = [world.unit("TA"), world.unit("TB")]
    assert found["cadres_past_term"].count_many(units, today) == {units[0].pk: 1, units[1].pk: 0}
    # TA.G2 has a term in force and nobody in post: its seats are vacant.
    assert found["cadres_vacancies"].count_many(units, today) == {units[0].pk: 1, units[1].pk: 0}
