"""The token pages: one's own tokens, and a unit's service accounts."""

from __future__ import annotations

import re

from chudong.access.models import Role, RoleAssignment
from chudong.api.models import ApiToken


def _secret(response) -> str:
    match = re.search(r'<code class="secret">(cd_[\w-]+)</code>', response.content.decode())
    assert match, "the new token is shown"
    return match.group(1)


def test_a_person_makes_a_token_sees_it_once_and_revokes_it(world, login):
    client = login(world.secretary)
    page = client.get("/accounts/api-tokens/")
    assert page.status_code == 200 and 'code class="secret"' not in page.content.decode()
    made = client.post("/accounts/api-tokens/", {"name": "Ứng dụng điện thoại"})
    raw = _secret(made)
    token = ApiToken.objects.get(user=world.secretary)
    assert token.name == "Ứng dụng điện thoại" and token.kind == "person"
    listing = client.get("/accounts/api-tokens/").content.decode()
    assert raw not in listing and token.prefix in listing
    api = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200
    client.post("/accounts/api-tokens/", {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == world.secretary


def test_an_empty_name_is_refused_in_vietnamese_and_nothing_is_made(world, login):
    response = login(world.member).post("/accounts/api-tokens/", {"name": "  "})
    assert response.status_code == 200
    assert "Trường này là bắt buộc" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_someone_elses_token_cannot_be_revoked_from_ones_page(world, login):
    from chudong.api import services

    token, _raw = services.token_create_personal(actor=world.staff_a, name="A")
    response = login(world.secretary).post("/accounts/api-tokens/", {"revoke": token.pk})
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_upper_level_makes_a_service_account_for_a_unit(world, login):
    unit = world.unit("TA.G1")
    client = login(world.staff_a)
    page = client.get(f"/units/{unit.pk}/api-tokens/")
    assert page.status_code == 200
    role = Role.objects.get(code="secretary")
    made = client.post(f"/units/{unit.pk}/api-tokens/", {"name": "Phần mềm xã", "role": role.pk})
    raw = _secret(made)
    token = ApiToken.objects.get(kind="service")
    assert token.unit == unit and token.created_by == world.staff_a
    assignment = RoleAssignment.objects.get(user=token.user)
    assert assignment.unit == unit and assignment.role == role
    assert not token.user.has_usable_password()
    units = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["items"]
    assert [u["code"] for u in units] == ["TA.G1"]
    # The unit's own secretary may not (appointing at a unit is the upper level's).
    assert login(world.secretary).get(f"/units/{unit.pk}/api-tokens/").status_code == 403
    assert login(world.staff_b).get(f"/units/{unit.pk}/api-tokens/").status_code == 404
    client = login(world.staff_a)
    client.post(f"/units/{unit.pk}/api-tokens/", {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_unit_page_links_the_service_accounts_for_the_upper_level_only(world, login):
    unit = world.unit("TA.G1")
    link = f"/units/{unit.pk}/api-tokens/"
    assert link in login(world.staff_a).get(f"/units/{unit.pk}/").content.decode()
    assert link not in login(world.secretary).get(f"/units/{unit.pk}/").content.decode()
