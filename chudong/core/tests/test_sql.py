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


def test_get_with_related_gives_what_select_related_gives(world, django_assert_num_queries):
    from django.forms.models import model_to_dict

    from chudong.core.sql import get_with_related

    for code in ("ROOT", "TA"):
        expected = Unit.objects.select_related("kind", "parent").get(code=code)
        with django_assert_num_queries(1):
            unit = get_with_related(Unit, expected.pk, "kind", "parent")
            kind, parent = unit.kind, unit.parent  # cached: no further query
        assert model_to_dict(unit) == model_to_dict(expected)
        assert model_to_dict(kind) == model_to_dict(expected.kind)
        assert (parent and model_to_dict(parent)) == (
            expected.parent and model_to_dict(expected.parent)
        )
        assert not unit._state.adding and unit._state.db == "default"
    assert world.unit("ROOT").parent is None


def test_get_with_related_answers_none_for_no_row(world):
    from chudong.core.sql import get_with_related

    top = Unit.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert get_with_related(Unit, top + 1000, "kind") is None
    assert get_with_related(Unit, 10**20, "kind") is None  # beyond bigint: no error
