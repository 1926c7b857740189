from __future__ import annotations

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
    from django.core.cache import cache

    cache.clear()
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
    cache.clear()
