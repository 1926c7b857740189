"""Two people edit the same record: the second save is refused and told why."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from chudong.members import services
from chudong.members.models import Member


def test_it_refuses_a_stale_save_and_names_the_first_editor(world, make_member):
    member = make_member(full_name="Đinh Văn Quang")
    opened_at = member.version
    services.member_update(
        actor=world.secretary, member=member, expected_version=opened_at, occupation="Kỹ sư"
    )
    with pytest.raises(ValidationError) as error:
        services.member_update(
            actor=world.branch_secretary,
            member=member,
            expected_version=opened_at,
            occupation="Nông dân",
        )
    assert error.value.code == "stale"
    assert "Lê Thị Bình" in error.value.messages[0]
    assert Member.objects.get(pk=member.pk).occupation == "Kỹ sư"


def test_it_tells_the_second_editor_on_the_page(world, make_member, login):
    member = make_member(full_name="Đinh Văn Quang")
    url = f"/members/{member.pk}/edit/"
    first, second = login(world.secretary), None
    form = {
        "full_name": "Đinh Văn Quang",
        "sex": "male",
        "date_of_birth": "17/05/2001",
        "party_status": "none",
        "political_theory": "",
        "version": str(member.version),
    }
    assert first.post(url, {**form, "occupation": "Kỹ sư"}).status_code == 302
    first.logout()
    second = login(world.branch_secretary)
    body = second.post(url, {**form, "occupation": "Nông dân"}).content.decode()
    assert "Lê Thị Bình" in body and "đã sửa hồ sơ này" in body
    assert Member.objects.get(pk=member.pk).occupation == "Kỹ sư"


def test_it_refuses_a_stale_save_of_sensitive_data(world, make_member):
    member = make_member()
    services.member_sensitive_update(
        actor=world.secretary, member=member, expected_version=0, values={"religion": "Không"}
    )
    with pytest.raises(ValidationError) as error:
        services.member_sensitive_update(
            actor=world.branch_secretary,
            member=member,
            expected_version=0,
            values={"religion": "Phật giáo"},
        )
    assert error.value.code == "stale"
    member.sensitive.refresh_from_db()
    assert member.sensitive.religion == "Không"
