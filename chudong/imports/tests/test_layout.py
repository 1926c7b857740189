"""Finding the table under the title block and guessing what each column holds."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from chudong.imports.layout import detect
from chudong.imports.sheets import Sheet, column_index, column_letter

from .conftest import messy_workbook


def _sheet(workbook: Workbook) -> Sheet:
    """The sheet as python-calamine would hand it over (values from A1, merged ranges)."""
    source = workbook.active
    rows = [[("" if c is None else c) for c in row] for row in source.iter_rows(values_only=True)]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    merged = [
        ((m.min_row - 1, m.min_col - 1), (m.max_row - 1, m.max_col - 1))
        for m in source.merged_cells.ranges
    ]
    return Sheet(name=source.title, rows=rows, merged=merged, height=len(rows))


def test_it_finds_a_two_row_merged_header_under_the_title_block():
    layout = detect(_sheet(messy_workbook()), sensitive=True, branch_column=False)
    assert (layout.header_first, layout.header_last) == (5, 6)  # rows 6 and 7
    assert layout.data_first == 8  # row 8 holds the column numbers (1) (2) …
    guesses = {c.letter: c.guess for c in layout.columns}
    assert guesses == {
        "A": "",
        "B": "family_middle",
        "C": "given_name",
        "D": "dob_male",
        "E": "dob_female",
        "F": "hometown",
        "G": "phone",
        "H": "national_id",
        "I": "admission_date",
        "J": "party",
    }
    headers = {c.letter: c.header for c in layout.columns}
    assert headers["B"] == "HỌ VÀ TÊN / Họ đệm"
    assert headers["D"] == "Ngày, tháng, năm sinh / Nam"


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("Họ và tên", "full_name"),
        ("HỌ TÊN", "full_name"),
        ("Họ  và\ntên", "full_name"),
        ("Ho va ten", "full_name"),
        ("Ngày, tháng, năm sinh", "date_of_birth"),
        ("NGÀY SINH", "date_of_birth"),
        ("Năm sinh", "date_of_birth"),
        ("Giới tính", "sex"),
        ("Dân tộc", "ethnicity"),
        ("Tôn giáo", "religion"),
        ("Quê quán", "hometown"),
        ("Nơi ở hiện nay", "current_residence"),
        ("Chỗ ở hiện nay", "current_residence"),
        ("Số điện thoại", "phone"),
        ("SĐT", "phone"),
        ("Số CCCD", "national_id"),
        ("Số CMND/CCCD", "national_id"),
        ("Số định danh cá nhân", "national_id"),
        ("Ngày vào Đoàn", "admission_date"),
        ("Ngày kết nạp Đoàn", "admission_date"),
        ("Nơi vào Đoàn", "admission_place"),
        ("Trình độ học vấn", "education_level"),
        ("Văn hóa", "education_level"),
        ("Chuyên môn", "professional_qualification"),
        ("Trình độ chuyên môn", "professional_qualification"),
        ("Lý luận chính trị", "political_theory"),
        ("Nghề nghiệp", "occupation"),
        ("Đảng viên", "party"),
        ("Ngày vào Đảng", "party_date"),
        ("Số thẻ đoàn viên", "card_number"),
        ("Email", "email"),
        ("Chi đoàn", "branch"),
        ("Ghi chú", ""),
    ],
)
def test_it_recognises_the_usual_header_wordings(header, target):
    rows = [["STT", "Họ và tên", "Ngày sinh", "Giới tính", header]]
    if header in ("Họ và tên", "HỌ TÊN", "Họ  và\ntên", "Ho va ten"):
        rows = [["STT", header, "Ngày sinh", "Giới tính"]]
    elif header in ("Ngày, tháng, năm sinh", "NGÀY SINH", "Năm sinh"):
        rows = [["STT", "Họ và tên", header, "Giới tính"]]
    elif header == "Giới tính":
        rows = [["STT", "Họ và tên", "Ngày sinh", header]]
    workbook = Workbook()
    for row in [["ĐOÀN TNCS HỒ CHÍ MINH"], [], ["DANH SÁCH ĐOÀN VIÊN"], *rows]:
        workbook.active.append(row)
    workbook.active.append([1, "Nguyễn Văn An", "17/05/2001", "Nam", "x"])
    layout = detect(_sheet(workbook), sensitive=True, branch_column=True)
    assert layout.header_first == 3
    column = next(c for c in layout.columns if c.header == " ".join(header.split()))
    assert column.guess == target


def test_it_tells_sex_ticks_from_dates_under_nam_and_nu():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", None])
    sheet.append([None, None, None, "Nam", "Nữ"])
    sheet.merge_cells("D1:E1")
    sheet.append([1, "Nguyễn Văn An", dt.date(2001, 5, 17), "x", None])
    layout = detect(_sheet(workbook), sensitive=False, branch_column=False)
    assert [c.guess for c in layout.columns][-2:] == ["male_mark", "female_mark"]


def test_it_reads_bare_nam_nu_columns_by_what_they_hold():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["TT", "Họ tên", "Nam", "Nữ"])
    sheet.append([1, "Nguyễn Văn An", "17/05/2001", None])
    sheet.append([2, "Lò Thị Mỷ", None, "12/03/2003"])
    layout = detect(_sheet(workbook), sensitive=False, branch_column=False)
    assert [c.guess for c in layout.columns] == ["", "full_name", "dob_male", "dob_female"]


def test_it_sees_a_sorting_column_beside_the_whole_name():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Họ và tên", "Tên", "Ngày sinh", "Giới tính"])
    sheet.append([1, "Nguyễn Văn An", "An", "17/05/2001", "Nam"])
    layout = detect(_sheet(workbook), sensitive=False, branch_column=False)
    assert [c.guess for c in layout.columns] == ["", "full_name", "", "date_of_birth", "sex"]


def test_it_leaves_sensitive_columns_out_for_whoever_may_not_import_them():
    workbook = Workbook()
    workbook.active.append(["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Tôn giáo"])
    workbook.active.append(["Nguyễn Văn An", "17/05/2001", "Nam", "Tày", "Không"])
    layout = detect(_sheet(workbook), sensitive=False, branch_column=False)
    assert [c.guess for c in layout.columns] == ["full_name", "date_of_birth", "sex", "", ""]
    # The values of sensitive columns are not kept as examples either.
    assert layout.columns[3].samples == ["•••"]


def test_it_finds_no_table_in_a_sheet_of_prose():
    workbook = Workbook()
    workbook.active.append(["Báo cáo tình hình hoạt động quý III"])
    workbook.active.append(["Chi đoàn đã tổ chức 3 buổi sinh hoạt."])
    assert detect(_sheet(workbook), sensitive=False, branch_column=False) is None


@pytest.mark.parametrize(("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ")])
def test_it_names_columns_like_excel(index, letter):
    assert column_letter(index) == letter
    assert column_index(letter) == index
