"""How far the sheets of a legacy .xls reach, read from its records before any parser
builds them.

python-calamine opens an .xls by reading every sheet, at once, into a dense grid from A1
to the farthest cell: a 7 kB file with one number in cell IV65536 made it hold 65,536 ×
256 cells, 0.53 GB on opening and 1 GB once the sheet was read (measured), and with one
such cell on each of several sheets the worker would run out of memory before chudong
could look at any sheet's size. So, as for .xlsx
(sheets.check_archive), the file is judged first: the compound file (OLE2/CFB) is
followed to its Workbook stream, and the stream's records are walked, without keeping
any value, for the farthest cell of each sheet.

Only the structures needed for that are read (the compound file's FAT, directory and
mini stream; BIFF5/BIFF8 records); anything inconsistent raises BiffError, and the
caller refuses the file as damaged rather than let a parser try it.
"""

from __future__ import annotations

import struct
import sys
from array import array
from dataclasses import dataclass

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_MAX_REGULAR_SECTOR = 0xFFFFFFFA
_STREAM_NAMES = ("workbook", "book")  # BIFF8, BIFF5

# Records that put a value in a cell, starting with its row and column (u16 each):
# FORMULA, LABELSST, NUMBER, LABEL, BOOLERR, RK, RSTRING. MULRK holds several RK values:
# row, first column ... last column in its last two bytes. Blank cells (BLANK, MULBLANK:
# formatting only) and the DIMENSIONS record are left out: calamine builds its grid from
# the cells with values only (checked: a MULBLANK at row 50,000 or DIMENSIONS claiming
# 65,536 × 256 leave its grid at the real list), and real lists often carry formatted
# blank cells far below the data.
_CELL = {0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6}
_MULRK = 0x00BD
_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085
_BIFF5_BOF = {0x0009, 0x0209, 0x0409}


class BiffError(Exception):
    """The file is not a compound file with a readable Workbook stream."""


@dataclass
class SheetExtent:
    """Rows and columns from A1 to the farthest cell with a value (0 when empty)."""

    name: str
    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def _u32s(raw: bytes) -> array:
    values = array("I")
    values.frombytes(raw[: len(raw) // 4 * 4])
    if sys.byteorder == "big":
        values.byteswap()
    return values


def workbook_stream(data: bytes) -> bytes:
    """The Workbook (or BIFF5 Book) stream of a compound file."""
    if len(data) < 512 or not data.startswith(SIGNATURE):
        raise BiffError("not a compound file")
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if sector_shift not in (9, 12) or mini_shift != 6:
        raise BiffError("unusual sector sizes")
    size = 1 << sector_shift
    (fat_count, directory_start, _transactions, cutoff, mini_fat_start, _mini_fat_count,
     difat_start, difat_count) = struct.unpack_from("<IIIIIIII", data, 0x2C)  # fmt: skip
    sectors = (len(data) - 512 + size - 1) // size

    def sector(number: int) -> bytes:
        if number >= sectors:
            raise BiffError("sector beyond the end of the file")
        start = (number + 1) * size
        return data[start : start + size]

    # The DIFAT: where the FAT's own sectors are (109 in the header, then a chain).
    difat = list(_u32s(data[0x4C:0x200]))
    seen: set[int] = set()
    next_difat = difat_start
    for _ in range(difat_count):
        if next_difat > _MAX_REGULAR_SECTOR or next_difat in seen:
            break
        seen.add(next_difat)
        entries = _u32s(sector(next_difat))
        difat.extend(entries[:-1])
        next_difat = entries[-1]
    fat_sectors = [n for n in difat if n <= _MAX_REGULAR_SECTOR][:fat_count]
    if len(fat_sectors) > sectors:
        raise BiffError("more FAT sectors than the file has")
    fat = _u32s(b"".join(sector(n) for n in fat_sectors))

    def chain(start: int, table: array, limit: int) -> list[int]:
        found: list[int] = []
        visited: set[int] = set()
        current = start
        while current != _END_OF_CHAIN:
            if current > _MAX_REGULAR_SECTOR or current >= len(table) or current in visited:
                raise BiffError("broken sector chain")
            if len(found) >= limit:
                raise BiffError("sector chain longer than the file")
            visited.add(current)
            found.append(current)
            current = table[current]
        return found

    directory = b"".join(sector(n) for n in chain(directory_start, fat, sectors))
    entries = []
    for offset in range(0, len(directory) - 127, 128):
        entry = directory[offset : offset + 128]
        name_bytes = struct.unpack_from("<H", entry, 64)[0]
        name = entry[: max(name_bytes - 2, 0)].decode("utf-16-le", errors="replace")
        kind = entry[66]
        start, length = struct.unpack_from("<II", entry, 116)
        entries.append((name, kind, start, length))
    if not entries or entries[0][1] != 5:
        raise BiffError("no root entry")
    streams = {name.lower(): (start, length) for name, kind, start, length in entries if kind == 2}
    found = next((streams[name] for name in _STREAM_NAMES if name in streams), None)
    if found is None:
        raise BiffError("no Workbook stream")
    start, length = found
    length = min(length, len(data))
    if length >= cutoff:
        return b"".join(sector(n) for n in chain(start, fat, sectors))[:length]
    # A small stream lives in the mini stream, in 64-byte sectors of its own FAT.
    mini_fat = _u32s(b"".join(sector(n) for n in chain(mini_fat_start, fat, sectors)))
    root_start = entries[0][2]
    mini_stream = b"".join(sector(n) for n in chain(root_start, fat, sectors))
    pieces = []
    for number in chain(start, mini_fat, len(mini_stream) // 64 + 1):
        pieces.append(mini_stream[number * 64 : number * 64 + 64])
    return b"".join(pieces)[:length]


def _sheet_name(record: bytes, biff8: bool) -> str:
    count = record[6] if len(record) > 6 else 0
    if not biff8:
        return record[7 : 7 + count].decode("cp1252", errors="replace")
    wide = len(record) > 7 and record[7] & 1
    raw = record[8 : 8 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", errors="replace")


def sheet_extents(stream: bytes) -> list[SheetExtent]:
    """Every sheet's extent, from its cell records. Sheets are named from the workbook's
    BOUNDSHEET records (by the stream position of their BOF)."""
    names: dict[int, str] = {}
    extents: list[SheetExtent] = []
    current: SheetExtent | None = None
    depth = 0
    biff8 = True
    position, end = 0, len(stream)
    unpack = struct.unpack_from
    while position + 4 <= end:
        kind, length = unpack("<HH", stream, position)
        data_at = position + 4
        if kind in _CELL:
            if current is not None and length >= 4:
                row, column = unpack("<HH", stream, data_at)
                if row >= current.rows:
                    current.rows = row + 1
                if column >= current.columns:
                    current.columns = column + 1
        elif kind == _MULRK:
            if current is not None and length >= 6:
                row = unpack("<H", stream, data_at)[0]
                last = unpack("<H", stream, data_at + length - 2)[0]
                current.rows = max(current.rows, row + 1)
                current.columns = max(current.columns, last + 1)
        elif kind == _BOF or kind in _BIFF5_BOF:
            depth += 1
            if depth == 1 and position == 0:
                version = unpack("<H", stream, data_at)[0] if length >= 2 else 0
                biff8 = kind == _BOF and version == 0x0600
            elif depth == 1:
                current = SheetExtent(name=names.get(position, f"#{len(extents) + 1}"))
                extents.append(current)
        elif kind == _EOF:
            depth -= 1
            if depth <= 0:
                depth = 0
                current = None
        elif kind == _BOUNDSHEET and length >= 7:
            record = stream[data_at : data_at + length]
            names[unpack("<I", record, 0)[0]] = _sheet_name(record, biff8)
        position = data_at + length
    return extents


def xls_extents(data: bytes) -> list[SheetExtent]:
    return sheet_extents(workbook_stream(data))
