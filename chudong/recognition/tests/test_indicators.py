"""Indicators computed from live data: each figure equals the length of its drill-down
list, recording work changes the figure, and the stored values keep the year's history."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django.core.management import call_command

from chudong.advisory import services as advisory
from chudong.recognition import indicators, services
from chudong.recognition.models import IndicatorValue

from .conftest import YEAR

pytestmark = pytest.mark.django_db

SOURCE_APPS = [
    "advisory",
    "activities",
    "care",
    "dissemination",
    "meetings",
    "plans",
    "youth",
    "cadres",
    "building",
]


def _member(unit):
    from chudong.members.models import Member

    return Member.objects.filter(unit=unit).first() or Member.objects.create(
        unit=unit,
        unit_path=unit.path,
        full_name=f"Đoàn Viên Mẫu {unit.code}",
        given_name="Mẫu",
        sex="female",
        date_of_birth=dt.date(2004, 5, 19),
        status_since=unit.valid_from,
    )


@pytest.fixture
def recorded_work(world, today):
    """One record of each kind that the source apps keep, in a branch of TA.G1 and in
    TB.G1 (outside the subtree, so a figure that ignores the subtree is caught)."""
    for code in ("TA.G1.B1", "TA.G1", "TB.G1"):
        unit = world.unit(code)
        member = _member(unit)
        for app in SOURCE_APPS:
            importlib.import_module(f"chudong.{app}.tests.samples").samples(world, unit, member)


def test_every_indicator_is_registered_once_with_a_criterion(world):
    codes = [i.code for i in indicators.indicators()]
    assert len(codes) == len(set(codes)) >= 11
    assert {i.criterion[0] for i in indicators.indicators()} == {"1", "2", "3"}


def test_each_figure_equals_its_drilldown_list(world, recorded_work):
    commune, province = world.unit("TA.G1"), world.unit("TA")
    seen_nonzero = set()
    for indicator in indicators.indicators():
        for year in (YEAR - 1, YEAR):
            values = indicator.compute([commune, province], year)
            for unit in (commune, province):
                numerator, denominator = values[unit.pk]
                rows = list(indicator.drilldown(unit, year))
                assert numerator == len(rows), (indicator.code, unit.code, year)
                assert all(
                    r.unit_path.startswith(unit.path) for r in rows if hasattr(r, "unit_path")
                )
                if indicator.ratio:
                    assert denominator is not None and numerator <= denominator, indicator.code
                else:
                    assert denominator is None
                assert [indicator.describe(r).label for r in rows] or not rows
                if numerator:
                    seen_nonzero.add(indicator.code)
    # The samples give several indicators something to count: the check is not vacuous.
    assert len(seen_nonzero) >= 3, seen_nonzero


def test_recording_work_changes_the_stored_figure(world, today):
    commune, branch = world.unit("TA.G1"), world.unit("TA.G1.B1")
    services.indicators_compute(units=[commune], year=YEAR)
    before = IndicatorValue.objects.get(unit=commune, year=YEAR, code="advisory.resources")
    assert before.numerator == 0 and before.denominator is None

    advisory.resource_create(
        actor=world.secretary,
        unit=branch,
        data={
            "sponsor_name": "Hợp tác xã Bình Minh",
            "sponsor_kind": "business",
            "form": "cash",
            "value": 3_000_000,
            "received_on": dt.date(2026, 5, 1),
            "purpose": "Học bổng",
            "funded": "",
            "activity": None,
            "thanked_on": None,
            "thanked_by": "",
            "description": "",
        },
    )
    proposal = advisory.proposal_create(
        actor=world.secretary,
        unit=commune,
        data={
            "subject": "Đề xuất sân chơi",
            "kind": "mechanism",
            "content": "Đề nghị Đảng ủy...",
            "submitted_to": "party",
            "submitted_to_other": "",
            "submitted_on": dt.date(2026, 6, 1),
        },
    )
    services.indicators_compute(units=[commune], year=YEAR)

    after = IndicatorValue.objects.get(unit=commune, year=YEAR, code="advisory.resources")
    assert after.numerator == 1
    asked = IndicatorValue.objects.get(unit=commune, year=YEAR, code="advisory.proposals_answered")
    assert (asked.numerator, asked.denominator) == (0, 1)

    advisory.proposal_respond(
        actor=world.secretary,
        proposal=proposal,
        data={
            "response_kind": "conclusion",
            "response_on": dt.date(2026, 7, 1),
            "response_summary": "Đảng ủy đồng ý bố trí kinh phí",
            "follow_up": "",
        },
    )
    services.indicators_compute(units=[commune], year=YEAR)
    asked.refresh_from_db()
    assert (asked.numerator, asked.denominator) == (1, 1)
    # Another year's stored figure is untouched (history stays).
    services.indicators_compute(units=[commune], year=YEAR - 1)
    assert (
        IndicatorValue.objects.get(
            unit=commune, year=YEAR - 1, code="advisory.proposals_answered"
        ).denominator
        == 0
    )


def test_the_nightly_command_stores_every_grassroots_unions_figures(world, today):
    out = io.StringIO()
    call_command("recognition_compute", "--year", str(YEAR), stdout=out)
    assert "indicator values" in out.getvalue()
    grassroots = {"TA.G1", "TA.G2", "TB.G1"}
    stored = set(
        IndicatorValue.objects.filter(year=YEAR, code="advisory.resources").values_list(
            "unit__code", flat=True
        )
    )
    assert grassroots <= stored and "TA" not in stored


def test_the_indicator_pages_link_each_figure_to_its_list(world, login, today):
    commune = world.unit("TA.G1")
    advisory.resource_create(
        actor=world.secretary,
        unit=commune,
        data={
            "sponsor_name": "Ngân hàng Chính sách xã hội",
            "sponsor_kind": "business",
            "form": "cash",
            "value": 5_000_000,
            "received_on": dt.date(2026, 4, 2),
            "purpose": "Vốn khởi nghiệp",
            "funded": "",
            "activity": None,
            "thanked_on": None,
            "thanked_by": "",
            "description": "",
        },
    )
    client = login(world.secretary)
    response = client.post(f"/units/{commune.pk}/recognition/indicators/?year={YEAR}")
    assert response.status_code == 302
    page = client.get(f"/units/{commune.pk}/recognition/indicators/?year={YEAR}").content.decode()
    assert "code=advisory.resources" in page
    listing = client.get(
        f"/units/{commune.pk}/recognition/indicators/list/?year={YEAR}&code=advisory.resources"
    ).content.decode()
    assert "Ngân hàng Chính sách xã hội" in listing
    # Someone who cannot see the unit gets nothing.
    other = login(world.staff_b)
    assert (
        other.get(
            f"/units/{commune.pk}/recognition/indicators/list/?year={YEAR}&code=advisory.resources"
        ).status_code
        == 404
    )


def test_the_grouped_computation_equals_the_per_unit_path(world, recorded_work, today):
    """Every built-in indicator computed for many units at once (grouped by path prefix,
    at several depths) gives the figures counted unit by unit."""
    units = [world.unit(code) for code in ("TA.G1", "TA.G2", "TB.G1", "TA", "TA.G1.B1", "ROOT")]
    checked = 0
    for indicator in indicators.indicators():
        if indicator.ratio and indicator.denominator is None:
            continue  # registered by another app with its own per-unit computation
        for year in (YEAR - 1, YEAR):
            assert indicator.compute(units, year) == indicators.values_per_unit(
                indicator, units, year
            ), indicator.code
        checked += 1
    assert checked >= 11
    # Not vacuous: some figure is non-zero, and differs between two units.
    values = indicators.get("advisory.resources").compute(units, YEAR)
    assert values[world.unit("ROOT").pk][0] > values[world.unit("TA.G1").pk][0] > 0


def test_the_grouped_computation_reads_one_query_per_figure(world, recorded_work, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    unions = [world.unit(code) for code in ("TA.G1", "TA.G2", "TB.G1")]
    for code, queries in (("advisory.resources", 1), ("advisory.proposals_answered", 2)):
        with CaptureQueriesContext(connection) as captured:
            indicators.get(code).compute(unions, YEAR)
        assert len(captured) == queries, code


def test_the_nightly_command_rebuilds_the_rollups(world, today):
    from chudong.recognition.models import StateCount

    from .conftest import register

    register(world)
    StateCount.objects.all().delete()
    call_command("recognition_compute", "--year", str(YEAR), stdout=io.StringIO())
    assert StateCount.objects.get(unit__code="TA", year=YEAR, state="registered").cycles == 1


def test_cadres_party_and_one_plus_one_figures_match_their_lists(world, recorded_work, login):
    """The indicators of criteria 2.4, 3.2 and 3.3: each figure is non-zero with the
    samples, equals its drill-down list (the page too), and follows an admission."""
    from chudong.cadres.models import PartyIntroduction

    province = world.unit("TA")
    expected = {
        "building.one_plus_one": YEAR,
        "cadres.trained": YEAR - 1,
        "cadres.party_introduced": YEAR - 1,
    }
    client = login(world.central_admin)
    for code, year in expected.items():
        indicator = indicators.get(code)
        numerator, denominator = indicator.compute([province], year)[province.pk]
        rows = list(indicator.drilldown(province, year))
        assert numerator == len(rows) == 2, code  # TA.G1.B1 and TA.G1, not TB.G1
        assert (denominator is not None) == indicator.ratio
        page = client.get(
            f"/units/{province.pk}/recognition/indicators/list/?year={year}&code={code}"
        ).content.decode()
        assert page.count("<li") >= 2 or page.count("<tr") >= 3, code

    admitted = indicators.get("cadres.party_admitted")
    assert admitted.compute([province], YEAR)[province.pk] == (0, None)
    intro = PartyIntroduction.objects.filter(unit__code="TA.G1").first()
    intro.outcome, intro.outcome_on, intro.party_cell = "admitted", dt.date(YEAR, 6, 1), "Chi bộ 1"
    intro.save()
    assert admitted.compute([province], YEAR)[province.pk] == (1, None)
    assert [r.member_id for r in admitted.drilldown(province, YEAR)] == [intro.member_id]
