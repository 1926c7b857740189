"""The hand-written SQL floors: the best query for each list the benchmark measures,
run raw through psycopg beside the app's own figures (and by the minimal floor page).
They return the same rows as the member list's queries (current members of a subtree in
Vietnamese name order, optionally filtered by an accent-insensitive name)."""

from __future__ import annotations

_COLUMNS = (
    "m.id, m.full_name, m.sort_key, m.sex, m.date_of_birth, m.birth_year_only, m.status, "
    "m.phone, m.card_number, m.party_status, m.is_honorary, m.unit_path, "
    "u.id AS unit_id, u.name AS unit_name"
)
_FROM = (
    "FROM members_member m JOIN orgs_unit u ON u.id = m.unit_id "
    "WHERE m.unit_path >= %s AND m.unit_path < %s "
    "AND m.status IN ('active', 'temporary_elsewhere', 'working_far')"
)
_ORDER = "ORDER BY m.sort_key, m.id LIMIT 51"
_AFTER = "AND (m.sort_key, m.id) > (%s, %s)"
# The list's search matches a name (folded, anywhere in it) or the start of a card number
# (chudong.members.selectors.lists.search_q): the floor returns the same rows.
_NAME = "AND (m.full_name_folded LIKE %s OR m.card_number LIKE %s)"

PROVINCE_FIRST_PAGE = f"SELECT {_COLUMNS} {_FROM} {_ORDER}"
PROVINCE_AFTER = f"SELECT {_COLUMNS} {_FROM} {_AFTER} {_ORDER}"
SEARCH_FIRST_PAGE = f"SELECT {_COLUMNS} {_FROM} {_NAME} {_ORDER}"
SEARCH_AFTER = f"SELECT {_COLUMNS} {_FROM} {_NAME} {_AFTER} {_ORDER}"


def subtree_bounds(path: str) -> list[str]:
    """The range core.paths.subtree_q uses: path <= unit_path < path + '~'."""
    return [path, path + "~"]


def floor_query(*, path: str, search: str = "", after: tuple[str, int] | None = None):
    """(sql, params) of the hand-written query for one list page."""
    params: list = subtree_bounds(path)
    if search:
        params.extend(search_patterns(search))
    if after:
        params.extend(after)
    if search:
        return (SEARCH_AFTER if after else SEARCH_FIRST_PAGE), params
    return (PROVINCE_AFTER if after else PROVINCE_FIRST_PAGE), params


def search_patterns(search: str) -> list[str]:
    """LIKE patterns of a name search: the folded name, the card number's start."""
    return [f"%{search}%", "".join(search.split()).upper() + "%"]


# A name search has no single best statement: walking the name order is best when matches
# come early in it, reading every match through the trigram indexes is best otherwise. The
# floor of a search page is the faster of the two, each hand-written, each reading the
# page's 51 ids first and its rows around them (joining every match to its unit before
# keeping 51 costs a third more).
PROBE = 5000  # the app's SEARCH_PROBE (members.selectors.lists), kept here without Django
_PAGE_OF = f"SELECT {_COLUMNS} FROM members_member m JOIN orgs_unit u ON u.id = m.unit_id "
_TESTS = (
    "unit_path >= %s AND unit_path < %s "
    "AND status IN ('active', 'temporary_elsewhere', 'working_far') "
    "AND (full_name_folded LIKE %s OR card_number LIKE %s)"
)
# Every match, sorted in an order the name index cannot give (else the planner walks it).
MATCHES = (
    _PAGE_OF + "WHERE m.id IN (SELECT id FROM members_member WHERE " + _TESTS + " {after}"
    "ORDER BY sort_key || '', id LIMIT 51) ORDER BY m.sort_key, m.id"
)
# The next PROBE rows of the national name order from the name index alone (its included
# columns hold the path, status, folded name and card number), tested above the LIMIT,
# where the planner cannot swap the walk for the province's path range or a trigram
# index (100-700 ms measured for HCM's deep search page, against 1 ms); it stops when
# the page is full. It answers only when it fills the page.
WALK = (
    _PAGE_OF + "WHERE m.id IN (SELECT id FROM (SELECT id, sort_key, unit_path, status, "
    "full_name_folded, card_number FROM members_member {where_after}"
    "ORDER BY sort_key, id LIMIT %s) w WHERE " + _TESTS + " "
    "ORDER BY sort_key, id LIMIT 51) ORDER BY m.sort_key, m.id"
)


def search_floors(*, path: str, search: str, after: tuple[str, int] | None):
    """{name: (sql, params)} of the two ways to get a search page."""
    tests = [*subtree_bounds(path), *search_patterns(search)]
    matches = MATCHES.format(after="AND (sort_key, id) > (%s, %s) " if after else "")
    walk = WALK.format(where_after="WHERE (sort_key, id) > (%s, %s) " if after else "")
    return {
        "matches": (matches, [*tests, *(after or ())]),
        "walk": (walk, [*(after or ()), PROBE, *tests]),
    }
