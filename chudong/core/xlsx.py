"""Excel exports: streamed (openpyxl write-only mode), with spreadsheet-formula injection
neutralised. A cell whose text starts with = + - @ (or a tab/CR that Excel skips) would be
run as a formula by the person who opens the file; such text gets a leading apostrophe.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry (tab, line feed and carriage return it can).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1C4FA1")
_TITLE_FONT = Font(bold=True, size=13)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_value(value: Any) -> Any:
    """The value as it should be written to a cell: text never starts a formula, and
    holds no character XML 1.0 cannot carry (openpyxl would refuse the whole export).

    The characters go first: a NUL before "=1+1" must not leave "=1+1" once dropped."""
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
        if value.startswith(_DANGEROUS):
            return "'" + value
    return value


def _cell(sheet, value: Any, **style: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=safe_value(value))
    for name, setting in style.items():
        setattr(cell, name, setting)
    if isinstance(value, dt.date):
        cell.number_format = "DD/MM/YYYY"
    return cell


def workbook_response(
    *,
    filename: str,
    title: str,
    subtitle: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] | None = None,
) -> FileResponse:
    """One sheet in the layout units use: a title block, a header row, the data rows.

    Rows are written as they come (write-only mode keeps memory flat for big lists) into a
    temporary file that is streamed back and removed when the response closes.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip())
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.append([_cell(sheet, title, font=_TITLE_FONT)])
    sheet.append([_cell(sheet, subtitle)])
    sheet.append([])
    sheet.append(
        [
            _cell(
                sheet, h, font=_HEADER_FONT, fill=_HEADER_FILL, alignment=Alignment(wrap_text=True)
            )
            for h in headers
        ]
    )
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    # FileResponse closes (and so deletes) the file once it has been sent.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
