"""The care pages: counts that roll up the tree for care.view, names only with
members.sensitive, every sensitive read logged, 404 out of scope, pinned query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from chudong.access.models import SensitiveReadLog
from chudong.care import selectors, services
from chudong.care.models import CareFile
from chudong.privacy.tests.consents import consent_to

from .conftest import TODAY, pdf

NAMES = ["Lò Thị Sợi", "Hà Văn Phúc", "Trần Văn Khó"]


@pytest.fixture
def cases(world, hardship, rights, make_member):
    """Cases spread over the tree:
    TA.G1.B1: 2 hardship (one member with a plan, one supported this year), 1 rights;
    TA.G1.B2: 1 hardship (closed); TA.G1 itself: 1 rights; TA.G2.B1: 1 hardship;
    TB.G1.B1: 1 hardship (another province)."""
    member = make_member(full_name="Trần Văn Khó")
    consent_to(member, "hardship", actor=world.central_admin)  # the member panel needs it
    with_member = services.hardship_create(
        actor=world.secretary,
        unit=world.unit("TA.G1.B1"),
        member=member,
        circumstances=["disability", "unemployed"],
        opened_on=dt.date(2026, 2, 1),
    )
    services.plan_item_add(
        actor=world.secretary,
        case=with_member,
        what="Giới thiệu việc làm",
        responsible="Đoàn xã",
        due_on=dt.date(2026, 8, 1),
    )
    plain = hardship(circumstances=["poor", "ethnic_minority"], opened_on=dt.date(2026, 1, 5))
    services.support_add(
        actor=world.secretary,
        case=plain,
        kind="scholarship",
        value_vnd=3_000_000,
        given_on=dt.date(2026, 3, 1),
        sponsor_name="Quỹ Vì em hiếu học",
    )
    closed = hardship(
        unit_code="TA.G1.B2",
        person_name="Vàng A Dế",
        circumstances=["orphan"],
        opened_on=dt.date(2025, 9, 1),
    )
    services.hardship_close(
        actor=world.secretary,
        case=closed,
        closed_on=dt.date(2026, 5, 1),
        outcome="Đã chuyển đi tỉnh khác.",
    )
    hardship(
        unit_code="TA.G2.B1",
        actor=world.staff_a,
        person_name="Đào Thị Nụ",
        circumstances=["dropout", "poor"],
    )
    hardship(unit_code="TB.G1.B1", actor=world.staff_b, person_name="Mã Văn Xa")
    overdue = rights(received_on=dt.date(2026, 5, 1))
    rights(
        unit_code="TA.G1", area="online", requester_kind="anonymous", summary="Bị bắt nạt trên mạng"
    )
    return {
        "member": member,
        "with_member": with_member,
        "plain": plain,
        "closed": closed,
        "overdue": overdue,
    }


def _row(summary, code):
    return next(r for r in summary.children if r.unit.code == code)


def test_counts_roll_up_at_every_level(world, cases):
    day = TODAY
    top = selectors.care_summary(actor=world.staff_a, unit=world.unit("TA"), day=day)
    assert top.total.hardship_open == 3 and top.total.hardship_closed == 1
    assert top.total.by_circumstance["poor"] == 2
    assert top.total.by_circumstance["orphan"] == 0  # closed cases leave the open counts
    assert (top.total.with_plan, top.total.without_plan) == (1, 2)
    assert top.total.supported_this_year == 1
    assert (top.total.rights_open, top.total.rights_overdue) == (2, 1)
    assert _row(top, "TA.G1").hardship_open == 2 and _row(top, "TA.G1").rights_open == 2
    assert _row(top, "TA.G2").hardship_open == 1 and _row(top, "TA.G2").rights_open == 0

    commune = selectors.care_summary(actor=world.secretary, unit=world.unit("TA.G1"), day=day)
    assert commune.own.rights_open == 1 and commune.own.hardship_open == 0
    assert _row(commune, "TA.G1.B1").hardship_open == 2
    assert _row(commune, "TA.G1.B1").by_circumstance["disability"] == 1
    assert _row(commune, "TA.G1.B2").hardship_closed == 1
    assert _row(commune, "TA.G1.B1").rights_overdue == 1

    branch = selectors.care_summary(
        actor=world.branch_secretary, unit=world.unit("TA.G1.B1"), day=day
    )
    assert branch.total.hardship_open == 2 and branch.children == []

    national = selectors.care_summary(actor=world.central_admin, unit=world.unit("ROOT"), day=day)
    assert national.total.hardship_open == 4
    assert _row(national, "TB").hardship_open == 1


def test_a_reader_without_the_sensitive_capability_sees_counts_never_names(
    world, cases, committee, login
):
    client = login(committee)
    unit = world.unit("TA.G1")
    page = client.get(f"/units/{unit.pk}/care/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Đoàn xã Bình Minh" in body and "Chi đoàn thôn Đông" in body
    for name in [*NAMES, "Bị bắt nạt", "nợ lương", "Giới thiệu việc làm"]:
        assert name not in body
    # Every page with names answers 403; the unit page offers no link to them.
    member = cases["member"]
    for url in (
        f"/units/{unit.pk}/care/hardship/",
        f"/units/{unit.pk}/care/rights/",
        f"/units/{unit.pk}/care/hardship.xlsx",
        f"/care/hardship/{cases['plain'].pk}/",
        f"/care/rights/{cases['overdue'].pk}/",
        f"/members/{member.pk}/care/",
        f"/units/{unit.pk}/care/rights/overdue/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert not any(name in response.content.decode() for name in NAMES), url
    unit_page = client.get(f"/units/{unit.pk}/").content.decode()
    assert f"/units/{unit.pk}/care/" in unit_page
    assert f"/units/{unit.pk}/care/hardship/" not in unit_page
    assert not SensitiveReadLog.objects.filter(actor=committee).exists()


def test_every_sensitive_read_is_logged(world, cases, login):
    client = login(world.secretary)
    unit = world.unit("TA.G1")
    plain, overdue = cases["plain"], cases["overdue"]
    row = services.file_add(actor=world.secretary, case=plain, upload=pdf("giay-xac-nhan.pdf"))
    SensitiveReadLog.objects.all().delete()

    listing = client.get(f"/units/{unit.pk}/care/hardship/").content.decode()
    assert "Lò Thị Sợi" in listing and "Trần Văn Khó" in listing
    assert "Mã Văn Xa" not in listing and "Đào Thị Nụ" not in listing
    assert "Lò Thị Sợi" in client.get(f"/care/hardship/{plain.pk}/").content.decode()
    assert "Hà Văn Phúc" in client.get(f"/care/rights/{overdue.pk}/").content.decode()
    assert "Hà Văn Phúc" in client.get(f"/units/{unit.pk}/care/rights/").content.decode()
    client.get(f"/units/{unit.pk}/care/hardship.xlsx")
    panel = client.get(f"/members/{cases['member'].pk}/care/", HTTP_HX_REQUEST="true")
    assert "Khuyết tật" in panel.content.decode() or "Disability" in panel.content.decode()
    download = client.get(f"/care/files/{row.pk}/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Cache-Control"] == "private, no-store"

    logged = list(
        SensitiveReadLog.objects.filter(actor=world.secretary)
        .order_by("id")
        .values_list("subject_type", "subject_id", "purpose")
    )
    assert logged == [
        ("care_hardship_list", unit.pk, "list"),
        ("care_hardship", plain.pk, "case"),
        ("care_rights", overdue.pk, "case"),
        ("care_rights_list", unit.pk, "list"),
        ("care_hardship_list", unit.pk, "export"),
        ("member", cases["member"].pk, "member page"),
        ("care_hardship", plain.pk, "file"),
    ]


def test_out_of_scope_cases_are_not_found(world, cases, login):
    client = login(world.staff_b)
    for url in (
        f"/care/hardship/{cases['plain'].pk}/",
        f"/care/rights/{cases['overdue'].pk}/",
        f"/units/{world.unit('TA.G1').pk}/care/",
        f"/members/{cases['member'].pk}/care/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"action": "close", "close-outcome": "x"}).status_code == 404
    # A branch secretary does not see the commune's own rights case nor a sibling branch's.
    client = login(world.branch_secretary)
    closed = cases["closed"]
    assert client.get(f"/care/hardship/{closed.pk}/").status_code == 404
    assert not SensitiveReadLog.objects.filter(actor=world.staff_b).exists()


def test_the_overdue_list_flags_the_late_case(world, cases, login):
    client = login(world.secretary)
    body = client.get(f"/units/{world.unit('TA.G1').pk}/care/rights/overdue/").content.decode()
    assert "Công ty nợ lương" in body and "Bị bắt nạt trên mạng" not in body
    assert "care-overdue" in body


def test_the_export_lists_the_subtree_with_support_totals(world, cases, login):
    response = login(world.staff_a).get(f"/units/{world.unit('TA').pk}/care/hardship.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    names = [r[1] for r in rows]
    assert sorted(names) == sorted(["Trần Văn Khó", "Lò Thị Sợi", "Vàng A Dế", "Đào Thị Nụ"])
    plain = next(r for r in rows if r[1] == "Lò Thị Sợi")
    assert plain[10] == 1 and plain[11] == 3_000_000


def test_pages_post_through_the_services_and_show_vietnamese_errors(world, cases, login):
    client = login(world.secretary)
    case = cases["overdue"]
    url = f"/care/rights/{case.pk}/"
    response = client.post(url, {"action": "step", "step-on": "01/01/2030", "step-note": "Gọi"})
    assert "Ngày không thể ở tương lai." in response.content.decode()
    response = client.post(url, {"action": "assign", "assign-handler": world.branch_secretary.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.handler == world.branch_secretary
    unit = world.unit("TA.G1.B1")
    response = client.post(
        f"/units/{unit.pk}/care/hardship/new/",
        {
            "person_name": "Giàng Thị Mỷ",
            "birth_year": "2007",
            "residence": "Bản Phiêng",
            "circumstances": ["near_poor", "religious"],
            "opened_on": "10/06/2026",
        },
    )
    assert response.status_code == 302
    created = cases["plain"].__class__.objects.get(person_name="Giàng Thị Mỷ")
    assert created.circumstances == ["near_poor", "religious"]
    response = client.post(
        f"/care/hardship/{created.pk}/",
        {
            "action": "file",
            "file-file": io.BytesIO(b"not a pdf"),
        },
    )
    assert "không phải" in response.content.decode()
    assert not CareFile.objects.exists()


def test_list_pages_have_pinned_query_counts(
    world, cases, hardship, login, django_assert_max_num_queries
):
    client = login(world.staff_a)
    unit = world.unit("TA")
    client.get(f"/units/{unit.pk}/care/")  # warm the session and the grants
    for index in range(6):
        hardship(unit_code="TA.G2.B1", actor=world.staff_a, person_name=f"Người thứ {index}")
    for url, limit in (
        (f"/units/{unit.pk}/care/", 14),
        (f"/units/{unit.pk}/care/hardship/", 14),
        (f"/units/{unit.pk}/care/rights/", 14),
    ):
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
