"""The unit pages over HTTP: the unit page, the tree as of a date, history, editing,
founding, and every restructuring as form → preview (nothing written) → confirm."""

from __future__ import annotations

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chudong.orgs import services
from chudong.orgs.models import Restructuring, RestructuringKind, Unit, UnitKind, UnitStatus

# After the base world was built (real time, once per session): history keeps its order.
TODAY = dt.date(dt.date.today().year + 1, 3, 2)
NEW_YEAR = TODAY.replace(month=1, day=1)


def ddmmyyyy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture(autouse=True)
def frozen_today():
    moment = dt.datetime.combine(TODAY, dt.time(9, 30), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment):
        yield


@pytest.fixture
def browse(login):
    """browse(user) → a logged-in client that reads pages in English (the source language;
    the catalogs have their own tests)."""

    def _browse(user):
        client = login(user)
        client.cookies["django_language"] = "en"
        return client

    return _browse


def fresh(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


def text(response) -> str:
    """Visible text of a page, tags stripped and spaces collapsed."""
    body = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(body.split())


def changes_recorded() -> int:
    return Restructuring.objects.exclude(kind=RestructuringKind.CREATE).count()


def preview_then_confirm(client, url: str, data: dict):
    """Post the form for a preview, then confirm it with the token the preview handed out."""
    preview = client.post(url, {**data, "step": "preview"})
    assert preview.status_code == 200
    token = preview.context["preview_token"]
    assert token, "the preview must hand out a token"
    return preview, client.post(url, {**data, "step": "confirm", "preview_token": token})


# --- unit page, tree, history --------------------------------------------------------------


def test_it_sends_a_user_with_one_unit_straight_to_it(world, browse):
    response = browse(world.secretary).get("/")

    assert response.status_code == 302
    assert response["Location"] == f"/units/{world.unit('TA.G1').pk}/"


def test_it_shows_a_unit_page_with_sub_units_leadership_and_details(world, browse):
    response = browse(world.staff_a).get(f"/units/{world.unit('TA.G1').pk}/")

    page = text(response)
    assert response.status_code == 200
    assert "Đoàn xã Bình Minh" in page
    assert "Chi đoàn thôn Đông" in page and "Chi đoàn thôn Tây" in page
    assert "Lê Thị Bình" in page  # the secretary, in the leadership card
    assert "Tỉnh đoàn Hải Đăng" in page  # breadcrumb and upper unit
    assert f'href="/units/{world.unit("TA.G1").pk}/merge/"' in response.content.decode()
    # A grassroots secretary sees their own union, but not the restructuring actions on it.
    own = browse(world.secretary).get(f"/units/{world.unit('TA.G1').pk}/")
    assert "Chi đoàn thôn Đông" in text(own)
    assert "/merge/" not in own.content.decode()
    assert f'href="/units/{world.unit("TA").pk}/"' not in own.content.decode()


def test_it_reads_a_unit_page_in_a_fixed_number_of_queries(world, browse):
    # Given the province page as it is (once visited: per-process caches such as the
    # Charter rules that warnings read are loaded by the first request)
    client = browse(world.staff_a)
    province = world.unit("TA")
    client.get(f"/units/{province.pk}/")
    with CaptureQueriesContext(connection) as before:
        client.get(f"/units/{province.pk}/")

    # When the province gets five more sub-units and a restructuring
    kind = UnitKind.objects.get(code="commune")
    for n in range(5):
        services.unit_create(
            actor=world.staff_a, parent=fresh(province), kind=kind, name=f"Đoàn xã Số {n}",
            code=f"TA.N{n}", effective_on=NEW_YEAR,
        )  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        response = client.get(f"/units/{province.pk}/")

    # Then the page shows them without one more query per sub-unit.
    assert "Đoàn xã Số 4" in text(response)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_it_shows_the_tree_as_it_stood_on_a_chosen_day(world, browse):
    # Given the school union moved under Bình Minh commune on New Year's Day
    services.unit_move(
        actor=world.staff_a, unit=world.unit("TA.G2"), new_parent=world.unit("TA.G1"),
        effective_on=NEW_YEAR,
    )  # fmt: skip
    client = browse(world.staff_a)
    url = f"/units/{world.unit('TA.G1').pk}/tree/"

    today = client.get(url)
    before = client.get(url, {"on": ddmmyyyy(NEW_YEAR - dt.timedelta(days=1))})
    fragment = client.get(url, {"on": ddmmyyyy(NEW_YEAR)}, HTTP_HX_REQUEST="true")

    assert "Đoàn trường THPT Sao Mai" in text(today)
    assert "Chi đoàn lớp 12A" in text(today)
    assert "Đoàn trường THPT Sao Mai" not in text(before)
    assert "Chi đoàn thôn Đông" in text(before)
    # htmx gets the tree alone, not the whole page.
    assert "Chi đoàn lớp 12A" in text(fragment)
    assert "<html" not in fragment.content.decode()
    # Before the commune existed there is no tree to show.
    empty = client.get(url, {"on": "01/01/2000"})
    assert "This unit was not in the tree on that date." in text(empty)


def test_it_shows_who_changed_a_unit_and_what_in_its_history(world, browse):
    # Given the secretary edits the union's details through the page
    unit = world.unit("TA.G1")
    response = browse(world.secretary).post(
        f"/units/{unit.pk}/edit/",
        {
            "address": "Thôn Đông, xã Bình Minh",
            "phone": "0912000777",
            "email": "",
            "founded_on": "",
        },
    )
    assert response.status_code == 302
    assert fresh(unit).address == "Thôn Đông, xã Bình Minh"

    # When the province staff open the union's history
    page = text(browse(world.staff_a).get(f"/units/{unit.pk}/history/"))

    # Then it names the secretary and the change, from what to what
    assert "Lê Thị Bình" in page
    assert "Address: — → Thôn Đông, xã Bình Minh" in page
    assert "Phone: — → 0912000777" in page


def test_it_lets_only_managers_edit_unit_details(world, browse):
    branch = world.unit("TA.G1.B1")

    forbidden = browse(world.member).post(f"/units/{branch.pk}/edit/", {"phone": "0900000000"})
    hidden = browse(world.staff_b).post(f"/units/{branch.pk}/edit/", {"phone": "0900000000"})
    invalid = browse(world.branch_secretary).post(
        f"/units/{branch.pk}/edit/",
        {"phone": "1", "email": "not-an-address", "founded_on": "31/02/2020"},
    )

    assert forbidden.status_code == 403
    assert hidden.status_code == 404
    assert invalid.status_code == 200
    assert "Enter a date as dd/mm/yyyy" in text(invalid)
    assert fresh(branch).phone == ""


def test_it_founds_a_sub_unit_from_the_form(world, browse):
    commune = world.unit("TA.G1")
    response = browse(world.secretary).post(
        f"/units/{commune.pk}/new/",
        {
            "kind": UnitKind.objects.get(code="branch").pk, "name": "Chi đoàn thôn Bắc",
            "code": "ta.g1.b3", "address": "", "effective_on": ddmmyyyy(NEW_YEAR),
            "decision_number": "3-QĐ/ĐTN", "reason": "",
        },
    )  # fmt: skip

    branch = Unit.objects.get(code="TA.G1.B3")
    assert response.status_code == 302
    assert response["Location"] == f"/units/{branch.pk}/"
    assert branch.parent == commune and branch.founded_on == NEW_YEAR
    # A duplicate code is refused next to the field, and nothing is founded.
    again = browse(world.secretary).post(
        f"/units/{commune.pk}/new/",
        {
            "kind": UnitKind.objects.get(code="branch").pk, "name": "Chi đoàn khác",
            "code": "TA.G1.B3", "effective_on": ddmmyyyy(NEW_YEAR),
        },
    )  # fmt: skip
    assert "Another unit already has the code TA.G1.B3." in text(again)
    assert not Unit.objects.filter(name="Chi đoàn khác").exists()


# --- restructuring: preview, then confirm --------------------------------------------------


def test_it_previews_a_merge_without_writing_and_applies_it_on_confirmation(world, browse):
    commune, school = world.unit("TA.G1"), world.unit("TA.G2")
    client = browse(world.staff_a)
    url = f"/units/{commune.pk}/merge/"
    data = {
        "others": [school.pk], "result": "this", "effective_on": ddmmyyyy(NEW_YEAR),
        "decision_number": "15-QĐ/TĐTN", "reason": "Sắp xếp tổ chức",
    }  # fmt: skip

    # When the staff ask for a preview
    preview = client.post(url, {**data, "step": "preview"})

    # Then the page says what will happen, and nothing has changed yet
    page = text(preview)
    assert "Preview: nothing has changed yet" in page
    assert "Result: Đoàn xã Bình Minh" in page
    assert "Đoàn trường THPT Sao Mai : 1 sub-unit" in page
    assert 'name="preview_token"' in preview.content.decode()
    assert fresh(school).status == UnitStatus.ACTIVE
    assert changes_recorded() == 0

    # When they confirm what they saw
    confirm = client.post(
        url, {**data, "step": "confirm", "preview_token": preview.context["preview_token"]}
    )

    # Then the merge is applied, and they land on the resulting unit
    assert confirm.status_code == 302
    assert confirm["Location"] == f"/units/{commune.pk}/"
    assert fresh(school).status == UnitStatus.MERGED
    assert fresh(world.unit("TA.G2.B1")).parent_id == commune.pk
    merge = Restructuring.objects.get(kind=RestructuringKind.MERGE)
    assert (merge.effective_on, merge.decision_number, merge.actor) == (
        NEW_YEAR, "15-QĐ/TĐTN", world.staff_a,
    )  # fmt: skip
    page = text(client.get(confirm["Location"]))
    assert "The units have been merged into Đoàn xã Bình Minh." in page
    assert "Chi đoàn lớp 12A" in page


def test_it_never_applies_values_changed_after_the_preview(world, browse):
    school = world.unit("TA.G2")
    client = browse(world.staff_a)
    url = f"/units/{school.pk}/rename/"
    previewed = {
        "name": "Đoàn trường THPT Sao Mai Mới",
        "code": "",
        "effective_on": ddmmyyyy(NEW_YEAR),
    }
    preview = client.post(url, {**previewed, "step": "preview"})
    token = preview.context["preview_token"]

    # When the name is changed in the form after the preview, and "Confirm" pressed
    changed = {**previewed, "name": "Tên chưa xem trước"}
    response = client.post(url, {**changed, "step": "confirm", "preview_token": token})

    # Then nothing is renamed: the new values get a preview of their own first
    assert response.status_code == 200
    assert fresh(school).name == "Đoàn trường THPT Sao Mai"
    assert changes_recorded() == 0
    assert "Preview: nothing has changed yet" in text(response)
    assert "Tên chưa xem trước" in text(response)
    assert response.context["preview_token"] != token
    # A confirmation without any token, or with a forged one, applies nothing either.
    client.post(url, {**changed, "step": "confirm"})
    client.post(url, {**changed, "step": "confirm", "preview_token": "0" * 40})
    assert fresh(school).name == "Đoàn trường THPT Sao Mai"

    # And confirming the new preview applies exactly what it showed.
    client.post(
        url, {**changed, "step": "confirm", "preview_token": response.context["preview_token"]}
    )
    assert fresh(school).name == "Tên chưa xem trước"
    assert changes_recorded() == 1


def test_it_moves_a_unit_through_preview_and_confirmation(world, browse):
    commune, school = world.unit("TA.G1"), world.unit("TA.G2")
    client = browse(world.staff_a)
    url = f"/units/{commune.pk}/move/"

    # The form offers the upper units the staff may use, never the unit's own branches.
    form = client.get(url)
    options = form.context["form"].fields["new_parent"].queryset
    assert school in options and world.unit("TA.G1.B1") not in options

    preview, confirm = preview_then_confirm(
        client, url, {"new_parent": school.pk, "effective_on": ddmmyyyy(NEW_YEAR)}
    )

    page = text(preview)
    assert "Upper unit Tỉnh đoàn Hải Đăng → Đoàn trường THPT Sao Mai" in page
    assert "Đoàn xã Bình Minh : 2 units below" in page
    assert confirm.status_code == 302
    assert fresh(commune).parent_id == school.pk
    assert fresh(world.unit("TA.G1.B2")).path.startswith(fresh(school).path)


def test_it_splits_a_unit_through_preview_and_confirmation(world, browse):
    commune = world.unit("TA.G1")
    east, west = world.unit("TA.G1.B1"), world.unit("TA.G1.B2")
    commune_kind = commune.kind_id
    client = browse(world.staff_a)
    url = f"/units/{commune.pk}/split/"
    data = {
        "parts": "2",
        "new_0_name": "Đoàn xã Bình Minh Bắc", "new_0_code": "TA.G1N", "new_0_kind": commune_kind,
        "new_1_name": "Đoàn xã Bình Minh Nam", "new_1_code": "TA.G1S", "new_1_kind": commune_kind,
        f"child_{east.pk}": "1", f"child_{west.pk}": "0",
        "effective_on": ddmmyyyy(NEW_YEAR),
    }  # fmt: skip

    # Leaving a branch without a new unit is caught by the form, before any preview.
    unassigned = client.post(url, {**data, f"child_{west.pk}": "", "step": "preview"})
    assert unassigned.context["preview"] is None
    assert unassigned.context["form"].errors[f"child_{west.pk}"]

    preview, confirm = preview_then_confirm(client, url, data)

    page = text(preview)
    assert "Đoàn xã Bình Minh leaves the tree and is replaced by:" in page
    assert "Đoàn xã Bình Minh Bắc TA.G1N" in page
    assert "Sub-units: Chi đoàn thôn Tây" in page
    assert confirm.status_code == 302
    assert confirm["Location"] == f"/units/{world.unit('TA').pk}/"
    assert fresh(commune).status == UnitStatus.SPLIT
    assert fresh(east).parent.code == "TA.G1S"
    assert fresh(west).parent.code == "TA.G1N"


def test_it_merges_into_a_new_unit_and_into_the_upper_unit(world, browse):
    client = browse(world.staff_a)
    commune, school = world.unit("TA.G1"), world.unit("TA.G2")

    _preview, confirm = preview_then_confirm(
        client,
        f"/units/{commune.pk}/merge/",
        {
            "others": [school.pk], "result": "new", "new_name": "Đoàn xã Hải Đăng",
            "new_code": "TA.G3", "new_kind": commune.kind_id, "effective_on": ddmmyyyy(NEW_YEAR),
        },
    )  # fmt: skip
    new_unit = Unit.objects.get(code="TA.G3")
    assert confirm["Location"] == f"/units/{new_unit.pk}/"
    assert new_unit.children.count() == 3

    # The new unit then merges into the province: its branches come directly under it.
    _preview, confirm = preview_then_confirm(
        client,
        f"/units/{new_unit.pk}/merge/",
        {"result": "parent", "effective_on": ddmmyyyy(TODAY)},
    )
    province = world.unit("TA")
    assert confirm["Location"] == f"/units/{province.pk}/"
    assert fresh(new_unit).status == UnitStatus.MERGED
    assert set(province.children.filter(status="active").values_list("code", flat=True)) == {
        "TA.G1.B1", "TA.G1.B2", "TA.G2.B1",
    }  # fmt: skip


def test_it_shows_service_refusals_on_the_form_and_writes_nothing(world, browse):
    school = world.unit("TA.G2")
    client = browse(world.staff_a)
    url = f"/units/{school.pk}/rename/"

    # The preview runs every check of the real change: a future date is refused next to
    # the field already at the preview, and no confirmation is offered...
    future = client.post(
        url,
        {"name": "Tên mới", "effective_on": ddmmyyyy(TODAY + dt.timedelta(days=1)),
         "step": "preview"},
    )  # fmt: skip
    # ...and so is a date before the unit's last change.
    services.unit_rename(actor=world.staff_a, unit=school, name="Tên A", effective_on=NEW_YEAR)
    early = client.post(
        url,
        {"name": "Tên B", "effective_on": ddmmyyyy(NEW_YEAR - dt.timedelta(days=1)),
         "step": "preview"},
    )  # fmt: skip

    assert "The effective date cannot be in the future." in text(future)
    assert future.context["form"].errors["effective_on"]
    assert future.context["preview"] is None and not future.context["preview_token"]
    assert early.status_code == 200
    assert "last changed on" in text(early)
    assert early.context["preview"] is None
    assert fresh(school).name == "Tên A"


def test_it_dissolves_a_unit_only_when_nothing_is_left_in_it(world, browse):
    client = browse(world.staff_a)
    commune, branch = world.unit("TA.G1"), world.unit("TA.G1.B2")

    # A union with branches shows what stands in the way, and cannot be dissolved
    blocked = client.post(
        f"/units/{commune.pk}/dissolve/",
        {"reason": "Giải thể", "effective_on": ddmmyyyy(TODAY), "step": "preview"},
    )
    assert "This unit cannot be dissolved yet: it still has 2 active sub-units." in text(blocked)
    assert blocked.context["preview"] is None

    # An empty branch can: the reason is required, then preview and confirm.
    no_reason = client.post(
        f"/units/{branch.pk}/dissolve/", {"effective_on": ddmmyyyy(TODAY), "step": "preview"}
    )
    assert no_reason.context["form"].errors["reason"]
    preview, confirm = preview_then_confirm(
        client,
        f"/units/{branch.pk}/dissolve/",
        {"reason": "Không còn đoàn viên", "effective_on": ddmmyyyy(TODAY)},
    )
    assert "Status Active → Dissolved" in text(preview)
    assert confirm["Location"] == f"/units/{commune.pk}/"
    assert fresh(branch).status == UnitStatus.DISSOLVED
    assert fresh(commune).status == UnitStatus.ACTIVE


@pytest.mark.parametrize("action", ["rename", "move", "merge", "split", "dissolve"])
def test_it_answers_forbidden_or_not_found_on_restructuring_pages(world, browse, action):
    commune = world.unit("TA.G1")
    data = {"name": "X", "reason": "X", "effective_on": ddmmyyyy(TODAY), "step": "preview"}

    # The secretary sees their union but restructuring it is the upper level's decision;
    # province B's staff do not see it at all.
    assert browse(world.secretary).get(f"/units/{commune.pk}/{action}/").status_code == 403
    assert browse(world.secretary).post(f"/units/{commune.pk}/{action}/", data).status_code == 403
    assert browse(world.staff_b).get(f"/units/{commune.pk}/{action}/").status_code == 404
    assert changes_recorded() == 0


def test_it_refuses_to_merge_into_a_unit_that_has_left_the_tree_from_its_page(world, browse):
    # Given the school was merged into the commune; its page stays readable
    school, commune = world.unit("TA.G2"), world.unit("TA.G1")
    services.units_merge(actor=world.staff_a, sources=[school], into=commune, effective_on=NEW_YEAR)
    client = browse(world.staff_a)

    # When someone asks, on the old school's page, that the commune join "this" unit
    # (the form lists the active siblings)
    preview = client.post(
        f"/units/{school.pk}/merge/",
        {"others": [commune.pk], "result": "this", "effective_on": ddmmyyyy(TODAY),
         "step": "preview"},
    )  # fmt: skip

    # Then the preview already refuses: the commune cannot join a unit that is no longer
    # there, and no confirmation is offered.
    assert preview.status_code == 200
    assert "is no longer active" in text(preview)
    assert not preview.context["preview_token"]
    assert fresh(commune).status == UnitStatus.ACTIVE
    assert fresh(world.unit("TA.G1.B1")).parent_id == commune.pk


def test_it_shows_a_merge_on_the_unit_pages_timeline_with_links_to_both_sides(world, browse):
    # Given the school union merged into Bình Minh commune
    school, commune = world.unit("TA.G2"), world.unit("TA.G1")
    services.units_merge(actor=world.staff_a, sources=[school], into=commune, effective_on=TODAY)

    # When staff open the commune's page
    html = browse(world.staff_a).get(f"/units/{commune.pk}/").content.decode()

    # Then its timeline names the merge, from the school to the commune, each a link.
    timeline = html[html.index('<ul class="timeline">') :]
    assert "Đã sáp nhập" in timeline or "Merged" in timeline
    assert f'<a href="/units/{school.pk}/">{school.name}</a> → ' in timeline
    assert f'<a href="/units/{commune.pk}/">{commune.name}</a>' in timeline
