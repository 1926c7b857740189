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


def statement(template: str, /, **tables: type[Model]) -> str:
    """`template` with each `{name}` replaced by the quoted table of `tables[name]`."""
    return _statement(template, tuple(sorted(tables.items())))


@functools.cache
def _statement(template: str, tables: tuple[tuple[str, type[Model]], ...]) -> str:
    quote = connection.ops.quote_name
    return template.format(**{name: quote(model._meta.db_table) for name, model in tables})
