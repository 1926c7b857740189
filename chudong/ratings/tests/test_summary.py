"""Roll-ups of approved ratings up the tree equal real counts; the Excel export carries
them; the member list filters by a year's rating; the warning "members not rated at year
end" counts, from 1 January, current members eligible for the year just ended."""

from __future__ import annotations

import datetime as dt
import io
import random

import time_machine
from django.db.models import Count
from openpyxl import load_workbook

from chudong.ratings import selectors, services
from chudong.ratings.models import MemberRating

DECEMBER = dt.datetime(2025, 12, 15, 9, tzinfo=dt.UTC)
JANUARY = dt.datetime(2026, 1, 3, 9, tzinfo=dt.UTC)
LEVELS = ["excellent", "good", "completed", "not_completed"]


def _rate_branch(world, code, levels, approve=True):
    unit = world.unit(code)
    services.rating_sheet_save(
        actor=world.central_admin,
        unit=unit,
        year=2025,
        entries=[services.RatingEntry(m.pk, level) for m, level in levels.items()],
    )
    if approve:
        services.rating_sheet_submit(actor=world.central_admin, unit=unit, year=2025)
        services.rating_sheet_approve(actor=world.staff_a, unit=unit, year=2025)


def _grassroots_counts(world, code):
    """Approved rated rows per level under `code`, counted straight from the table."""
    rows = (
        MemberRating.objects.filter(
            approved=True, year=2025, unit_path__startswith=world.unit(code).path, kind="rated"
        )
        .values("level")
        .annotate(n=Count("pk"))
    )
    return {row["level"]: row["n"] for row in rows}


def test_the_roll_up_equals_real_counts_at_every_level(world, make_member, login):
    rng = random.Random(7)
    branches = ["TA.G1.B1", "TA.G1.B2", "TA.G2.B1"]
    with time_machine.travel(DECEMBER):
        plan = {}
        for code in branches:
            members = [
                make_member(code, since=dt.date(2024, 1, 1)) for _ in range(rng.randint(4, 9))
            ]
            plan[code] = {m: rng.choice(LEVELS[1:]) for m in members}
        _rate_branch(world, "TA.G1.B1", plan["TA.G1.B1"])
        _rate_branch(world, "TA.G1.B2", plan["TA.G1.B2"])
        _rate_branch(world, "TA.G2.B1", plan["TA.G2.B1"], approve=False)
        summary = selectors.rating_summary(actor=world.staff_a, unit=world.unit("TA"), year=2025)

    rows = {row.unit.code: row for row in summary.rows}
    assert rows["TA.G1"].counts == _grassroots_counts(world, "TA.G1")
    assert rows["TA.G2"].counts == {}  # not approved yet
    assert rows["TA.G2"].pending == len(plan["TA.G2.B1"])
    assert summary.total.counts == _grassroots_counts(world, "TA")
    expected_rated = len(plan["TA.G1.B1"]) + len(plan["TA.G1.B2"])
    assert summary.total.rated == expected_rated
    good = sum(1 for p in (plan["TA.G1.B1"], plan["TA.G1.B2"]) for v in p.values() if v == "good")
    assert summary.total.good_and_above(summary.levels) == good
    assert summary.total.share_text == f"{good / expected_rated * 100:.1f}%"
    assert (rows["TA.G1"].branches_approved, rows["TA.G1"].branches) == (2, 2)
    assert (rows["TA.G2"].branches_approved, rows["TA.G2"].branches) == (0, 1)
    # Each level of the grassroots union equals the sum over its branches.
    g1 = selectors.rating_summary(actor=world.staff_a, unit=world.unit("TA.G1"), year=2025)
    for level in LEVELS:
        assert g1.total.counts.get(level, 0) == sum(r.counts.get(level, 0) for r in g1.rows)

    # The page and the Excel file show the same figures.
    with time_machine.travel(DECEMBER):
        client = login(world.staff_a)
        page = client.get(f"/units/{world.unit('TA').pk}/ratings/?year=2025").content.decode()
        assert summary.total.share_text in page and "Đoàn xã Bình Minh" in page
        response = client.get(f"/units/{world.unit('TA').pk}/ratings/summary.xlsx?year=2025")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    lines = [row for row in sheet.iter_rows(values_only=True) if row and row[0]]
    header = next(row for row in lines if row[0] == "Đơn vị")
    total = next(row for row in lines if row[0] == "Tỉnh đoàn Hải Đăng")
    assert header[1] == "Hoàn thành xuất sắc nhiệm vụ"
    assert total[header.index("Được xếp loại")] == expected_rated


def test_the_member_list_filters_by_the_rating_of_a_year(world, make_member, login):
    with time_machine.travel(DECEMBER):
        good = make_member(full_name="Lý Văn Tốt", since=dt.date(2024, 1, 1))
        done = make_member(full_name="Mai Thị Đạt", sex="female", since=dt.date(2024, 1, 1))
        _rate_branch(world, "TA.G1.B1", {good: "good", done: "completed"})
        client = login(world.secretary)
        url = f"/units/{world.unit('TA.G1').pk}/members/"
        page = client.get(url, {"x_rating": "2025:good", "status": "current"}).content.decode()
        assert "Lý Văn Tốt" in page and "Mai Thị Đạt" not in page
        form = client.get(url).content.decode()
        assert "2025: Hoàn thành tốt nhiệm vụ" in form
        assert "2022: Đoàn viên khá" in form  # earlier years use their own names


def test_the_unrated_warning_counts_eligible_members_from_the_first_of_january(
    world, make_member, login
):
    with time_machine.travel(DECEMBER):
        rated = make_member(since=dt.date(2024, 8, 1))
        unrated = [make_member(since=dt.date(2024, 8, 1)) for _ in range(3)]
        make_member(since=dt.date(2025, 10, 1))  # too recent
        make_member("TA.G2.B1", since=dt.date(2024, 8, 1))
        _rate_branch(world, "TA.G1.B1", {rated: "good"}, approve=False)
        units = [world.unit("TA.G1"), world.unit("TA.G2")]
        # During 2025 the warning is about 2024: nobody had six months in a unit by then.
        assert selectors.unrated_counts(units, dt.date(2025, 12, 15)) == {
            units[0].pk: 0,
            units[1].pk: 0,
        }
    with time_machine.travel(JANUARY):
        # Saved but not approved: all four branch members still count.
        counts = selectors.unrated_counts(units, dt.date(2026, 1, 3))
        assert counts == {units[0].pk: 4, units[1].pk: 1}
        client = login(world.secretary)
        page = client.get(f"/units/{world.unit('TA.G1').pk}/").content.decode()
        assert "Đoàn viên chưa được xếp loại cuối năm" in page
        listing = client.get(f"/units/{world.unit('TA.G1').pk}/ratings/unrated/").content.decode()
        assert all(m.full_name in listing for m in [rated, *unrated])
        _rate_branch(world, "TA.G1.B1", {m: "good" for m in [rated, *unrated]})
        assert selectors.unrated_counts(units, dt.date(2026, 1, 3)) == {
            units[0].pk: 0,
            units[1].pk: 1,
        }
        listing = client.get(f"/units/{world.unit('TA.G1').pk}/ratings/unrated/").content.decode()
    assert not any(m.full_name in listing for m in [rated, *unrated])
