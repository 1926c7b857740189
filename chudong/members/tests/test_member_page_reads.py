"""The member page's reads, written as fixed statements: the same answers as the ORM
queries they replaced, in as many statements as pinned here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse

from chudong.access import policy
from chudong.members import panels, selectors, services
from chudong.members.models import MemberStatus
from chudong.members.selectors import duplicates

DOB = dt.date(2000, 9, 2)


def test_access_member_reads_the_member_its_unit_and_kind_at_once(
    world, make_member, django_assert_num_queries
):
    member = make_member("TA.G1.B2", "Đỗ Văn Hùng", DOB)
    policy.grants(world.staff_a)  # the request's grants, read once before
    with django_assert_num_queries(1):
        found = selectors.access_member(world.staff_a, str(member.pk))
        assert found.unit.kind.is_branch
        assert found.unit.name == "Chi đoàn thôn Tây"
    assert found == member
    assert found.full_name == "Đỗ Văn Hùng"
    assert found.date_of_birth == DOB
    assert found._state.adding is False
    for missing in (member.pk + 1000, "abc", None, 2**70):
        with pytest.raises(Http404):
            selectors.access_member(world.staff_a, missing)
    with pytest.raises(Http404):  # another province's staff: not found, alike
        selectors.access_member(world.staff_b, member.pk)


def test_duplicates_of_gives_what_the_scoped_query_gives(world, make_member, monkeypatch):
    member = make_member(
        "TA.G1.B1", "Nguyễn Thị Huyền", DOB, sex="female", national_id="034200001234"
    )
    same_province = make_member("TA.G2.B1", "NGUYEN THI HUYEN", DOB, sex="female")
    make_member("TB.G1.B1", "Nguyễn Thị Huyền", DOB, sex="female")  # province B
    make_member("TA.G1.B2", "Nguyễn Thị Huyền", dt.date(2001, 9, 2), sex="female")  # other day

    def scoped(actor):
        return list(
            selectors.member_duplicates(
                actor=actor,
                full_name=member.full_name,
                date_of_birth=member.date_of_birth,
                national_id=member.national_id,
                exclude_id=member.pk,
            )[:20]
        )

    for name in ("central_admin", "staff_a", "staff_b", "secretary", "branch_secretary"):
        actor = getattr(world, name)
        expected = scoped(actor)
        assert selectors.duplicates_of(actor=actor, member=member) == expected, name
        # More candidates than it reads: the database applies the scope, same answer.
        monkeypatch.setattr(duplicates, "_CANDIDATES", 1)
        assert selectors.duplicates_of(actor=actor, member=member) == expected, name
        monkeypatch.undo()
    assert [m.pk for m in scoped(world.staff_a)] == [same_province.pk]
    assert len(scoped(world.central_admin)) == 2
    assert len(scoped(world.staff_b)) == 1
    found = selectors.duplicates_of(actor=world.staff_a, member=member)
    assert found[0].unit.name == "Chi đoàn lớp 12A"


def test_duplicates_of_a_record_without_twins_is_one_statement(
    world, make_member, django_assert_num_queries
):
    member = make_member("TA.G1.B1", "Lý Thị Sen", DOB, sex="female", national_id="001200001111")
    make_member("TB.G1.B1", "Lý Thị Sen", DOB, sex="female")  # out of staff_a's scope
    policy.grants(world.staff_a)
    with django_assert_num_queries(1):
        assert selectors.duplicates_of(actor=world.staff_a, member=member) == []


def test_the_timeline_is_one_statement(world, make_member, django_assert_num_queries):
    member = make_member(admission_date=dt.date(2017, 3, 26))
    services.member_status_change(
        actor=world.secretary,
        member=member,
        status="working_far",
        effective_on=dt.date(2024, 2, 1),
        reason="Đi làm ở Bắc Ninh",
    )
    services.member_move(
        actor=world.secretary,
        member=member,
        to_unit=world.unit("TA.G1.B2"),
        effective_on=dt.date(2024, 6, 1),
        note="Chuyển về thôn Tây",
    )
    with django_assert_num_queries(1):
        entries = selectors.member_timeline(actor=world.secretary, member=member)
    assert all(isinstance(e.day, dt.date) for e in entries)
    assert all(e.until is None or isinstance(e.until, dt.date) for e in entries)
    status = next(e for e in entries if e.kind == "status_period" and e.until is None)
    assert (status.day, status.title, status.detail) == (
        dt.date(2024, 2, 1),
        str(MemberStatus.WORKING_FAR.label),
        "Đi làm ở Bắc Ninh",
    )
    assert [e.day for e in entries] == sorted((e.day for e in entries), reverse=True)
    moved = next(e for e in entries if e.kind == "unit_period" and e.day == dt.date(2024, 6, 1))
    assert moved.folded and moved.actor_name == world.secretary.full_name
    assert "Chuyển về thôn Tây" in moved.detail


def test_panels_give_the_reversed_urls_in_order(world, make_member):
    member = make_member()
    shown = panels.visible(world.central_admin, member)
    for key, registry in (("member_links", panels._links), ("member_panels", panels._panels)):
        entries = sorted(registry.values(), key=lambda e: e.order)
        expected = [
            {"key": e.key, "label": e.label, "url": reverse(e.url_name, args=[member.pk])}
            for e in entries
        ]
        assert shown[key] == expected
    assert shown["member_links"] and shown["member_panels"]
    # Nothing for a user without the capabilities.
    assert panels.visible(world.outsider, member) == {"member_links": [], "member_panels": []}
