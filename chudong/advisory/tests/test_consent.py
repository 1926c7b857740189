"""A resource mobilised may name the support case of a young person in difficulty it
funded (issue 7). Who that person is rests on what the care register would show (issue
10): the officer's right to see names there (members.sensitive) and, for a member, the
member's consent to "hardship" (privacy.SensitiveFieldRule). Without them the resource's
page and its form show the marker, never the person; with them the name is shown and the
read is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chudong.access.models import Role, RoleAssignment, SensitiveReadLog
from chudong.accounts.services import user_create
from chudong.advisory import selectors, services
from chudong.care import services as care_services
from chudong.members import services as member_services
from chudong.privacy.tests.consents import consent_to, reference_data

from .conftest import resource_data

NAME = "Lục Văn Kín"
OTHER = "Lò Thị Sợi"  # a young person who is not a member
MARKER = "Chưa có sự đồng ý: không hiển thị"
NOTE = "đoàn viên chưa đồng ý (hoặc đã rút lại sự đồng ý)"
PURPOSE = "Hoàn cảnh khó khăn để được hỗ trợ"
NO_RIGHT = "Không hiển thị"


@pytest.fixture(autouse=True)
def privacy_reference_data(db):
    """The consent purposes and field rules, put back if a transactional test elsewhere
    flushed them: without them the member's case would be hidden for the wrong reason."""
    reference_data()


@pytest.fixture
def member(world):
    return member_services.member_create(
        actor=world.central_admin, unit=world.unit("TA.G1.B1"), full_name=NAME, sex="male",
        date_of_birth=dt.date(2001, 5, 17), admission_date=dt.date(2019, 3, 26),
    )  # fmt: skip


@pytest.fixture
def case(world, member, today):
    return care_services.hardship_create(
        actor=world.secretary, unit=world.unit("TA.G1.B1"), member=member,
        circumstances=["disability"], details="Khiếm thính bẩm sinh", opened_on=today,
    )  # fmt: skip


@pytest.fixture
def resource(world, case):
    row = services.resource_create(
        actor=world.secretary, unit=world.unit("TA.G1"), data=resource_data(hardship=case)
    )
    SensitiveReadLog.objects.all().delete()
    return row


def _role_holder(world, username: str, capabilities: list[str]):
    """A user holding, at TA.G1, a role with exactly `capabilities`."""
    role = Role.objects.create(
        code=username, name=username, name_en=username, capabilities=capabilities
    )
    user = user_create(
        username=username, full_name="Đinh Văn Ủy", password="x-Pass-2026-long",
        email=f"{username}@example.org",
    )  # fmt: skip
    RoleAssignment.objects.create(
        user=user, unit=world.unit("TA.G1"), role=role, start_date=dt.date(2020, 1, 1)
    )
    return user


@pytest.fixture
def no_names(world):
    """An officer of TA.G1 who records resources and sees care work but not names:
    care.view, advisory.manage, no members.sensitive."""
    return _role_holder(
        world, "uv.taitro", ["units.view", "care.view", "advisory.view", "advisory.manage"]
    )


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_without_consent_the_resource_page_shows_the_marker_not_the_member(
    world, login, resource, case, member
):
    client = login(world.secretary)
    url = f"/advisory/resources/{resource.pk}/"
    page = _page(client, url)
    assert NAME not in page
    assert MARKER in page and NOTE in page and PURPOSE in page
    assert f"/care/hardship/{case.pk}/" in page  # the care page applies the consent itself
    assert not SensitiveReadLog.objects.exists()  # nothing was read

    consent_to(member, "hardship", actor=world.central_admin)
    page = _page(client, url)
    assert NAME in page and MARKER not in page
    log = SensitiveReadLog.objects.get()
    assert (log.subject_type, log.subject_id) == ("care_hardship", case.pk)
    assert (log.fields, log.purpose) == ("name", "advisory resource")


def test_without_the_right_to_see_names_the_page_shows_neither_the_person_nor_the_case(
    world, login, member, case, no_names, today
):
    consent_to(member, "hardship", actor=world.central_admin)
    plain = care_services.hardship_create(
        actor=world.secretary, unit=world.unit("TA.G1.B2"), person_name=OTHER,
        circumstances=["poor"], opened_on=today,
    )  # fmt: skip
    unit = world.unit("TA.G1")
    funded = [
        services.resource_create(actor=world.secretary, unit=unit, data=resource_data(hardship=c))
        for c in (case, plain)
    ]
    SensitiveReadLog.objects.all().delete()
    client = login(no_names)
    for row, funded_case in zip(funded, (case, plain), strict=True):
        page = _page(client, f"/advisory/resources/{row.pk}/")
        assert NAME not in page and OTHER not in page
        assert NO_RIGHT in page and f"/care/hardship/{funded_case.pk}/" not in page
    # The secretary, who may see names, sees both (the member has consented).
    page = _page(login(world.secretary), f"/advisory/resources/{funded[1].pk}/")
    assert OTHER in page
    assert not SensitiveReadLog.objects.filter(actor=no_names).exists()


def test_without_the_right_to_see_names_the_form_offers_no_case_and_keeps_the_link(
    world, login, resource, case, member, no_names
):
    consent_to(member, "hardship", actor=world.central_admin)
    client = login(no_names)
    url = f"/advisory/resources/{resource.pk}/edit/"
    page = _page(client, url)
    assert NAME not in page and 'name="hardship"' not in page
    data = {
        "sponsor_name": "Quỹ Ánh Dương", "sponsor_kind": "business", "form": "cash",
        "value": "7000000", "received_on": "2026-03-26", "purpose": "Học bổng",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.sponsor_name, resource.hardship_id) == ("Quỹ Ánh Dương", case.pk)
    assert selectors.hardship_choices(actor=no_names, unit=world.unit("TA.G1")) is None
    # Nor can the service be asked to link a case whose person the officer may not see.
    with pytest.raises(ValidationError) as caught:
        services.resource_update(
            actor=no_names, resource=resource, data=resource_data(hardship=case)
        )
    assert "hardship" in caught.value.message_dict
    assert not SensitiveReadLog.objects.filter(actor=no_names).exists()


def test_the_form_offers_a_member_without_consent_under_the_marker_and_keeps_the_link(
    world, login, resource, case, member, today
):
    care_services.hardship_create(
        actor=world.secretary, unit=world.unit("TA.G1.B2"), person_name=OTHER,
        circumstances=["poor"], opened_on=today,
    )  # fmt: skip
    client = login(world.secretary)
    url = f"/advisory/resources/{resource.pk}/edit/"
    page = _page(client, url)
    assert NAME not in page
    assert f"{MARKER} · {world.unit('TA.G1.B1').name} (22/11/2026)" in page
    assert f"{OTHER} (22/11/2026)" in page  # not a member: named as before
    log = SensitiveReadLog.objects.get()
    assert (log.subject_type, log.purpose) == ("care_hardship_list", "advisory resource form")
    assert log.subject_label.endswith(": 1")  # the hidden case's person was not read

    # Saving the resource keeps its link to the case the officer cannot see.
    data = {
        "sponsor_name": "Quỹ Ánh Dương", "sponsor_kind": "business", "form": "cash",
        "value": "7000000", "received_on": "2026-03-26", "purpose": "Học bổng",
        "hardship": str(case.pk),
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    resource.refresh_from_db()
    assert (resource.sponsor_name, resource.hardship_id) == ("Quỹ Ánh Dương", case.pk)

    consent_to(member, "hardship", actor=world.central_admin)
    page = _page(client, url)
    assert f"{NAME} (22/11/2026)" in page and MARKER not in page
    assert SensitiveReadLog.objects.order_by("-id").first().subject_label.endswith(": 2")


def test_a_withdrawn_consent_hides_the_member_again(world, login, resource, member, today):
    from chudong.privacy.services import consent_withdraw

    (consent,) = consent_to(
        member, "hardship", actor=world.central_admin, given_on=dt.date(2026, 6, 1)
    )
    url = f"/advisory/resources/{resource.pk}/"
    assert NAME in _page(login(world.secretary), url)
    consent_withdraw(
        actor=world.central_admin, consent=consent, withdrawn_on=today, evidence="Đơn rút lại"
    )
    page = _page(login(world.secretary), url)
    assert NAME not in page and MARKER in page
