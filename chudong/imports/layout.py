"""Finding the table in a sheet: the header rows under the title block, what each column
holds (a first guess of the mapping, which the user then corrects), where data starts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from chudong.core.text import fold

from . import fields
from .fields import FEMALE_WORD, IGNORE, MALE_WORD, match_exact, match_header, normalize_header
from .sheets import FileProblem, Sheet, column_letter
from .values import is_empty, looks_like_date, shown

SCAN_ROWS = 40
MAX_HEADER_ROWS = 3
SAMPLES = 3


@dataclass
class Column:
    index: int
    letter: str
    header: str
    samples: list[str] = field(default_factory=list)
    guess: str = IGNORE


@dataclass
class Layout:
    sheet: str
    header_first: int  # 0-based row index
    header_last: int
    data_first: int
    columns: list[Column]
    total_rows: int

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Layout:
        columns = [Column(**c) for c in data.get("columns", [])]
        known = {"sheet", "header_first", "header_last", "data_first", "total_rows"}
        return cls(columns=columns, **{k: data[k] for k in known})

    def guessed_mapping(self) -> dict[str, str]:
        return {c.letter: c.guess for c in self.columns}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _header_grid(sheet: Sheet, first: int, last: int) -> list[list[str]]:
    """Texts of rows first..last with merged cells repeated over their whole range (only
    merges that start within these rows: a title merged down from above is no header)."""
    rows = sheet.rows
    width = max((len(rows[r]) for r in range(first, last + 1)), default=0)
    grid = [
        [_text(v) for v in rows[r]] + [""] * (width - len(rows[r])) for r in range(first, last + 1)
    ]
    for (r0, c0), (r1, c1) in sheet.merged:
        if r1 < first or r0 > last or r0 < first or r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = _text(rows[r0][c0])
        for r in range(max(r0, first), min(r1, last) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                if not grid[r - first][c]:
                    grid[r - first][c] = value
    return grid


def _row_score(texts: list[str]) -> tuple[int, bool]:
    """How many distinct fields a row's cells name, and whether one is a name or date."""
    found = set()
    for text in texts:
        if not text or len(text) > 80:
            continue
        code = match_header(normalize_header(text))
        if code and code != IGNORE:
            found.add(code)
    if {MALE_WORD, FEMALE_WORD} <= found:
        found.add("nam_nu")  # a "Nam" and a "Nữ" column: the sex (or dates of birth by sex)
    found -= {MALE_WORD, FEMALE_WORD}
    anchor = bool(found & (fields.NAME_TARGETS | {"date_of_birth"}))
    return len(found), anchor


def _covered_from_above(sheet: Sheet, row: int, first: int) -> bool:
    return any(r0 < row <= r1 and r0 >= first for (r0, _c0), (r1, _c1) in sheet.merged)


def _is_header_continuation(sheet: Sheet, row: int, first: int) -> bool:
    if row >= len(sheet.rows):
        return False
    values = [v for v in sheet.rows[row] if not is_empty(v)]
    if not values:
        return False
    if any(not isinstance(v, str) or looks_like_date(v) for v in values):
        return False
    if _covered_from_above(sheet, row, first):
        return True
    known = [v for v in values if match_header(normalize_header(v)) is not None]
    return len(known) == len(values)


def _is_numbering_row(values: list[Any]) -> bool:
    """The row of column numbers some forms print under the header: 1 2 3 … or (1) (2)."""
    numbers = []
    for value in values:
        if is_empty(value):
            continue
        text = shown(value).strip("() ")
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return len(numbers) >= 3 and numbers == sorted(numbers) and numbers[0] <= 2


def find_header(sheet: Sheet) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    best_score = 1
    for row in range(min(SCAN_ROWS, len(sheet.rows))):
        score, anchor = _row_score(_header_grid(sheet, row, row)[0])
        if anchor and score > best_score:
            best, best_score = (row, row), score
    if best is None:
        return None
    first = last = best[0]
    while first > 0 and any(r0 == first - 1 and r1 >= first for (r0, _c), (r1, _d) in sheet.merged):
        first -= 1  # a group header merged over the row found
    while last - first + 1 < MAX_HEADER_ROWS and _is_header_continuation(sheet, last + 1, first):
        last += 1
    return first, last


def _parts(grid: list[list[str]], column: int) -> list[str]:
    parts: list[str] = []
    for row in grid:
        text = " ".join(row[column].split()) if column < len(row) else ""
        if text and (not parts or fold(parts[-1]) != fold(text)):
            parts.append(text)
    return parts


def _guess(parts: list[str], samples: list[Any]) -> str:
    if not parts:
        return IGNORE
    lower = normalize_header(parts[-1])
    upper = normalize_header(" ".join(parts[:-1]))
    combined = normalize_header(" ".join(parts))
    code = match_exact(lower)
    if code is None and upper:
        code = match_header(combined)
    if code is None:
        code = match_header(lower) or (match_header(upper) if upper else None)
    if code in (MALE_WORD, FEMALE_WORD):
        above = match_header(upper) if upper else None
        if above == "date_of_birth":
            as_date = True
        elif above == "sex":
            as_date = False
        else:
            dated = sum(1 for v in samples if looks_like_date(v))
            as_date = dated * 2 > len(samples) if samples else True
        if code == MALE_WORD:
            return "dob_male" if as_date else "male_mark"
        return "dob_female" if as_date else "female_mark"
    return code or IGNORE


def _data_values(sheet: Sheet, data_first: int, column: int, limit: int) -> list[Any]:
    values = []
    for row in sheet.rows[data_first:]:
        if column < len(row) and not is_empty(row[column]):
            values.append(row[column])
            if len(values) >= limit:
                break
    return values


def _full_name_or_family(sheet: Sheet, data_first: int, columns: list[Column]) -> None:
    """A "Họ và tên" column beside a "Tên" column: if the names there end with the given
    name, the first is the whole name (the second is for sorting); otherwise it holds only
    the family and middle names."""
    full = next((c for c in columns if c.guess == "full_name"), None)
    given = next((c for c in columns if c.guess == "given_name"), None)
    if not full or not given:
        return
    pairs = [
        (shown(row[full.index]), shown(row[given.index]))
        for row in sheet.rows[data_first : data_first + 50]
        if max(full.index, given.index) < len(row)
        and not is_empty(row[full.index])
        and not is_empty(row[given.index])
    ]
    ending = sum(1 for whole, part in pairs if fold(whole).endswith(fold(part)))
    if pairs and ending * 2 > len(pairs):
        given.guess = IGNORE
    else:
        full.guess = "family_middle"


def detect(sheet: Sheet, *, sensitive: bool, branch_column: bool) -> Layout | None:
    """The table of a sheet, or None when no header row names known fields."""
    found = find_header(sheet)
    if found is None:
        return None
    first, last = found
    data_first = last + 1
    while data_first < len(sheet.rows) and _is_numbering_row(sheet.rows[data_first]):
        data_first += 1
    grid = _header_grid(sheet, first, last)
    width = max((len(r) for r in grid), default=0)
    columns: list[Column] = []
    taken: set[str] = set()
    for index in range(width):
        parts = _parts(grid, index)
        if not parts:
            continue
        values = _data_values(sheet, data_first, index, 20)
        column = Column(index=index, letter=column_letter(index), header=" / ".join(parts))
        guess = _guess(parts, values)
        target = fields.BY_CODE.get(guess)
        if guess in taken or (target and target.branch_only and not branch_column):
            guess = IGNORE
        column.samples = (
            ["•••"] * min(SAMPLES, len(values))
            if target and target.sensitive
            else [shown(v, 30) for v in values[:SAMPLES]]
        )
        if target and target.sensitive and not sensitive:
            guess = IGNORE
        if guess:
            taken.add(guess)
        column.guess = guess
        columns.append(column)
    _full_name_or_family(sheet, data_first, columns)
    total = sum(1 for row in sheet.rows[data_first:] if any(not is_empty(v) for v in row))
    return Layout(
        sheet=sheet.name,
        header_first=first,
        header_last=last,
        data_first=data_first,
        columns=columns,
        total_rows=total,
    )


def no_header_problem(sheet_name: str) -> FileProblem:
    return FileProblem(
        _(
            "No header row (Họ và tên, Ngày sinh…) was found in the first %(rows)d rows of "
            "the sheet '%(sheet)s'."
        )
        % {"rows": SCAN_ROWS, "sheet": sheet_name}
    )
