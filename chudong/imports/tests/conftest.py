"""Spreadsheets as units keep them, built with openpyxl for each test, and helpers to run
an import through the services as a user would."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from chudong.imports import services
from chudong.imports.models import ImportJob

FIXTURES = Path(__file__).parent / "fixtures"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def xlsx_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def simple_sheet(rows: list[list], *, title: bool = True) -> Workbook:
    """A title block, one header row, then `rows` (the header is rows[0])."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    if title:
        sheet.append(["ĐOÀN TNCS HỒ CHÍ MINH"])
        sheet.append(["BCH ĐOÀN XÃ BÌNH MINH"])
        sheet.append([])
        sheet.append(["DANH SÁCH ĐOÀN VIÊN"])
        sheet.append([])
    for row in rows:
        sheet.append(row)
    return workbook


HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Quê quán", "SĐT", "Số CCCD"]


def messy_workbook() -> Workbook:
    """The list as a commune union really keeps it (rows numbered as in Excel):

    1-4  title block; 6-7 two-row merged header: Họ và tên over Họ đệm | Tên, "Ngày,
    tháng, năm sinh" over Nam | Nữ (the column gives the sex), odd case and line breaks;
    8 the column numbers; 9.. members with Excel dates, typed dates in every usual form,
    phones and CCCD stored as numbers, empty rows; bad rows; a totals row; a signature
    block with a name under it.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "DS ĐV 2025"
    sheet["A1"] = "ĐOÀN TNCS HỒ CHÍ MINH"
    sheet["A2"] = "BCH ĐOÀN XÃ BÌNH MINH"
    sheet["F1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sheet["A4"] = "DANH SÁCH ĐOÀN VIÊN CHI ĐOÀN THÔN ĐÔNG"
    sheet.merge_cells("A4:J4")
    headers = {
        "A6": "STT",
        "B6": "HỌ VÀ  TÊN",
        "B7": "Họ đệm",
        "C7": "Tên",
        "D6": "Ngày, tháng,\nnăm sinh",
        "D7": "Nam",
        "E7": "Nữ",
        "F6": "Quê quán",
        "G6": "Số điện thoại",
        "H6": "Số CCCD/\nCMND",
        "I6": "Ngày vào\nĐoàn",
        "J6": "Đảng viên",
    }
    for cell, text in headers.items():
        sheet[cell] = text
    for merged in ("A6:A7", "B6:C6", "D6:E6", "F6:F7", "G6:G7", "H6:H7", "I6:I7", "J6:J7"):
        sheet.merge_cells(merged)
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)"])
    rows = [
        # row 9: an Excel date, numbers that lost their leading 0
        [1, "Nguyễn Văn", "An", dt.date(2001, 5, 17), None, "Xóm Đồng Tâm", 912345678,
         1201012345, dt.date(2017, 3, 26), None],
        # row 10: typed dd/mm/yyyy under Nữ
        [2, "Lò Thị", "Mỷ", None, "12/03/2003", "Bản Pác Nặm", "0987 654 321",
         "001303012345", "26/3/2019", "x"],
        # row 11: d/m/yy
        [3, "TRẦN THỊ", "BÍCH", None, "5/3/04", "Xóm Hanh", None, None, None, None],
        [],
        # row 13: dd-mm-yyyy and a year alone
        [4, "Hoàng Đức", "Minh", "01-09-1999", None, "Xóm Kẹm", None, None, "2015", "Dự bị"],
        # row 14: an impossible date
        [5, "Phạm Thị", "Lan", None, "31/02/2004", "Xóm Ao Sen", None, None, None, None],
        # row 15: dd.mm.yyyy
        [6, "Đặng Văn", "Hùng", "15.08.2000", None, "Xóm Trung", None, None, None, None],
        # row 16: "ngày … tháng … năm …"
        [7, "Vi Thị", "Hoa", None, "ngày 5 tháng 3 năm 2004", "Xóm Ngọc Lý", None, None,
         None, None],
        # row 17: the year alone
        [8, "Ma Văn", "Tú", "1998", None, "Xóm Phú Xuân", None, None, None, None],
        [],
        # row 19: no name
        [9, None, None, "02/02/2002", None, "Xóm Đồng Tiến", None, None, None, None],
        # row 20: a CCCD too short, a bad phone
        [10, "Bùi Văn", "Sơn", "03/04/2003", None, "Xóm Hanh", "12345", "1234567", None, None],
        # row 21: the same person as row 9 (written in capitals)
        [11, "NGUYỄN VĂN", "AN", dt.date(2001, 5, 17), None, "Xóm Đồng Tâm", None, None,
         None, None],
        # row 22: both Nam and Nữ filled
        [12, "Lý Thị", "Ngọc", "04/04/2004", "04/04/2004", "Xóm Kẹm", None, None, None, None],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
    sheet.append(["Tổng cộng: 12 đoàn viên", None, None, 7, 5])  # row 23
    sheet.append([])
    sheet.append([None, None, None, None, None, None, "Bình Minh, ngày 20 tháng 10 năm 2025"])
    sheet.append([None, "Người lập biểu", None, None, None, None, "T/M BCH ĐOÀN XÃ"])
    sheet.append([None, None, None, None, None, None, "BÍ THƯ"])
    sheet.append([None, "Nguyễn Thị Lập", None, None, None, None, "Trần Văn Ký"])
    return workbook


@pytest.fixture
def start_import(world):
    """Upload `data` into `unit_code` as `actor` and map it as guessed; returns the job
    after the check (small files are checked within the call)."""

    def _start(data: bytes, *, unit_code="TA.G1.B1", actor=None, name="danh-sach.xlsx",
               mapping=None) -> ImportJob:  # fmt: skip
        actor = actor or world.secretary
        job = services.import_job_create(
            actor=actor, unit=world.unit(unit_code), upload=upload(data, name)
        )
        return services.import_job_map(actor=actor, job=job, mapping=mapping or job.mapping)

    return _start


@pytest.fixture
def make_member(world):
    """Register a member through the member register's own service."""
    from chudong.members import services as member_services

    def _make(unit_code="TA.G1.B1", full_name="Nguyễn Văn An", sex="male",
              date_of_birth=dt.date(2001, 5, 17), actor=None, **details):  # fmt: skip
        return member_services.member_create(
            actor=actor or world.central_admin, unit=world.unit(unit_code), full_name=full_name,
            sex=sex, date_of_birth=date_of_birth, **details,
        )  # fmt: skip

    return _make
