"""The importer's parsers under generated input (ASVS 5.1.3, 5.2.x), beyond what
chudong/imports/tests already fuzzes (random bytes, random cells through the whole import,
each value parser):
- header matching and layout detection on arbitrary grids, merged ranges included;
- the xlsx and xls readers on real workbooks with bytes flipped (the damage a mail
  gateway or a half-finished download does), which reaches deeper than random bytes;
- the column mapping check on arbitrary mappings.
Every outcome is a result or a FileProblem with a Vietnamese message.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from chudong.imports import fields, layout, mapping
from chudong.imports.sheets import FileProblem, Sheet, check_upload, read_sheet, sheet_names

XLS = Path(__file__).resolve().parents[2] / "chudong/imports/tests/fixtures"
HEADERS = ["STT", "Họ và tên", "Họ đệm", "Tên", "Ngày sinh", "Ngày, tháng, năm sinh", "Nam",
           "Nữ", "Giới tính", "Quê quán", "SĐT", "Số CCCD", "Dân tộc", "Tôn giáo", "Đảng viên",
           "Ngày vào Đoàn", "Chi đoàn", "Ghi chú", "HỌ VÀ TÊN\nđoàn viên",
           " ngay sinh "]  # fmt: skip
CELL = st.one_of(
    st.none(), st.sampled_from(HEADERS), st.text(max_size=20), st.integers(-5, 10**9),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.dates(),
)  # fmt: skip
VIETNAMESE_STARTS = ("Tệp", "Không", "Đây là", "Trang tính")


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(CELL, max_size=12), max_size=45),
    merged=st.lists(
        st.tuples(st.integers(0, 50), st.integers(0, 14), st.integers(0, 50), st.integers(0, 14)),
        max_size=4,
    ),
    sensitive=st.booleans(),
    branch_column=st.booleans(),
)
def test_layout_detection_answers_any_grid(rows, merged, sensitive, branch_column):
    ranges = [((a, b), (max(a, c), max(b, d))) for a, b, c, d in merged]
    sheet = Sheet(name="DS", rows=rows, merged=ranges, height=len(rows))
    with translation.override("vi"):
        found = layout.find_header(sheet)
        if found is not None:
            first, last = found
            assert 0 <= first <= last < max(len(rows), 1)
        result = layout.detect(sheet, sensitive=sensitive, branch_column=branch_column)
        if result is not None:
            for column in result.columns:
                assert column.guess == "" or column.guess in dict(
                    fields.choices(branch_column=True, sensitive=True)
                )
        problem = layout.no_header_problem("DS")
        assert problem.message.startswith(VIETNAMESE_STARTS)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.text(max_size=60), st.sampled_from(HEADERS)))
def test_header_matching_answers_any_text(text):
    normalized = fields.normalize_header(text)
    assert isinstance(normalized, str)
    for match in (fields.match_exact(normalized), fields.match_header(text)):
        assert match is None or isinstance(match, str)


@settings(max_examples=100, deadline=None)
@given(
    # Keys are the column letters of the uploaded file's layout (built by the server, one
    # form field each); values are what the browser posts for them.
    columns=st.dictionaries(
        st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=2),
        st.one_of(st.sampled_from(["full_name", "date_of_birth", "sex", "ethnicity", ""]),
                  st.text(max_size=12)),
        max_size=8,
    ),
    sensitive=st.booleans(),
)  # fmt: skip
def test_the_mapping_check_answers_any_mapping(columns, sensitive):
    with translation.override("vi"):
        found = mapping.problems(columns, branch_column=False, sensitive=sensitive)
    assert all(isinstance(message, str) and message for message in found)


def _workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Quê quán"])
    for n in range(1, 30):
        sheet.append([n, f"Nguyễn Văn {n}", f"{n % 28 + 1:02d}/03/2004", "Nam", "Hải Đăng"])
    sheet.merge_cells("A40:C41")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ORIGINALS = {"xlsx": _workbook(), "xls": (XLS / "danh-sach-chi-doan-thon-dong.xls").read_bytes()}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(sorted(ORIGINALS)),
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
                   min_size=1, max_size=12),
    cut=st.one_of(st.none(), st.floats(0.05, 1)),
)  # fmt: skip
def test_the_readers_answer_a_damaged_workbook(tmp_path_factory, kind, flips, cut):
    data = bytearray(ORIGINALS[kind])
    for where, value in flips:
        data[int(where * len(data))] = value
    if cut is not None:
        data = data[: max(8, int(cut * len(data)))]
    path = tmp_path_factory.mktemp("damaged") / f"file.{kind}"
    path.write_bytes(bytes(data))
    with translation.override("vi"), path.open("rb") as handle:
        try:
            check_upload(handle, len(data))
            for name in sheet_names(str(path)):
                sheet = read_sheet(str(path), name)
                assert isinstance(sheet.rows, list)
        except FileProblem as problem:
            assert problem.message.startswith(VIETNAMESE_STARTS), problem.message
