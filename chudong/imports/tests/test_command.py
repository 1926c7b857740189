"""manage.py import_members: the same importer and report from the command line."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from chudong.imports.models import ImportJob, JobStatus
from chudong.members.models import Member, MemberEvent

from .conftest import FIXTURES, messy_workbook, simple_sheet, xlsx_bytes

NOW = dt.datetime(2025, 11, 15, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def messy_file(tmp_path):
    path = tmp_path / "DS chi đoàn thôn Đông.xlsx"
    path.write_bytes(xlsx_bytes(messy_workbook()))
    return path


def _run(*args) -> str:
    out = io.StringIO()
    call_command("import_members", *args, stdout=out)
    return out.getvalue()


def test_it_imports_a_file_and_prints_the_report(world, messy_file):
    report = _run(str(messy_file), "--unit", "TA.G1.B1")
    for line in (
        "Số dòng đã đọc: 12",
        "Đã nhập: 7",
        "Đã có trong danh sách: 0",
        "Trùng trong tệp: 1",
        "Bị từ chối: 4",
        "Dòng 14, cột E: ngày sinh '31/02/2004' không phải ngày hợp lệ [Bị từ chối]",
        "Dòng 19: thiếu họ tên [Bị từ chối]",
        "Dòng 21: lặp lại dòng 9 của tệp (trùng họ tên và ngày sinh) [Trùng trong tệp]",
    ):
        assert line in report, line
    assert Member.objects.filter(unit=world.unit("TA.G1.B1")).count() == 7
    job = ImportJob.objects.get()
    assert (job.status, job.created_by, job.original_name) == (
        JobStatus.DONE,
        None,
        "DS chi đoàn thôn Đông.xlsx",
    )
    event = MemberEvent.objects.filter(kind="imported").first()
    assert event.actor is None
    assert event.title.startswith("Nhập từ tệp DS chi đoàn thôn Đông.xlsx, dòng ")


def test_it_writes_nothing_on_a_dry_run(world, messy_file):
    report = _run(str(messy_file), "--unit", "TA.G1.B1", "--dry-run")
    assert "Sẵn sàng nhập: 7 (chưa ghi gì)" in report
    assert not Member.objects.exists()


def test_it_fails_when_nothing_can_be_imported(world, messy_file):
    _run(str(messy_file), "--unit", "TA.G1.B1")
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_members", str(messy_file), "--unit", "TA.G1.B1", stdout=out)
    assert str(error.value) == "Không nhập được đoàn viên nào."
    assert "Đã có trong danh sách: 7" in out.getvalue()
    assert Member.objects.count() == 7


def test_it_reads_xls_too(world):
    report = _run(str(FIXTURES / "danh-sach-chi-doan-thon-dong.xls"), "--unit", "TA.G1.B1")
    assert "Đã nhập: 7" in report


def test_it_acts_with_the_rights_of_a_user_when_asked(world, tmp_path):
    path = tmp_path / "ds.xlsx"
    rows = [["Họ và tên", "Ngày sinh", "Giới tính"], ["Nguyễn Văn An", "2001", "Nam"]]
    path.write_bytes(xlsx_bytes(simple_sheet(rows)))
    with pytest.raises(CommandError) as error:
        _run(str(path), "--unit", "TA.G1.B1", "--user", "staff.b")  # province B
    assert str(error.value) == "staff.b không có quyền nhập đoàn viên vào Chi đoàn thôn Đông."
    assert not Member.objects.exists()
    report = _run(str(path), "--unit", "TA.G1.B1", "--user", "secretary")
    assert "Đã nhập: 1" in report
    assert MemberEvent.objects.get().actor == world.secretary


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "NOPE"], "Không có đơn vị nào có mã NOPE."),
        (
            ["--unit", "TA.G1.B1", "--user", "nobody"],
            "Không có người dùng nào có tên đăng nhập nobody.",
        ),
        (["--unit", "TA"], "Chỉ nhập đoàn viên vào một chi đoàn hoặc một đoàn cơ sở."),
    ],
)
def test_it_explains_what_is_wrong_with_the_command(world, messy_file, args, message):
    with pytest.raises(CommandError) as error:
        _run(str(messy_file), *args)
    assert str(error.value) == message
