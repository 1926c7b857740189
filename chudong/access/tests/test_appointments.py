"""Appointing and ending the leadership of units: by the upper level only, never handing
out more than the appointer holds, without overlapping terms; posts end when their unit
leaves the tree."""

from __future__ import annotations

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from chudong.access import policy, services
from chudong.access.capabilities import Cap
from chudong.access.models import Role, RoleAssignment
from chudong.accounts.models import User
from chudong.orgs import services as org_services
from chudong.orgs.models import Unit

TODAY = dt.date(dt.date.today().year + 1, 3, 2)
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen_today():
    moment = dt.datetime.combine(TODAY, dt.time(9, 30), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment), translation.override("en"):
        yield


@pytest.fixture
def browse(login):
    def _browse(user):
        client = login(user)
        client.cookies["django_language"] = "en"
        return client

    return _browse


def role(code: str) -> Role:
    return Role.objects.get(code=code)


def fresh_user(user):
    return type(user).objects.get(pk=user.pk)


def text(response) -> str:
    body = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(body.split())


def ddmmyyyy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- appoint -----------------------------------------------------------------------------


def test_it_appoints_a_person_who_then_works_at_the_unit(world):
    # Given the outsider, who holds no role anywhere
    assert policy.grants(fresh_user(world.outsider)) == []

    # When the province staff appoint them secretary of the school union
    assignment = services.role_appoint(
        actor=world.staff_a, user=world.outsider, unit=world.unit("TA.G2"), role=role("secretary"),
        start_date=TODAY, decision_number=" 21-QĐ/TĐTN ", note=" Bầu tại đại hội ",
    )  # fmt: skip

    # Then the post is recorded with who appointed them and on which decision
    assignment.refresh_from_db()
    assert (assignment.start_date, assignment.end_date) == (TODAY, None)
    assert (assignment.decision_number, assignment.note) == ("21-QĐ/TĐTN", "Bầu tại đại hội")
    assert assignment.appointed_by == world.staff_a
    assert assignment.history.get().history_user == world.staff_a
    # and the new secretary sees the school union and may staff its branch.
    user = fresh_user(world.outsider)
    assert policy.can(user, Cap.UNITS_MANAGE, world.unit("TA.G2"))
    assert policy.can(user, Cap.ROLES_MANAGE, world.unit("TA.G2.B1"))
    assert not policy.can(user, Cap.UNITS_VIEW, world.unit("TA.G1"))


def test_it_refuses_to_grant_capabilities_beyond_the_appointers_own(world):
    branch = world.unit("TA.G1.B1")

    # A grassroots secretary cannot make anyone province staff or data-protection officer
    for role_code in ("staff", "data-protection", "central-admin"):
        with pytest.raises(PermissionDenied):
            services.role_appoint(
                actor=world.secretary, user=world.outsider, unit=branch, role=role(role_code),
                start_date=TODAY,
            )  # fmt: skip
    # and province staff cannot create a data-protection officer either (no audit.view).
    with pytest.raises(PermissionDenied):
        services.role_appoint(
            actor=world.staff_a, user=world.outsider, unit=world.unit("TA.G1"),
            role=role("data-protection"), start_date=TODAY,
        )  # fmt: skip

    assert not RoleAssignment.objects.filter(user=world.outsider).exists()


def test_it_leaves_appointments_at_a_unit_to_the_level_above_it(world):
    # The secretary may not staff their own union (nor re-appoint themselves)...
    with pytest.raises(PermissionDenied):
        services.role_appoint(
            actor=world.secretary, user=world.outsider, unit=world.unit("TA.G1"),
            role=role("deputy-secretary"), start_date=TODAY,
        )  # fmt: skip
    # ...province B's staff do not even see it, and a member appoints nobody.
    with pytest.raises(Http404):
        services.role_appoint(
            actor=world.staff_b, user=world.outsider, unit=world.unit("TA.G1"),
            role=role("member"), start_date=TODAY,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.role_appoint(
            actor=world.member, user=world.outsider, unit=world.unit("TA.G1.B1"),
            role=role("member"), start_date=TODAY,
        )  # fmt: skip
    # But the secretary staffs the branches below the union.
    services.role_appoint(
        actor=world.secretary, user=world.outsider, unit=world.unit("TA.G1.B1"),
        role=role("deputy-secretary"), start_date=TODAY,
    )  # fmt: skip
    assert RoleAssignment.objects.filter(user=world.outsider).count() == 1


def test_it_refuses_overlapping_terms_of_the_same_post(world):
    branch = world.unit("TA.G1.B2")

    def appoint(start, end=None, role_code="secretary"):
        return services.role_appoint(
            actor=world.secretary, user=world.outsider, unit=branch, role=role(role_code),
            start_date=start, end_date=end,
        )  # fmt: skip

    # Given a term from 2020 to 2022
    appoint(dt.date(2020, 1, 1), dt.date(2022, 12, 31))

    # Then a term that overlaps it at either end, or covers it, is refused
    for start, end in [
        (dt.date(2019, 1, 1), dt.date(2020, 1, 1)),
        (dt.date(2022, 12, 31), None),
        (dt.date(2018, 1, 1), None),
        (dt.date(2021, 1, 1), dt.date(2021, 6, 30)),
    ]:
        with pytest.raises(ValidationError, match="already holds"):
            appoint(start, end)
    # while the next term, and another post at the same time, are fine.
    appoint(dt.date(2023, 1, 1))
    appoint(dt.date(2021, 1, 1), role_code="member")
    assert RoleAssignment.objects.filter(user=world.outsider, unit=branch).count() == 3


def test_it_refuses_reversed_dates_and_units_that_left_the_tree(world):
    with pytest.raises(ValidationError) as reversed_dates:
        services.role_appoint(
            actor=world.secretary, user=world.outsider, unit=world.unit("TA.G1.B2"),
            role=role("member"), start_date=TODAY, end_date=YESTERDAY,
        )  # fmt: skip
    assert "end_date" in reversed_dates.value.message_dict

    org_services.unit_dissolve(
        actor=world.staff_a, unit=world.unit("TA.G2.B1"), effective_on=TODAY, reason="Ra trường"
    )
    with pytest.raises(ValidationError, match="no longer active"):
        services.role_appoint(
            actor=world.staff_a, user=world.outsider, unit=Unit.objects.get(code="TA.G2.B1"),
            role=role("secretary"), start_date=TODAY,
        )  # fmt: skip
    assert not RoleAssignment.objects.filter(user=world.outsider).exists()


# --- end ---------------------------------------------------------------------------------


def test_it_ends_a_post_on_its_last_day(world):
    assignment = RoleAssignment.objects.get(user=world.branch_secretary)

    services.role_end(
        actor=world.secretary, assignment=assignment, end_date=TODAY, note="Hết nhiệm kỳ"
    )

    assignment.refresh_from_db()
    assert assignment.end_date == TODAY
    assert assignment.note == "Hết nhiệm kỳ"
    assert assignment.history.first().history_user == world.secretary
    # The last day still counts; the day after, the former secretary has no grants.
    assert policy.grants(fresh_user(world.branch_secretary))
    with time_machine.travel(dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(8, 0))):
        assert policy.grants(fresh_user(world.branch_secretary)) == []


def test_it_refuses_to_end_a_post_before_it_began_or_twice(world):
    assignment = RoleAssignment.objects.get(user=world.branch_secretary)

    with pytest.raises(ValidationError) as too_early:
        services.role_end(
            actor=world.secretary, assignment=assignment, end_date=dt.date(2015, 1, 1)
        )
    assert "26/03/2015" in too_early.value.message_dict["end_date"][0]
    services.role_end(actor=world.secretary, assignment=assignment, end_date=YESTERDAY)
    with pytest.raises(ValidationError, match="already ends"):
        services.role_end(actor=world.secretary, assignment=assignment, end_date=TODAY)
    assert RoleAssignment.objects.get(pk=assignment.pk).end_date == YESTERDAY


def test_it_lets_only_the_level_above_end_a_post(world):
    own = RoleAssignment.objects.get(user=world.secretary)

    with pytest.raises(PermissionDenied):
        services.role_end(actor=world.secretary, assignment=own, end_date=TODAY)
    with pytest.raises(Http404):
        services.role_end(actor=world.staff_b, assignment=own, end_date=TODAY)
    assert RoleAssignment.objects.get(pk=own.pk).end_date is None
    services.role_end(actor=world.staff_a, assignment=own, end_date=TODAY)
    assert RoleAssignment.objects.get(pk=own.pk).end_date == TODAY


def test_it_ends_the_posts_of_a_unit_that_leaves_the_tree(world):
    branch = world.unit("TA.G1.B1")
    # Given, besides the secretary and the member, a past post and one due to start later
    past = RoleAssignment.objects.create(
        user=world.outsider, unit=branch, role=role("member"),
        start_date=dt.date(2016, 1, 1), end_date=dt.date(2017, 1, 1),
    )  # fmt: skip
    later = RoleAssignment.objects.create(
        user=world.outsider, unit=branch, role=role("secretary"),
        start_date=TODAY + dt.timedelta(days=30),
    )  # fmt: skip

    # When the branch merges into its neighbour today
    org_services.units_merge(
        actor=world.secretary, sources=[branch], into=world.unit("TA.G1.B2"), effective_on=TODAY
    )

    # Then every post still open ends yesterday (the branch's last day); the past one stays,
    # and the one due later ends before it began to matter.
    ends = dict(
        RoleAssignment.objects.filter(unit=branch).values_list("user__username", "end_date")
    )
    assert ends["branch.secretary"] == YESTERDAY
    assert ends["member"] == YESTERDAY
    ended = RoleAssignment.objects.get(user=world.member)
    assert ended.history.first().history_user == world.secretary
    assert RoleAssignment.objects.get(pk=past.pk).end_date == dt.date(2017, 1, 1)
    assert RoleAssignment.objects.get(pk=later.pk).end_date == later.start_date
    assert policy.grants(fresh_user(world.member)) == []


# --- pages -------------------------------------------------------------------------------


def test_it_shows_the_leadership_page_with_the_appoint_form_only_to_the_level_above(world, browse):
    commune = world.unit("TA.G1")

    as_staff = browse(world.staff_a).get(f"/units/{commune.pk}/leadership/")
    as_secretary = browse(world.secretary).get(f"/units/{commune.pk}/leadership/")

    assert "Lê Thị Bình" in text(as_staff)
    assert as_staff.context["form"] is not None
    assert "Appoint" in text(as_staff)
    assert "Lê Thị Bình" in text(as_secretary)
    assert as_secretary.context["form"] is None
    # Only roles the appointer could hold themselves are offered.
    offered = {r.code for r in as_staff.context["form"].fields["role"].queryset}
    assert "secretary" in offered and "data-protection" not in offered


def test_it_appoints_an_existing_account_from_the_page(world, browse):
    branch = world.unit("TA.G1.B1")

    response = browse(world.secretary).post(
        f"/units/{branch.pk}/leadership/",
        {
            "role": role("deputy-secretary").pk, "user": world.member.pk,
            "start_date": ddmmyyyy(TODAY), "decision_number": "5-QĐ/ĐTN",
        },
    )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == f"/units/{branch.pk}/leadership/"
    assignment = RoleAssignment.objects.get(user=world.member, role__code="deputy-secretary")
    assert (assignment.unit, assignment.appointed_by, assignment.decision_number) == (
        branch, world.secretary, "5-QĐ/ĐTN",
    )  # fmt: skip
    page = text(browse(world.secretary).get(response["Location"]))
    assert "Vũ Thị Thu has been appointed Phó Bí thư." in page


def test_it_appoints_a_new_person_creating_their_account(world, browse):
    branch = world.unit("TA.G1.B2")

    response = browse(world.secretary).post(
        f"/units/{branch.pk}/leadership/",
        {
            "role": role("secretary").pk, "full_name": "  trần   văn  mới ",
            "username": "Tran.Moi", "phone": "+84 912 000 999", "email": "moi@example.org",
            "start_date": ddmmyyyy(TODAY),
        },
    )  # fmt: skip

    assert response.status_code == 302
    person = User.objects.get(username="tran.moi")
    assert (person.full_name, person.phone, person.email) == (
        "Trần Văn Mới", "0912000999", "moi@example.org",
    )  # fmt: skip
    assignment = RoleAssignment.objects.get(user=person)
    assert (assignment.unit, assignment.role.code) == (branch, "secretary")


def test_it_creates_no_account_when_the_appointment_fails(world, browse):
    branch = world.unit("TA.G1.B2")
    client = browse(world.secretary)

    # A username already taken is shown on the field; nothing is created
    taken = client.post(
        f"/units/{branch.pk}/leadership/",
        {
            "role": role("secretary").pk, "full_name": "Người Mới", "username": "member",
            "start_date": ddmmyyyy(TODAY),
        },
    )  # fmt: skip
    assert taken.context["form"].errors["username"] == ["This username is already taken."]
    # and when the account could be made but the appointment is refused (end before start),
    # the account is not left behind either.
    reversed_dates = client.post(
        f"/units/{branch.pk}/leadership/",
        {
            "role": role("secretary").pk, "full_name": "Người Mới", "username": "nguoi.moi",
            "start_date": ddmmyyyy(TODAY), "end_date": ddmmyyyy(YESTERDAY),
        },
    )  # fmt: skip
    assert reversed_dates.status_code == 200
    assert not User.objects.filter(username="nguoi.moi").exists()
    assert not RoleAssignment.objects.filter(unit=branch).exists()


def test_it_refuses_roles_and_people_the_page_does_not_offer(world, browse):
    branch = world.unit("TA.G1.B2")

    response = browse(world.secretary).post(
        f"/units/{branch.pk}/leadership/",
        {"role": role("staff").pk, "user": world.staff_b.pk, "start_date": ddmmyyyy(TODAY)},
    )

    form = response.context["form"]
    assert {"role", "user"} <= set(form.errors)
    assert not RoleAssignment.objects.filter(unit=branch).exists()


def test_it_finds_people_to_appoint_by_name_without_accents(world, browse):
    branch = world.unit("TA.G1.B1")
    client = browse(world.secretary)

    found = client.get(f"/units/{branch.pk}/leadership/people/", {"q": "vu thi"})
    by_phone = client.get(f"/units/{branch.pk}/leadership/people/", {"q": "thu"})

    assert "Vũ Thị Thu" in text(found)
    assert "Vũ Thị Thu" in text(by_phone)
    # People from outside the secretary's units are never offered.
    assert "Phạm Văn Ngân" not in text(
        client.get(f"/units/{branch.pk}/leadership/people/", {"q": "ngan"})
    )


def test_it_ends_a_post_from_the_page(world, browse):
    branch = world.unit("TA.G1.B1")
    assignment = RoleAssignment.objects.get(user=world.branch_secretary)
    client = browse(world.secretary)

    form = client.get(f"/units/{branch.pk}/leadership/{assignment.pk}/end/")
    response = client.post(
        f"/units/{branch.pk}/leadership/{assignment.pk}/end/",
        {"end_date": ddmmyyyy(TODAY), "note": "Chuyển công tác"},
    )

    assert "Hoàng Văn Đông" in text(form)
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.end_date, assignment.note) == (TODAY, "Chuyển công tác")
    # An assignment is only reachable through the unit it belongs to.
    other = RoleAssignment.objects.get(user=world.member)
    wrong_unit = client.get(f"/units/{world.unit('TA.G1.B2').pk}/leadership/{other.pk}/end/")
    assert wrong_unit.status_code == 404
