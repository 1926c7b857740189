"""Duplicate records: found within scope, merged with everything they carry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chudong.members import selectors, services
from chudong.members.models import Member, MemberStatus, MemberUnitPeriod

DOB = dt.date(2000, 9, 2)


def test_it_finds_duplicates_by_folded_name_and_birth_date_within_scope(world, make_member):
    a = make_member("TA.G1.B1", "Nguyễn Thị Huyền", DOB, sex="female")
    b = make_member("TA.G2.B1", "NGUYEN THI HUYEN", DOB, sex="female")
    make_member("TA.G1.B2", "Nguyễn Thị Huyền", dt.date(2001, 9, 2), sex="female")  # other day
    make_member("TB.G1.B1", "Nguyễn Thị Huyền", DOB, sex="female")  # province B
    pairs = selectors.unit_duplicate_pairs(actor=world.staff_a, unit=world.unit("TA.G1"))
    assert [(p.first.pk, p.second.pk) for p in pairs] == [(a.pk, b.pk)]
    # The commune secretary sees only their commune: the school's record is not theirs.
    assert selectors.unit_duplicate_pairs(actor=world.secretary, unit=world.unit("TA.G1")) == []
    found = selectors.member_duplicates(
        actor=world.staff_a, full_name="nguyễn thị huyền", date_of_birth=DOB
    )
    assert sorted(found.values_list("pk", flat=True)) == [a.pk, b.pk]


def test_it_finds_a_duplicate_by_citizen_id(world, make_member):
    a = make_member(national_id="034200001234")
    found = selectors.member_duplicates(
        actor=world.staff_a, full_name="Người Khác", date_of_birth=DOB, national_id="034200001234"
    )
    assert list(found) == [a]


def test_it_merges_two_records_keeping_everything(world, make_member, assert_counts_true):
    keep = make_member("TA.G1.B1", "Trần Văn Khoa", DOB, admission_date=dt.date(2016, 3, 26))
    remove = make_member(
        "TA.G2.B1",
        "Trần Văn Khoa",
        DOB,
        phone="0988777666",
        national_id="001200009999",
        occupation="Giáo viên",
        admission_date=dt.date(2015, 3, 26),
    )
    services.member_sensitive_update(
        actor=world.central_admin, member=remove, expected_version=0,
        values={"religion": "Phật giáo"},
        family=[{"relation": "mother", "full_name": "Phạm Thị Gấm"}],
    )  # fmt: skip
    services.member_update(
        actor=world.central_admin, member=keep, expected_version=1, occupation="Kỹ sư"
    )
    kept = services.members_merge(actor=world.staff_a, keep=keep, remove=remove)

    kept.refresh_from_db()
    remove.refresh_from_db()
    assert (remove.status, remove.merged_into_id) == (MemberStatus.MERGED, kept.pk)
    assert remove.national_id is None
    assert kept.national_id == "001200009999" and kept.phone == "0988777666"
    assert kept.occupation == "Kỹ sư"  # its own value wins
    assert kept.sensitive.religion == "Phật giáo"
    assert list(kept.family.values_list("full_name", flat=True)) == ["Phạm Thị Gấm"]
    periods = MemberUnitPeriod.objects.filter(member=kept).order_by("start")
    assert [(p.unit.code, p.end is None) for p in periods] == [
        ("TA.G2.B1", False),
        ("TA.G1.B1", True),
    ]
    kinds = set(kept.events.values_list("kind", flat=True))
    assert {"registered", "merged_in"} <= kinds
    assert list(remove.events.values_list("kind", flat=True)) == ["merged_away"]
    assert_counts_true()
    # Merged records leave the lists and the duplicate warnings.
    page = selectors.member_list(
        actor=world.staff_a, unit=world.unit("TA"), filters=selectors.MemberFilters(status="all")
    )
    assert [m.pk for m in page.members] == [kept.pk]
    assert selectors.duplicates_of(actor=world.staff_a, member=kept) == []


def test_it_refuses_to_merge_a_record_twice_or_with_itself(world, make_member):
    a = make_member()
    b = make_member()
    with pytest.raises(ValidationError):
        services.members_merge(actor=world.staff_a, keep=a, remove=a)
    services.members_merge(actor=world.staff_a, keep=a, remove=b)
    with pytest.raises(ValidationError):
        services.members_merge(actor=world.staff_a, keep=a, remove=Member.objects.get(pk=b.pk))


def test_it_runs_registered_merge_followers(world, make_member, monkeypatch):
    from chudong.members.services import merge

    calls = []
    monkeypatch.setattr(merge, "_followers", [lambda **kw: calls.append(kw)])
    a, b = make_member(), make_member()
    services.members_merge(actor=world.staff_a, keep=a, remove=b)
    assert [(c["keep"].pk, c["remove"].pk, c["actor"]) for c in calls] == [
        (a.pk, b.pk, world.staff_a)
    ]


def test_it_merges_through_preview_and_confirm(world, make_member, login):
    keep = make_member("TA.G1.B1", "Lý Văn Phúc", DOB)
    remove = make_member("TA.G1.B2", "Lý Văn Phúc", DOB, card_number="BM-0042")
    client = login(world.secretary)
    listing = client.get(f"/units/{world.unit('TA.G1').pk}/members/duplicates/").content.decode()
    assert f"/members/{keep.pk}/merge/?remove={remove.pk}" in listing
    preview = client.get(f"/members/{keep.pk}/merge/", {"remove": remove.pk}).content.decode()
    assert "BM-0042" in preview and "Xác nhận gộp" in preview
    assert Member.objects.get(pk=remove.pk).status == "active"
    response = client.post(f"/members/{keep.pk}/merge/", {"remove": remove.pk, "step": "confirm"})
    assert response.status_code == 302
    assert Member.objects.get(pk=keep.pk).card_number == "BM-0042"
    assert Member.objects.get(pk=remove.pk).status == "merged"
    page = client.get(f"/members/{remove.pk}/").content.decode()
    assert f"/members/{keep.pk}/" in page
