"""Hostile spreadsheets sent to the member importer (ASVS 12.1, 5.5.2): each is refused with
a Vietnamese message that says what is wrong, nothing is stored, memory stays bounded, and
the upload page answers 200 with the message (never a server error).

chudong/imports/tests/test_upload_safety.py already covers type by content, the 10 MB cap,
a zip bomb in an extra part, a directory lying about sizes and random bytes; these are the
other shapes an attacker (or a broken export of another program) gives a file.
"""

from __future__ import annotations

import html
import io
import re
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook

from chudong.imports import services
from chudong.imports.models import ImportJob, JobStatus
from chudong.imports.sheets import MAX_UNCOMPRESSED_BYTES, FileProblem, check_upload

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _workbook(*extra_cells: tuple[str, object]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(HEADER)
    sheet.append([1, "Nguyễn Văn An", "02/01/2004", "Nam"])
    for ref, value in extra_cells:
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _replace_part(data: bytes, name: str, write) -> bytes:
    """The workbook with part `name` written by `write(entry)` (streamed, so a part of
    hundreds of megabytes is never held in memory here either)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info.filename))
        with target.open(name, "w", force_zip64=True) as entry:
            write(entry)
    return buffer.getvalue()


def shared_strings_bomb() -> bytes:
    """sharedStrings.xml inflating to ~130 MB (past the 120 MB bound) from under 1 MB."""
    data = _workbook()

    def write(entry):
        entry.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')  # fmt: skip
        chunk = b"A" * (1024 * 1024)
        for _ in range(MAX_UNCOMPRESSED_BYTES // len(chunk) + 10):
            entry.write(chunk)
        entry.write(b"</t></si></sst>")

    return _replace_part(data, "xl/sharedStrings.xml", write)


def billion_laughs() -> bytes:
    """Nested entities: 10 levels of 10 copies, a few hundred bytes that a naive XML parser
    expands to 3 GB."""
    entities = ['<!ENTITY lol0 "lollollollollollollollollollol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    xml = (
        '<?xml version="1.0"?><!DOCTYPE sst [' + "".join(entities) + "]>"
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    ).encode()
    return _replace_part(_workbook(), "xl/sharedStrings.xml", lambda entry: entry.write(xml))


def truncated() -> bytes:
    data = _workbook()
    return data[: len(data) // 2]


def corrupt_deflate() -> bytes:
    """A zip whose directory is whole but whose sheet's compressed bytes are garbage."""
    data = bytearray(_workbook())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for at in range(start + 2, start + min(info.compress_size, 200)):
        data[at] = 0xFF
    return bytes(data)


HTML_XLS = (
    b"<html><head><meta charset='utf-8'></head><body><table><tr><td>H\xe1\xbb\x8d v\xc3\xa0 "
    b"t\xc3\xaan</td><td>Ng\xc3\xa0y sinh</td></tr></table></body></html>"
)
SPREADSHEET_2003_XML = (
    b'<?xml version="1.0"?>\r\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
    b"<Worksheet><Table><Row><Cell><Data>x</Data></Cell></Row></Table></Worksheet></Workbook>"
)
CSV_AS_XLS = "STT;Họ và tên;Ngày sinh\n1;Nguyễn Văn An;02/01/2004\n".encode()
TSV_AS_XLS = "\ufeffSTT\tHọ và tên\tNgày sinh\r\n1\tNguyễn Văn An\t02/01/2004\r\n".encode()

UNPACKS_BADLY = "Tệp khi giải nén lớn hơn 120 MB hoặc có cấu trúc bất thường"
DAMAGED = "Không đọc được tệp: tệp bị hỏng hoặc không thực sự là tệp Excel."
WEB_PAGE = "Tệp này là một trang web hoặc tệp XML được đặt tên như bảng tính"
PLAIN_TEXT = "Tệp này là văn bản thường (CSV hoặc TXT), không phải tệp Excel."
XLSX_NAME = "danh-sach.xlsx"
TOO_FAR = "Tệp có một trang tính có nội dung tới tận ô "

HOSTILE = {
    "shared strings bomb": (shared_strings_bomb, "danh-sach.xlsx", UNPACKS_BADLY),
    "billion laughs": (billion_laughs, "danh-sach.xlsx", UNPACKS_BADLY),
    "truncated zip": (truncated, "danh-sach.xlsx", DAMAGED),
    "corrupt deflate stream": (corrupt_deflate, "danh-sach.xlsx", DAMAGED),
    "html saved as xls": (lambda: HTML_XLS, "danh-sach.xls", WEB_PAGE),
    "excel 2003 xml saved as xls": (lambda: SPREADSHEET_2003_XML, "danh-sach.xls", WEB_PAGE),
    "csv saved as xls": (lambda: CSV_AS_XLS, "danh-sach.xls", PLAIN_TEXT),
    "tab separated text with a BOM": (lambda: TSV_AS_XLS, "danh-sach.xls", PLAIN_TEXT),
    "a cell at row 60000": (lambda: _workbook(("A60000", "x")), XLSX_NAME, TOO_FAR + "D60000"),
    "a cell in column XFD": (lambda: _workbook(("XFD300", "x")), XLSX_NAME, TOO_FAR + "XFD300"),
    "a cell in the last row and column": (
        lambda: _workbook(("XFD1048576", "x")), XLSX_NAME, TOO_FAR + "XFD1048576"
    ),
}  # fmt: skip


def _upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_file_check_refuses_it_before_any_parser_runs(case):
    # The check alone: a regression here must fail loudly, before python-calamine would
    # be asked for a grid of 550 GB (which aborts the process).
    make, _name, message = HOSTILE[case]
    data = make()
    with pytest.raises(FileProblem) as problem:
        check_upload(io.BytesIO(data), len(data))
    assert problem.value.message.startswith(message), problem.value.message


@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_import_refuses_it_in_vietnamese_and_stores_nothing(world, case):
    make, name, message = HOSTILE[case]
    data = make()
    assert len(data) < 2 * 1024 * 1024  # small on the wire, whatever it claims to hold
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as error:
            services.import_job_create(
                actor=world.secretary, unit=world.unit("TA.G1.B1"), upload=_upload(data, name)
            )
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.value.message_dict["file"][0].startswith(message)
    assert not ImportJob.objects.exists()
    # Bounded: the upload itself plus the 1 MB decompression buffer, never the inflated part.
    assert peak < len(data) * 3 + 24 * 1024 * 1024, peak


@pytest.mark.parametrize(
    "case", ["shared strings bomb", "html saved as xls", "a cell in the last row and column"]
)
def test_the_upload_page_shows_the_message_not_an_error(world, login, case):
    make, name, message = HOSTILE[case]
    client = login(world.secretary)
    response = client.post(
        f"/units/{world.unit('TA.G1.B1').pk}/members/import/", {"file": _upload(make(), name)}
    )
    assert response.status_code == 200
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    assert message in text
    assert not ImportJob.objects.exists()


def test_formulas_in_an_uploaded_list_are_never_run_or_taken_as_names(world):
    # A list whose name cells are formulas (no cached value: openpyxl writes none) and
    # text that looks like a formula. The reader takes cached values only; nothing is
    # fetched or evaluated, and a formula-looking name is not registered as a member.
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(HEADER)
    sheet.append([1, '=WEBSERVICE("http://127.0.0.1:9/x")', "02/01/2004", "Nam"])
    sheet.append([2, '=HYPERLINK("http://x","Nguyễn Văn An")', "03/01/2004", "Nữ"])
    sheet.append([3, "Trần Thị Bình", "04/01/2004", "Nữ"])
    sheet["B5"] = "=1+1"
    sheet["B5"].data_type = "s"  # typed as text: '=1+1
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = services.import_job_create(
        actor=world.secretary, unit=world.unit("TA.G1.B1"),
        upload=_upload(buffer.getvalue(), "danh-sach.xlsx"),
    )  # fmt: skip
    job = services.import_job_map(actor=world.secretary, job=job, mapping=job.mapping)
    assert job.status == JobStatus.ANALYSED, job.error
    assert job.rows_valid == 1  # Trần Thị Bình only
    assert job.rows_rejected == 3


def test_borders_drawn_far_below_the_list_are_not_taken_for_content(world):
    # Styled empty cells (a border on C200000) are common and python-calamine skips
    # them: the far-cell check must skip them too, or an ordinary list is refused.
    from openpyxl.styles import Border, Side

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(HEADER)
    sheet.append([1, "Nguyễn Văn An", "02/01/2004", "Nam"])
    for row in (60_000, 200_000):
        sheet.cell(row=row, column=3).border = Border(left=Side(style="thin"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    assert b'r="C200000"' in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert check_upload(io.BytesIO(data), len(data)) == "xlsx"
    job = services.import_job_create(
        actor=world.secretary, unit=world.unit("TA.G1.B1"), upload=_upload(data, XLSX_NAME)
    )
    assert job.layout["total_rows"] == 1


SHEET_XML = (
    b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2</v></c>'
    b'</row><row r="7"><c r="C60000" s="1" t="n" /><x:c r="D7" s="2"/></row>'
)


@hypothesis_settings(max_examples=80, deadline=None)
@given(
    far=st.sampled_from([
        b'<c r="XFD1048576"><v>1</v></c>', b'<c r="XFD1048576" s="1" a="/>"><v>1</v></c>',
        b'<c s="1" r="XFD1048576"/>', b'<x:c r="XFD1048576" t="s"><x:v>3</x:v></x:c>',
    ]),
    near=st.sampled_from([b'<c r="C60000" s="3"/>', b'<c r="Z9" s="1" t="n" />', b""]),
    cuts=st.lists(st.integers(1, 400), max_size=8),
)  # fmt: skip
def test_the_far_cell_is_found_however_the_part_is_cut_into_chunks(far, near, cuts):
    from chudong.imports.sheets import _Extent

    xml = SHEET_XML + near + b'<row r="9">' + far + b"</row></sheetData></worksheet>"
    extent = _Extent()
    at = 0
    for size in cuts:
        extent.feed(xml[at : at + size])
        at += size
    extent.feed(xml[at:])
    with pytest.raises(FileProblem) as problem:
        extent.finish()
    assert "XFD1048576" in problem.value.message
    assert extent.cells == 3  # A1, B1 and the far cell; the empty styled ones are skipped
