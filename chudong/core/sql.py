"""Fixed SQL statements for the reads every request makes, written once per process.

A few reads run on nearly every request (the session, the user, the user's grants, the
breadcrumbs); built through the ORM each time they cost about a millisecond of the
request's own time apiece. `statement` fills a template's `{name}` slots with the quoted
table names of the models given and keeps the result, so those reads pay only for the
database. Table names come from the models' metadata and every value stays a parameter
(`%s`): nothing a person typed ever reaches the template.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import connection
from django.db.models import Model

BIGINT_MAX = 2**63 - 1


def statement(template: str, /, **tables: type[Model]) -> str:
    """`template` with each `{name}` replaced by the quoted table of `tables[name]`."""
    return _statement(template, tuple(sorted(tables.items())))


@functools.cache
def _statement(template: str, tables: tuple[tuple[str, type[Model]], ...]) -> str:
    quote = connection.ops.quote_name
    return template.format(**{name: quote(model._meta.db_table) for name, model in tables})


def cursor():
    """A cursor for the fixed statements of this module's callers: on PostgreSQL, one that
    binds its parameters on the server, so that psycopg prepares a statement the fifth
    time the connection runs it and PostgreSQL keeps its plan. Planning these reads cost
    ten times their execution (0.35-0.5 ms against 0.03 ms: members_member alone has 50
    indexes for the planner to weigh), on every request. Only statements written once
    per process go through it, with their columns named (a prepared `SELECT *` would fail
    once a migration added a column); Django's other queries keep their client-side
    binding. The cursor is Django's wrapper: queries are logged and execute wrappers run.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID
    from django.db.backends.postgresql.psycopg_any import register_tzloader

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        server_side = psycopg.Cursor(connection.connection)
        # As Django's own cursors: the time zone of the connection's settings.
        loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, psycopg.pq.Format.TEXT)
        if connection.timezone != loader.timezone:
            register_tzloader(connection.timezone, server_side)
        return connection._prepare_cursor(server_side)


def get_with_related(model: type[Model], pk: int, *related: str) -> Model | None:
    """`model.objects.select_related(*related).get(pk=pk)`, or None, by a statement
    written once per process and prepared (see `cursor`): for the reads every scoped page
    makes (its unit with the unit's kind and parent, a member with unit and kind, the
    session's user), building the query through the ORM cost more than the database's
    answer. `related` names forward foreign keys as select_related does ("unit",
    "unit__kind"); a null one is cached as None. Values are converted as the ORM would
    (SQLite's dates, JSON)."""
    if not -BIGINT_MAX <= pk <= BIGINT_MAX:  # no such row; the database would refuse it
        return None
    sql, plan = _joined(model, related)
    with cursor() as cursor_:
        cursor_.execute(sql, [pk])
        row = cursor_.fetchone()
    if row is None:
        return None
    row = list(row)
    for index, converters, column in plan.converters:
        for converter in converters:
            row[index] = converter(row[index], column, connection)
    db = connection.alias
    instances: dict[str, Model | None] = {}
    for path, target, start, attnames in plan.reads:
        values = row[start : start + len(attnames)]
        instances[path] = None if values[0] is None else target.from_db(db, attnames, values)
    for path, parent, field in plan.links:
        if instances[parent] is not None:
            field.set_cached_value(instances[parent], instances[path])
    return instances[""]


@dataclass(frozen=True)
class _Plan:
    reads: list  # (path, model, first column, attnames): "" is the model itself
    links: list  # (path, parent path, foreign key): cache each read on its parent
    converters: list  # (column index, converters, column expression)


@functools.cache
def _joined(model: type[Model], related: tuple[str, ...]) -> tuple[str, _Plan]:
    """The statement of get_with_related and how to read its row."""
    quote = connection.ops.quote_name
    reads, links, converters, columns, joins = [], [], [], [], []
    aliases = {"": ("t0", model)}

    def select(path: str, alias: str, target: type[Model]) -> None:
        fields = target._meta.concrete_fields
        reads.append((path, target, len(columns), tuple(f.attname for f in fields)))
        for f in fields:
            column = f.get_col(alias)
            found = connection.ops.get_db_converters(column) + f.get_db_converters(connection)
            if found:
                converters.append((len(columns), found, column))
            columns.append(f"{alias}.{quote(f.column)}")

    select("", "t0", model)
    for number, path in enumerate(sorted(related, key=lambda p: p.count("__")), start=1):
        parent, _sep, name = path.rpartition("__")
        parent_alias, parent_model = aliases[parent]
        field = parent_model._meta.get_field(name)
        target = field.related_model
        alias = f"t{number}"
        aliases[path] = (alias, target)
        joins.append(
            f"LEFT JOIN {quote(target._meta.db_table)} {alias} "
            f"ON {alias}.{quote(target._meta.pk.column)} = {parent_alias}.{quote(field.column)}"
        )
        links.append((path, parent, field))
        select(path, alias, target)
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} t0 "  # noqa: S608 - names from the models
        f"{' '.join(joins)} WHERE t0.{quote(model._meta.pk.column)} = %s"
    )
    return sql, _Plan(reads, links, converters)
