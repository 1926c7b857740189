"""The member list: scope, filters, name order, keyset pages, live search, query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chudong.access.models import SensitiveReadLog
from chudong.core.text import name_sort_key, split_full_name
from chudong.members import selectors, services
from chudong.members.models import Member
from chudong.privacy.tests.consents import consent_to


def _names(page):
    return [m.full_name for m in page.members]


def test_it_lists_the_whole_subtree_in_vietnamese_name_order(world, make_member):
    make_member("TA.G1.B1", "Trần Văn Bình")
    make_member("TA.G1.B2", "Nguyễn Thị Ánh")
    make_member("TA.G2.B1", "Lê Văn Anh")
    make_member("TA.G1.B1", "Phạm Đức Anh")
    make_member("TB.G1.B1", "Hoàng Văn An")  # province B
    page = selectors.member_list(
        actor=world.staff_a, unit=world.unit("TA"), filters=selectors.MemberFilters()
    )
    names = _names(page)
    # By given name first (Anh, Ánh, Bình), never by family name; core.text decides ties.
    assert names[0] == "Phạm Đức Anh" and names[-1] == "Trần Văn Bình"
    assert names == sorted(names, key=lambda n: name_sort_key(*split_full_name(n)))
    assert "Hoàng Văn An" not in names
    assert page.count == 4


def test_it_never_shows_province_a_members_to_province_b_staff(world, make_member, login):
    make_member("TA.G1.B1", "Trần Văn Bình")
    make_member("TB.G1.B1", "Hoàng Văn An")
    client = login(world.staff_b)
    assert client.get(f"/units/{world.unit('TA').pk}/members/").status_code == 404
    body = client.get(f"/units/{world.unit('TB').pk}/members/?status=all").content.decode()
    assert "Hoàng Văn An" in body and "Trần Văn Bình" not in body
    a_member = Member.objects.get(full_name="Trần Văn Bình")
    assert client.get(f"/members/{a_member.pk}/").status_code == 404
    found = selectors.member_duplicates(
        actor=world.staff_b, full_name="Trần Văn Bình", date_of_birth=a_member.date_of_birth
    )
    assert not found.exists()


def test_it_filters_by_status_sex_age_and_party(world, make_member):
    today = dt.date.today()
    young = make_member(
        full_name="Vũ Thị Hoa",
        sex="female",
        date_of_birth=today.replace(year=today.year - 17) - dt.timedelta(days=3),
    )
    old = make_member(full_name="Đỗ Văn Hùng", date_of_birth=dt.date(today.year - 33, 1, 1))
    party = make_member(
        full_name="Bùi Văn Nam", party_status="probationary", party_date=dt.date(2024, 5, 19)
    )
    gone = make_member(full_name="Ngô Thị Lan", sex="female")
    services.member_status_change(
        actor=world.central_admin, member=gone, status="matured", effective_on=today
    )
    unit = world.unit("TA.G1")

    def names(**filters):
        page = selectors.member_list(
            actor=world.staff_a, unit=unit, filters=selectors.MemberFilters(**filters)
        )
        return sorted(_names(page))

    assert names() == sorted([young.full_name, old.full_name, party.full_name])
    assert names(status="former") == [gone.full_name]
    assert names(status="matured") == [gone.full_name]
    assert names(status="all") == sorted(
        [young.full_name, old.full_name, party.full_name, gone.full_name]
    )
    assert names(sex="female") == [young.full_name]
    assert names(age_band="16-18") == [young.full_name]
    assert names(age_band="over30") == [old.full_name]
    assert names(party="yes") == [party.full_name]
    assert names(party="full") == []


def test_it_pages_by_keyset_without_gaps_or_repeats(world, make_member):
    for i in range(7):
        make_member(full_name="Nguyễn Văn An", date_of_birth=dt.date(2000, 1, i + 1))
    for given in ("Bình", "Cường", "Dũng"):
        make_member(full_name=f"Lê Văn {given}")
    seen, after = [], None
    while True:
        page = selectors.member_list(
            actor=world.staff_a,
            unit=world.unit("TA"),
            filters=selectors.MemberFilters(),
            after=after,
            per_page=3,
        )
        seen.extend(m.pk for m in page.members)
        if not page.next_cursor:
            break
        assert page.count is None or page.first
        after = page.next_cursor
    expected = list(Member.objects.order_by("sort_key", "pk").values_list("pk", flat=True))
    assert seen == expected


def test_it_serves_the_next_page_link_and_a_partial_for_live_search(world, make_member, login):
    for given in ("An", "Bình", "Chi"):
        make_member(full_name=f"Lê Thị {given}", sex="female")
    client = login(world.secretary)
    url = f"/units/{world.unit('TA.G1').pk}/members/"
    body = client.get(url).content.decode()
    assert "<html" in body and "3 đoàn viên" in body
    partial = client.get(url, {"q": "le thi bin"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert "Lê Thị Bình" in partial and "Lê Thị Chi" not in partial


def test_it_hides_the_ethnicity_filter_without_the_capability_and_logs_its_use(
    world, make_member, login
):
    member = make_member(full_name="Nông Văn Sơn")
    services.member_sensitive_update(
        actor=world.central_admin,
        member=member,
        expected_version=0,
        values={"ethnicity": "Tày"},
    )
    consent_to(member, "ethnicity-religion", actor=world.central_admin)
    make_member(full_name="Lò Thị Hằng", sex="female")
    unit = world.unit("TA.G1")
    plain = login(world.member)  # sees the branch, but not its member register
    assert plain.get(f"/units/{world.unit('TA.G1.B1').pk}/members/").status_code == 403

    client = login(world.secretary)
    page = client.get(f"/units/{unit.pk}/members/", {"ethnicity": "Tày"}).content.decode()
    assert "Nông Văn Sơn" in page and "Lò Thị Hằng" not in page
    log = SensitiveReadLog.objects.get()
    assert (log.actor, log.subject_type, log.fields) == (
        world.secretary,
        "member_list",
        "ethnicity",
    )

    page = selectors.member_list(
        actor=world.secretary, unit=unit, filters=selectors.MemberFilters(ethnicity="")
    )
    assert len(page.members) == 2


@pytest.mark.parametrize("unit_code", ["TA", "TA.G1.B1"])
def test_it_pins_the_query_count_of_the_list_page(
    world, make_member, login, django_assert_num_queries, unit_code
):
    for i in range(12):
        make_member("TA.G1.B1", f"Nguyễn Văn Hải {i}")
        make_member("TA.G2.B1", f"Trần Thị Mai {i}", sex="female")
    client = login(world.staff_a)
    url = f"/units/{world.unit(unit_code).pk}/members/"
    client.get(url)  # warm the session
    # Pinned: 7 for a province (with its sub-unit chips, one query since the children
    # carry their kept subtree figures) as for a branch.
    expected = 7
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    is_province = unit_code == "TA"
    assert ('class="chip"' in response.content.decode()) is is_province
    # The first search in a subtree also reads its share of the country (then cached).
    client.get(url, {"q": "nguyen"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": "nguyen"})
    assert len(queries) <= expected
    # Above a search's results, no sub-unit chips.
    assert 'class="chip"' not in response.content.decode()
    assert "Hải" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bounded walk is PostgreSQL's")
def test_a_search_in_a_small_share_of_the_country_reads_its_matches_without_the_walk(
    world, make_member
):
    from django.core.cache import cache

    from chudong.members.models import UnitMemberCount
    from chudong.members.selectors.lists import WALK_MIN_SHARE, subtree_share
    from chudong.members.services.counts import subtree_refresh

    cache.clear()
    make_member("TA.G1.B1", "Nguyễn Thị Thu Trang")
    make_member("TA.G1.B1", "Lê Thu Hà")
    make_member("TB.G1.B1", "Trần Thu Trang")
    # The rest of the country: 200 current members in another province.
    UnitMemberCount.objects.filter(unit=world.unit("TB.G1.B1")).update(active=200)
    subtree_refresh()  # and the subtree figures above it

    def search(unit):
        with CaptureQueriesContext(connection) as queries:
            page = selectors.member_list(
                actor=world.central_admin, unit=unit, filters=selectors.MemberFilters(q="thu")
            )
        walked = any("FROM (SELECT id, sort_key" in q["sql"] for q in queries.captured_queries)
        return _names(page), walked

    names, walked = search(world.unit("TA.G1.B1"))
    assert names == ["Lê Thu Hà", "Nguyễn Thị Thu Trang"] and not walked
    assert subtree_share(world.unit("TA.G1.B1").path) < WALK_MIN_SHARE
    # A subtree holding most of the country still walks the name order first.
    names, walked = search(world.unit("TB"))
    assert names == ["Trần Thu Trang"] and walked


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bounded walk is PostgreSQL's")
def test_a_walk_that_fills_the_page_reads_its_rows_in_one_statement(
    world, make_member, monkeypatch
):
    from django.core.cache import cache

    from chudong.members.selectors import lists

    cache.clear()
    monkeypatch.setattr(lists, "SEARCH_PROBE", 6)
    for name, sex in (
        ("An Thu", "female"),
        ("Bình Thu", "male"),
        ("Chi Hà", "female"),
        ("Dũng Thu", "male"),
        ("Hoa Thu", "female"),
        ("Khánh Thu", "female"),
        ("Lan", "female"),
    ):
        make_member("TA.G1.B1", name, sex=sex)
    unit = world.unit("TA")

    def search(after=None, **filters):
        with CaptureQueriesContext(connection) as queries:
            page = selectors.member_list(
                actor=world.central_admin,
                unit=unit,
                filters=selectors.MemberFilters(q="thu", **filters),
                after=after,
                per_page=2,
            )
        member_reads = [q["sql"] for q in queries if 'FROM "members_member"' in q["sql"]]
        return page, member_reads

    walk = 'IN (SELECT "members_member"."id" FROM (SELECT id'
    page, reads = search()
    # One read: the walk of at most 6 rows of the name order, the page's rows around it.
    assert _names(page) == ["An Thu", "Bình Thu"]
    assert len(reads) == 1 and walk in reads[0]
    page, reads = search(page.next_cursor)
    assert _names(page) == ["Dũng Thu", "Hoa Thu"] and len(reads) == 1
    page, reads = search(page.next_cursor)
    # The walk cannot fill the page: every match is then read and sorted.
    assert _names(page) == ["Khánh Thu"] and page.next_cursor is None
    assert len(reads) == 2 and walk in reads[0] and walk not in reads[1]
    # Another filter: the walk gives its candidates, the filter applies to them.
    monkeypatch.setattr(lists, "SEARCH_PROBE", 1000)
    page, reads = search(sex="female")
    assert _names(page) == ["An Thu", "Hoa Thu"]
    assert len(reads) == 1 and walk in reads[0] and '"sex" = ' in reads[0]
    page, reads = search(page.next_cursor, sex="female")
    assert _names(page) == ["Khánh Thu"] and page.next_cursor is None


@pytest.mark.parametrize("data", [None, {}, {"q": ""}, {"q": 'Lê "Bé" <Ánh> & Co\'s'}])
def test_the_search_box_is_what_the_form_widget_renders(data):
    from chudong.members.forms import ListFilterForm
    from chudong.members.views import _search_box

    form = ListFilterForm(data, sensitive=False)
    assert _search_box(form) == str(form["q"])


def test_the_chips_escape_names_and_group_thousands():
    from chudong.members.views import _chips

    html = _chips([selectors.SubUnitCount(7, 'Đoàn "A" <b> & C', 12345)])
    assert html == (
        '<a class="chip" href="/units/7/members/">Đoàn &quot;A&quot; &lt;b&gt; &amp; C '
        '<span class="chip-count">12.345</span></a>'
    )


def test_filter_forms_do_not_share_what_they_change():
    from chudong.members.forms import ListFilterForm

    first = ListFilterForm(None, sensitive=True)
    first.fields["status"].choices = [("x", "x")]
    assert ("x", "x") not in ListFilterForm(None, sensitive=True).fields["status"].choices
