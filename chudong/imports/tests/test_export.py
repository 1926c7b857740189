"""The member list as Excel: the usual layout, the list's filters, sensitive columns only
for those who may read them (and logged), and a file the importer reads back."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from chudong.access.models import Role, RoleAssignment, SensitiveReadLog
from chudong.imports import services
from chudong.members import services as member_services
from chudong.privacy.tests.consents import consent_to

from .conftest import upload

NOW = dt.datetime(2025, 11, 15, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def register(world, make_member):
    """Three members of the commune, one with sensitive data, one with a hostile hometown."""
    lan = make_member(
        full_name="Trần Thị Lan", sex="female", date_of_birth=dt.date(2003, 4, 2),
        hometown="=HYPERLINK(\"http://x\")", phone="0912345678",
        admission_date=dt.date(2019, 3, 26), card_number="TA-19-0002",
    )  # fmt: skip
    an = make_member(full_name="Nguyễn Văn An", date_of_birth=dt.date(2001, 5, 17))
    make_member(
        unit_code="TA.G1.B2", full_name="Lò Văn Bình", date_of_birth=dt.date(2000, 1, 1),
        birth_year_only=True, party_status="probationary",
    )  # fmt: skip
    member_services.member_sensitive_update(
        actor=world.central_admin, member=lan, expected_version=0,
        values={"ethnicity": "Tày", "religion": "Không"},
    )  # fmt: skip
    consent_to(lan, "ethnicity-religion", actor=world.central_admin)
    return {"lan": lan, "an": an}


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = b"".join(response.streaming_content)
    book = load_workbook(io.BytesIO(data))
    return book.active, data


def test_it_exports_the_list_in_the_usual_layout(world, login, register):
    commune = world.unit("TA.G1")
    response = login(world.secretary).get(f"/units/{commune.pk}/members/export.xlsx")
    sheet, _data = _sheet(response)
    assert "danh-sach-doan-vien-TA.G1-20251115.xlsx" in response["Content-Disposition"]
    assert sheet["A1"].value == "DANH SÁCH ĐOÀN VIÊN"
    assert sheet["A2"].value == (
        "ĐOÀN TNCS HỒ CHÍ MINH · Đoàn xã Bình Minh · tính đến ngày 15/11/2025"
    )
    headers = [c.value for c in sheet[4]]
    assert headers == [
        "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Quê quán", "Nơi ở", "SĐT",
        "Ngày vào Đoàn", "Số thẻ", "Trình độ", "Đảng viên", "Chi đoàn", "Dân tộc", "Tôn giáo",
    ]  # fmt: skip
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    # Vietnamese name order: An, Bình, Lan.
    assert [r[1] for r in rows] == ["Nguyễn Văn An", "Lò Văn Bình", "Trần Thị Lan"]
    assert [r[0] for r in rows] == [1, 2, 3]
    binh, lan = rows[1], rows[2]
    assert binh[2] == 2000  # only the year is known
    assert binh[10] == "Dự bị"
    assert lan[2] == dt.datetime(2003, 4, 2)
    assert sheet.cell(row=7, column=3).number_format == "DD/MM/YYYY"
    assert lan[4] == '\'=HYPERLINK("http://x")'  # never a formula for whoever opens it
    assert (lan[6], lan[7], lan[8], lan[11]) == (
        "0912345678",
        dt.datetime(2019, 3, 26),
        "TA-19-0002",
        "Chi đoàn thôn Đông",
    )
    assert (lan[12], lan[13]) == ("Tày", "Không")
    log = SensitiveReadLog.objects.get()
    assert (log.actor, log.purpose, log.subject_type, log.fields) == (
        world.secretary,
        "export",
        "member_list",
        "ethnicity,religion",
    )


def test_it_applies_the_filters_and_search_of_the_list(world, login, register):
    commune = world.unit("TA.G1")
    response = login(world.secretary).get(
        f"/units/{commune.pk}/members/export.xlsx?q=lan&sex=female&status=current"
    )
    sheet, _data = _sheet(response)
    assert [row[1].value for row in sheet.iter_rows(min_row=5)] == ["Trần Thị Lan"]
    assert sheet["A2"].value.endswith(" · danh sách đã lọc")


def test_it_leaves_out_sensitive_columns_for_those_without_the_right(world, login, register):
    role = Role.objects.get(code="executive-committee")  # sees members, not sensitive data
    RoleAssignment.objects.create(
        user=world.outsider, unit=world.unit("TA.G1"), role=role, start_date=dt.date(2020, 1, 1)
    )
    response = login(world.outsider).get(f"/units/{world.unit('TA.G1').pk}/members/export.xlsx")
    sheet, data = _sheet(response)
    assert [c.value for c in sheet[4]][-1] == "Chi đoàn"
    assert b"T\xc3\xa0y" not in data  # "Tày" appears nowhere in the file
    assert not SensitiveReadLog.objects.exists()


def test_it_exports_only_where_the_reader_sees_members(world, login, register):
    url = f"/units/{world.unit('TA.G1.B1').pk}/members/export.xlsx"
    assert login(world.staff_b).get(url).status_code == 404
    assert login(world.member).get(url).status_code == 403  # sees the branch, not its members


def test_it_writes_a_file_the_importer_reads_back_as_already_registered(world, login, register):
    branch = world.unit("TA.G1.B1")
    response = login(world.secretary).get(f"/units/{branch.pk}/members/export.xlsx")
    data = b"".join(response.streaming_content)
    job = services.import_job_create(
        actor=world.secretary, unit=branch, upload=upload(data, "xuat.xlsx")
    )
    guesses = {c["header"]: c["guess"] for c in job.layout["columns"]}
    assert guesses["Họ và tên"] == "full_name"
    assert guesses["Ngày sinh"] == "date_of_birth"
    assert guesses["Nơi ở"] == "current_residence"
    assert guesses["Dân tộc"] == "ethnicity"
    assert guesses["Chi đoàn"] == ""  # importing into a branch: no branch column
    job = services.import_job_map(actor=world.secretary, job=job, mapping=job.mapping)
    assert (job.rows_read, job.duplicates_register, job.rows_valid, job.rows_rejected) == (
        2,
        2,
        0,
        0,
    )


def test_a_long_export_is_sent_while_it_is_being_made():
    """The archive leaves in pieces as the rows are read (no temporary file, no wait for
    the last row), and the pieces make one workbook that reads back whole."""
    from django.http import StreamingHttpResponse

    from chudong.imports.xlsx_stream import stream_workbook_response

    read = []

    def rows():
        for n in range(3000):
            read.append(n)
            yield [n, f"Đoàn viên {n}", dt.date(2000, 1, 1) + dt.timedelta(days=n), "=1+1"]

    headers = ["STT", "Họ tên", "Ngày", "Ghi chú"]
    response = stream_workbook_response(
        filename="x.xlsx", title="DANH SÁCH", subtitle="Thử", headers=headers, rows=rows()
    )
    assert isinstance(response, StreamingHttpResponse)
    assert "x.xlsx" in response["Content-Disposition"]
    pieces = iter(response.streaming_content)
    first = next(pieces)
    assert first.startswith(b"PK") and read == []  # the head leaves before any row is read
    second = next(pieces)
    assert second and 0 < len(read) < 3000
    data = first + second + b"".join(pieces)
    assert len(read) == 3000
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "DANH SÁCH"
    assert sheet.max_row == 3004
    assert sheet["B3004"].value == "Đoàn viên 2999"
    assert sheet["C5"].value.date() == dt.date(2000, 1, 1)
    assert sheet["D5"].value == "'=1+1" and sheet["D5"].data_type != "f"
