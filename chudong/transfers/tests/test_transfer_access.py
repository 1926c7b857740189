"""Who sees a transfer: each side through its own scope, the levels above each side, and
nobody else. A transfer between provinces is the case that needs both."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from chudong.transfers import selectors


@pytest.fixture
def crossing(world, make_member, request_transfer):
    """A request from TA.G1.B1 (province A) to TB.G1 (province B), not yet introduced."""
    member = make_member(full_name="Phạm Thu Hằng")
    return request_transfer(member, "TB.G1")


def _sees(user, case) -> str:
    try:
        selectors.access_transfer(user, case.pk)
    except Http404:
        return "404"
    except PermissionDenied:
        return "403"
    return "200"


def test_it_shows_a_request_only_to_the_sending_side_until_it_is_introduced(world, crossing):
    seen = {name: _sees(getattr(world, name), crossing) for name in world.users}
    assert seen == {
        "central_admin": "200",
        "staff_a": "200",  # the level above the sending union
        "secretary": "200",  # the sending grassroots union
        "branch_secretary": "200",  # the sending branch
        "member": "403",  # sees the branch, not its register
        "dpo_a": "403",
        "staff_b": "404",  # the receiving province: nothing yet
        "outsider": "404",
    }


def test_it_shows_an_introduced_transfer_to_both_provinces(world, crossing, secretary_b):
    from chudong.transfers import services

    crossing = services.transfer_introduce(actor=world.secretary, transfer=crossing)
    for user in (world.staff_a, world.secretary, world.staff_b, secretary_b, world.central_admin):
        assert _sees(user, crossing) == "200", user
    assert _sees(world.outsider, crossing) == "404"
    # Seeing the case does not widen the receiving side's scope over the member record.
    from chudong.members.selectors import access_member

    with pytest.raises(Http404):
        access_member(secretary_b, crossing.member_id)
    actions = selectors.transfer_actions(secretary_b, crossing)
    assert actions.receive and actions.refuse and not actions.cancel and not actions.see_member
    actions = selectors.transfer_actions(world.branch_secretary, crossing)
    assert actions.cancel and not actions.receive and not actions.introduce


def test_it_answers_404_and_403_over_http_like_the_rest_of_chudong(world, crossing, login):
    url = f"/transfers/{crossing.pk}/"
    assert login(world.staff_b).get(url).status_code == 404
    assert login(world.member).get(url).status_code == 403
    assert login(world.outsider).get(url).status_code == 404
    assert login(world.staff_a).get(url).status_code == 200
    assert login(world.outsider).get("/transfers/999999/").status_code == 404


def test_it_lets_the_sender_learn_only_the_name_and_code_of_a_receiving_unit(
    world, make_member, login
):
    member = make_member()
    found = selectors.transfer_destinations(
        actor=world.branch_secretary, member=member, query="vinh lac"
    )
    assert [(d.name, d.code) for d in found] == [("Đoàn phường Vĩnh Lạc", "TB.G1")]
    assert set(found[0].__dataclass_fields__) == {"id", "name", "code", "own_union"}
    # Own union's branches are offered; another union's branches are not.
    own = selectors.transfer_destinations(actor=world.secretary, member=member, query="chi doan")
    assert {d.code for d in own} == {"TA.G1.B2"}
    # The search page answers with names and codes only: never the branches below nor the
    # leadership of the other province.
    body = (
        login(world.branch_secretary)
        .get(f"/members/{member.pk}/transfer/destinations/?q=vinh")
        .content.decode()
    )
    assert "Đoàn phường Vĩnh Lạc" in body and "TB.G1" in body
    assert "Chi đoàn tổ 3" not in body and "Tỉnh đoàn Ngân Sơn" not in body
