"""The benchmark at a tiny scale (a few hundred members), so that its code never rots:
the generator's output is complete, consistent and deterministic, and every page the
benchmark measures answers with the right rows. Correctness only, no timing.

PostgreSQL only (the generator loads through COPY): skipped on SQLite.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test import Client, override_settings

import bench.loading
from bench import samples as sampling
from bench.generate import generate
from bench.loading import CopySink
from bench.run import list_cases, list_floors, list_path, mixed_lines
from bench.sql import PROBE, floor_query, search_floors
from bench.world import CENTRAL_USERNAMES, staff_username
from chudong.accounts.models import User
from chudong.core.paths import encode_step
from chudong.members.models import (
    CURRENT_STATUSES,
    Member,
    MemberStatus,
    MemberStatusPeriod,
    MemberUnitPeriod,
    UnitMemberCount,
)
from chudong.members.selectors import subtree_count
from chudong.members.services._common import apply_texts
from chudong.orgs.models import Unit, UnitVersion
from chudong.reports.models import StatusRollup
from chudong.reports.rollups import rollup_refresh

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the generator loads through PostgreSQL's COPY"
)

SCALE = 0.0005  # about 3,000 members in 34 provinces (300 in the biggest)
SEED = 2026


def _run(sink_connection, *, threaded=False):
    raw = connection.connection
    return generate(
        scale=SCALE,
        seed=SEED,
        copy_connection=sink_connection or raw,
        read_connection=raw,
        threaded=threaded,
        log=lambda _text: None,
    )


class _Capture(CopySink):
    """Keeps the COPY text instead of loading it (for the determinism check)."""

    def __init__(self):
        super().__init__(connection=None, threaded=False)
        self.digest = hashlib.sha256()

    def _flush(self, table):
        lines = self._lines[table]
        self.digest.update(table.encode() + "\n".join(lines).encode())
        self.rows[table] += len(lines)
        lines.clear()


@pytest.fixture
def dataset(world):
    """The tiny dataset, loaded inside the test's transaction, with its roll-ups."""
    connection.ensure_connection()
    generated = _run(None)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # foreign keys checked now
    rollup_refresh()
    return generated


def test_it_generates_the_same_data_for_the_same_seed(world, monkeypatch):
    connection.ensure_connection()
    digests = []
    for _ in range(2):
        sink = _Capture()
        monkeypatch.setattr(bench.loading, "CopySink", lambda *a, **k: sink)
        _run(None)
        digests.append(sink.digest.hexdigest())
    assert digests[0] == digests[1]
    assert not Unit.objects.filter(code="TW").exists()  # nothing was loaded


def test_it_builds_the_tree_as_the_orgs_services_would(dataset):
    root = Unit.objects.get(code="TW")
    units = list(Unit.objects.filter(path__startswith=root.path).select_related("kind"))
    by_id = {u.pk: u for u in units}
    children = Counter(u.parent_id for u in units)

    assert root.path == encode_step(1)  # after the test world's root
    assert sum(1 for u in units if u.parent_id == root.pk) == 34
    assert len(units) == len(dataset.units)
    for unit in units:
        if unit.parent_id is not None:
            parent = by_id[unit.parent_id]
            assert unit.path[:-4] == parent.path and unit.depth == parent.depth + 1
        assert unit.child_seq == children[unit.pk]
        assert unit.name_folded and unit.sort_key
    versions = UnitVersion.objects.filter(unit__in=units, valid_to__isnull=True)
    assert versions.count() == len(units)
    assert all(u.kind.may_have_children for u in units if children[u.pk])


def test_its_members_are_complete_and_consistent(dataset):
    members = list(
        Member.objects.filter(unit_path__startswith=dataset.root.path).select_related("unit__kind")
    )

    assert len(members) == dataset.member_count == sum(b.count for b in dataset.member_blocks)
    assert 3000 < len(members) < 3500
    for member in members:
        # Texts and sort keys exactly as the member services store them.
        copy = Member(full_name=member.full_name, phone=member.phone)
        apply_texts(copy)
        assert (copy.family_name, copy.middle_name, copy.given_name) == (
            member.family_name,
            member.middle_name,
            member.given_name,
        )
        assert (copy.full_name_folded, copy.sort_key) == (member.full_name_folded, member.sort_key)
        assert member.unit_path == member.unit.path and member.unit.kind.is_branch
    ids = [m.pk for m in members]
    open_units = dict(
        MemberUnitPeriod.objects.filter(member_id__in=ids, end__isnull=True).values_list(
            "member_id", "unit_id"
        )
    )
    open_statuses = dict(
        MemberStatusPeriod.objects.filter(member_id__in=ids, end__isnull=True).values_list(
            "member_id", "status"
        )
    )
    for member in members:
        assert open_statuses[member.pk] == member.status
        if member.status in CURRENT_STATUSES:
            assert open_units[member.pk] == member.unit_id
        else:
            assert member.pk not in open_units
    # The maintained counts equal a real count.
    real = dict(
        Member.objects.filter(pk__in=ids)
        .values_list("unit_id")
        .annotate(active=Count("id", filter=Q(status__in=CURRENT_STATUSES)), total=Count("id"))
        .values_list("unit_id", "active")
    )
    maintained = dict(
        UnitMemberCount.objects.filter(unit_id__in=real).values_list("unit_id", "active")
    )
    assert maintained == real
    # and every subtree figure (one row below the provinces, a sum above) a real count.
    current = Member.objects.filter(status__in=CURRENT_STATUSES)
    root = Unit.objects.get(code="TW")
    for unit in Unit.objects.filter(path__startswith=root.path).order_by("path")[::7]:
        expected = current.filter(unit_path__startswith=unit.path).count()
        assert subtree_count(unit=unit) == expected, unit.code


def test_every_secretary_and_staff_member_can_log_in_where_they_work(dataset, client):
    secretaries = User.objects.filter(member_record__isnull=False).select_related("member_record")
    assert secretaries.count() > 100
    for user in secretaries:
        # The secretary of a branch is one of its members; of a union, one of the union's.
        unit = user.role_assignments.select_related("unit").get().unit
        assert user.member_record.unit_path.startswith(unit.path)
        assert user.full_name == user.member_record.full_name
    for username in (*CENTRAL_USERNAMES, staff_username("HCM", 1)):
        response = client.post(
            "/accounts/login/", {"username": username, "password": sampling.BENCH_PASSWORD}
        )
        assert response.status_code == 302 and "_auth_user_id" in client.session, username
        client.logout()


def test_the_roll_ups_equal_real_counts(dataset):
    for unit in [dataset.root, *dataset.provinces]:
        real = dict(
            Member.objects.filter(unit_path__startswith=unit.path)
            .exclude(status=MemberStatus.MERGED)
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        )
        rolled = dict(StatusRollup.objects.filter(unit_id=unit.id).values_list("status", "members"))
        assert rolled == real, unit.code


def test_the_admission_and_rating_roll_ups_equal_real_counts(dataset):
    from django.db.models.functions import ExtractYear

    from chudong.ratings.models import MemberRating
    from chudong.reports.models import AdmissionRollup, RatingRollup

    units = [dataset.root, *dataset.provinces[:5]]
    for unit in units:
        admitted = dict(
            Member.objects.filter(unit_path__startswith=unit.path, admission_date__isnull=False)
            .exclude(status=MemberStatus.MERGED)
            .annotate(year=ExtractYear("admission_date"))
            .values_list("year")
            .annotate(n=Count("id"))
            .order_by()
        )
        rolled = dict(
            AdmissionRollup.objects.filter(unit_id=unit.id).values_list("year", "members")
        )
        assert rolled == admitted and len(rolled) >= 10, unit.code
        rated = {
            (year, level): n
            for year, level, n in MemberRating.objects.filter(
                unit_path__startswith=unit.path, approved=True
            )
            .values_list("year", "level")
            .annotate(n=Count("id"))
            .order_by()
        }
        rolled = {
            (year, level): n
            for year, level, n in RatingRollup.objects.filter(unit_id=unit.id).values_list(
                "year", "level", "members"
            )
        }
        assert rolled == rated and rated, unit.code


def _member_ids(html: str) -> list[int]:
    if '<table class="member-table">' not in html:
        return []
    table = html.split('<table class="member-table">', 1)[1]
    return [int(pk) for pk in re.findall(r'href="/members/(\d+)/"', table)]


def test_every_benchmarked_page_answers_with_the_right_rows(dataset, client):
    s = sampling.load(connection.connection, members=40, grassroots=10)
    staff = User.objects.get(username=s.staff_user)
    central = User.objects.get(username=s.central_user)
    backend = "chudong.accounts.backends.UsernameEmailPhoneBackend"
    # The member lists: the page shows exactly the rows of the hand-written floor query.
    for _name, code, search, cursor in list_cases(s):
        unit = s.provinces[code]
        client.force_login(staff if code == sampling.BIG_PROVINCE else central, backend)
        html = client.get(list_path(unit.id, search=search, cursor=cursor)).content.decode()
        after = None
        if cursor:
            key, pk = cursor.rsplit(".", 1)
            after = (key, int(pk))
        sql, params = floor_query(path=unit.path, search=search, after=after)
        with connection.cursor() as raw:
            raw.execute(sql, params)
            expected = [row[0] for row in raw.fetchall()][:50]
            if search:
                # Both hand-written ways to a search page give the same rows: the sort of
                # every match, and the walk of the name order (through every row here).
                floors = search_floors(path=unit.path, search=search, after=after)
                raw.execute(*floors["matches"])
                assert [row[0] for row in raw.fetchall()][:50] == expected
                walk_sql, walk_params = floors["walk"]
                walk_params[walk_params.index(PROBE)] = 10**9
                raw.execute(walk_sql, walk_params)
                assert [row[0] for row in raw.fetchall()][:50] == expected
        assert _member_ids(html) == expected, (code, search, cursor)
        # The benchmark's floors for this page run (each once, as after a request).
        floors = list_floors(connection.connection, unit.path, search, after)
        assert ("sort of all matches" if search else "one query") in floors
        for run in floors.values():
            run()
        if code == sampling.BIG_PROVINCE:
            assert expected, (code, search, cursor)
    # Every page of the mixed load answers 200 for its session.
    lines = mixed_lines(s)
    assert len(lines) > 100
    for user, session in ((staff, "1"), (central, "2")):
        client.force_login(user, backend)
        for line in sorted(set(lines)):
            number, path = line.split(" ", 1)
            if number == session:
                assert client.get(path).status_code == 200, path


def test_the_search_floor_walks_as_far_as_the_app():
    from chudong.members.selectors.lists import SEARCH_PROBE

    assert PROBE == SEARCH_PROBE


def test_the_floor_pages_and_the_timing_headers_work(dataset, client):
    s = sampling.load(connection.connection, members=40, grassroots=10)
    big = s.provinces[sampling.BIG_PROVINCE]
    floor_templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": ["bench/templates"],
        }
    ]
    sql, params = floor_query(path=big.path)
    with connection.cursor() as raw:
        raw.execute(sql, params)
        expected = [row[0] for row in raw.fetchall()][:50]
    with override_settings(
        ROOT_URLCONF="bench.floor_urls", TEMPLATES=floor_templates, MIDDLEWARE=[]
    ):
        assert client.get("/ok").content == b"ok"
        html = client.get(f"/minimal/{big.path}/").content.decode()
    assert [int(pk) for pk in re.findall(r'href="/members/(\d+)/"', html)] == expected
    from django.conf import settings

    timed = Client()
    timed.force_login(User.objects.get(username=s.staff_user))
    with override_settings(MIDDLEWARE=["bench.middleware.TimingMiddleware", *settings.MIDDLEWARE]):
        response = timed.get(list_path(big.id))
    assert int(response["X-Bench-Main-Us"]) > 0
    assert int(response["X-Bench-Queries"]) >= 3


def test_its_dues_are_consistent_with_the_members_and_the_rules(dataset):
    import datetime as dt

    from bench.steps import dues as gen
    from chudong.dues import months
    from chudong.dues import rules as dues_rules
    from chudong.dues.models import DuesExemption, DuesPayment, DuesProfile
    from chudong.dues.selectors import in_arrears

    today = dt.date(2026, 11, 1)
    root = dataset.root.path
    owing = {
        m.pk: m
        for m in Member.objects.filter(
            unit_path__startswith=root, status__in=CURRENT_STATUSES
        ).select_related("unit")
    }
    paid: dict[int, list[int]] = {}
    profiles = dict(
        DuesProfile.objects.filter(member_id__in=owing).values_list("member_id", "category")
    )
    for p in DuesPayment.objects.filter(unit_path__startswith=root):
        member = owing[p.member_id]  # only members who owe pay
        assert p.unit_id == member.unit_id and p.unit_path == member.unit.path
        start = max(gen.TRACKING_FROM, months.of_date(member.admission_date))
        assert start <= p.month <= gen.LAST_OWED
        assert p.amount == dues_rules.monthly_rate(profiles.get(p.member_id, "unsalaried"), p.month)
        assert p.paid_on <= today and p.paid_on >= member.admission_date
        paid.setdefault(p.member_id, []).append(p.month)
    exempt = {e.member_id: e for e in DuesExemption.objects.filter(unit_path__startswith=root)}
    assert not set(exempt) & set(paid)
    # Every province tracks dues from August 2026 (its own rule, read through chudong.rules).
    for province in dataset.provinces:
        assert (
            dues_rules.tracking_from(today, Unit.objects.get(pk=province.id)) == gen.TRACKING_FROM
        )
    # Most pay; some owe (arrears); a few are exempted.
    never = [pk for pk in owing if pk not in paid and pk not in exempt]
    assert 0.8 < len(paid) / len(owing) < 0.99
    assert 0.01 < len(never) / len(owing) < 0.1
    assert 0 < len(exempt) < 0.05 * len(owing)
    # The app's arrears query finds exactly the members who paid nothing of three owed months.
    three = {
        pk
        for pk in never
        if max(gen.TRACKING_FROM, months.of_date(owing[pk].admission_date)) == gen.TRACKING_FROM
    }
    province = Unit.objects.get(pk=dataset.provinces[0].id)
    found = set(
        in_arrears(min_months=3, today=today, unit=province)
        .filter(unit_path__startswith=root)
        .values_list("pk", flat=True)
    )
    assert found == three and three


def test_its_remittances_carry_every_dong_exactly_once(dataset):
    from django.db.models import Sum

    from bench.steps import dues as gen
    from chudong.dues.models import DuesPayment, Remittance

    root = dataset.root.path
    payments = DuesPayment.objects.filter(unit_path__startswith=root)
    remittances = Remittance.objects.filter(from_path__startswith=root)
    assert remittances.filter(first_month=gen.TRACKING_FROM, last_month=gen.TRACKING_FROM).exists()
    # August and September were remitted; October is held by the branches.
    assert not payments.filter(month__in=gen.REMITTED_MONTHS, remittance__isnull=True).exists()
    assert not payments.filter(month=gen.LAST_OWED, remittance__isnull=False).exists()
    for remittance in remittances.annotate(
        own=Sum("payments__amount"), passed=Sum("included__remitted")
    ):
        assert remittance.gross == (remittance.own or 0) + (remittance.passed or 0)
        assert remittance.from_path[:-4] == remittance.to_path
        assert remittance.retained == remittance.gross * 2 // 3
    # What the branches collected = what every level kept + what reached a province (not
    # yet remitted on: provinces remit yearly) + what is still held.
    collected = payments.aggregate(s=Sum("amount"))["s"]
    kept = remittances.aggregate(s=Sum("retained"))["s"]
    on_top = remittances.filter(included_in__isnull=True).aggregate(s=Sum("remitted"))["s"]
    held = payments.filter(remittance__isnull=True).aggregate(s=Sum("amount"))["s"]
    assert collected == kept + on_top + held
    assert {r.to_unit.depth for r in remittances.filter(included_in__isnull=True)} == {
        Unit.objects.get(pk=dataset.provinces[0].id).depth
    }


def test_its_branch_meetings_and_rolls_are_consistent(dataset):
    from bench.steps import meetings as gen
    from chudong.dues import months
    from chudong.meetings.models import Attendance, Meeting, MeetingYear, Minutes

    root = dataset.root.path
    branches = {b.branch.id for b in dataset.member_blocks if b.count}
    meetings = {m.pk: m for m in Meeting.objects.filter(unit_path__startswith=root)}
    held = {pk: m for pk, m in meetings.items() if m.is_held}
    # One meeting a month per branch, about 85 % of branch-months held.
    assert {m.unit_id for m in meetings.values()} == branches
    assert len({(m.unit_id, m.period_start) for m in meetings.values()}) == len(meetings)
    assert 0.8 < len(held) / (len(branches) * gen.MONTHS) < 0.9
    # Rolls: members of the branch, on its roll by that day; counts copied from the roll.
    members = {
        m.pk: m for m in Member.objects.filter(unit_path__startswith=root).select_related("unit")
    }
    rolled: dict[int, Counter] = {}
    for row in Attendance.objects.filter(unit_path__startswith=root):
        meeting = held[row.meeting_id]
        member = members[row.member_id]
        assert member.unit_id == meeting.unit_id and row.unit_path == meeting.unit_path
        assert member.status in CURRENT_STATUSES and member.admission_date <= meeting.held_on
        assert row.held_on == meeting.held_on
        rolled.setdefault(row.meeting_id, Counter())[row.status] += 1
    roll_from = months.first_day(gen.ROLL_FROM)
    with_roll = [m for m in held.values() if m.period_start >= roll_from]
    assert with_roll and set(rolled) <= {m.pk for m in with_roll}
    for meeting in with_roll:
        counts = rolled.get(meeting.pk, Counter())
        assert (meeting.present_count, meeting.excused_count, meeting.unexcused_count) == (
            counts["present"],
            counts["excused"],
            counts["unexcused"],
        )
    assert set(
        Minutes.objects.filter(meeting__unit_path__startswith=root).values_list(
            "meeting_id", flat=True
        )
    ) == {pk for pk, m in held.items() if m.state == "approved"}
    # MeetingYear equals what the meetings say.
    years = MeetingYear.objects.filter(unit_path__startswith=root)
    assert years.count() == len(branches) * len(gen.YEARS)
    for year in years:
        mine = sorted(
            (m.period_start.month, m.held_on)
            for m in held.values()
            if m.unit_id == year.unit_id and m.period_start.year == year.year
        )
        assert gen.held_months_of(year.held_mask) == [month for month, _ in mine]
        assert year.held_count == len(mine)
        assert year.last_held_on == (mine[-1][1] if mine else None)
        owed = [month for month in range(1, 13) if month not in dict(mine)]
        gap = months.last_day(months.index(year.year, owed[0])) if owed else None
        assert year.first_gap_end == gap


def test_a_province_plan_taken_up_below_shows_progress_from_recorded_work(
    dataset, django_assert_max_num_queries
):
    """Issue 6: a province sets targets, every grassroots union below takes them up, and
    the progress at each level equals the work recorded in the generated data (admissions
    and ratings of 2025), counted here straight from the rows."""
    from decimal import Decimal

    from chudong.plans import selectors as plan_selectors
    from chudong.plans import services as plan_services
    from chudong.ratings.models import MemberRating

    actor = User.objects.get(username=CENTRAL_USERNAMES[0])
    province = Unit.objects.get(code=sampling.BIG_PROVINCE)
    plan = plan_services.plan_create(
        actor=actor,
        unit=province,
        values={"year": 2025, "title": "Kế hoạch năm 2025", "kind": "annual"},
    )
    admitted = plan_services.target_add(
        actor=actor, plan=plan,
        values={"label": "Kết nạp đoàn viên mới", "unit_label": "đoàn viên",
                "target_value": Decimal(500), "measure": "members.admitted", "assigned_to": ""},
    )  # fmt: skip
    rated = plan_services.target_add(
        actor=actor, plan=plan,
        values={"label": "Đoàn viên được xếp loại", "unit_label": "đoàn viên",
                "target_value": Decimal(900), "measure": "ratings.rated", "assigned_to": ""},
    )  # fmt: skip
    unions = []
    for target in (admitted, rated):
        unions = plan_services.target_cascade(
            actor=actor, target=target, scope=plan_services.CASCADE_GRASSROOTS, value=Decimal(5)
        )
    assert len(unions) >= 2  # a tiny province still has several unions below it

    # One query for the targets below, one per measure, whatever the number of unions.
    with django_assert_max_num_queries(6):
        progress = plan_selectors.progress_for(actor=actor, targets=[admitted, rated])

    def real_admitted(path):
        return (
            Member.objects.filter(unit_path__startswith=path, admission_date__year=2025)
            .exclude(status=MemberStatus.MERGED)
            .count()
        )

    def real_rated(path):
        return MemberRating.objects.filter(unit_path__startswith=path, year=2025).count()

    for line, real in zip(progress, (real_admitted, real_rated), strict=True):
        assert line.actual == real(province.path) > 0
        assert len(line.children) == len(unions)
        for child in line.children:
            assert child.actual == real(child.target.unit_path), child.target.unit.code
        assert line.actual == sum(child.actual for child in line.children)


def test_the_recognition_cycles_fill_the_dashboards(dataset, client):
    """bench.recognition_data: every grassroots union has a cycle per year, the roll-ups
    the dashboards read equal direct counts, and the measured dashboards answer."""
    from bench.recognition_data import YEARS, fill
    from bench.run import dashboard_cases
    from chudong.recognition.models import Cycle, StateCount

    done = fill(log=lambda _text: None)
    unions = Unit.objects.filter(
        kind__is_grassroots=True, kind__is_branch=False, status="active", parent__isnull=False
    ).count()
    assert done["cycles"] == unions * len(YEARS)
    assert done["scores"] > 0
    assert fill(log=lambda _text: None)["cycles"] == 0  # idempotent
    root = Unit.objects.get(code="TW")
    direct = Counter(
        Cycle.objects.filter(unit_path__startswith=root.path).values_list("year", "state")
    )
    kept = Counter(
        {(r.year, r.state): r.cycles for r in StateCount.objects.filter(unit=root) if r.cycles}
    )
    assert kept == direct
    assert direct[(2025, "recognised")] > direct[(2025, "reviewed")] > 0
    s = sampling.load(connection.connection, members=40, grassroots=10)
    backend = "chudong.accounts.backends.UsernameEmailPhoneBackend"
    users = {
        "central": User.objects.get(username=s.central_user),
        "staff": User.objects.get(username=s.staff_user),
    }
    for _name, who, path in dashboard_cases(s):
        client.force_login(users[who], backend)
        assert client.get(path).status_code == 200, path
