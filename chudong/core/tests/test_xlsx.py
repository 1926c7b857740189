from __future__ import annotations

import re
from io import BytesIO

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from chudong.core.xlsx import safe_value, workbook_response


@given(st.text())
def test_it_never_lets_text_start_a_formula(text):
    value = safe_value(text)
    assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    kept = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)
    assert value in (kept, "'" + kept)


def test_it_drops_control_characters_before_judging_the_start():
    assert safe_value("\x00=1+1") == "'=1+1"
    assert safe_value("Nguyễn\x0bVăn An") == "NguyễnVăn An"
    assert safe_value("dòng 1\ndòng 2\tcột") == "dòng 1\ndòng 2\tcột"


def test_it_writes_hostile_text_as_text():
    response = workbook_response(
        filename="x.xlsx", title="Danh sách: thử", subtitle="", headers=["A", "B"],
        rows=[["=HYPERLINK(\"http://x\")", -5], ["@SUM(A1)", "Nguyễn Văn An"]],
    )  # fmt: skip
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    assert sheet.title == "Danh sách  thử"
    assert sheet["A5"].value == '\'=HYPERLINK("http://x")'
    assert sheet["A5"].data_type == "s"
    assert sheet["B5"].value == -5  # numbers stay numbers
    assert sheet["A6"].value == "'@SUM(A1)"
