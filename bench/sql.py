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
# floor of a search page is the faster of the two, each hand-written.
PROBE = 5000
BOUNDARY = "SELECT sort_key FROM members_member {after} ORDER BY sort_key, id OFFSET %s LIMIT 1"
_SORTED_MATCHES = "ORDER BY m.sort_key || '', m.id LIMIT 51"
# The walk reads the ids from the name index alone (its included columns hold the path,
# status, folded name and card number), up to the boundary, then the page's rows by id.
# Its tests are expressions no index serves: on plain columns the planner reads the
# province's path range or the status index instead and sorts (100-700 ms measured
# for HCM's deep search page, against 1 ms).
WALK = (
    f"SELECT {_COLUMNS} FROM members_member m JOIN orgs_unit u ON u.id = m.unit_id "
    "WHERE m.id IN (SELECT id FROM members_member WHERE sort_key <= %s {after}"
    "AND substr(unit_path, 1, %s) = %s "
    "AND status || '' IN ('active', 'temporary_elsewhere', 'working_far') "
    "AND (full_name_folded || '' LIKE %s OR card_number LIKE %s) "
    "ORDER BY sort_key, id LIMIT 51) "
    "ORDER BY m.sort_key, m.id"
)


def search_floors(*, path: str, search: str, after: tuple[str, int] | None):
    """{name: [(sql, params), ...]} for the two ways to get a search page. The walk's
    second statement takes the boundary read by its first as its first parameter; it
    answers only when it fills the page (51 rows), as in the app."""
    where_after = "WHERE (sort_key, id) > (%s, %s)" if after else ""
    boundary = (BOUNDARY.format(after=where_after), [*(after or ()), PROBE - 1])
    walk = WALK.format(after="AND (sort_key, id) > (%s, %s) " if after else "")
    walk_params = [*(after or ()), len(path), path, *search_patterns(search)]
    sql, params = floor_query(path=path, search=search, after=after)
    matches = sql.replace(_ORDER, _SORTED_MATCHES)
    return {"walk": [boundary, (walk, walk_params)], "matches": [(matches, params)]}
