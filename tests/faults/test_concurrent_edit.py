"""Two people editing the same member (issue 10, part 5): both open the edit form, the
first saves, the second's save is refused with a clear Vietnamese message naming who
changed the record and when, and nothing of the first is overwritten. Two clients, two
sessions, the real pages."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client

from chudong.members import services as member_services
from chudong.members.models import Member


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="chudong.accounts.backends.UsernameEmailPhoneBackend")
    return client


def _opened(client: Client, url: str) -> dict:
    """The edit form as the page gives it (its hidden version included)."""
    page = client.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    return {
        "full_name": "Đinh Văn Quang", "sex": "male", "date_of_birth": "17/05/2001",
        "party_status": "none", "political_theory": "", "version": version,
    }  # fmt: skip


def test_the_second_of_two_editors_is_told_and_overwrites_nothing(world):
    member = member_services.member_create(
        actor=world.central_admin, unit=world.unit("TA.G1.B1"), full_name="Đinh Văn Quang",
        sex="male", date_of_birth=dt.date(2001, 5, 17), occupation="Sinh viên",
    )  # fmt: skip
    url = f"/members/{member.pk}/edit/"
    first, second = _client(world.secretary), _client(world.branch_secretary)
    first_form, second_form = _opened(first, url), _opened(second, url)

    assert first.post(url, {**first_form, "occupation": "Kỹ sư"}).status_code == 302
    refused = second.post(url, {**second_form, "occupation": "Nông dân", "phone": "0912345678"})
    body = refused.content.decode()
    assert refused.status_code == 200
    saved = Member.objects.get(pk=member.pk)
    assert "Lê Thị Bình đã sửa hồ sơ này lúc" in body  # who, and when
    assert "hãy tải lại trang" in body
    assert (saved.occupation, saved.phone) == ("Kỹ sư", "")
    assert saved.version == int(first_form["version"]) + 1
    assert saved.history.count() == 2  # created, then the first edit only

    # Reloaded, the second editor sees the first's change and can save over it knowingly.
    again = _opened(second, url)
    assert second.post(url, {**again, "occupation": "Nông dân"}).status_code == 302
    assert Member.objects.get(pk=member.pk).occupation == "Nông dân"
