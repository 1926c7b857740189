"""Missed meetings across a three-level tree (province → grassroots union → branch): flagged
to the branch itself and counted for every level above; never for a period that has not
ended, nor before a branch was founded. The warning and the list read MeetingYear, so
their query counts do not depend on the number of branches or meetings."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from chudong.meetings import selectors, services, status
from chudong.orgs import services as org_services
from chudong.orgs.models import UnitKind
from chudong.orgs.selectors import sub_unit_warnings, unit_warnings

from .conftest import held

JAN_TO_OCT = list(range(1, 11))


@pytest.fixture
def year_2026(world, today):
    """TA.G1.B1 held every ended month; TA.G1.B2 none; TA.G2.B1 all but March; TB.G1.B1 all.
    November has not ended on 22/11/2026, so nobody owes it yet."""
    held(world.unit("TA.G1.B1"), JAN_TO_OCT)
    held(world.unit("TA.G2.B1"), [m for m in JAN_TO_OCT if m != 3])
    held(world.unit("TB.G1.B1"), JAN_TO_OCT)
    status.refresh_year(2026)
    return world


def _counts(world, codes, day=dt.date(2026, 11, 22)):
    units = [world.unit(c) for c in codes]
    found = selectors.missed_counts(units, day)
    return {u.code: found[u.pk] for u in units}


def test_it_counts_the_branches_that_missed_at_every_level(year_2026):
    world = year_2026
    assert _counts(world, ["ROOT"]) == {"ROOT": 2}
    assert _counts(world, ["TA", "TB"]) == {"TA": 2, "TB": 0}
    assert _counts(world, ["TA.G1", "TA.G2"]) == {"TA.G1": 1, "TA.G2": 1}
    assert _counts(world, ["TA.G1.B1", "TA.G1.B2"]) == {"TA.G1.B1": 0, "TA.G1.B2": 1}


def test_a_period_that_has_not_ended_is_not_missed(year_2026):
    world = year_2026
    # On 31 October, October has not ended: TA.G1.B1 (held Jan–Oct) and TA.G2.B1 fine
    # until March... which had ended: still flagged.
    assert _counts(world, ["TA.G1", "TA.G2"], dt.date(2026, 10, 31)) == {"TA.G1": 1, "TA.G2": 1}
    # On 1 December, November has ended without a meeting anywhere.
    assert _counts(world, ["TA", "TB"], dt.date(2026, 12, 1)) == {"TA": 3, "TB": 1}


def test_a_branch_founded_during_the_year_owes_nothing_before(year_2026, today):
    world = year_2026
    new = org_services.unit_create(
        actor=world.central_admin, parent=world.unit("TA.G1"),
        kind=UnitKind.objects.get(code="branch"), name="Chi đoàn thôn Nam", code="TA.G1.B3",
        effective_on=dt.date(2026, 10, 10),
    )  # fmt: skip
    status.refresh_year(2026)
    row = status.MeetingYear.objects.get(unit=new, year=2026)
    assert row.due_from == dt.date(2026, 11, 1)
    assert _counts(world, ["TA.G1"]) == {"TA.G1": 1}  # still only TA.G1.B2
    assert _counts(world, ["TA.G1"], dt.date(2026, 12, 1))["TA.G1"] == 3  # now it owes November


def test_recording_the_missed_month_clears_the_flag(year_2026, make_member):
    world = year_2026
    branch = world.unit("TA.G2.B1")
    make_member("TA.G2.B1")
    with time_machine.travel(dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC), tick=False):
        services.meeting_record(
            actor=world.staff_a, unit=branch, held_on=dt.date(2026, 3, 28), mode="online",
            topic="Sinh hoạt bù tháng 3", attendance={},
        )  # fmt: skip
    assert _counts(world, ["TA.G2"]) == {"TA.G2": 0}


def test_the_branch_sees_its_own_missed_months_and_the_level_above_sees_the_count(year_2026, login):
    world = year_2026
    client = login(world.branch_secretary)
    branch = world.unit("TA.G1.B1")
    body = client.get(f"/units/{branch.pk}/meetings/?year=2026").content.decode()
    assert "mt-missed" not in body  # every ended month held
    b2 = world.unit("TA.G1.B2")
    secretary = login(world.secretary)
    body = secretary.get(f"/units/{b2.pk}/meetings/?year=2026").content.decode()
    assert "mt-missed" in body and "01/2026" in body and "10/2026" in body
    assert "11/2026</strong>" not in body.split("mt-missed")[1].split("</section>")[0]
    lines = unit_warnings(
        actor=world.secretary, unit=world.unit("TA.G1"), day=dt.date(2026, 11, 22)
    )
    assert [(w.key, w.count) for w in lines if w.key == "meetings_missed"] == [
        ("meetings_missed", 1)
    ]
    table = sub_unit_warnings(actor=world.staff_a, unit=world.unit("TA"), day=dt.date(2026, 11, 22))
    column = [w.key for w in table.columns].index("meetings_missed")
    assert {u.code: counts[column] for u, counts in table.rows} == {"TA.G1": 1, "TA.G2": 1}


def test_the_missed_page_lists_the_branches_by_sub_unit(year_2026, login):
    world = year_2026
    client = login(world.staff_a)
    body = client.get(f"/units/{world.unit('TA').pk}/meetings/missed/?year=2026").content.decode()
    assert "Đoàn xã Bình Minh" in body and "Chi đoàn thôn Tây" in body
    assert "Đoàn trường THPT Sao Mai" in body and "Chi đoàn lớp 12A" in body
    assert "Chi đoàn thôn Đông" not in body
    assert "03/2026" in body
    assert "Chi đoàn tổ 3" not in body  # another province


def test_query_counts_are_pinned(year_2026, login, django_assert_num_queries):
    world = year_2026
    day = dt.date(2026, 11, 22)
    with django_assert_num_queries(1):
        selectors.missed_counts([world.unit("TA"), world.unit("TB")], day)  # siblings: grouped
    with django_assert_num_queries(1):
        selectors.missed_counts([world.unit("TA")], day)
    client = login(world.staff_a)
    url = f"/units/{world.unit('TA').pk}/meetings/missed/?year=2026"
    client.get(url)  # warm the session and rules caches
    with django_assert_num_queries(MISSED_PAGE_QUERIES):
        body = client.get(url).content.decode()
    assert body.count("mt-branch") == 2
    kind = UnitKind.objects.get(code="branch")
    for i in range(6):
        org_services.unit_create(
            actor=world.central_admin, parent=world.unit("TA.G2"), kind=kind,
            name=f"Chi đoàn lớp 11A{i}", code=f"TA.G2.X{i}", effective_on=dt.date(2025, 1, 1),
        )  # fmt: skip
    status.refresh_year(2026)
    with django_assert_num_queries(MISSED_PAGE_QUERIES):
        body = client.get(url).content.decode()
    assert body.count("mt-branch") == 8


# session, user, grants, unit, breadcrumbs, count, rows, sub-units, branches followed
MISSED_PAGE_QUERIES = 8


def test_the_unit_pages_do_not_grow_with_the_tree(year_2026, login, django_assert_num_queries):
    world = year_2026
    client = login(world.staff_a)
    province = f"/units/{world.unit('TA').pk}/meetings/?year=2026"
    branch = f"/units/{world.unit('TA.G2.B1').pk}/meetings/?year=2026"
    client.get(province)
    client.get(branch)
    with django_assert_num_queries(UNIT_PAGE_QUERIES):
        body = client.get(province).content.decode()
    assert "Đoàn xã Bình Minh" in body and "Đoàn trường THPT Sao Mai" in body
    with django_assert_num_queries(BRANCH_PAGE_QUERIES):
        body = client.get(branch).content.decode()
    assert "03/2026" in body
    kind = UnitKind.objects.get(code="branch")
    for i in range(4):
        org_services.unit_create(
            actor=world.central_admin, parent=world.unit("TA.G2"), kind=kind,
            name=f"Chi đoàn lớp 10A{i}", code=f"TA.G2.Y{i}", effective_on=dt.date(2025, 1, 1),
        )  # fmt: skip
    held(world.unit("TA.G2.B1"), [11, 12])
    status.refresh_year(2026)
    with django_assert_num_queries(UNIT_PAGE_QUERIES):
        client.get(province)
    with django_assert_num_queries(BRANCH_PAGE_QUERIES):
        client.get(branch)


# session, user, grants, unit, children, grouped roll-up, warning count (a province's
# staff see no unit above it: no breadcrumb query)
UNIT_PAGE_QUERIES = 7
# session, user, grants, unit, breadcrumbs, meetings of the year, its summary row
BRANCH_PAGE_QUERIES = 7


def test_a_year_before_the_rules_falls_back_to_the_current_year(world, login):
    """A year no dated rule covers (here 2000) is not a crash: the page shows the default
    year (found by the API's schemathesis run)."""
    response = login(world.branch_secretary).get(
        f"/units/{world.unit('TA.G1.B1').pk}/meetings/", {"year": 2000}
    )
    assert response.status_code == 200
