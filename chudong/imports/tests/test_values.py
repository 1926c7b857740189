"""Reading one cell: dates, numbers that lost their leading zero, sex, Party membership."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from chudong.imports import values as v
from chudong.imports.values import CellProblem

TODAY = dt.date(2025, 11, 15)


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.date(2004, 3, 5), (dt.date(2004, 3, 5), False)),
        (dt.datetime(2004, 3, 5, 0, 0), (dt.date(2004, 3, 5), False)),
        ("05/03/2004", (dt.date(2004, 3, 5), False)),
        ("5/3/2004", (dt.date(2004, 3, 5), False)),
        ("5/3/04", (dt.date(2004, 3, 5), False)),
        ("5/3/98", (dt.date(1998, 3, 5), False)),
        ("05-03-2004", (dt.date(2004, 3, 5), False)),
        ("05.03.2004", (dt.date(2004, 3, 5), False)),
        (" 05 / 03 / 2004 ", (dt.date(2004, 3, 5), False)),
        ("2004-03-05", (dt.date(2004, 3, 5), False)),
        ("05032004", (dt.date(2004, 3, 5), False)),
        ("2004", (dt.date(2004, 1, 1), True)),
        (2004.0, (dt.date(2004, 1, 1), True)),
        (2004, (dt.date(2004, 1, 1), True)),
        ("ngày 5 tháng 3 năm 2004", (dt.date(2004, 3, 5), False)),
        ("Ngày 05 tháng 03 năm 2004", (dt.date(2004, 3, 5), False)),
        ("5 tháng 3, 2004", (dt.date(2004, 3, 5), False)),
        (38051.0, (dt.date(2004, 3, 5), False)),  # an Excel serial number in a text cell
    ],
)
def test_it_reads_dates_in_the_usual_vietnamese_forms(raw, expected):
    assert v.parse_date(raw, noun="ngày sinh", today=TODAY) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31/02/2004", "ngày sinh '31/02/2004' không phải ngày hợp lệ"),
        ("13/13/2004", "ngày sinh '13/13/2004' không phải ngày hợp lệ"),
        ("mùa xuân 2004", "ngày sinh 'mùa xuân 2004' không phải ngày hợp lệ"),
        (True, "ngày sinh 'True' không phải ngày hợp lệ"),
        (7.0, "ngày sinh '7' không phải ngày hợp lệ"),
        ("01/01/2030", "ngày sinh '01/01/2030' ở tương lai"),
        ("01/01/1850", "ngày sinh '01/01/1850' trước năm 1900"),
    ],
)
def test_it_names_the_field_and_the_value_of_a_bad_date(raw, message):
    with pytest.raises(CellProblem) as problem:
        v.parse_date(raw, noun="ngày sinh", today=TODAY)
    assert problem.value.message == message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (912345678.0, "0912345678"),  # stored as a number: the 0 is gone
        (912345678, "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("0912345678 / 0987654321", "0912345678"),
    ],
)
def test_it_gives_phone_numbers_back_their_leading_zero(raw, expected):
    assert v.parse_phone(raw) == expected


def test_it_refuses_a_phone_number_that_is_too_short():
    with pytest.raises(CellProblem) as problem:
        v.parse_phone("12345")
    assert problem.value.message == ("số điện thoại '12345' phải có 10 chữ số và bắt đầu bằng 0")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1201012345.0, "001201012345"),  # two leading zeros lost
        (12345678901, "012345678901"),
        ("001201012345", "001201012345"),
        ("001 201 012 345", "001201012345"),
    ],
)
def test_it_restores_the_leading_zeros_of_citizen_ids(raw, expected):
    assert v.parse_national_id(raw) == expected


@pytest.mark.parametrize("raw", ["1234567", "0012010123456", "CMND 123", 1.5])
def test_it_refuses_citizen_ids_without_twelve_digits(raw):
    with pytest.raises(CellProblem) as problem:
        v.parse_national_id(raw)
    assert problem.value.message.startswith("số CCCD '")
    assert problem.value.message.endswith("phải có 12 chữ số")


@pytest.mark.parametrize(
    ("raw", "expected"), [("Nam", "male"), ("NỮ", "female"), ("nu", "female"), ("Nữ ", "female")]
)
def test_it_reads_sex(raw, expected):
    assert v.parse_sex(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("x", ("full", None)),
        ("Có", ("full", None)),
        ("Dự bị", ("probationary", None)),
        ("đảng viên dự bị", ("probationary", None)),
        ("", None),
        ("Không", ("none", None)),
        (dt.date(2020, 5, 19), ("full", dt.date(2020, 5, 19))),
        ("19/05/2020", ("full", dt.date(2020, 5, 19))),
    ],
)
def test_it_reads_party_membership_from_a_tick_a_word_or_a_date(raw, expected):
    if expected is None:
        with pytest.raises(CellProblem):
            v.parse_party(raw)
        return
    assert v.parse_party(raw) == expected


def test_it_undoes_excel_turning_twelve_twelve_into_a_date():
    assert v.parse_education(dt.date(2025, 12, 12)) == "12/12"
    assert v.parse_education(9.0) == "9/12"
    assert v.parse_education("12/12") == "12/12"


def test_it_knows_the_ethnic_groups_however_they_are_typed():
    assert v.parse_ethnicity("kinh") == "Kinh"
    assert v.parse_ethnicity("Mông") == "H'Mông"
    assert v.parse_ethnicity("Ê-đê") == "Ê Đê"
    with pytest.raises(CellProblem) as problem:
        v.parse_ethnicity("Kinh Thượng")
    assert problem.value.message == "dân tộc ghi trong tệp không có trong danh mục 54 dân tộc"


CELLS = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["31/02/2004", "0/0/0", "ngày tháng năm", "+84", "x", "Dự bị", "１２"]),
)
PARSERS = [
    lambda x: v.parse_date(x, noun="ngày sinh", today=TODAY),
    v.parse_phone,
    v.parse_national_id,
    v.parse_email,
    v.parse_card_number,
    v.parse_sex,
    v.parse_party,
    v.parse_political_theory,
    v.parse_education,
    v.parse_ethnicity,
    lambda x: v.text(x, noun="quê quán", max_length=30),
]


@settings(max_examples=150, deadline=None)
@given(value=CELLS, parser=st.sampled_from(PARSERS))
def test_it_answers_any_cell_with_a_value_or_a_vietnamese_problem(value, parser):
    try:
        parser(value)
    except CellProblem as problem:
        # Every message quotes nothing in English and reads as Vietnamese.
        assert problem.message
        assert not any(word in problem.message for word in ("must", "valid", "is not", "unclear"))
