"""A fast writer for very long single-sheet exports, in the layout of core.xlsx.

chudong.core.xlsx.workbook_response builds every cell as an openpyxl object and
serialises it through an element tree: about 0.3 ms per row of 14 cells on our machines,
so a province's 200,000 members took more than a minute of CPU alone. This writer emits
the sheet's XML as text, row by row, into the zip entry, and sends each piece of the
archive as soon as it is made (memory stays flat, the download starts at once),
with the same title block, header style, date format and formula-injection guard
(core.xlsx.safe_value): about 25 µs per row. Strings are written inline (no shared-string
table to hold in memory); Excel, LibreOffice, openpyxl and python-calamine read them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

from chudong.core.xlsx import XLSX_TYPE, safe_value

from .sheets import column_letter

_EPOCH = dt.date(1899, 12, 30)
# Characters XML 1.0 cannot carry (openpyxl refuses them; we drop them).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BATCH = 500

# Styles: 0 normal, 1 date, 2 title, 3 header.
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/></numFmts>
<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>
<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/></font>
<font><b/><sz val="13"/><name val="Calibri"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FF1C4FA1"/><bgColor rgb="FF1C4FA1"/>
</patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"
 applyAlignment="1"><alignment wrapText="1"/></xf></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""

_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""

_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
<Relationship Id="rId2" Target="styles.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>
</Relationships>"""


def _workbook_xml(sheet_name: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{escape(sheet_name, {chr(34): "&quot;"})}" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'
    )


def _cell(ref: str, value: Any, style: int = 0) -> str:
    if value is None or value == "":
        return ""
    s = f' s="{style}"' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{s}><v>{int(value)}</v></c>'
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{style or 1}"><v>{(value - _EPOCH).days}</v></c>'
    text = _ILLEGAL.sub("", str(safe_value(str(value))))
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}" t="inlineStr"{s}><is><t{space}>{escape(text)}</t></is></c>'


class _Sink:
    """A write-only, unseekable file for zipfile: it keeps what was written until taken.
    zipfile then writes each entry's sizes after its data (a data descriptor), so the
    archive can be sent while it is being made."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._position = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts = []
        return data


def workbook_chunks(
    *,
    title: str,
    subtitle: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] | None = None,
) -> Iterator[bytes]:
    """The .xlsx file as successive pieces, made while the rows are read."""
    letters = [column_letter(i) for i in range(max(len(headers), 1) + 64)]
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _workbook_xml(re.sub(r"[\[\]:*?/\\]", " ", title)[:31]))
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            head = [
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            ]
            if widths:
                head.append("<cols>")
                head += [
                    f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                    for i, w in enumerate(widths, start=1)
                ]
                head.append("</cols>")
            head.append("<sheetData>")
            head.append(f'<row r="1">{_cell("A1", title, 2)}</row>')
            head.append(f'<row r="2">{_cell("A2", subtitle)}</row>')
            head.append(
                '<row r="4">'
                + "".join(_cell(f"{letters[i]}4", h, 3) for i, h in enumerate(headers))
                + "</row>"
            )
            sheet.write("".join(head).encode())
            yield sink.take()
            batch: list[str] = []
            for number, row in enumerate(rows, start=5):
                cells = "".join(
                    _cell(f"{letters[i]}{number}", value) for i, value in enumerate(row)
                )
                batch.append(f'<row r="{number}">{cells}</row>')
                if len(batch) >= _BATCH:
                    sheet.write("".join(batch).encode())
                    batch = []
                    chunk = sink.take()
                    if chunk:
                        yield chunk
            batch.append("</sheetData></worksheet>")
            sheet.write("".join(batch).encode())
    yield sink.take()


def stream_workbook_response(
    *,
    filename: str,
    title: str,
    subtitle: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] | None = None,
) -> StreamingHttpResponse:
    """Same arguments and layout as core.xlsx.workbook_response, much faster per row, and
    streamed: the first bytes leave after the first rows are read, memory stays flat and
    nothing is written to disk."""
    chunks = workbook_chunks(
        title=title, subtitle=subtitle, headers=headers, rows=rows, widths=widths
    )
    response = StreamingHttpResponse(chunks, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
