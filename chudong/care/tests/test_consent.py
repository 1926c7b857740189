"""A member's hardship rests on the member's consent (privacy.SensitiveFieldRule
"hardship"): without it the care pages (the register, its filter, a case, the export) show
the "no consent" marker in place of the person and the circumstances, nothing of the case
is changed unseen, and nothing hidden is logged as read. With it, everything shows as
before and the read is logged. Young people who are not members are not affected."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from chudong.access.models import SensitiveReadLog
from chudong.care import selectors, services
from chudong.care.models import Support
from chudong.privacy.models import Consent
from chudong.privacy.services import consent_withdraw
from chudong.privacy.tests.consents import consent_to

from .conftest import TODAY, pdf

NAME = "Lục Văn Kín"
DETAILS = "Khiếm thính bẩm sinh, mẹ đơn thân"
RESIDENCE = "Xóm Nà Pục"
SPONSOR = "Quỹ Ánh Dương"
PLAN = "Học nghề may công nghiệp"
FILE = "xac-nhan-khuyet-tat.pdf"
MARKER = "Chưa có sự đồng ý: không hiển thị"
NOTE = "đoàn viên chưa đồng ý (hoặc đã rút lại sự đồng ý)"
SECRETS = (NAME, DETAILS, RESIDENCE, SPONSOR, PLAN, FILE)


@pytest.fixture
def member(make_member):
    return make_member(full_name=NAME)


@pytest.fixture
def case(world, member):
    """A member's case with everything a case holds: circumstances, details, residence,
    a plan, support and a file (recorded while the member had consented; the consent is
    then withdrawn, as a member may)."""
    (consent,) = consent_to(
        member, "hardship", actor=world.central_admin, given_on=dt.date(2026, 6, 1)
    )
    case = services.hardship_create(
        actor=world.secretary, unit=world.unit("TA.G1.B1"), member=member,
        circumstances=["disability"], details=DETAILS, residence=RESIDENCE, opened_on=TODAY,
    )  # fmt: skip
    services.plan_item_add(
        actor=world.secretary, case=case, what=PLAN, responsible="Đoàn xã",
        due_on=dt.date(2026, 9, 1),
    )  # fmt: skip
    services.support_add(
        actor=world.secretary, case=case, kind="cash", value_vnd=2_500_000, given_on=TODAY,
        sponsor_name=SPONSOR,
    )  # fmt: skip
    services.file_add(actor=world.secretary, case=case, upload=pdf(FILE))
    consent_withdraw(
        actor=world.central_admin, consent=consent, withdrawn_on=TODAY, evidence="Đơn rút lại"
    )
    SensitiveReadLog.objects.all().delete()
    return case


@pytest.fixture
def plain(hardship):
    """A young person who is not a member, with the same circumstance."""
    return hardship(person_name="Lò Thị Sợi", circumstances=["disability", "poor"])


def _give(world, member):
    consent_to(member, "hardship", actor=world.central_admin)


def _body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_register_lists_a_member_without_consent_under_the_marker(
    world, login, case, plain, member
):
    client = login(world.secretary)
    url = f"/units/{world.unit('TA.G1').pk}/care/hardship/"
    page = _body(client.get(url))
    assert f"/care/hardship/{case.pk}/" in page  # the case is there, the person is not
    assert MARKER in page and NOTE in page
    assert "Hoàn cảnh khó khăn để được hỗ trợ" in page  # the purpose is named
    for secret in SECRETS:
        assert secret not in page
    assert "Lò Thị Sợi" in page  # a young person who is not a member: as before
    log = SensitiveReadLog.objects.get()
    assert (log.subject_type, log.purpose) == ("care_hardship_list", "list")
    assert log.subject_label.endswith(": 1")  # one case shown, the hidden one not read

    _give(world, member)
    page = _body(client.get(url))
    assert NAME in page and MARKER not in page
    assert SensitiveReadLog.objects.order_by("-id").first().subject_label.endswith(": 2")


def test_a_circumstance_filter_does_not_reveal_a_member_without_consent(
    world, login, case, plain, member
):
    client = login(world.secretary)
    unit = world.unit("TA.G1")
    url = f"/units/{unit.pk}/care/hardship/?status=open&circumstance=disability"
    page = _body(client.get(url))
    assert f"/care/hardship/{plain.pk}/" in page
    assert f"/care/hardship/{case.pk}/" not in page
    rows = selectors.hardship_list(actor=world.secretary, unit=unit, circumstance="disability")
    assert [row.pk for row in rows] == [plain.pk]
    # Without a filter on a circumstance the case is listed (under the marker).
    rows = selectors.hardship_list(actor=world.secretary, unit=unit)
    assert {row.pk: row.content_shown for row in rows} == {case.pk: False, plain.pk: True}

    _give(world, member)
    assert f"/care/hardship/{case.pk}/" in _body(client.get(url))
    rows = selectors.hardship_list(actor=world.secretary, unit=unit, circumstance="disability")
    assert sorted(row.pk for row in rows) == sorted([plain.pk, case.pk])


def test_the_case_page_shows_only_the_marker_and_changes_nothing_unseen(world, login, case, member):
    client = login(world.secretary)
    url = f"/care/hardship/{case.pk}/"
    page = _body(client.get(url))
    assert MARKER in page and NOTE in page
    for secret in (*SECRETS, "2.500.000", "2,500,000"):
        assert secret not in page, secret
    assert world.unit("TA.G1.B1").name in page and "15/06/2026" in page
    assert f"/care/hardship/{case.pk}/edit/" not in page and 'name="action"' not in page
    assert not SensitiveReadLog.objects.exists()  # nothing was read

    # Neither the edit form, the files nor the case's actions are open without consent.
    assert client.get(f"{url}edit/").status_code == 403
    response = client.post(
        f"{url}edit/",
        {"person_name": "", "circumstances": ["poor"], "opened_on": "15/06/2026",
         "member": member.pk},
    )  # fmt: skip
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.circumstances == ["disability"] and case.details == DETAILS
    response = client.post(
        url, {"action": "support", "support-kind": "cash", "support-value_vnd": "100000",
              "support-given_on": "15/06/2026"},
    )  # fmt: skip
    assert response.status_code == 403 and Support.objects.filter(case=case).count() == 1
    file_row = case.files.get()
    response = client.get(f"/care/files/{file_row.pk}/")
    assert response.status_code == 403 and FILE not in response.content.decode()
    assert not SensitiveReadLog.objects.exists()

    _give(world, member)
    page = _body(client.get(url))
    for secret in SECRETS:
        assert secret in page, secret
    assert MARKER not in page and f"/care/hardship/{case.pk}/edit/" in page
    assert client.get(f"{url}edit/").status_code == 200
    assert client.get(f"/care/files/{file_row.pk}/").status_code == 200
    assert list(SensitiveReadLog.objects.order_by("id").values_list("subject_type", "purpose")) == [
        ("care_hardship", "case"),
        ("care_hardship", "edit"),
        ("care_hardship", "file"),
    ]


def _sheet_rows(client, unit):
    response = client.get(f"/units/{unit.pk}/care/hardship.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [list(r) for r in sheet.iter_rows(min_row=5, values_only=True)]


def test_the_export_writes_the_marker_for_a_member_without_consent(
    world, login, case, plain, member
):
    client = login(world.secretary)
    unit = world.unit("TA.G1")
    rows = _sheet_rows(client, unit)
    text = repr(rows)
    for secret in SECRETS:
        assert secret not in text, secret
    hidden = next(r for r in rows if r[1] == MARKER)
    assert hidden[3] == "Đoàn viên" and hidden[7] == world.unit("TA.G1.B1").name
    assert hidden[5] == MARKER and hidden[6] == MARKER and hidden[11] == MARKER
    assert hidden[12] == "Đang theo dõi"
    shown = next(r for r in rows if r[1] == "Lò Thị Sợi")
    assert "Khuyết tật" in shown[5]
    log = SensitiveReadLog.objects.get()
    assert (log.purpose, log.subject_label) == ("export", f"{unit.name}: 1")

    _give(world, member)
    rows = _sheet_rows(client, unit)
    mine = next(r for r in rows if r[1] == NAME)
    assert mine[4] == RESIDENCE and mine[6] == DETAILS and mine[11] == 2_500_000
    assert MARKER not in repr(rows)


def test_consent_is_judged_on_the_day(world, case, member):
    """Open from 1/6 until withdrawn on 15/6 (today): shown on a day between, not today."""
    assert selectors.hardship_state(case, on=dt.date(2026, 6, 10)).shown is True
    assert selectors.hardship_state(case).shown is False
    assert not Consent.objects.filter(member=member, withdrawn_on__isnull=True).exists()


def test_the_register_with_hidden_cases_reads_a_pinned_number_of_queries(
    world, login, hardship, make_member, django_assert_max_num_queries
):
    client = login(world.staff_a)
    unit = world.unit("TA")
    client.get(f"/units/{unit.pk}/care/")  # warm the session and the grants
    for index in range(6):
        member = make_member(unit_code="TA.G2.B1", full_name=f"Đoàn Viên Thứ {index}")
        if index % 2:
            consent_to(member, "hardship", actor=world.central_admin)
        hardship(unit_code="TA.G2.B1", actor=world.staff_a, member=member)
        hardship(unit_code="TA.G2.B1", actor=world.staff_a, person_name=f"Người thứ {index}")
    # The consents of the page's members are read in two queries (the rules, the open
    # consents), and the filter on a circumstance reads the rule once more: none per row.
    for url, limit in (
        (f"/units/{unit.pk}/care/hardship/", 8),
        (f"/units/{unit.pk}/care/hardship/?status=open&circumstance=poor", 9),
    ):
        with django_assert_max_num_queries(limit):
            page = _body(client.get(url))
        assert "Đoàn Viên Thứ 1" in page and "Đoàn Viên Thứ 0" not in page
