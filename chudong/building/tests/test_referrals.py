"""1+1 referrals: recording them (services and pages), their outcome, the yearly ratio per
branch rolled up the tree, the plans measures, and scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from chudong.building import selectors, services
from chudong.building.models import Outcome, Referral
from chudong.plans import measures
from chudong.youth.models import Youth, YouthStatus

from .conftest import make_member

pytestmark = pytest.mark.django_db


def _day(days_ago: int = 3) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


def _refer(world, member, youth, into="doan", *, actor=None, days_ago=3):
    return services.referral_create(
        actor=actor or world.secretary, member=member, youth=youth, into=into,
        referred_on=_day(days_ago),
    )  # fmt: skip


def _admit(youth: Youth, member) -> None:
    """What the admission case does at its end (the youth record follows the case)."""
    Youth.objects.filter(pk=youth.pk).update(status=YouthStatus.ADMITTED, member=member)


def test_it_records_a_referral_and_one_open_referral_per_person(world, people):
    referral = _refer(world, people["an"], people["hoa"])
    assert (referral.unit, referral.year, referral.outcome) == (
        people["an"].unit, _day().year, Outcome.PENDING,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        _refer(world, people["binh"], people["hoa"])
    assert "youth" in caught.value.message_dict
    # The same person may be introduced into the Hội meanwhile, by someone else.
    _refer(world, people["binh"], people["hoa"], "hoi")
    # Once declined, the person may be introduced into the Đoàn again.
    services.referral_set_outcome(actor=world.secretary, referral=referral,
                                  outcome=Outcome.DECLINED, outcome_on=_day(1))  # fmt: skip
    again = _refer(world, people["cuong"], people["hoa"], days_ago=1)
    assert Referral.objects.filter(youth=people["hoa"]).count() == 3 and again.pk


def test_bad_input_is_refused_per_field_and_nothing_is_written(world, people):
    with pytest.raises(ValidationError) as caught:
        services.referral_create(
            actor=world.secretary, member=people["an"], youth=people["hoa"], into="doan",
            referred_on=timezone.localdate() + dt.timedelta(days=1),
        )  # fmt: skip
    assert "referred_on" in caught.value.message_dict
    Youth.objects.filter(pk=people["khoa"].pk).update(organisation="federation")
    people["khoa"].refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        _refer(world, people["an"], people["khoa"], "hoi")
    assert "into" in caught.value.message_dict
    _admit(people["lan"], people["cuong"])
    people["lan"].refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        _refer(world, people["an"], people["lan"])
    assert "youth" in caught.value.message_dict
    assert not Referral.objects.exists()


def test_scope_out_of_reach_is_not_found_and_without_work_manage_refused(world, people):
    with pytest.raises(Http404):
        _refer(world, people["an"], people["hoa"], actor=world.staff_b)
    with pytest.raises(PermissionDenied):
        _refer(world, people["an"], people["hoa"], actor=world.member)
    # A branch secretary records for their branch, not for the branch next door.
    _refer(world, people["an"], people["khoa"], actor=world.branch_secretary)
    with pytest.raises(Http404):
        _refer(world, people["cuong"], people["lan"], actor=world.branch_secretary)
    assert Referral.objects.count() == 1


def test_the_outcome_is_set_by_hand_except_admission_which_follows_the_youth_record(world, people):
    into_doan = _refer(world, people["an"], people["hoa"])
    into_hoi = _refer(world, people["binh"], people["khoa"], "hoi")
    with pytest.raises(ValidationError) as caught:
        services.referral_set_outcome(actor=world.secretary, referral=into_doan,
                                      outcome=Outcome.ADMITTED, outcome_on=_day(1))  # fmt: skip
    assert "outcome" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.referral_set_outcome(actor=world.secretary, referral=into_doan,
                                      outcome=Outcome.JOINED_HOI, outcome_on=_day(1))  # fmt: skip
    assert "outcome" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.referral_set_outcome(actor=world.secretary, referral=into_hoi,
                                      outcome=Outcome.JOINED_HOI, outcome_on=_day(9))  # fmt: skip
    assert "outcome_on" in caught.value.message_dict
    services.referral_set_outcome(actor=world.secretary, referral=into_hoi,
                                  outcome=Outcome.JOINED_HOI, outcome_on=_day(1))  # fmt: skip
    into_hoi.refresh_from_db()
    assert (into_hoi.current_outcome, into_hoi.outcome_on) == (Outcome.JOINED_HOI, _day(1))

    admitted = make_member(world.central_admin, people["an"].unit, "Phạm Thị Hoa",
                           since=_day(1))  # fmt: skip
    _admit(people["hoa"], admitted)
    into_doan = Referral.objects.select_related("youth__member").get(pk=into_doan.pk)
    assert into_doan.current_outcome == Outcome.ADMITTED
    assert into_doan.current_outcome_on == _day(1)
    with pytest.raises(ValidationError):
        services.referral_set_outcome(actor=world.secretary, referral=into_doan,
                                      outcome=Outcome.DECLINED, outcome_on=_day(1))  # fmt: skip


def test_the_yearly_ratio_rolls_up_per_branch_and_unit(world, people, b1, b2):
    _refer(world, people["an"], people["hoa"])
    _refer(world, people["an"], people["khoa"], "hoi")
    into_doan = _refer(world, people["cuong"], people["lan"])
    _admit(people["lan"], make_member(world.central_admin, b2, "Vũ Ngọc Lan", since=_day(1)))
    # Last year's referral counts in last year only.
    services.referral_create(actor=world.secretary, member=people["binh"],
                             youth=Youth.objects.get(pk=people["hoa"].pk), into="hoi",
                             referred_on=dt.date(_day().year - 1, 6, 1))  # fmt: skip
    g1 = world.unit("TA.G1")
    total, rows = selectors.unit_figures(actor=world.secretary, unit=g1, year=_day().year)
    by_unit = {f.unit.code: f for f in rows}
    # thôn Đông: An introduced two of two members' worth; thôn Tây: Cường and the new member.
    assert (by_unit["TA.G1.B1"].members, by_unit["TA.G1.B1"].referrers) == (2, 1)
    assert by_unit["TA.G1.B1"].ratio == Decimal("50.0")
    assert (by_unit["TA.G1.B2"].members, by_unit["TA.G1.B2"].referrers) == (2, 1)
    assert by_unit["TA.G1.B2"].admitted == 1 and into_doan.pk
    assert (total.members, total.referrers, total.referrals) == (4, 2, 3)
    assert (total.admitted, total.joined_hoi, total.pending) == (1, 0, 2)
    assert total.ratio == Decimal("50.0")
    # The province sees the same from above; the plans measures count the same work.
    province = world.unit("TA")
    assert (
        selectors.unit_figures(actor=world.staff_a, unit=province, year=_day().year)[0].referrals
        == 3
    )
    year = _day().year
    assert measures.get("building.referrals").compute_many([g1, b1], year) == {
        g1.pk: Decimal(3), b1.pk: Decimal(2),
    }  # fmt: skip
    assert measures.get("building.admitted").compute_many([g1], year) == {g1.pk: Decimal(1)}
    assert measures.get("building.ratio").compute_many([g1], year) == {g1.pk: Decimal("50.0")}
    assert measures.get("building.ratio").kind == measures.SHARE


def test_referrals_follow_a_branch_merged_into_another(world, people, b1, b2):
    from chudong.orgs import services as org_services

    referral = _refer(world, people["cuong"], people["lan"])
    org_services.units_merge(
        actor=world.central_admin, sources=[b2], into=b1, effective_on=timezone.localdate(),
        decision_number="12-QĐ/ĐTN", reason="Sáp nhập thôn",
    )  # fmt: skip
    referral.refresh_from_db()
    assert (referral.unit_id, referral.unit_path) == (b1.pk, b1.path)


# --- Pages ---------------------------------------------------------------------------


def test_a_referral_is_recorded_from_the_members_page_with_a_new_young_person(world, login, people):
    client = login(world.branch_secretary)
    member = people["an"]
    panel = client.get(reverse("building:member", args=[member.pk]), HTTP_HX_REQUEST="true")
    assert reverse("building:from_member", args=[member.pk]) in panel.content.decode()
    url = reverse("building:from_member", args=[member.pk])
    page = client.get(url).content.decode()
    assert "Đỗ Minh Khoa" in page and "Vũ Ngọc Lan" not in page  # thôn Tây's is not offered
    response = client.post(url, {
        "full_name": "  hoàng  văn   nam ", "sex": "male", "birth_year": "2008", "phone": "",
        "into": "doan", "referred_on": _day().strftime("%d/%m/%Y"), "note": "Bạn cùng xóm",
    })  # fmt: skip
    assert response.status_code == 302
    referral = Referral.objects.select_related("youth").get()
    assert referral.youth.full_name == "Hoàng Văn Nam"
    assert referral.youth.status == YouthStatus.CANDIDATE
    assert referral.member == member and referral.note == "Bạn cùng xóm"
    panel = client.get(reverse("building:member", args=[member.pk])).content.decode()
    assert "Hoàng Văn Nam" in panel


def test_a_form_without_a_young_person_says_what_is_missing(world, login, people):
    client = login(world.branch_secretary)
    url = reverse("building:from_member", args=[people["an"].pk])
    response = client.post(url, {"into": "doan", "referred_on": _day().strftime("%d/%m/%Y")})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"full_name", "sex", "birth_year"}
    assert not Referral.objects.exists() and Youth.objects.count() == 3


def test_a_referral_is_recorded_from_the_youth_register(world, login, people):
    client = login(world.secretary)
    url = reverse("building:from_youth", args=[people["lan"].pk])
    page = client.get(url).content.decode()
    assert "Lê Văn Cường" in page and "Nguyễn Văn An" in page
    response = client.post(url, {"member": people["cuong"].pk, "into": "hoi",
                                 "referred_on": _day().strftime("%d/%m/%Y")})  # fmt: skip
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.member, referral.youth, referral.into) == (
        people["cuong"], people["lan"], "hoi",
    )  # fmt: skip
    assert login(world.staff_b).get(url).status_code == 404


def test_the_outcome_is_recorded_on_the_referral_page(world, login, people):
    referral = _refer(world, people["an"], people["khoa"], "hoi")
    url = reverse("building:referral", args=[referral.pk])
    client = login(world.branch_secretary)
    response = client.post(url, {"outcome": "joined_hoi",
                                 "outcome_on": _day(1).strftime("%d/%m/%Y")})  # fmt: skip
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == Outcome.JOINED_HOI
    assert login(world.member).post(url, {"outcome": "declined"}).status_code == 403
    assert login(world.staff_b).get(url).status_code == 404
    referral.refresh_from_db()
    assert referral.outcome == Outcome.JOINED_HOI


def test_the_unit_page_shows_the_ratio_per_branch_with_a_pinned_query_count(
    world, login, people, django_assert_max_num_queries
):
    _refer(world, people["an"], people["hoa"])
    _refer(world, people["cuong"], people["lan"], "hoi")
    client = login(world.secretary)
    url = reverse("building:unit", args=[world.unit("TA.G1").pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        page = client.get(url)
    body = page.content.decode()
    assert "Chi đoàn thôn Đông" in body and "Chi đoàn thôn Tây" in body
    assert "Phạm Thị Hoa" in body and "Vũ Ngọc Lan" in body
    assert "66.7%" in body or "66,7%" in body  # two of three members introduced someone
    # A branch secretary sees the own branch's figures and not the branch next door.
    own = login(world.branch_secretary).get(
        reverse("building:unit", args=[world.unit("TA.G1.B1").pk])
    )
    assert "Phạm Thị Hoa" in own.content.decode()
    assert "Vũ Ngọc Lan" not in own.content.decode()
