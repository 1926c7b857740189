"""Opening an uploaded spreadsheet safely and reading its sheets.

The type is decided by the content, never the name: an .xlsx is a zip archive, an .xls
an OLE2 compound file. An .xlsx is checked before any parser sees it: a few thousand
entries at most, and every entry actually decompressed (counting, not keeping) to prove
the whole stays under MAX_UNCOMPRESSED_BYTES, so a zip bomb is refused, whatever sizes
its directory claims. Reading is python-calamine (Rust; no macros, no formulas run).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 120 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ROWS = 50_000
MAX_CELLS = 3_000_000
XLSX_SIGNATURE = b"PK\x03\x04"
XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1024 * 1024


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
    """'xlsx' or 'xls' from the first bytes; FileProblem for anything else."""
    if head.startswith(XLSX_SIGNATURE):
        return "xlsx"
    if head.startswith(XLS_SIGNATURE):
        return "xls"
    raise FileProblem(_("This file is not an Excel spreadsheet (.xlsx or .xls)."))


def check_upload(handle: BinaryIO, size: int) -> str:
    """Size, type by content, and for .xlsx the archive checks. Returns the kind."""
    if size > MAX_UPLOAD_BYTES:
        raise FileProblem(_("The file is larger than 10 MB. Split the list into smaller files."))
    if size == 0:
        raise FileProblem(_("The file is empty."))
    handle.seek(0)
    kind = sniff(handle.read(8))
    handle.seek(0)
    if kind == "xlsx":
        check_archive(handle)
        handle.seek(0)
    return kind


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
                with archive.open(entry) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > MAX_UNCOMPRESSED_BYTES:
                            raise FileProblem(_bomb_message())
    except FileProblem:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise FileProblem(_corrupt_message()) from None
    except (NotImplementedError, RuntimeError):
        # Unsupported compression or an encrypted entry.
        raise FileProblem(_password_message()) from None


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
