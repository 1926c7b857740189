"""core.sql.statement: a fixed statement's table names come from the models, quoted, and
the statement is written once per process."""

from __future__ import annotations

from django.db import connection

from chudong.accounts.models import User
from chudong.core.sql import statement
from chudong.orgs.models import Unit


def test_the_slots_take_the_quoted_tables_and_values_stay_parameters():
    query = statement("SELECT u.id FROM {unit} u JOIN {user} a ON a.id = %s", unit=Unit, user=User)
    quote = connection.ops.quote_name
    assert (
        query
        == f"SELECT u.id FROM {quote('orgs_unit')} u JOIN {quote('accounts_user')} a ON a.id = %s"
    )


def test_the_statement_is_written_once():
    first = statement("SELECT id FROM {unit} WHERE path = %s", unit=Unit)
    assert statement("SELECT id FROM {unit} WHERE path = %s", unit=Unit) is first
    assert statement("SELECT id FROM {t} WHERE path = %s", t=Unit) == first


def test_the_statement_reads_the_database(world):
    with connection.cursor() as cursor:
        cursor.execute(statement("SELECT code FROM {unit} WHERE path = %s", unit=Unit),
                       [world.unit("TA").path])  # fmt: skip
        assert cursor.fetchone() == ("TA",)
