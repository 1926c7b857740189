"""Consent per purpose: never pre-ticked; given and withdrawn by the member on My pages,
or recorded on paper by the branch; each with its date, who recorded it and evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from chudong.privacy import services
from chudong.privacy.forms import OwnConsentForm, PaperConsentForm
from chudong.privacy.models import Consent, ConsentPurpose

from .conftest import at


def _purpose(code="health"):
    return ConsentPurpose.objects.get(code=code)


def test_it_never_ticks_a_consent_box_in_advance():
    own = OwnConsentForm(initial={"purpose": "health"})
    paper = PaperConsentForm(purposes=ConsentPurpose.objects.all())
    assert own.fields["confirmed"].initial is False
    assert paper.fields["confirmed"].initial is False
    for form in (own, paper):
        html = str(form["confirmed"])
        assert 'type="checkbox"' in html
        assert "checked" not in html


def test_it_shows_every_purpose_unticked_on_my_pages(world, login, make_member):
    member = make_member(account=True)
    page = login(member.user).get("/me/consents/").content.decode()
    for purpose in ConsentPurpose.objects.filter(active=True):
        assert purpose.name in page
    assert page.count('name="confirmed"') == ConsentPurpose.objects.filter(active=True).count()
    assert "checked" not in page


def test_it_refuses_a_consent_whose_box_was_not_ticked(world, login, make_member):
    member = make_member(account=True)
    response = login(member.user).post("/me/consents/", {"purpose": "health", "action": "give"})
    assert response.status_code == 200
    assert "Đánh dấu vào ô" in response.content.decode()
    assert not Consent.objects.filter(member=member).exists()


def test_it_records_the_members_own_consent_and_its_withdrawal(world, login, make_member):
    member = make_member(account=True)
    with at(2026, 11, 20):
        login(member.user).post(
            "/me/consents/", {"purpose": "health", "action": "give", "confirmed": "on"}
        )
    consent = Consent.objects.get(member=member)
    assert (consent.given_on, consent.channel, consent.recorded_by) == (
        dt.date(2026, 11, 20), "online", member.user,
    )  # fmt: skip
    assert consent.unit_path == member.unit_path
    assert consent.evidence == (
        f"Trên trang Của tôi, tài khoản {member.user.username}, lúc 09:00 20/11/2026"
    )
    with at(2026, 11, 23):
        client = login(member.user)
        assert "Bạn đã đồng ý" in client.get("/me/consents/").content.decode()
        client.post("/me/consents/", {"purpose": "health", "action": "withdraw"})
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date(2026, 11, 23)
    assert consent.withdrawn_by == member.user
    assert consent.withdrawal_evidence.endswith("lúc 09:00 23/11/2026")
    # Given again: a new row; the withdrawn one stays on record.
    with at(2026, 11, 24):
        login(member.user).post(
            "/me/consents/", {"purpose": "health", "action": "give", "confirmed": "on"}
        )
    assert Consent.objects.filter(member=member).count() == 2
    assert Consent.objects.filter(member=member, withdrawn_on__isnull=True).count() == 1
    assert consent.history.count() == 2  # given, then withdrawn


def test_a_member_cannot_withdraw_another_members_consent(world, login, make_member):
    mine, other = make_member(account=True), make_member()
    services.consent_give(
        actor=world.branch_secretary, member=other, purpose=_purpose(), confirmed=True,
        given_on=dt.date(2026, 1, 5), evidence="Phiếu số 3",
    )  # fmt: skip
    with pytest.raises(Http404):
        services.consent_withdraw(actor=mine.user, consent=Consent.objects.get(member=other))
    assert Consent.objects.get(member=other).withdrawn_on is None


def test_the_branch_records_a_signed_paper_consent(world, login, make_member):
    member = make_member()
    client = login(world.branch_secretary)
    url = f"/members/{member.pk}/privacy/consents/new/"
    purpose = _purpose("ethnicity-religion")
    with at(2026, 11, 20):
        form_page = client.get(url).content.decode()
        assert 'name="confirmed"' in form_page and "checked" not in form_page
        refused = client.post(url, {"purpose": purpose.pk, "given_on": "19/11/2026"})
        body = refused.content.decode()
        assert "Đánh dấu vào ô" in body and "nơi lưu phiếu" in body
        assert not Consent.objects.exists()
        future = client.post(
            url, {"purpose": purpose.pk, "given_on": "21/11/2026", "evidence": "Phiếu 7",
                  "confirmed": "on"},
        )  # fmt: skip
        assert "Ngày không thể ở tương lai" in future.content.decode()
        client.post(
            url, {"purpose": purpose.pk, "given_on": "19/11/2026", "evidence": "Phiếu 7/2026",
                  "confirmed": "on"},
        )  # fmt: skip
    consent = Consent.objects.get(member=member)
    assert (consent.channel, consent.given_on, consent.evidence, consent.recorded_by) == (
        "paper", dt.date(2026, 11, 19), "Phiếu 7/2026", world.branch_secretary,
    )  # fmt: skip
    assert consent.history.first().history_user == world.branch_secretary


def test_an_open_consent_cannot_be_given_twice(world, make_member):
    member = make_member()
    kwargs = dict(actor=world.secretary, member=member, purpose=_purpose(), confirmed=True,
                  given_on=dt.date(2026, 1, 5), evidence="Phiếu 1")  # fmt: skip
    services.consent_give(**kwargs)
    with pytest.raises(ValidationError) as error:
        services.consent_give(**kwargs)
    assert "purpose" in error.value.message_dict
    assert Consent.objects.count() == 1


def test_a_paper_withdrawal_needs_a_date_after_the_consent_and_evidence(world, make_member):
    member = make_member()
    consent = services.consent_give(
        actor=world.secretary, member=member, purpose=_purpose(), confirmed=True,
        given_on=dt.date(2026, 3, 1), evidence="Phiếu 1",
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.consent_withdraw(
            actor=world.secretary, consent=consent, withdrawn_on=dt.date(2026, 2, 1)
        )
    assert set(error.value.message_dict) == {"withdrawn_on", "evidence"}
    services.consent_withdraw(
        actor=world.secretary, consent=consent, withdrawn_on=dt.date(2026, 4, 1),
        evidence="Đơn rút lại ngày 01/4/2026",
    )  # fmt: skip
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date(2026, 4, 1)


def test_a_unit_outside_scope_cannot_record_consent(world, login, make_member):
    member = make_member("TA.G1.B1")
    response = login(world.staff_b).get(f"/members/{member.pk}/privacy/consents/new/")
    assert response.status_code == 404
    with pytest.raises(Http404):
        services.consent_give(
            actor=world.staff_b, member=member, purpose=_purpose(), confirmed=True,
            given_on=dt.date(2026, 1, 5), evidence="x",
        )  # fmt: skip
