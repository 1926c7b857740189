"""Helpers for migrations that must run only on PostgreSQL (collations, trigram indexes).

One set of migrations serves SQLite and PostgreSQL; PostgreSQL-only speedups go through
these, which do nothing on other databases.
"""

from __future__ import annotations

from django.db import migrations


def postgres_only(forward_sql: list[str], reverse_sql: list[str]) -> migrations.RunPython:
    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in forward_sql:
                schema_editor.execute(statement)

    def reverse(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in reverse_sql:
                schema_editor.execute(statement)

    return migrations.RunPython(forward, reverse, elidable=False)


def c_collation(table: str, column: str, length: int) -> migrations.RunPython:
    """Give a path or sort-key column the byte-order "C" collation on PostgreSQL, so that
    range conditions on it use its B-tree index and order like on SQLite."""
    return postgres_only(
        [f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE varchar({length}) COLLATE "C"'],
        [f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE varchar({length})'],
    )


def trigram_index(table: str, column: str, name: str) -> migrations.RunPython:
    """A pg_trgm GIN index for accent-insensitive substring search on a folded column."""
    return postgres_only(
        [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)',
        ],
        [f'DROP INDEX IF EXISTS "{name}"'],
    )
