"""The one-screen pages read a fixed number of queries whatever the branch's size."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chudong.ratings import services

from .conftest import evaluate

DECEMBER = dt.datetime(2025, 12, 15, 9, tzinfo=dt.UTC)


def _queries(client, url) -> int:
    client.get(url)  # warm the session and the rules cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["sheet", "training"])
def test_the_one_screen_pages_do_not_grow_with_the_branch(world, make_member, login, page):
    with time_machine.travel(DECEMBER):
        members = [make_member(since=dt.date(2023, 1, 1)) for _ in range(10)]
        evaluate(world, members, 2025, result="good")
        client = login(world.branch_secretary)
        kind = "ratings" if page == "sheet" else "training"
        url = f"/units/{world.unit('TA.G1.B1').pk}/{kind}/2025/"
        services.rating_sheet_save(
            actor=world.branch_secretary,
            unit=world.unit("TA.G1.B1"),
            year=2025,
            entries=[services.RatingEntry(m.pk, "good", "Tốt") for m in members],
        )
        small = _queries(client, url)
        more = [make_member(since=dt.date(2023, 1, 1)) for _ in range(50)]
        evaluate(world, more, 2025, result="good")
        services.rating_sheet_save(
            actor=world.branch_secretary,
            unit=world.unit("TA.G1.B1"),
            year=2025,
            entries=[services.RatingEntry(m.pk, "completed") for m in more],
        )
        large = _queries(client, url)
    # session, user, unit, grants (+ the unit again for the crumbs on the sheet), then the
    # page's own reads: members, unit and status periods, ratings, Rèn luyện, the sheet;
    # or members, registrations and the grassroots union (for the evaluation date).
    expected = {"sheet": 11, "training": 7}[page]
    assert small == large == expected


def test_the_summary_reads_a_fixed_number_of_queries(world, make_member, login):
    with time_machine.travel(DECEMBER):
        client = login(world.staff_a)
        url = f"/units/{world.unit('TA').pk}/ratings/?year=2025"
        before = _queries(client, url)
        for code in ("TA.G1.B1", "TA.G1.B2", "TA.G2.B1"):
            for _ in range(5):
                make_member(code, since=dt.date(2023, 1, 1))
        after = _queries(client, url)
    assert before == after


def test_saving_a_sheet_of_sixty_does_not_query_per_member(world, make_member):
    with time_machine.travel(DECEMBER):
        members = [make_member(since=dt.date(2023, 1, 1)) for _ in range(60)]
        entries = [services.RatingEntry(m.pk, "good") for m in members]
        with CaptureQueriesContext(connection) as queries:
            services.rating_sheet_save(
                actor=world.branch_secretary,
                unit=world.unit("TA.G1.B1"),
                year=2025,
                entries=entries,
            )
    assert len(queries) < 40
