"""Importing a member list: the check writes nothing, the confirmation writes all good rows
at once with what registering a member writes, and a second import of the same file
creates nobody."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from openpyxl import Workbook

from chudong.access.models import SensitiveReadLog
from chudong.core.text import name_sort_key
from chudong.imports import services
from chudong.imports.models import IMPORTED_EVENT, ImportIssue, ImportJob, JobStatus
from chudong.members import services as member_services
from chudong.members.models import (
    Member,
    MemberEvent,
    MemberSensitive,
    MemberStatusPeriod,
    MemberUnitPeriod,
    UnitMemberCount,
)

from .conftest import FIXTURES, messy_workbook, simple_sheet, upload, xlsx_bytes

NOW = dt.datetime(2025, 11, 15, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _issues(job: ImportJob) -> list[str]:
    """Each problem as the page and the command line word it."""
    lines = []
    for issue in ImportIssue.objects.filter(job=job).order_by("row", "id"):
        where = f"Dòng {issue.row}, cột {issue.column}" if issue.column else f"Dòng {issue.row}"
        lines.append(f"{where}: {issue.message}")
    return lines


EXPECTED_MESSY = [
    "Dòng 14, cột E: ngày sinh '31/02/2004' không phải ngày hợp lệ",
    "Dòng 19: thiếu họ tên",
    "Dòng 20, cột G: số điện thoại '12345' phải có 10 chữ số và bắt đầu bằng 0",
    "Dòng 20, cột H: số CCCD '1234567' phải có 12 chữ số",
    "Dòng 21: lặp lại dòng 9 của tệp (trùng họ tên và ngày sinh)",
    "Dòng 22, cột E: ngày sinh được ghi ở cả cột Nam và cột Nữ",
    "Dòng 23: bỏ qua dòng tổng cộng",
    "Dòng 25: phần ký tên bên dưới danh sách: ngừng đọc từ đây",
]


def test_it_checks_a_messy_real_world_list_and_writes_nothing(world, start_import):
    job = start_import(xlsx_bytes(messy_workbook()))
    assert job.status == JobStatus.ANALYSED
    assert (job.rows_read, job.rows_valid, job.rows_rejected) == (12, 7, 4)
    assert job.duplicates_file == 1
    lines = _issues(job)
    for expected in EXPECTED_MESSY:
        assert expected in lines
    assert "Dòng 13, cột I: ngày vào Đoàn chỉ ghi năm 2015: được ghi là 01/01/2015" in lines
    # The signature block's names were never read as members.
    assert not any("Lập" in line or "Ký" in line for line in lines)
    assert [row["full_name"] for row in job.sample] == [
        "Nguyễn Văn An", "Lò Thị Mỷ", "Trần Thị Bích", "Hoàng Đức Minh", "Đặng Văn Hùng",
        "Vi Thị Hoa", "Ma Văn Tú",
    ]  # fmt: skip
    first = job.sample[0]
    assert (first["phone"], first["national_id"], first["sex"]) == (
        "0912345678",
        "001201012345",
        "Nam",
    )
    assert job.sample[1]["sex"] == "Nữ"  # her date of birth is under "Nữ"
    assert job.sample[6]["date_of_birth"] == "1998"
    assert not Member.objects.exists()
    assert not MemberEvent.objects.exists()


def test_it_reads_the_old_xls_format_like_xlsx(world, start_import):
    data = (FIXTURES / "danh-sach-chi-doan-thon-dong.xls").read_bytes()
    job = start_import(data, name="danh-sach.xls")
    assert job.file_kind == "xls"
    assert (job.rows_read, job.rows_valid, job.rows_rejected) == (12, 7, 4)
    lines = _issues(job)
    for expected in EXPECTED_MESSY:
        assert expected in lines


def test_it_registers_every_good_row_like_member_create_does(
    world, start_import, django_capture_on_commit_callbacks
):
    job = start_import(xlsx_bytes(messy_workbook()), name="DS đoàn viên 2025.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_confirm(actor=world.secretary, job=job)
    assert job.status == JobStatus.DONE
    assert job.imported == 7
    branch = world.unit("TA.G1.B1")
    members = {m.full_name: m for m in Member.objects.filter(unit=branch)}
    assert set(members) == {row["full_name"] for row in job.sample}
    an = members["Nguyễn Văn An"]
    assert (an.unit_path, an.sort_key, an.full_name_folded) == (
        branch.path,
        name_sort_key("Nguyễn", "Văn", "An"),
        "nguyen van an",
    )
    assert (an.phone, an.national_id, an.admission_date) == (
        "0912345678",
        "001201012345",
        dt.date(2017, 3, 26),
    )
    assert members["Ma Văn Tú"].birth_year_only
    assert members["Lò Thị Mỷ"].party_status == "full"
    assert members["Hoàng Đức Minh"].party_status == "probationary"
    # Periods from the admission date (today without one), as member_create opens them.
    period = MemberUnitPeriod.objects.get(member=an)
    assert (period.unit, period.start, period.end) == (branch, dt.date(2017, 3, 26), None)
    assert MemberUnitPeriod.objects.get(member=members["Ma Văn Tú"]).start == dt.date(2025, 11, 15)
    assert (
        MemberStatusPeriod.objects.filter(member__in=members.values(), status="active").count() == 7
    )
    event = MemberEvent.objects.get(member=an)
    assert event.kind == IMPORTED_EVENT
    assert event.title == "Nhập từ tệp DS đoàn viên 2025.xlsx, dòng 9"
    assert (event.actor, event.source_type, event.source_id) == (
        world.secretary,
        ContentType.objects.get_for_model(ImportJob),
        job.pk,
    )
    assert an.history.get().history_user == world.secretary
    assert MemberUnitPeriod.history.filter(member_id=an.pk).get().history_user == world.secretary
    assert UnitMemberCount.objects.get(unit=branch).active == 7
    # The uploaded file, and the rows checked from it, are gone once the import is over.
    assert not job.file
    assert _media_files() == []


def _media_files():
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_it_imports_nobody_the_second_time(world, start_import):
    data = xlsx_bytes(messy_workbook())
    first = services.import_job_confirm(actor=world.secretary, job=start_import(data))
    assert first.imported == 7
    second = start_import(data)
    assert (second.rows_valid, second.duplicates_register) == (0, 7)
    lines = _issues(second)
    assert (
        "Dòng 9: đã có trong danh sách: Nguyễn Văn An, Chi đoàn thôn Đông (trùng số CCCD)" in lines
    )
    assert (
        "Dòng 11: đã có trong danh sách: Trần Thị Bích, Chi đoàn thôn Đông "
        "(trùng họ tên và ngày sinh)" in lines
    )
    second = services.import_job_confirm(actor=world.secretary, job=second)
    assert (second.status, second.imported, second.duplicates_register) == (JobStatus.DONE, 0, 7)
    assert Member.objects.count() == 7


def test_it_looks_for_duplicates_only_where_the_actor_sees(world, start_import):
    # Same name and birth date in province B: the secretary of TA.G1 does not see it.
    member_services.member_create(
        actor=world.staff_b, unit=world.unit("TB.G1.B1"), full_name="Trần Thị Bích",
        sex="female", date_of_birth=dt.date(2004, 3, 5),
    )  # fmt: skip
    # A citizen ID taken in province B cannot be registered twice, but the message names
    # no one.
    member_services.member_create(
        actor=world.staff_b, unit=world.unit("TB.G1.B1"), full_name="Người Khác",
        sex="male", date_of_birth=dt.date(1990, 1, 1), national_id="001303012345",
    )  # fmt: skip
    job = start_import(xlsx_bytes(messy_workbook()))
    lines = _issues(job)
    assert not any("Trần Thị Bích" in line and "đã có" in line for line in lines)
    assert "Dòng 10: số CCCD 001303012345 đã thuộc về hồ sơ đoàn viên của một đơn vị khác" in lines
    assert not any("Người Khác" in line or "Ngân Sơn" in line for line in lines)
    assert job.rows_valid == 6


def test_it_sends_members_of_a_grassroots_union_to_their_branches(world, start_import):
    workbook = simple_sheet(
        [
            ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chi đoàn"],
            [1, "Nguyễn Văn An", "17/05/2001", "Nam", "Chi đoàn thôn Đông"],
            [2, "Lò Thị Mỷ", "12/03/2003", "Nữ", "thôn tây"],
            [3, "Ma Văn Tú", "1998", "Nam", "TA.G1.B2"],
            [4, "Đinh Văn Lạc", "1999", "Nam", "Chi đoàn thôn Bắc"],
            [None, "CHI ĐOÀN THÔN TÂY"],
            [5, "Hà Thị Vân", "02/02/2002", "Nữ", None],
        ]
    )
    job = start_import(xlsx_bytes(workbook), unit_code="TA.G1")
    assert {c["letter"]: c["guess"] for c in job.layout["columns"]}["E"] == "branch"
    assert (
        "Dòng 10, cột E: không có chi đoàn nào tên 'Chi đoàn thôn Bắc' trong Đoàn xã Bình Minh"
        in (_issues(job))
    )
    assert "Dòng 11: các dòng bên dưới thuộc Chi đoàn thôn Tây" in _issues(job)
    services.import_job_confirm(actor=world.secretary, job=job)
    placed = dict(Member.objects.values_list("full_name", "unit__code"))
    assert placed == {
        "Nguyễn Văn An": "TA.G1.B1",
        "Lò Thị Mỷ": "TA.G1.B2",
        "Ma Văn Tú": "TA.G1.B2",
        "Hà Thị Vân": "TA.G1.B2",
    }
    counts = dict(UnitMemberCount.objects.values_list("unit__code", "active"))
    assert (counts["TA.G1.B1"], counts["TA.G1.B2"]) == (1, 3)


def test_it_imports_sensitive_columns_only_for_those_who_may(world, start_import):
    rows = [
        ["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Tôn giáo"],
        ["Nguyễn Văn An", "17/05/2001", "Nam", "Tày", "Không"],
    ]
    job = start_import(xlsx_bytes(simple_sheet(rows)))
    assert job.mapping["D"] == "ethnicity"
    services.import_job_confirm(actor=world.secretary, job=job)
    sensitive = MemberSensitive.objects.get(member__full_name="Nguyễn Văn An")
    assert (sensitive.ethnicity, sensitive.religion) == ("Tày", "Không")
    assert sensitive.history.get().history_user == world.secretary
    assert "Tày" not in str(job.layout)  # examples of sensitive columns are not kept


def test_it_refuses_a_sensitive_mapping_to_someone_without_the_right(world, start_import):
    from chudong.access.models import Role, RoleAssignment

    clerk = world.outsider
    role = Role.objects.create(
        code="clerk", name="Văn thư", name_en="Clerk",
        capabilities=["units.view", "members.view", "members.manage"],
    )  # fmt: skip
    RoleAssignment.objects.create(user=clerk, unit=world.unit("TA.G1"), role=role,
                                  start_date=dt.date(2020, 1, 1))  # fmt: skip
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc"], ["An", "2001", "Nam", "Tày"]]
    job = services.import_job_create(
        actor=clerk, unit=world.unit("TA.G1.B1"), upload=upload(xlsx_bytes(simple_sheet(rows)))
    )
    assert job.mapping["D"] == ""
    with pytest.raises(ValidationError) as error:
        services.import_job_map(actor=clerk, job=job, mapping={**job.mapping, "D": "ethnicity"})
    assert "dữ liệu nhạy cảm" in error.value.messages[0]
    assert not SensitiveReadLog.objects.exists()


def test_it_lets_only_managers_of_the_unit_import(world):
    data = xlsx_bytes(messy_workbook())
    with pytest.raises(PermissionDenied):
        services.import_job_create(
            actor=world.member, unit=world.unit("TA.G1.B1"), upload=upload(data)
        )
    with pytest.raises(Http404):
        services.import_job_create(
            actor=world.staff_b, unit=world.unit("TA.G1.B1"), upload=upload(data)
        )
    assert not ImportJob.objects.exists()


def test_it_says_what_a_mapping_lacks(world, start_import):
    job = services.import_job_create(
        actor=world.secretary,
        unit=world.unit("TA.G1.B1"),
        upload=upload(xlsx_bytes(messy_workbook())),
    )
    with pytest.raises(ValidationError) as error:
        services.import_job_map(
            actor=world.secretary, job=job, mapping={**job.mapping, "D": "", "E": "", "F": "phone"}
        )
    messages = error.value.messages
    assert "Cột nào ghi ngày sinh? Hãy ghép một cột vào “Ngày sinh”." in messages
    assert any(m.startswith("Cột nào cho biết giới tính?") for m in messages)
    assert "Các cột F, G đều được ghép vào “Điện thoại”: chỉ giữ một cột." in messages
    job.refresh_from_db()
    assert job.status == JobStatus.UPLOADED


def test_it_writes_all_good_rows_or_nothing(world, start_import, monkeypatch):
    job = start_import(xlsx_bytes(messy_workbook()))

    def broken(deltas):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("chudong.imports.writer.counts_add", broken)
    job = services.import_job_confirm(actor=world.secretary, job=job)
    assert job.status == JobStatus.FAILED
    assert job.error == "Có lỗi ngoài dự kiến làm dừng công việc. Chưa có gì được nhập."
    assert not Member.objects.exists()
    assert not MemberUnitPeriod.objects.exists()
    assert not MemberEvent.objects.exists()
    assert not Member.history.exists()


def test_it_checks_and_imports_a_big_list_in_the_background(
    world, start_import, django_capture_on_commit_callbacks
):
    rows = [["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD"]]
    rows += [
        [n, f"Nguyễn Văn Số {_words(n)}", dt.date(1995, 1, 1) + dt.timedelta(days=n), "Nam",
         f"0012{n:08d}"]
        for n in range(1, 651)
    ]  # fmt: skip
    data = xlsx_bytes(simple_sheet(rows))
    job = services.import_job_create(
        actor=world.secretary, unit=world.unit("TA.G1.B1"), upload=upload(data)
    )
    assert job.total_rows == 650
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = services.import_job_map(actor=world.secretary, job=job, mapping=job.mapping)
    assert job.status == JobStatus.ANALYSING  # nothing checked yet: the task is queued
    assert len(queued) == 1
    queued[0]()  # the worker picks it up (ImmediateBackend runs it at once)
    job.refresh_from_db()
    assert (job.status, job.rows_valid, job.processed_rows) == (JobStatus.ANALYSED, 650, 650)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_confirm(actor=world.secretary, job=job)
    job.refresh_from_db()
    assert (job.status, job.imported) == (JobStatus.DONE, 650)
    assert Member.objects.count() == 650
    assert UnitMemberCount.objects.get(unit=world.unit("TA.G1.B1")).active == 650


def _words(n: int) -> str:
    """Names without digits: 1 → 'Một', 12 → 'Một Hai'."""
    digits = ["Không", "Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín"]
    return " ".join(digits[int(d)] for d in str(n))


def test_it_can_be_cancelled_before_confirming(world, start_import):
    job = start_import(xlsx_bytes(messy_workbook()))
    stored = job.file.name
    job = services.import_job_cancel(actor=world.secretary, job=job)
    assert job.status == JobStatus.CANCELLED
    assert not job.file and stored
    with pytest.raises(ValidationError):
        services.import_job_confirm(actor=world.secretary, job=job)
    assert not Member.objects.exists()


def test_it_reads_a_sheet_chosen_by_the_user(world):
    workbook = Workbook()
    workbook.active.title = "Ghi chú"
    workbook.active.append(["Danh sách dưới đây cập nhật tháng 10"])
    second = workbook.create_sheet("Đoàn viên")
    for row in (["Họ và tên", "Ngày sinh", "Giới tính"], ["Nguyễn Văn An", "2001", "Nam"]):
        second.append(row)
    job = services.import_job_create(
        actor=world.secretary, unit=world.unit("TA.G1.B1"), upload=upload(xlsx_bytes(workbook))
    )
    assert job.layout["sheet"] == "Đoàn viên"
    assert job.layout["sheets"] == ["Ghi chú", "Đoàn viên"]


def test_it_reads_the_sheet_again_when_the_checked_rows_are_not_kept(world, start_import):
    from chudong.imports.analysis import cache

    job = start_import(xlsx_bytes(messy_workbook()))
    job.file.storage.delete(cache.path_for(job))
    job = services.import_job_confirm(actor=world.secretary, job=job)
    assert (job.status, job.imported, job.rows_rejected, job.duplicates_file) == (
        JobStatus.DONE,
        7,
        4,
        1,
    )
    assert "Dòng 14, cột E: ngày sinh '31/02/2004' không phải ngày hợp lệ" in _issues(job)


def test_it_checks_again_what_changed_between_the_preview_and_the_confirmation(
    world, start_import, make_member
):
    job = start_import(xlsx_bytes(messy_workbook()))
    assert job.rows_valid == 7
    # Meanwhile someone registers one of the people of the list by hand.
    make_member(full_name="Vi Thị Hoa", sex="female", date_of_birth=dt.date(2004, 3, 5))
    job = services.import_job_confirm(actor=world.secretary, job=job)
    assert (job.imported, job.duplicates_register) == (6, 1)
    assert (
        "Dòng 16: đã có trong danh sách: Vi Thị Hoa, Chi đoàn thôn Đông "
        "(trùng họ tên và ngày sinh)" in _issues(job)
    )
    assert Member.objects.filter(full_name="Vi Thị Hoa").count() == 1
