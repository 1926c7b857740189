"""The data-protection officer's view of the read log: scoped by unit, filtered by unit,
person and date, paged without counting, exported to .xlsx."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import time_machine
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from chudong.access.models import SensitiveReadLog
from chudong.access.policy import log_sensitive_read
from chudong.members.models import MemberSensitive

VN = dt.timezone(dt.timedelta(hours=7))


def _read(actor, unit, label, when):
    with time_machine.travel(when, tick=False):
        log_sensitive_read(
            actor=actor, subject_type="member", subject_id=1, subject_label=label,
            unit_path=unit.path, fields=["religion"], request_path="/members/1/sensitive/",
        )  # fmt: skip


def _url(world, code="TA", query=""):
    return f"/units/{world.unit(code).pk}/privacy/read-log/{query}"


def test_the_officer_sees_reads_in_their_units_only(world, login):
    _read(
        world.secretary,
        world.unit("TA.G1.B1"),
        "Đinh Thị Lan",
        dt.datetime(2026, 11, 2, 9, tzinfo=VN),
    )
    _read(
        world.staff_b,
        world.unit("TB.G1.B1"),
        "Mai Văn Khoa",
        dt.datetime(2026, 11, 3, 9, tzinfo=VN),
    )
    client = login(world.dpo_a)
    page = client.get(_url(world)).content.decode()
    assert "Đinh Thị Lan" in page and "Lê Thị Bình" in page
    assert "Mai Văn Khoa" not in page
    with translation.override("vi"):
        religion = str(MemberSensitive._meta.get_field("religion").verbose_name)
    assert religion.capitalize()[:8] in page  # the field in words, not its code
    assert ">religion<" not in page
    assert client.get(_url(world, "TB")).status_code == 404
    # A secretary holds no audit.view: the unit is visible, the log is not.
    assert login(world.secretary).get(_url(world, "TA.G1")).status_code == 403


def test_it_filters_by_unit_person_and_date(world, login):
    _read(
        world.secretary,
        world.unit("TA.G1.B1"),
        "Đinh Thị Lan",
        dt.datetime(2026, 11, 2, 9, tzinfo=VN),
    )
    _read(
        world.staff_a, world.unit("TA.G2.B1"), "Cao Văn Tú", dt.datetime(2026, 11, 10, 9, tzinfo=VN)
    )
    client = login(world.dpo_a)
    by_unit = client.get(_url(world, query=f"?within={world.unit('TA.G2').pk}")).content.decode()
    assert "Cao Văn Tú" in by_unit and "Đinh Thị Lan" not in by_unit
    by_person = client.get(_url(world, query="?reader=le thi binh")).content.decode()
    assert "Đinh Thị Lan" in by_person and "Cao Văn Tú" not in by_person
    by_date = client.get(_url(world, query="?date_from=05/11/2026&date_to=30/11/2026")).content
    assert "Cao Văn Tú" in by_date.decode() and "Đinh Thị Lan" not in by_date.decode()
    wrong = client.get(_url(world, query="?date_from=30/11/2026&date_to=05/11/2026")).content
    with translation.override("vi"):
        assert gettext("The end date is before the start date.") in wrong.decode()
    outside = client.get(_url(world, "TA.G1", query=f"?within={world.unit('TB.G1').pk}"))
    assert "Chọn một lựa chọn hợp lệ" in outside.content.decode() or outside.status_code == 200
    assert "Vĩnh Lạc" not in outside.content.decode()


def test_it_pages_by_key_without_counting(world, login, django_assert_max_num_queries):
    base = dt.datetime(2026, 11, 1, 8, tzinfo=VN)
    for n in range(55):
        _read(
            world.secretary,
            world.unit("TA.G1.B1"),
            f"Người số {n:02d}",
            base + dt.timedelta(minutes=n),
        )
    client = login(world.dpo_a)
    first = client.get(_url(world)).content.decode()
    assert "Người số 54" in first and "Người số 05" in first and "Người số 04" not in first
    last_id = SensitiveReadLog.objects.order_by("-id")[49].pk
    second = client.get(_url(world, query=f"?before={last_id}")).content.decode()
    assert "Người số 04" in second and "Người số 00" in second and "Người số 05" not in second
    with django_assert_max_num_queries(14):
        client.get(_url(world))


def test_it_exports_the_filtered_log_to_excel(world, login):
    _read(
        world.secretary,
        world.unit("TA.G1.B1"),
        "=Đinh Thị Lan",
        dt.datetime(2026, 11, 2, 9, tzinfo=VN),
    )
    _read(
        world.staff_b,
        world.unit("TB.G1.B1"),
        "Mai Văn Khoa",
        dt.datetime(2026, 11, 3, 9, tzinfo=VN),
    )
    response = login(world.dpo_a).get(
        f"/units/{world.unit('TA').pk}/privacy/read-log.xlsx?reader=binh"
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    rows = [r for r in book.active.iter_rows(values_only=True)]
    header = rows[3]
    with translation.override("vi"):
        expected = tuple(gettext(t) for t in ("When", "Who read", "Account", "Whose data"))
    assert header[:4] == expected
    data = rows[4:]
    assert len(data) == 1
    assert data[0][1] == "Lê Thị Bình" and data[0][3] == "'=Đinh Thị Lan"
    assert data[0][5] == "Chi đoàn thôn Đông"
    assert data[0][0] == timezone.localtime(
        SensitiveReadLog.objects.get(subject_label="=Đinh Thị Lan").at
    ).strftime("%d/%m/%Y %H:%M:%S")


def test_the_old_read_log_address_sends_the_officer_here_and_the_menu_has_one_entry(world, login):
    _read(
        world.secretary,
        world.unit("TA.G1.B1"),
        "Đinh Thị Lan",
        dt.datetime(2026, 11, 2, 9, tzinfo=VN),
    )
    officer = login(world.dpo_a)
    old = officer.get("/audit/reads/")
    assert old.status_code == 302 and old["Location"] == "/privacy/read-log/"
    page = officer.get("/audit/reads/", follow=True)
    assert page.redirect_chain[-1][0] == _url(world)
    assert "Đinh Thị Lan" in page.content.decode()
    menu = officer.get("/privacy/register/").content.decode()
    assert 'href="/privacy/read-log/"' in menu
    assert 'href="/audit/reads/"' not in menu
    # Without audit.view the old address is still "not found".
    assert login(world.secretary).get("/audit/reads/").status_code == 404
