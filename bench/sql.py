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
_NAME = "AND m.full_name_folded LIKE %s"

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
        params.append(f"%{search}%")
    if after:
        params.extend(after)
    if search:
        return (SEARCH_AFTER if after else SEARCH_FIRST_PAGE), params
    return (PROVINCE_AFTER if after else PROVINCE_FIRST_PAGE), params
