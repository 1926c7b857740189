"""Anonymisation under the retention rule: those who left more than N years ago lose
their identifying data (record and history); current members are never touched."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chudong.access import policy
from chudong.members import services as member_services
from chudong.members.models import Member, MemberSensitive, UnitMemberCount
from chudong.privacy.models import AnonymisationRun, AnonymisedMember
from chudong.privacy.services import anonymise_due
from chudong.privacy.tasks import anonymise_due_records
from chudong.rules import rules
from chudong.rules.models import Rule

from .conftest import at

ON = dt.date(2026, 11, 23)
IDENTIFYING = ("full_name", "phone", "email", "national_id", "card_number", "hometown",
               "current_residence", "date_of_birth")  # fmt: skip


def _member(make_member, world, n, unit="TA.G1.B1", status=None, left=None):
    member = make_member(
        unit, full_name=f"Hà Văn Bình {n}", phone=f"09123400{n:02d}", email=f"b{n}@example.org",
        national_id=f"0012030000{n:02d}", card_number=f"TV{n:04d}", hometown="Mộc Châu, Sơn La",
        current_residence="Bản Áng", sex="male", date_of_birth=dt.date(1990, 6, 15),
    )  # fmt: skip
    member_services.member_sensitive_update(
        actor=world.central_admin, member=member, expected_version=0,
        values={"ethnicity": "Thái", "religion": "Không", "health": "Tốt"},
        family=[{"relation": "mother", "full_name": f"Lò Thị Ún {n}"}],
    )  # fmt: skip
    if status:
        member_services.member_status_change(
            actor=world.central_admin, member=member, status=status, effective_on=left
        )
    return Member.objects.get(pk=member.pk)


def _snapshot(member_id):
    member = Member.objects.get(pk=member_id)
    return tuple(getattr(member, f) for f in IDENTIFYING), tuple(
        MemberSensitive.objects.filter(member_id=member_id).values_list("religion", "health")
    )


def test_it_never_touches_current_members_however_long_ago_they_joined(world, make_member):
    actives = [
        _member(make_member, world, 1),
        _member(make_member, world, 2, status="temporary_elsewhere", left=dt.date(2011, 1, 1)),
        _member(make_member, world, 3, status="working_far", left=dt.date(2011, 1, 1)),
    ]
    before = {m.pk: _snapshot(m.pk) for m in actives}
    history_before = {m.pk: m.history.count() for m in actives}
    gone = _member(make_member, world, 4, status="matured", left=dt.date(2012, 6, 30))
    result = anonymise_due(on=ON)
    assert result.due == [gone.pk]
    for member in actives:
        assert _snapshot(member.pk) == before[member.pk]
        assert member.history.count() == history_before[member.pk]
        assert not AnonymisedMember.objects.filter(member=member).exists()


def test_it_anonymises_those_who_left_long_ago_and_keeps_what_statistics_need(world, make_member):
    gone = _member(make_member, world, 5, status="struck_off", left=dt.date(2013, 3, 1))
    recent = _member(make_member, world, 6, status="matured", left=dt.date(2020, 3, 1))
    counts = list(UnitMemberCount.objects.order_by("pk").values_list("pk", "active", "total"))
    with at(2026, 11, 23):
        result = anonymise_due()
    assert (result.years, result.cutoff, result.due) == (10, dt.date(2016, 11, 23), [gone.pk])
    member = Member.objects.get(pk=gone.pk)
    assert member.full_name == f"Ẩn danh {gone.pk}"
    assert (member.phone, member.email, member.hometown, member.current_residence) == ("",) * 4
    assert (member.national_id, member.card_number) == (None, None)
    # What statistics read stays: unit, sex, year of birth, status and its date.
    assert (member.unit_id, member.sex, member.status, member.status_since) == (
        gone.unit_id, "male", "struck_off", dt.date(2013, 3, 1),
    )  # fmt: skip
    assert (member.date_of_birth, member.birth_year_only) == (dt.date(1990, 1, 1), True)
    sensitive = MemberSensitive.objects.get(member=member)
    assert (sensitive.ethnicity, sensitive.religion, sensitive.health) == ("", "", "")
    assert not member.family.exists()
    assert (
        list(UnitMemberCount.objects.order_by("pk").values_list("pk", "active", "total")) == counts
    )
    assert Member.objects.get(pk=recent.pk).full_name == recent.full_name
    run = AnonymisationRun.objects.get()
    assert (run.anonymised, run.cutoff) == (1, dt.date(2016, 11, 23))


def test_the_history_keeps_no_copy_of_what_was_removed(world, make_member):
    gone = _member(make_member, world, 7, status="deceased", left=dt.date(2012, 1, 10))
    anonymise_due(on=ON)
    old_names = {"Hà Văn Bình 7", "0912340007", "b7@example.org", "001203000007", "Lò Thị Ún 7"}
    rows = list(Member.history.filter(id=gone.pk).values())
    rows += list(MemberSensitive.history.filter(member_id=gone.pk).values())
    rows += list(gone.family.model.history.filter(member_id=gone.pk).values())
    leftovers = [v for row in rows for v in row.values() if str(v) in old_names or v == "Tốt"]
    assert not leftovers
    latest = Member.history.filter(id=gone.pk).first()
    assert latest.history_change_reason.startswith("anonymised")


def test_a_dry_run_lists_and_changes_nothing(world, make_member):
    gone = _member(make_member, world, 8, status="expelled", left=dt.date(2014, 5, 5))
    before = _snapshot(gone.pk)
    out = StringIO()
    with at(2026, 11, 23):
        call_command("privacy_anonymise", "--dry-run", stdout=out)
    assert "would anonymise 1 record(s)" in out.getvalue()
    assert f"member {gone.pk}" in out.getvalue()
    assert _snapshot(gone.pk) == before
    assert not AnonymisationRun.objects.exists()
    with at(2026, 11, 23):
        call_command("privacy_anonymise", stdout=out)
    assert "anonymised 1 record(s)" in out.getvalue()
    assert AnonymisedMember.objects.filter(member=gone).exists()
    # A second run finds nothing left to do.
    assert anonymise_due(on=ON).count == 0


def test_a_province_may_keep_records_longer(world, make_member):
    in_a = _member(make_member, world, 9, "TA.G1.B1", status="matured", left=dt.date(2012, 6, 30))
    in_b = _member(make_member, world, 10, "TB.G1.B1", status="matured", left=dt.date(2012, 6, 30))
    Rule.objects.create(
        key="privacy.retention_years", value=20, valid_from=dt.date(2026, 6, 1),
        unit=world.unit("TA"), document="Quyết định của Tỉnh đoàn",
    )  # fmt: skip
    rules.forget()
    assert anonymise_due(on=ON, dry_run=True).due == [in_b.pk]
    assert anonymise_due(on=ON).due == [in_b.pk]
    assert Member.objects.get(pk=in_a.pk).full_name == "Hà Văn Bình 9"


def test_the_background_task_runs_the_rule(world, make_member):
    gone = _member(make_member, world, 11, status="matured", left=dt.date(2010, 12, 1))
    with at(2026, 11, 23):
        result = anonymise_due_records.enqueue()
    assert result.return_value == 1
    assert AnonymisedMember.objects.get(member=gone).run is not None


def test_a_login_used_only_by_the_former_member_is_closed(world, make_member):
    member = make_member(account=True)
    user = member.user
    member_services.member_status_change(
        actor=world.central_admin, member=member, status="matured", effective_on=dt.date(2012, 1, 1)
    )
    anonymise_due(on=ON)
    user.refresh_from_db()
    assert (user.is_active, user.email, user.full_name) == (False, None, f"Ẩn danh {member.pk}")
    assert not user.has_usable_password()
    assert Member.objects.get(pk=member.pk).user is None
    assert policy.grants(user) == []


def test_the_command_rejects_a_bad_day_and_enqueues_the_nightly_run(world, make_member):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("privacy_anonymise", "--on", "23/11/2026")
    with pytest.raises(CommandError):
        call_command("privacy_anonymise", "--enqueue", "--dry-run")
    gone = _member(make_member, world, 12, status="deceased", left=dt.date(2011, 2, 2))
    out = StringIO()
    call_command("privacy_anonymise", "--enqueue", stdout=out)
    assert "enqueued task" in out.getvalue()
    assert AnonymisedMember.objects.filter(member=gone).exists()
