"""Opening an uploaded spreadsheet safely and reading its sheets.

The type is decided by the content, never the name: an .xlsx is a zip archive, an .xls
an OLE2 compound file. An .xlsx is checked before any parser sees it: a few thousand
entries at most, and every entry actually decompressed (counting, not keeping) to prove
the whole stays under MAX_UNCOMPRESSED_BYTES, so a zip bomb is refused, whatever sizes
its directory claims. While it is decompressed, each part's cell references are scanned
for the farthest cell: python-calamine holds a sheet as a dense grid from A1 to that cell,
so two cells (A1 and XFD1048576) in a 10 kB file would make it ask for 550 GB, and Rust
aborts the whole process when that fails; such a file is refused before calamine sees it.
An .xls is checked the same way before calamine opens it: its records are walked for the
farthest cell of every sheet (imports.biff).
Reading is python-calamine (Rust; no macros, no formulas run).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 120 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ROWS = 50_000
MAX_CELLS = 3_000_000
# All sheets of an .xls together: python-calamine holds them all from the start, about
# 32 bytes a cell (so at most about 200 MB).
MAX_XLS_CELLS = 2 * MAX_CELLS
XLSX_SIGNATURE = b"PK\x03\x04"
XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1024 * 1024
# A cell's reference (r="XFD1048576") wherever it stands in a worksheet part.
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_HTML_STARTS = (b"<!doctype html", b"<html", b"<table", b"<?xml", b"<head", b"<meta", b"<body")


class FileProblem(Exception):
    """The file cannot be read; `message` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]
    # ((first row, first col), (last row, last col)), 0-based and inclusive.
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    height: int = 0


def sniff(head: bytes) -> str:
    """'xlsx' or 'xls' from the first bytes; FileProblem for anything else, saying what
    the file is when it is one of the look-alikes older programs save under an .xls name
    (a web page, or plain text)."""
    if head.startswith(XLSX_SIGNATURE):
        return "xlsx"
    if head.startswith(XLS_SIGNATURE):
        return "xls"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(_HTML_STARTS):
        raise FileProblem(
            _(
                "This file is a web page or an XML file saved under a spreadsheet name, not "
                "a real Excel file. Open it in Excel, save it as Excel Workbook (.xlsx) and upload "
                "that file."
            )
        )
    if _looks_like_text(head):
        raise FileProblem(
            _(
                "This file is plain text (CSV or TXT), not an Excel file. Open it in Excel, "
                "save it as Excel Workbook (.xlsx) and upload that file."
            )
        )
    raise FileProblem(_("This file is not an Excel spreadsheet (.xlsx or .xls)."))


def _looks_like_text(head: bytes) -> bool:
    """UTF-8 text whose first line has a separator (comma, semicolon or tab)."""
    if b"\0" in head or head.startswith(b"%PDF"):
        return False
    head = head.removeprefix(b"\xef\xbb\xbf")
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # not just a character cut at the end of the head
            return False
        text = head[: error.start].decode("utf-8")
    first = text.splitlines()[0] if text.strip() else ""
    printable = all(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return printable and any(sep in first for sep in (",", ";", "\t"))


def check_upload(handle: BinaryIO, size: int) -> str:
    """Size, type by content, and for .xlsx the archive checks. Returns the kind."""
    if size > MAX_UPLOAD_BYTES:
        raise FileProblem(_("The file is larger than 10 MB. Split the list into smaller files."))
    if size == 0:
        raise FileProblem(_("The file is empty."))
    handle.seek(0)
    kind = sniff(handle.read(512))
    handle.seek(0)
    if kind == "xlsx":
        check_archive(handle)
        handle.seek(0)
    elif kind == "xls":
        check_legacy(handle)
        handle.seek(0)
    return kind


def check_legacy(handle: BinaryIO) -> None:
    """Refuse an .xls whose sheets reach too far, before python-calamine opens it (it
    builds every sheet's whole grid at once on opening: imports.biff). The bounds are
    those read_sheet applies to one sheet, and MAX_XLS_CELLS over all of them."""
    from .biff import BiffError, xls_extents

    try:
        extents = xls_extents(handle.read())
    except (BiffError, struct.error, IndexError, ValueError):
        raise FileProblem(_corrupt_message()) from None
    for sheet in extents:
        if sheet.rows > MAX_ROWS + 200:
            raise FileProblem(
                _("The sheet '%(sheet)s' has more than %(max)s rows. Split the list.")
                % {"sheet": sheet.name, "max": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        if sheet.cells > MAX_CELLS:
            raise FileProblem(
                _(
                    "The sheet '%s' has too many columns with content. Delete the unused "
                    "columns and upload it again."
                )
                % sheet.name
            )
    if sum(sheet.cells for sheet in extents) > MAX_XLS_CELLS:
        raise FileProblem(
            _(
                "The sheets of this file together reach more than %(max)s cells, too many "
                "for an old .xls file. Keep only the sheet with the list, or save the file "
                "as Excel Workbook (.xlsx), and upload it again."
            )
            % {"max": f"{MAX_XLS_CELLS:,}".replace(",", ".")}
        )


def check_archive(handle: BinaryIO) -> None:
    """Refuse archives that are not workbooks, are encrypted, or unpack too big."""
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise FileProblem(_bomb_message())
            names = {entry.filename for entry in entries}
            if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
                if "content.xml" in names:
                    raise FileProblem(
                        _(
                            "This is an OpenDocument spreadsheet (.ods). Save it as Excel "
                            "(.xlsx) and upload it again."
                        )
                    )
                raise FileProblem(_("This file is not an Excel spreadsheet (.xlsx or .xls)."))
            if "xl/workbook.bin" in names:
                raise FileProblem(
                    _("Binary workbooks (.xlsb) are not supported. Save the file as .xlsx.")
                )
            declared = sum(entry.file_size for entry in entries)
            if declared > MAX_UNCOMPRESSED_BYTES:
                raise FileProblem(_bomb_message())
            total = 0
            for entry in entries:
                if entry.flag_bits & 0x1:
                    raise FileProblem(_password_message())
                name = entry.filename.lower()
                # Every XML part (a sheet may live anywhere its relationship says), but the
                # calculation chain, which lists the formula cells of all sheets together.
                is_part = name.endswith(".xml") and not name.endswith("calcchain.xml")
                extent = _Extent() if is_part else None
                with archive.open(entry) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > MAX_UNCOMPRESSED_BYTES:
                            raise FileProblem(_bomb_message())
                        if extent is not None:
                            extent.feed(chunk)
                if extent is not None:
                    extent.finish()
    except FileProblem:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, zlib.error):
        raise FileProblem(_corrupt_message()) from None
    except (NotImplementedError, RuntimeError):
        # Unsupported compression or an encrypted entry.
        raise FileProblem(_password_message()) from None


class _Extent:
    """The farthest row and column of the cells of one worksheet part that hold something,
    and how many there are, against the limits read_sheet applies after parsing.

    A cell counts unless its tag is plainly empty (`<c r="C9" s="1"/>`: borders drawn far
    below a list are common and python-calamine skips such cells); anything else, however
    its attributes are written, counts. Data comes in chunks: the last bytes of each are
    kept and looked at again with the next, so a tag cut by the boundary is seen whole.
    """

    _KEEP = 160  # bytes carried over; a plain empty cell tag is under 64
    _EMPTY_CELL = re.compile(
        rb'r="[A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,6}")?(?: t="[a-z]{1,9}")?\s*/>'
    )
    _CELL_OPEN = re.compile(rb"<(?:[A-Za-z][A-Za-z0-9]*:)?c $")

    def __init__(self) -> None:
        self.rows = 0
        self.columns = 0
        self.cells = 0
        self.pending = b""

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        data = self.pending + chunk
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            # Excel never writes a document type; entities are how "billion laughs"
            # expands a few bytes into gigabytes inside an XML parser.
            raise FileProblem(_bomb_message())
        # References starting in the carried-over bytes were judged with the last chunk.
        seen = max(len(self.pending) - self._KEEP // 2, 0) if self.pending else 0
        until = len(data) if final else max(len(data) - self._KEEP // 2, 0)
        self.cells += data.count(b"<c>", seen, until)
        for match in _CELL_REF.finditer(data, seen):
            at = match.start()
            if at >= until:
                break
            if self._CELL_OPEN.search(data, max(at - 24, 0), at) and self._EMPTY_CELL.match(
                data, at
            ):
                continue
            self.cells += 1
            row = int(match.group(2))
            if row > self.rows:
                self.rows = row
            column = column_index(match.group(1).decode()) + 1
            if column > self.columns:
                self.columns = column
        self.pending = data[max(until - self._KEEP // 2, 0) :]

    def finish(self) -> None:
        self.feed(b"", final=True)
        too_tall = self.rows > MAX_ROWS + 200
        if too_tall or self.rows * self.columns > MAX_CELLS or self.cells > MAX_CELLS:
            raise FileProblem(
                _(
                    "The file has a sheet with content as far as cell %(cell)s: too large to "
                    "read safely (at most %(rows)s rows). Delete the rows and columns you do "
                    "not use, or split the list, and upload it again."
                )
                % {
                    "cell": f"{column_letter(max(self.columns, 1) - 1)}{max(self.rows, 1)}",
                    "rows": f"{MAX_ROWS:,}".replace(",", "."),
                }
            )


def _bomb_message() -> str:
    return _(
        "The file unpacks to more than 120 MB or has an unusual structure, so it cannot be "
        "read safely. Copy the list into a new workbook and save it again."
    )


def _password_message() -> str:
    return _("The file is protected by a password. Remove the password and upload it again.")


def _corrupt_message() -> str:
    return _("The file cannot be read: it is damaged or not really an Excel file.")


def _open(path: str):
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_path(path)
    except python_calamine.PasswordError:
        raise FileProblem(_password_message()) from None
    except Exception:
        raise FileProblem(_corrupt_message()) from None
    except BaseException as error:  # a Rust panic surfaces as pyo3's PanicException
        if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise FileProblem(_corrupt_message()) from None


def sheet_names(path: str) -> list[str]:
    workbook = _open(path)
    try:
        return [
            meta.name
            for meta in workbook.sheets_metadata
            if str(getattr(meta, "visible", "")).endswith("Visible")
            and str(getattr(meta, "typ", "")).endswith("WorkSheet")
        ] or list(workbook.sheet_names)
    except Exception:
        return list(workbook.sheet_names)
    finally:
        workbook.close()


def read_sheet(path: str, name: str, *, nrows: int | None = None) -> Sheet:
    """The cells of one sheet from A1 (empty cells are ''), with its merged ranges."""
    workbook = _open(path)
    try:
        try:
            sheet = workbook.get_sheet_by_name(name)
        except Exception:
            raise FileProblem(_("The sheet '%s' is not in the file.") % name) from None
        height = sheet.end[0] + 1 if sheet.end else 0
        width = sheet.end[1] + 1 if sheet.end else 0
        if height > MAX_ROWS + 200:
            raise FileProblem(
                _("The sheet '%(sheet)s' has more than %(max)s rows. Split the list.")
                % {"sheet": name, "max": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        if height * width > MAX_CELLS:
            raise FileProblem(
                _(
                    "The sheet '%s' has too many columns with content. Delete the unused "
                    "columns and upload it again."
                )
                % name
            )
        try:
            rows = sheet.to_python(skip_empty_area=False, nrows=nrows)
            merged = list(sheet.merged_cell_ranges or [])
        except Exception:
            raise FileProblem(_corrupt_message()) from None
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
            raise FileProblem(_corrupt_message()) from None
        return Sheet(name=name, rows=rows, merged=merged, height=height)
    finally:
        workbook.close()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_index(letter: str) -> int:
    index = 0
    for char in letter.upper():
        if not "A" <= char <= "Z":
            raise ValueError(letter)
        index = index * 26 + (ord(char) - 64)
    return index - 1
