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


def get_with_related(model: type[Model], pk: int, *related: str) -> Model | None:
    """`model.objects.select_related(*related).get(pk=pk)`, or None, by a statement
    written once per process: for a read every scoped page makes (its unit, with the
    unit's kind and parent), building the query through the ORM cost more than the
    database's answer. `related` names forward foreign keys of `model`; a null one is
    cached as None, as select_related does."""
    if not -BIGINT_MAX <= pk <= BIGINT_MAX:  # no such row; the database would refuse it
        return None
    sql, plan = _joined(model, related)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    db = connection.alias
    objects = []
    start = 0
    for target, attnames in plan:
        values = row[start : start + len(attnames)]
        start += len(attnames)
        objects.append(None if values[0] is None else target.from_db(db, attnames, values))
    instance = objects[0]
    for name, related_object in zip(related, objects[1:], strict=True):
        model._meta.get_field(name).set_cached_value(instance, related_object)
    return instance


@functools.cache
def _joined(model: type[Model], related: tuple[str, ...]):
    """The statement of get_with_related and, per model read, its fields' attnames."""
    quote = connection.ops.quote_name
    plan = [(model, [f.attname for f in model._meta.concrete_fields])]
    columns = [f"t0.{quote(f.column)}" for f in model._meta.concrete_fields]
    joins = []
    for i, name in enumerate(related, start=1):
        field = model._meta.get_field(name)
        target = field.related_model
        plan.append((target, [f.attname for f in target._meta.concrete_fields]))
        columns += [f"t{i}.{quote(f.column)}" for f in target._meta.concrete_fields]
        joins.append(
            f"LEFT JOIN {quote(target._meta.db_table)} t{i} "
            f"ON t{i}.{quote(target._meta.pk.column)} = t0.{quote(field.column)}"
        )
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} t0 "
        f"{' '.join(joins)} WHERE t0.{quote(model._meta.pk.column)} = %s"
    )
    return sql, [(target, tuple(attnames)) for target, attnames in plan]
