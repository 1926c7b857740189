"""What an upload must be before anything parses it: an Excel file by its content, at most
10 MB, no zip bomb; and whatever it holds, the answer is a Vietnamese message, never a
server error."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from chudong.imports import services
from chudong.imports.models import ImportJob, JobStatus
from chudong.imports.sheets import MAX_UNCOMPRESSED_BYTES, FileProblem, check_upload

from .conftest import simple_sheet, upload, xlsx_bytes


def _refusal(world, data: bytes, name: str = "danh-sach.xlsx") -> str:
    with pytest.raises(ValidationError) as error:
        services.import_job_create(
            actor=world.secretary, unit=world.unit("TA.G1.B1"), upload=upload(data, name)
        )
    return error.value.message_dict["file"][0]


def test_it_judges_the_type_by_content_not_by_name(world):
    assert _refusal(world, b"%PDF-1.7\n...", "danh-sach.xlsx") == (
        "Tệp này không phải bảng tính Excel (.xlsx hoặc .xls)."
    )
    assert not ImportJob.objects.exists()


def test_it_refuses_a_word_document_renamed_to_xlsx(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert _refusal(world, buffer.getvalue()) == (
        "Tệp này không phải bảng tính Excel (.xlsx hoặc .xls)."
    )


def test_it_asks_for_xlsx_instead_of_an_opendocument_sheet(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "(.ods)" in _refusal(world, buffer.getvalue(), "danh-sach.ods")


def test_it_refuses_files_over_ten_megabytes(world):
    message = _refusal(world, b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024))
    assert message == "Tệp lớn hơn 10 MB. Hãy tách danh sách thành các tệp nhỏ hơn."


def test_it_refuses_a_zip_bomb_before_parsing_it(world):
    # A valid workbook with one more entry: 130 MB of zeros, about 130 kB compressed.
    buffer = io.BytesIO(xlsx_bytes(simple_sheet([["Họ và tên", "Ngày sinh", "Giới tính"]])))
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/image1.bin", "w") as entry,
    ):
        chunk = b"\0" * (1024 * 1024)
        for _ in range(MAX_UNCOMPRESSED_BYTES // len(chunk) + 10):
            entry.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024
    message = _refusal(world, data)
    assert message.startswith("Tệp khi giải nén lớn hơn 120 MB")
    assert not ImportJob.objects.exists()


def test_it_refuses_a_zip_whose_directory_lies_about_sizes(world):
    # The central directory claims a small size, the entry inflates far beyond it.
    data = bytearray(xlsx_bytes(simple_sheet([["Họ và tên", "Ngày sinh", "Giới tính"]])))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # Patch the uncompressed size (central directory record) down to 10 bytes.
    marker = b"PK\x01\x02"
    name = info.filename.encode()
    at = data.find(marker)
    while at != -1:
        if data[at + 46 : at + 46 + len(name)] == name:
            data[at + 24 : at + 28] = (10).to_bytes(4, "little")
        at = data.find(marker, at + 1)
    message = _refusal(world, bytes(data))
    assert message in (
        "Không đọc được tệp: tệp bị hỏng hoặc không thực sự là tệp Excel.",
        "Tệp khi giải nén lớn hơn 120 MB hoặc có cấu trúc bất thường nên không thể đọc an toàn. "
        "Hãy chép danh sách sang một bảng tính mới rồi lưu lại.",
    )


def test_it_says_so_when_no_sheet_has_a_member_table(world):
    workbook = Workbook()
    workbook.active.title = "Báo cáo"
    workbook.active.append(["Báo cáo công tác Đoàn quý III"])
    assert _refusal(world, xlsx_bytes(workbook)) == (
        "Không tìm thấy dòng tiêu đề bảng (Họ và tên, Ngày sinh…) trong 40 dòng đầu của "
        "trang tính 'Báo cáo'."
    )


def test_it_stores_the_upload_under_a_generated_name(world, settings):
    data = xlsx_bytes(
        simple_sheet([["Họ và tên", "Ngày sinh", "Giới tính"], ["An", "2001", "Nam"]])
    )
    job = services.import_job_create(
        actor=world.secretary,
        unit=world.unit("TA.G1.B1"),
        upload=upload(data, "../../etc/passwd\x00 danh sách.xlsx"),
    )
    assert job.original_name == "passwd danh sách.xlsx"
    assert job.file.name.startswith("imports/")
    assert job.file.name.endswith(".xlsx")
    assert "passwd" not in job.file.name
    assert str(settings.MEDIA_ROOT) in job.file.path


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=2000).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=2000).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b),
    )
)
def test_it_answers_random_bytes_with_a_vietnamese_message(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("random") / "file.xlsx"
    path.write_bytes(data)
    with translation.override("vi"), path.open("rb") as handle:
        try:
            kind = check_upload(handle, len(data))
            from chudong.imports.sheets import read_sheet, sheet_names

            for name in sheet_names(str(path)):
                read_sheet(str(path), name)
        except FileProblem as problem:
            assert problem.message.startswith(("Tệp", "Không đọc được", "Đây là", "Trang tính"))
        else:
            assert kind in ("xlsx", "xls")


CELL = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=25),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(),
    st.sampled_from(["=1+2", "@SUM(A1)", "31/02/2004", "Nam", "Nữ", "x", "Tổng cộng", "BÍ THƯ"]),
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELL, min_size=1, max_size=8), min_size=1, max_size=12))
def test_it_turns_any_cells_into_rows_or_vietnamese_problems(world, rows):
    header = [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "SĐT",
        "Số CCCD",
        "Dân tộc",
        "Đảng viên",
    ]
    workbook = simple_sheet([header, *rows])
    with translation.override("vi"):
        job = services.import_job_create(
            actor=world.secretary, unit=world.unit("TA.G1.B1"), upload=upload(xlsx_bytes(workbook))
        )
        job = services.import_job_map(actor=world.secretary, job=job, mapping=job.mapping)
    assert job.status == JobStatus.ANALYSED, job.error
    for issue in job.issues.all():
        assert issue.message
        assert not any(w in issue.message for w in ("must", "valid ", "is not", "missing"))
    assert job.rows_valid + job.rows_rejected + job.duplicates_file <= job.rows_read
