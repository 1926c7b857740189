"""The race the issue asks for: a transfer between two provinces, with both sides acting at
once (the sender editing the record, the receiver confirming, the sender cancelling),
ends with the member in exactly one unit, the counts true, and the loser told why.

Real threads against PostgreSQL, each on its own connection, released together by a
barrier. SQLite serialises every write transaction on the file, so there is no race to
drive there."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from chudong.access import policy
from chudong.members import services as member_services
from chudong.members.models import Member, MemberUnitPeriod
from chudong.members.tests.conftest import maintained_counts, real_counts
from chudong.orgs.models import Unit
from chudong.transfers import services
from chudong.transfers.models import Transfer, TransferStatus

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL: SQLite serialises write transactions, so nothing races",
    ),
]
ROUNDS = 4


def _race(operations: dict) -> dict:
    """Run each operation in its own thread (own connection), all released at once;
    return name → "ok" or the exception it raised."""
    barrier = threading.Barrier(len(operations))
    results: dict = {}

    def run(name, operation):
        try:
            barrier.wait(timeout=10)
            operation()
            results[name] = "ok"
        except Exception as error:  # the test inspects what each one got
            results[name] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in operations.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_it_ends_a_contested_transfer_between_provinces_with_the_member_in_one_unit(
    world, make_member, in_transit, secretary_b
):
    for user in (world.branch_secretary, world.secretary, secretary_b):
        policy.grants(user)  # computed once here, read by the threads
    receiving_branch = Unit.objects.get(code="TB.G1.B1")
    outcomes = set()
    for round_ in range(ROUNDS):
        # Given a member of province A in transit to province B
        member = make_member(full_name=f"Đua Văn Số {round_}")
        case = in_transit(member, "TB.G1")
        opened_at = member.version  # the sender's edit form was opened before the race

        # When the sender edits the record, the receiver confirms and the sender cancels,
        # all at the same moment
        results = _race(
            {
                "edit": lambda m=member, v=opened_at: member_services.member_update(
                    actor=world.branch_secretary,
                    member=Member.objects.get(pk=m.pk),
                    expected_version=v,
                    occupation="Kỹ sư nông nghiệp",
                ),
                "receive": lambda c=case: services.transfer_receive(
                    actor=secretary_b,
                    transfer=Transfer.objects.get(pk=c.pk),
                    to_branch=receiving_branch,
                ),
                "cancel": lambda c=case: services.transfer_cancel(
                    actor=world.branch_secretary,
                    transfer=Transfer.objects.get(pk=c.pk),
                    reason="Đoàn viên đổi ý",
                ),
            }
        )

        # Then exactly one of the two decisions won, and the other was told what happened
        assert not [e for e in results.values() if e != "ok" and not isinstance(e, ValidationError)]
        winners = [name for name in ("receive", "cancel") if results[name] == "ok"]
        assert len(winners) == 1, results
        loser = results["cancel" if winners == ["receive"] else "receive"]
        assert loser.code == "state"
        if winners == ["receive"]:
            assert "Đinh Thị Lạc" in loser.messages[0]  # who received
        else:
            assert "Hoàng Văn Đông" in loser.messages[0]  # who cancelled
        # the edit either saved, or was refused as stale, naming who changed the record
        if results["edit"] != "ok":
            assert results["edit"].code == "stale"

        # and the member is in exactly one unit, the one the winner implies
        member.refresh_from_db()
        open_periods = list(MemberUnitPeriod.objects.filter(member=member, end__isnull=True))
        assert len(open_periods) == 1
        assert open_periods[0].unit_id == member.unit_id
        expected = "TB.G1.B1" if winners == ["receive"] else "TA.G1.B1"
        assert member.unit.code == expected
        status = Transfer.objects.get(pk=case.pk).status
        assert status == (
            TransferStatus.RECEIVED if winners == ["receive"] else TransferStatus.CANCELLED
        )
        # and the maintained counts equal a real count
        assert maintained_counts() == real_counts()
        outcomes.add((winners[0], results["edit"] == "ok"))
    assert outcomes  # which orders occurred varies from run to run; each one was checked
