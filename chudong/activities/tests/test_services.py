"""Activities: planning, QR check-in (token, window, idempotence), ticks, figures, rate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from chudong.activities import checkin, selectors, services
from chudong.activities.models import ActivityState, Participation
from chudong.members.models import MemberEvent

from .conftest import make_member

pytestmark = pytest.mark.django_db


def test_it_plans_an_activity_with_organisers_and_other_units(world, branch, plan):
    other = world.unit("TA.G1.B2")
    activity = plan(other_units=[other], expected_participants=30, budget=2_000_000)
    assert activity.unit_path == branch.path
    assert list(activity.organisers.all()) == [world.branch_secretary]
    assert list(activity.other_units.all()) == [other]
    assert activity.state == ActivityState.PLANNED
    assert activity.history.count() == 1


def test_it_refuses_an_end_before_the_start_in_vietnamese(world, branch):
    start = timezone.now()
    with pytest.raises(ValidationError) as caught:
        services.activity_create(
            actor=world.branch_secretary, unit=branch, kind="study", title="Học Nghị quyết",
            starts_at=start, ends_at=start - dt.timedelta(hours=1),
        )  # fmt: skip
    assert "kết thúc" in caught.value.message_dict["ends_at"][0]


def test_a_member_without_work_manage_cannot_plan(world, branch):
    start = timezone.now()
    with pytest.raises(PermissionDenied):
        services.activity_create(
            actor=world.member, unit=branch, kind="study", title="X", starts_at=start,
            ends_at=start,
        )  # fmt: skip
    with pytest.raises(Http404):
        services.activity_create(
            actor=world.staff_b, unit=branch, kind="study", title="X", starts_at=start,
            ends_at=start,
        )  # fmt: skip


def test_a_member_checks_in_once_and_it_reaches_the_timeline(world, plan, thu):
    activity = plan()
    token = services.checkin_token(activity)
    participation, created = services.checkin_by_token(actor=world.member, token=token)
    again, created_again = services.checkin_by_token(actor=world.member, token=token)
    assert created and not created_again
    assert again.pk == participation.pk
    assert Participation.objects.filter(activity=activity, member=thu).count() == 1
    activity.refresh_from_db()
    assert activity.participants_count == 1
    event = MemberEvent.objects.get(member=thu, kind="activity_took_part")
    assert event.title == activity.title


def test_a_check_in_queued_offline_counts_at_the_time_it_was_made(world, plan, thu):
    activity = plan(hours=2)
    tapped = activity.starts_at + dt.timedelta(minutes=40)
    arrives = activity.ends_at + dt.timedelta(hours=5)  # the network came back that evening
    participation, created = services.checkin_by_token(
        actor=world.member, token=services.checkin_token(activity), scanned_at=tapped, now=arrives
    )
    assert created and participation.checked_in_at == tapped


def test_a_check_in_outside_the_window_is_refused(world, plan, thu):
    activity = plan(start=timezone.now() + dt.timedelta(days=2))
    with pytest.raises(ValidationError) as caught:
        services.checkin_by_token(actor=world.member, token=services.checkin_token(activity))
    assert "mở lúc" in caught.value.messages[0]
    late = plan(title="Sinh hoạt chi đoàn", start=timezone.now() - dt.timedelta(hours=10))
    with pytest.raises(ValidationError) as caught:
        services.checkin_by_token(actor=world.member, token=services.checkin_token(late))
    assert "đóng lúc" in caught.value.messages[0]
    assert not Participation.objects.exists()


def test_a_tap_claimed_in_the_future_is_refused(world, plan, thu):
    activity = plan()
    with pytest.raises(ValidationError):
        services.checkin_by_token(
            actor=world.member, token=services.checkin_token(activity),
            scanned_at=timezone.now() + dt.timedelta(hours=1),
        )  # fmt: skip


def test_a_tampered_token_is_refused_with_a_clear_message(world, plan, thu):
    activity = plan()
    other = plan(title="Tiếp sức mùa thi")
    token = services.checkin_token(activity)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    with pytest.raises(ValidationError) as caught:
        services.checkin_by_token(actor=world.member, token=forged)
    assert "không hợp lệ" in caught.value.messages[0]
    # A token for a meeting (another purpose) does not open an activity with the same id.
    meeting = checkin.make_token(purpose="meeting", object_id=activity.pk,
                                 expires_at=timezone.now() + dt.timedelta(hours=1))  # fmt: skip
    with pytest.raises(ValidationError):
        services.checkin_by_token(actor=world.member, token=meeting)
    # Re-signing the payload without the key is impossible; with a wrong salt too.
    wrong_salt = signing.dumps({"p": "activity", "o": other.pk, "e": 2_000_000_000}, salt="x")
    with pytest.raises(ValidationError):
        services.checkin_by_token(actor=world.member, token=wrong_salt)
    assert not Participation.objects.exists()


def test_an_expired_token_is_refused_even_for_a_tap_made_in_time(world, plan, thu):
    activity = plan(hours=1)
    much_later = activity.ends_at + services.WINDOW_MARGIN + services.OFFLINE_GRACE
    with pytest.raises(ValidationError) as caught:
        services.checkin_by_token(
            actor=world.member, token=services.checkin_token(activity),
            scanned_at=activity.starts_at, now=much_later + dt.timedelta(minutes=1),
        )  # fmt: skip
    assert "hết hạn" in caught.value.messages[0]


def test_cancelled_activities_and_accounts_without_a_member_record_cannot_check_in(
    world, plan, thu
):
    activity = plan()
    with pytest.raises(ValidationError) as caught:
        services.checkin_by_token(actor=world.outsider, token=services.checkin_token(activity))
    assert "chưa được liên kết" in caught.value.messages[0]
    services.activity_update(actor=world.branch_secretary, activity=activity, state="cancelled")
    with pytest.raises(ValidationError):
        services.checkin_by_token(actor=world.member, token=services.checkin_token(activity))


def test_organisers_tick_and_untick_by_hand(world, branch, plan, thu):
    lan = make_member(world.central_admin, branch, "Trịnh Thị Lan")
    activity = plan()
    added, removed = services.participants_tick(
        actor=world.branch_secretary, activity=activity, add=[thu, lan], remove=[]
    )
    assert (added, removed) == (2, 0)
    added, removed = services.participants_tick(
        actor=world.branch_secretary, activity=activity, add=[], remove=[lan]
    )
    assert (added, removed) == (0, 1)
    activity.refresh_from_db()
    assert activity.participants_count == 1
    assert not MemberEvent.objects.filter(member=lan, kind="activity_took_part").exists()
    with pytest.raises(PermissionDenied):
        services.participants_tick(actor=world.member, activity=activity, add=[lan], remove=[])


def test_a_youth_project_is_handed_over(world, plan):
    project = plan(title="Đường điện thắp sáng xóm", is_project=True,
                   start=timezone.now() - dt.timedelta(days=20), hours=24 * 10)  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.project_handover(
            actor=world.branch_secretary, activity=project,
            handed_over_on=timezone.localdate() + dt.timedelta(days=1), handed_over_to="",
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"handed_over_on", "handed_over_to"}
    services.project_handover(
        actor=world.branch_secretary, activity=project, handed_over_on=timezone.localdate(),
        handed_over_to="Ban Nhân dân thôn Đông",
    )  # fmt: skip
    project.refresh_from_db()
    assert project.handed_over_to == "Ban Nhân dân thôn Đông"


def test_figures_roll_up_the_tree_and_leave_out_cancelled_ones(world, plan, thu):
    b1 = plan(value=0)
    services.activity_update(actor=world.branch_secretary, activity=b1, value=5_000_000,
                             people_reached=120)  # fmt: skip
    plan(unit=world.unit("TA.G1.B2"), title="Tiếp sức mùa thi", is_project=True)
    plan(unit=world.unit("TA.G2.B1"), title="Mùa hè xanh")
    cancelled = plan(title="Hoãn vì mưa bão")
    services.activity_update(actor=world.branch_secretary, activity=cancelled, state="cancelled")
    plan(unit=world.unit("TB.G1.B1"), title="Ngoài tỉnh")
    services.checkin_by_token(actor=world.member, token=services.checkin_token(b1))
    year = timezone.localdate().year

    commune = selectors.unit_figures(unit=world.unit("TA.G1"), year=year)
    province = selectors.unit_figures(unit=world.unit("TA"), year=year)
    assert (commune.activities, commune.projects, commune.value) == (1, 1, 5_000_000)
    assert commune.participations == 1 and commune.people_reached == 120
    assert (province.activities, province.projects) == (2, 1)
    assert selectors.figure_count(world.unit("TA")) == 3
    assert selectors.figure_count_many([world.unit("TA"), world.unit("TB")]) == {
        world.unit("TA").pk: 3, world.unit("TB").pk: 1,
    }  # fmt: skip
    assert selectors.unit_figures(unit=world.unit("TA"), year=year - 1).activities == 0


def test_participation_rate_is_the_share_of_the_units_activities_attended(world, branch, plan, thu):
    year = timezone.localdate().year
    assert selectors.participation_rate(thu, year) is None
    start = timezone.now() - dt.timedelta(minutes=10)
    held = [plan(title=f"Sinh hoạt {i}", start=start) for i in range(4)]
    plan(title="Sắp tới", start=timezone.now() + dt.timedelta(days=3))  # not held yet
    joint = plan(unit=world.unit("TA.G1"), title="Hội thao xã", start=start, other_units=[branch])
    plan(unit=world.unit("TA.G1.B2"), title="Chi đoàn bạn", start=start)  # another branch's
    for activity in [*held[:3], joint]:
        services.checkin_by_token(actor=world.member, token=services.checkin_token(activity))
    assert selectors.participation_rate(thu, year) == pytest.approx(4 / 5)
    summary = selectors.member_activities(member=thu)
    assert (summary.this_year, summary.total) == (4, 4)


def test_a_member_merge_moves_participations(world, branch, plan, thu):
    from chudong.members.services import members_merge

    duplicate = make_member(world.central_admin, branch, "Vũ Thị Thu")
    both, only_duplicate = plan(), plan(title="Học Nghị quyết")
    services.participants_tick(actor=world.branch_secretary, activity=both,
                               add=[thu, duplicate], remove=[])  # fmt: skip
    services.participants_tick(actor=world.branch_secretary, activity=only_duplicate,
                               add=[duplicate], remove=[])  # fmt: skip
    members_merge(actor=world.central_admin, keep=thu, remove=duplicate)
    assert set(Participation.objects.values_list("activity_id", "member_id")) == {
        (both.pk, thu.pk), (only_duplicate.pk, thu.pk),
    }  # fmt: skip
    both.refresh_from_db()
    assert both.participants_count == 1
