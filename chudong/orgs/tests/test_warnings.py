from __future__ import annotations

import io

from chudong.access.models import Role, RoleAssignment
from chudong.orgs import selectors
from chudong.orgs.models import Unit


def test_it_counts_rows_in_each_sub_unit_subtree_in_one_query(world, django_assert_num_queries):
    children = [world.unit("TA.G1"), world.unit("TA.G2")]
    branches = Unit.objects.filter(kind__is_branch=True)

    with django_assert_num_queries(1):
        counts = selectors.count_in_subtrees(children, branches, "path")

    assert counts == {children[0].pk: 2, children[1].pk: 1}
    assert selectors.count_in_subtrees([world.unit("TA")], branches, "path") == {
        world.unit("TA").pk: 3
    }


def test_it_warns_about_units_without_a_secretary_until_one_is_appointed(world, login):
    # TA.G1 and TA.G1.B1 have secretaries in the base world; TA.G1.B2, TA.G2, TA.G2.B1 not.
    client = login(world.staff_a)
    page = client.get(f"/units/{world.unit('TA').pk}/").content.decode()
    assert "Grassroots unions and branches without a secretary" in page or "chưa có Bí thư" in page

    table = selectors.sub_unit_warnings(actor=world.staff_a, unit=world.unit("TA"))
    column = [w.key for w in table.columns].index("no_secretary")
    assert {u.code: counts[column] for u, counts in table.rows} == {"TA.G1": 1, "TA.G2": 2}

    RoleAssignment.objects.create(
        user=world.outsider, unit=world.unit("TA.G1.B2"), role=Role.objects.get(code="secretary"),
        start_date=world.unit("TA").valid_from,
    )  # fmt: skip
    table = selectors.sub_unit_warnings(actor=world.staff_a, unit=world.unit("TA"))
    assert {u.code: counts[column] for u, counts in table.rows} == {"TA.G1": 0, "TA.G2": 2}
    warnings_page = client.get(f"/units/{world.unit('TA').pk}/warnings/").content.decode()
    assert "Đoàn trường THPT Sao Mai" in warnings_page


def test_a_unit_pages_warning_counts_are_kept_a_while_and_counted_again_on_demand(
    world, login, settings
):
    """In production the counts are kept CHUDONG_WARNINGS_CACHE_SECONDS: the page says when
    they were counted, and its "count again now" link recounts them at once."""
    settings.CHUDONG_WARNINGS_CACHE_SECONDS = 300
    unit = world.unit("TA.G1")
    client = login(world.secretary)
    lines = selectors.unit_warnings(actor=world.secretary, unit=unit)
    without_secretary = {w.key: w.count for w in lines}["no_secretary"]
    assert without_secretary == 1  # TA.G1.B2
    assert lines.as_of is not None
    page = client.get(f"/units/{unit.pk}/").content.decode()
    assert "Số liệu tính lúc" in page and 'href="?fresh=1"' in page

    RoleAssignment.objects.create(
        user=world.outsider, unit=world.unit("TA.G1.B2"), role=Role.objects.get(code="secretary"),
        start_date=unit.valid_from,
    )  # fmt: skip
    kept = selectors.unit_warnings(actor=world.secretary, unit=unit)
    assert {w.key: w.count for w in kept}["no_secretary"] == 1  # as counted before
    assert "no_secretary" not in {
        w.key for w in selectors.unit_warnings(actor=world.secretary, unit=unit, fresh=True)
    }
    page = client.get(f"/units/{unit.pk}/?fresh=1").content.decode()
    assert "chưa có Bí thư" not in page
    # A member without the capability of a warning never sees its kept count.
    assert selectors.unit_warnings(actor=world.outsider, unit=unit) == []


def test_the_nightly_refresh_keeps_every_units_counts_and_the_page_reads_them(
    world, login, settings, django_assert_max_num_queries
):
    """`warnings_refresh` counts each parent's sub-units in grouped queries; the counts equal
    those of a fresh count, and a page opened afterwards reads the kept row instead of
    asking every app again."""
    from django.core.management import call_command

    from chudong.orgs.models import UnitWarningCounts

    settings.CHUDONG_WARNINGS_CACHE_SECONDS = 300
    call_command("warnings_refresh", stdout=io.StringIO())
    units = list(Unit.objects.filter(kind__is_branch=False))
    kept = {row.unit_id: row for row in UnitWarningCounts.objects.all()}
    assert set(kept) == {u.pk for u in units}
    admin = world.central_admin
    for unit in units:
        fresh = selectors.unit_warnings(actor=admin, unit=unit, fresh=True)
        assert {k: n for k, n in kept[unit.pk].counts.items() if n} == {
            w.key: w.count for w in fresh
        }, unit.code
    g1 = world.unit("TA.G1")
    assert kept[g1.pk].counts["no_secretary"] == 1
    before = UnitWarningCounts.objects.get(unit=g1).computed_at
    with django_assert_max_num_queries(3):  # the row, and nothing from the apps
        lines = selectors.unit_warnings(actor=admin, unit=g1)
    assert lines.as_of == before
    assert {w.key: w.count for w in lines}["no_secretary"] == 1


def test_kept_counts_expire_and_a_new_day_counts_again(world, settings):
    import datetime as dt

    from django.utils import timezone

    from chudong.orgs.models import UnitWarningCounts

    settings.CHUDONG_WARNINGS_CACHE_SECONDS = 300
    unit = world.unit("TA.G1")
    selectors.unit_warnings(actor=world.secretary, unit=unit)
    row = UnitWarningCounts.objects.get(unit=unit)
    row.counts = {**row.counts, "no_secretary": 7}
    row.save()
    lines = selectors.unit_warnings(actor=world.secretary, unit=unit)
    assert {w.key: w.count for w in lines}["no_secretary"] == 7  # kept
    UnitWarningCounts.objects.filter(unit=unit).update(
        computed_at=timezone.now() - dt.timedelta(seconds=301)
    )
    lines = selectors.unit_warnings(actor=world.secretary, unit=unit)
    assert {w.key: w.count for w in lines}["no_secretary"] == 1  # too old: counted again
    UnitWarningCounts.objects.filter(unit=unit).update(counts={"no_secretary": 9})
    tomorrow = unit.valid_from + dt.timedelta(days=3650)
    counted = selectors.unit_warnings(actor=world.secretary, unit=unit, day=tomorrow)
    assert {w.key: w.count for w in counted}.get("no_secretary") != 9
