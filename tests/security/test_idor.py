"""IDOR through the form, and sensitive fields in exports (ASVS 4.2.1, 4.1.3, 8.3.1).

tests/test_access_matrix.py already puts another unit's object id in every URL, for every
persona, GET and POST, and checks 404 and an unchanged database. What it does not do:
- put another unit's id in a *form field* of a page the actor may use (a member of another
  province in a hidden field, a select or a checkbox list): the answer must be a form
  error or nothing done, never a write to that record;
- check that an officer who may see the register but not sensitive data (an inspection
  committee member: members.view without members.sensitive) finds no ethnicity, religion
  or health in any export or printout.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import re

import pytest
from django.core.exceptions import ValidationError

from chudong.access.models import Role, RoleAssignment
from chudong.accounts.services import user_create
from chudong.members.models import Member
from chudong.members.models.sensitive import MemberSensitive
from chudong.privacy.tests.consents import consent_to
from conftest import FOUNDED
from tests.test_access_matrix import ROUTES, _sample_cache, _samples, _text_of, _url


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _fresh_samples():
    _sample_cache.clear()
    yield
    _sample_cache.clear()


def _member(unit, name: str) -> Member:
    return Member.objects.create(
        unit=unit, unit_path=unit.path, full_name=name, given_name=name.split()[-1],
        sex="female", date_of_birth=dt.date(2003, 4, 5), status_since=unit.valid_from,
    )  # fmt: skip


def _text(response) -> str:
    body = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(body.split())


@pytest.fixture
def elsewhere(world) -> Member:
    """A member of the other province (TB), out of every TA persona's scope."""
    return _member(world.unit("TB.G1.B1"), "Phạm Thị Ngoài Tỉnh")


# --- another unit's id in a form field -------------------------------------------------


def test_merging_in_a_member_of_another_province_is_not_found(world, login, elsewhere):
    keep = _member(world.unit("TA.G1.B1"), "Vũ Thị Giữ")
    client = login(world.secretary)
    response = client.post(
        f"/members/{keep.pk}/merge/", {"remove": elsewhere.pk, "step": "confirm"}
    )
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.merged_into_id is None
    assert elsewhere.status != "merged"


def test_a_new_member_cannot_be_put_in_a_branch_of_another_province(world, login):
    client = login(world.secretary)
    before = Member.objects.filter(unit=world.unit("TB.G1.B1")).count()
    response = client.post(
        f"/units/{world.unit('TA.G1').pk}/members/new/",
        {"unit": world.unit("TB.G1.B1").pk, "full_name": "Trần Văn Lạc", "sex": "male",
         "date_of_birth": "02/03/2005", "unit_since": "01/01/2026",
         "confirm_new_person": "on"},
    )  # fmt: skip
    assert response.status_code in (200, 404)
    assert Member.objects.filter(unit=world.unit("TB.G1.B1")).count() == before
    assert not Member.objects.filter(full_name="Trần Văn Lạc").exists()
    if response.status_code == 200:
        assert "Hãy chọn" in _text(response) or "không hợp lệ" in _text(response)


def test_ticking_a_member_of_another_province_as_a_participant_does_nothing(
    world, login, elsewhere
):
    from chudong.activities.models import Participation

    samples = _samples(world, "TA.G1")
    ours = _member(world.unit("TA.G1"), "Lê Văn Tham Gia")
    client = login(world.secretary)
    response = client.post(
        f"/activities/{samples['activity_id']}/participants/",
        {"member": [str(elsewhere.pk), str(ours.pk)]},
    )
    assert response.status_code in (200, 302)
    assert not Participation.objects.filter(member=elsewhere).exists()


def test_rating_a_member_of_another_province_on_our_sheet_writes_nothing(world, login, elsewhere):
    from chudong.ratings.models import MemberRating

    client = login(world.branch_secretary)
    year = dt.date.today().year - 1
    response = client.post(
        f"/units/{world.unit('TA.G1.B1').pk}/ratings/{year}/",
        {"action": "row", "member": str(elsewhere.pk), f"level_{elsewhere.pk}": "excellent",
         f"comment_{elsewhere.pk}": "Chen vào"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code in (200, 404)
    assert not MemberRating.objects.filter(member=elsewhere).exists()


def test_listing_a_member_of_another_province_in_hardship_is_a_form_error(world, login, elsewhere):
    from chudong.care.models import HardshipCase

    client = login(world.secretary)
    response = client.post(
        f"/units/{world.unit('TA.G1.B1').pk}/care/hardship/new/",
        {"member": elsewhere.pk, "person_name": "", "circumstances": ["poor"],
         "opened_on": "15/01/2026", "details": "Chen vào"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Đoàn viên này không thuộc danh sách đồng chí quản lý." in _text(response)
    assert not HardshipCase.objects.filter(member=elsewhere).exists()
    assert "Phạm Thị Ngoài Tỉnh" not in _text(response)


def test_a_form_field_id_of_another_province_never_shows_that_record(world, login, elsewhere):
    # The GET variant: pages that prefill from ?member= must not show another province's
    # member (name or birth date) to someone who cannot see them.
    client = login(world.secretary)
    for url in (
        f"/units/{world.unit('TA.G1.B1').pk}/care/hardship/new/?member={elsewhere.pk}",
        f"/units/{world.unit('TA.G1.B1').pk}/care/rights/new/?member={elsewhere.pk}",
        f"/members/{_member(world.unit('TA.G1.B1'), 'Vũ Thị Giữ').pk}/merge/?remove={elsewhere.pk}",
    ):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert "Ngoài Tỉnh" not in response.content.decode(), url


# --- sensitive fields in exports -------------------------------------------------------

SENSITIVE = {"ethnicity": "Dân Tộc Mẫu Ơ Đu", "religion": "Tôn Giáo Mẫu Bửu Sơn",
             "health": "Sức Khỏe Mẫu Khiếm Thính"}  # fmt: skip
EXPORTS = [r for r in ROUTES if r.route.endswith((".xlsx", ".pdf", ".pdf/", ".json"))]


@pytest.fixture
def inspector(world):
    """An inspection committee member of TA.G1: sees the register, not sensitive data."""
    user = user_create(username="kiemtra.binhminh", full_name="Đỗ Văn Kiểm", password="x" * 12)
    RoleAssignment.objects.create(
        user=user, unit=world.unit("TA.G1"), role=Role.objects.get(code="inspection-committee"),
        start_date=FOUNDED,
    )  # fmt: skip
    return user


@pytest.fixture
def with_sensitive(world):
    samples = _samples(world, "TA.G1")
    for member in Member.objects.filter(unit_path__startswith=world.unit("TA.G1").path):
        MemberSensitive.objects.update_or_create(member=member, defaults=SENSITIVE)
        # Officers see ethnicity and religion only with the member's consent (privacy).
        with contextlib.suppress(ValidationError):  # "has already given this consent"
            consent_to(member, "ethnicity-religion", actor=world.secretary)
    return samples


def test_the_sensitive_values_are_in_the_export_for_those_who_may_see_them(
    world, login, with_sensitive
):
    # The control: the same data does reach an export when the reader may see it.
    client = login(world.secretary)
    response = client.get(f"/units/{world.unit('TA.G1').pk}/members/export.xlsx")
    assert response.status_code == 200
    text = _text_of(response)
    assert SENSITIVE["ethnicity"] in text and SENSITIVE["religion"] in text


@pytest.mark.parametrize("route", EXPORTS, ids=[r.name for r in EXPORTS])
def test_no_export_gives_sensitive_data_to_an_officer_without_the_right(
    world, login, inspector, with_sensitive, route
):
    from chudong.access import policy
    from chudong.access.capabilities import Cap

    assert not policy.can(inspector, Cap.MEMBERS_SENSITIVE, world.unit("TA.G1"))
    client = login(inspector)
    response = client.get(_url(route, with_sensitive))
    assert response.status_code in (200, 302, 403, 404), route.name
    if response.status_code == 200:
        text = _text_of(response)
        leaked = [value for value in SENSITIVE.values() if value in text]
        assert not leaked, (route.name, leaked)
