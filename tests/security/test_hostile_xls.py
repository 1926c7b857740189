"""Hostile legacy .xls files (ASVS 12.1.2): python-calamine opens an .xls by building every
sheet's whole grid at once, so a few kilobytes with one number in cell IV65536 made the
worker hold half a gigabyte on opening (1 GB once the sheet was read), and several such
sheets would exhaust it. imports.sheets.check_legacy walks the file's records first
(imports.biff) and refuses what reaches too far, before any parser runs.

The files are the real fixture (made by LibreOffice) with records added, written back into
a compound file by `_compound_file` below; nothing here needs an Excel writer.
"""

from __future__ import annotations

import io
import resource
import struct
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chudong.imports import services
from chudong.imports.biff import workbook_stream, xls_extents
from chudong.imports.models import ImportJob
from chudong.imports.sheets import MAX_XLS_CELLS, FileProblem, check_upload, read_sheet

FIXTURES = Path(__file__).parents[2] / "chudong" / "imports" / "tests" / "fixtures"
FIXTURE = FIXTURES / "danh-sach-chi-doan-thon-dong.xls"
SHEET = "DS ĐV 2025"
TOO_MANY_ROWS = f"Trang tính '{SHEET}' có hơn 50.000 dòng. Hãy tách danh sách."
TOO_MANY_CELLS = "Các trang của tệp này cộng lại vượt quá 6.000.000 ô"
DAMAGED = "Không đọc được tệp: tệp bị hỏng hoặc không thực sự là tệp Excel."
END, FREE, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _entry(name: str, kind: int, start: int, length: int, child: int = NO_STREAM) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0" if name else b""
    return (
        raw.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(raw), kind, 1, NO_STREAM, NO_STREAM, child)
        + b"\0" * 36
        + struct.pack("<IQ", start, length)
    )


def _compound_file(stream: bytes) -> bytes:
    """A version 3 compound file (512-byte sectors) whose one stream is `stream`."""
    assert len(stream) >= 4096  # kept out of the mini stream
    padded = stream + b"\0" * (-len(stream) % 512)
    count = len(padded) // 512
    fat = [*range(1, count), END, END, FAT_SECTOR]  # the stream, the directory, the FAT
    assert len(fat) <= 128
    fat += [FREE] * (128 - len(fat))
    directory = (
        _entry("Root Entry", 5, END, 0, child=1) + _entry("Workbook", 2, 0, len(stream))
        + _entry("", 0, 0, 0) + _entry("", 0, 0, 0)
    )  # fmt: skip
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, count, 0, 4096, END, 0, END, 0)
        + struct.pack("<109I", count + 1, *[FREE] * 108)
    )  # fmt: skip
    return header + padded + directory + struct.pack("<128I", *fat)


def _with_records(*records: bytes) -> bytes:
    """The fixture with `records` added at the end of its one sheet (before its EOF)."""
    stream = workbook_stream(FIXTURE.read_bytes())
    assert stream.endswith(b"\x0a\x00\x00\x00")
    return _compound_file(stream[:-4] + b"".join(records) + stream[-4:])


def _number(row: int, column: int) -> bytes:
    return struct.pack("<HHHHHd", 0x0203, 14, row, column, 15, 1.0)


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("danh-sach.xls", data, content_type="application/vnd.ms-excel")


def test_the_fixture_rewritten_reads_as_before():
    # The writer above is faithful: calamine reads the rewritten file like the original.
    data = _with_records()
    assert check_upload(io.BytesIO(data), len(data)) == "xls"
    assert [(s.name, s.rows, s.columns) for s in xls_extents(data)] == [(SHEET, 28, 10)]


def test_a_number_in_the_last_cell_is_refused_before_any_parser_runs(world):
    data = _with_records(_number(65535, 255))
    assert len(data) < 8 * 1024
    with pytest.raises(FileProblem) as problem:
        check_upload(io.BytesIO(data), len(data))
    assert problem.value.message == TOO_MANY_ROWS
    # Through the import: refused in Vietnamese, nothing stored, and calamine never
    # opened it (it would have taken the process's peak memory up by half a gigabyte).
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ValidationError) as error:
        services.import_job_create(
            actor=world.secretary, unit=world.unit("TA.G1.B1"), upload=_upload(data)
        )
    assert error.value.message_dict["file"] == [TOO_MANY_ROWS]
    assert not ImportJob.objects.exists()
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    assert grown_kb < 200 * 1024, grown_kb


def test_a_wide_sheet_is_refused_for_its_columns():
    data = _with_records(_number(20_000, 200))  # 20,001 rows × 201 columns
    with pytest.raises(FileProblem) as problem:
        check_upload(io.BytesIO(data), len(data))
    assert problem.value.message.startswith(f"Trang tính '{SHEET}' có quá nhiều cột có nội dung")


def test_several_sheets_are_counted_together():
    """Each sheet within the one-sheet bounds, all of them together over MAX_XLS_CELLS."""
    rows = 10_000
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0010, 0, 0, 0, 0)
    sheet = bof + _number(rows - 1, 255) + b"\x0a\x00\x00\x00"
    count = MAX_XLS_CELLS // (rows * 256) + 1
    globals_bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0, 0, 0, 0)
    names = [f"Chi đoàn {n}" for n in range(count)]
    sizes = [4 + 8 + len(name) * 2 for name in names]
    position = len(globals_bof) + sum(sizes) + 4
    boundsheets = b""
    for name in names:
        body = struct.pack("<IBBBB", position, 0, 0, len(name), 1) + name.encode("utf-16-le")
        boundsheets += struct.pack("<HH", 0x0085, len(body)) + body
        position += len(sheet)
    stream = globals_bof + boundsheets + b"\x0a\x00\x00\x00" + sheet * count
    data = _compound_file(stream + struct.pack("<HH", 0x003C, 4096) + b"\0" * 4096)
    extents = xls_extents(data)
    assert [(s.name, s.rows, s.columns) for s in extents] == [(n, rows, 256) for n in names]
    with pytest.raises(FileProblem) as problem:
        check_upload(io.BytesIO(data), len(data))
    assert problem.value.message.startswith(TOO_MANY_CELLS)


def test_formatted_blank_cells_and_claimed_dimensions_far_away_are_not_content(tmp_path):
    # Borders drawn down to row 60,000 (MULBLANK, BLANK) and a DIMENSIONS record that
    # claims the whole sheet are common in real lists; calamine builds no grid for them,
    # so the check must not refuse them either.
    stream = bytearray(workbook_stream(_with_records(
        struct.pack("<HHHHHHH", 0x00BE, 10, 59_999, 0, 15, 15, 1),
        struct.pack("<HHHHH", 0x0201, 6, 60_000, 255, 15),
    )))  # fmt: skip
    position = 0
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        if kind == 0x0200:  # DIMENSIONS: rows 0..65536, columns 0..256
            struct.pack_into("<IIHH", stream, position + 4, 0, 65536, 0, 256)
        position += 4 + length
    data = _compound_file(bytes(stream))
    assert check_upload(io.BytesIO(data), len(data)) == "xls"
    path = tmp_path / "danh-sach.xls"
    path.write_bytes(data)
    assert read_sheet(str(path), SHEET).height == 28


@pytest.mark.parametrize(
    "damage",
    ["truncated", "directory chain loops", "no workbook stream", "fat beyond the end"],
)
def test_a_damaged_compound_file_is_refused_as_damaged(damage):
    data = bytearray(_with_records())
    if damage == "truncated":
        data = data[:1500]
    elif damage == "directory chain loops":
        directory_sector = struct.unpack_from("<I", data, 0x30)[0]
        fat_at = 512 + (directory_sector + 1) * 512  # the FAT follows the directory
        struct.pack_into("<I", data, fat_at + directory_sector * 4, directory_sector)
    elif damage == "no workbook stream":
        directory_sector = struct.unpack_from("<I", data, 0x30)[0]
        name_at = 512 + directory_sector * 512 + 128
        data[name_at : name_at + 16] = "Sheets\0\0".encode("utf-16-le")
    else:
        struct.pack_into("<I", data, 0x4C, 10_000)
    with pytest.raises(FileProblem) as problem:
        check_upload(io.BytesIO(bytes(data)), len(data))
    assert problem.value.message == DAMAGED


@hypothesis_settings(max_examples=60, deadline=None, database=None)
@given(
    flips=st.lists(
        st.tuples(st.integers(min_value=0, max_value=9727), st.integers(0, 255)), max_size=8
    )
)
def test_any_damage_to_a_real_xls_is_a_message_or_a_readable_file(flips):
    data = bytearray(FIXTURE.read_bytes())
    for position, value in flips:
        data[position] = value
    try:
        assert check_upload(io.BytesIO(bytes(data)), len(data)) == "xls"
    except FileProblem as problem:
        assert problem.message
