"""Sensitive data: hidden without members.sensitive, every read logged."""

from __future__ import annotations

from chudong.access.models import SensitiveReadLog
from chudong.members import selectors, services
from chudong.members.models import FamilyRelation
from chudong.privacy.tests.consents import consent_to


def _with_sensitive(world, make_member):
    member = make_member(full_name="Hà Thị Nguyệt", sex="female")
    services.member_sensitive_update(
        actor=world.central_admin,
        member=member,
        expected_version=0,
        values={"ethnicity": "Nùng", "religion": "Công giáo", "health": "Hen suyễn nhẹ"},
        family=[
            {"relation": "father", "full_name": "Hà Văn Pảo", "birth_year": 1972},
            {"relation": "mother", "full_name": "Lục Thị Mỷ", "occupation": "Làm ruộng"},
        ],
    )
    # Officers see consent-based fields only with the member's consent (privacy).
    consent_to(member, "ethnicity-religion", "health", "family", actor=world.central_admin)
    return member


def test_it_hides_sensitive_data_without_the_capability(world, make_member, login):
    member = _with_sensitive(world, make_member)
    assert login(world.member).get(f"/members/{member.pk}/").status_code == 403
    for user in (world.member, world.dpo_a):
        client = login(user)
        for url in (
            f"/members/{member.pk}/",
            f"/members/{member.pk}/sensitive/",
            f"/members/{member.pk}/history/",
        ):
            response = client.get(url)
            body = response.content.decode()
            assert "Công giáo" not in body and "Hà Văn Pảo" not in body, (user, url)
    assert selectors.member_sensitive_read(actor=world.member, member=member) is None
    assert not SensitiveReadLog.objects.exists()


def test_it_logs_every_read_of_sensitive_data(world, make_member, login):
    member = _with_sensitive(world, make_member)
    client = login(world.secretary)
    detail = client.get(f"/members/{member.pk}/").content.decode()
    # The dossier page offers the section but does not read it.
    assert "Công giáo" not in detail and not SensitiveReadLog.objects.exists()

    shown = client.get(f"/members/{member.pk}/sensitive/", HTTP_HX_REQUEST="true")
    body = shown.content.decode()
    assert "Công giáo" in body and "Nùng" in body and "Hà Văn Pảo" in body
    assert "<html" not in body
    client.get(f"/members/{member.pk}/sensitive/edit/")
    client.get(f"/members/{member.pk}/history/")
    logs = list(SensitiveReadLog.objects.order_by("id"))
    assert [log.purpose for log in logs] == ["view", "edit", "history"]
    for log in logs:
        assert log.actor == world.secretary
        assert (log.subject_type, log.subject_id) == ("member", member.pk)
        assert log.unit_path == member.unit_path
        assert "ethnicity" in log.fields and "religion" in log.fields
        assert log.request_path.startswith(f"/members/{member.pk}/")
    # The data-protection officer of the province sees those reads in the log.
    read_log = login(world.dpo_a).get("/privacy/read-log/", follow=True).content.decode()
    assert "Hà Thị Nguyệt" in read_log


def test_it_edits_sensitive_data_and_family_through_the_page(world, make_member, login):
    member = _with_sensitive(world, make_member)
    client = login(world.secretary)
    data = {
        "ethnicity": "Tày",
        "religion": "Không",
        "health": "Tốt",
        "family_background": "Nông dân",
        "family_notes": "",
        "version": "1",
        "family-TOTAL_FORMS": "3",
        "family-INITIAL_FORMS": "2",
        "family-MIN_NUM_FORMS": "0",
        "family-MAX_NUM_FORMS": "20",
        "family-0-relation": "father",
        "family-0-full_name": "Hà Văn Pảo",
        "family-0-birth_year": "1972",
        "family-1-relation": "mother",
        "family-1-full_name": "Lục Thị Mỷ",
        "family-1-DELETE": "on",
        "family-2-relation": "sibling",
        "family-2-full_name": "Hà Văn Tùng",
        "family-2-birth_year": "2008",
    }
    response = client.post(f"/members/{member.pk}/sensitive/edit/", data)
    assert response.status_code == 302
    member.sensitive.refresh_from_db()
    assert (member.sensitive.ethnicity, member.sensitive.religion) == ("Tày", "Không")
    assert list(
        FamilyRelation.objects.filter(member=member).values_list("full_name", flat=True)
    ) == [
        "Hà Văn Pảo",
        "Hà Văn Tùng",
    ]
