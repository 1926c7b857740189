"""Cursor paging of the activities and documents lists: pages follow one another with no
row repeated or skipped, rows added while a client walks the list do not shift the pages
it has not read yet, and a cursor the list did not give is refused with 422."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from chudong.activities import services as activity_services
from chudong.dissemination import services as dissemination_services
from chudong.dissemination.models import Dispatch

from .conftest import make_member


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _walk(client, url: str, limit: int, **params) -> tuple[list[str], int]:
    """Every title of the list, page by page; and how many pages it took."""
    titles, after, pages = [], None, 0
    while True:
        query = {"limit": limit, **params, **({"after": after} if after else {})}
        response = client.get(url, query)
        assert response.status_code == 200, response.content
        body = response.json()
        titles += [item["title"] for item in body["items"]]
        pages += 1
        after = body["next"]
        if after is None:
            return titles, pages


def _activity(world, unit, title: str, starts_at: dt.datetime):
    return activity_services.activity_create(
        actor=world.central_admin, unit=unit, kind="volunteer", title=title,
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2),
    )  # fmt: skip


def test_activities_page_by_start_then_id_and_stay_stable_while_activities_are_added(world, api):
    year = timezone.localdate().year
    base = dt.datetime(year, 5, 1, 7, 0, tzinfo=dt.UTC)
    branch, other = world.unit("TA.G1.B1"), world.unit("TA.G1.B2")
    # Two activities share a start time (the id breaks the tie), one starts a microsecond
    # later (the cursor keeps microseconds), one is outside the secretary's scope.
    _activity(world, branch, "A1", base)
    _activity(world, other, "A2", base)
    _activity(world, branch, "A3", base + dt.timedelta(microseconds=1))
    for day in range(1, 5):
        _activity(world, branch, f"B{day}", base + dt.timedelta(days=day))
    _activity(world, world.unit("TA.G2.B1"), "Ngoài phạm vi", base + dt.timedelta(days=2))
    client = api(world.secretary)
    url = f"/api/v1/units/{world.unit('TA.G1').pk}/activities"

    titles, pages = _walk(client, url, 2, year=year)
    assert titles == ["B4", "B3", "B2", "B1", "A3", "A2", "A1"] and pages == 4

    # A client has read the first page; then an activity is added on top, another in the
    # middle of what is already read, one in what is still to come.
    first = client.get(url, {"limit": 3, "year": year}).json()
    assert [a["title"] for a in first["items"]] == ["B4", "B3", "B2"]
    _activity(world, branch, "Mới nhất", base + dt.timedelta(days=9))
    _activity(world, branch, "Giữa B4 và B3", base + dt.timedelta(days=3, hours=12))
    _activity(world, branch, "Cùng giờ A1", base)
    rest = client.get(url, {"limit": 50, "year": year, "after": first["next"]}).json()
    # The pages not yet read hold exactly what follows B2: nothing repeated, nothing lost.
    assert [a["title"] for a in rest["items"]] == ["B1", "A3", "Cùng giờ A1", "A2", "A1"]
    assert rest["next"] is None
    # A kind of activity that does not exist is named, not ignored.
    bad = client.get(url, {"kind": "picnic"})
    assert bad.status_code == 422 and "kind" in bad.json()["message"]
    assert client.get(url, {"kind": "study", "year": year}).json()["items"] == []


def test_documents_page_newest_first_and_stay_stable_while_documents_are_sent(world, api):
    make_member(world.central_admin, world.unit("TA.G1.B1"), "Vũ Thị Thu", user=world.member)

    def send(title):
        return dissemination_services.dispatch_send(
            actor=world.staff_a, unit=world.unit("TA"), title=title, kind="resolution",
            issued_on=dt.date(2026, 11, 1), issuer="Ban Chấp hành Tỉnh đoàn",
        )  # fmt: skip

    sent = [send(f"Văn bản {n}") for n in range(1, 6)]
    # Two documents sent in the same instant: the id breaks the tie.
    Dispatch.objects.filter(pk__in=[sent[1].pk, sent[2].pk]).update(sent_at=sent[1].sent_at)
    client = api(world.member)

    titles, pages = _walk(client, "/api/v1/documents", 2)
    assert titles == ["Văn bản 5", "Văn bản 4", "Văn bản 3", "Văn bản 2", "Văn bản 1"]
    assert pages == 3

    first = client.get("/api/v1/documents", {"limit": 2}).json()
    send("Văn bản 6")
    rest = client.get("/api/v1/documents", {"after": first["next"]}).json()
    assert [d["title"] for d in rest["items"]] == ["Văn bản 3", "Văn bản 2", "Văn bản 1"]
    assert rest["next"] is None
    # An account without a member record has no documents, and no next page.
    assert api(world.staff_b).get("/api/v1/documents").json() == {"items": [], "next": None}


@pytest.mark.parametrize(
    "cursor",
    ["abc", "12", "_5", "5_", "1_-2", "99999999999999999999_1", "1_2_3", "1.5_2", "²_1", "1_٣"],
)
def test_a_cursor_the_list_did_not_give_is_refused_naming_the_parameter(world, api, cursor):
    client = api(world.secretary)
    for url in (f"/api/v1/units/{world.unit('TA.G1').pk}/activities", "/api/v1/documents"):
        response = client.get(url, {"after": cursor})
        assert response.status_code == 422, (url, cursor, response.content)
        body = response.json()
        assert body["code"] == "invalid" and "after" in body["message"]


@pytest.mark.parametrize("cursor", ["²", "٣", "99999999999999999999", "-1", "1_2"])
def test_an_admissions_cursor_that_is_no_id_is_refused(world, api, cursor):
    url = f"/api/v1/units/{world.unit('TA.G1').pk}/admissions"
    response = api(world.secretary).get(url, {"after": cursor})
    assert response.status_code == 422, (cursor, response.content)
    assert "after" in response.json()["message"]
