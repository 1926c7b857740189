"""PostgreSQL only: a partial trigram index on members' folded names for each subtree
right below the root (the provinces), beside the national one.

A trigram index over the whole country holds, for a common syllable ("thi", "ang"),
millions of entries that every search in any province must read; a province's own index
holds a tenth to a hundredth of them (measured: a full-name search in the biggest
province 760 ms → 85 ms, docs/performance.md). PostgreSQL uses the partial index for any
list whose subtree range lies inside the province. Run after a province is founded,
merged or split; `make bench-data` builds them too. Idempotent; builds CONCURRENTLY.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connection

from chudong.orgs.models import Unit, UnitStatus

PREFIX = "members_name_trgm_"


def province_paths() -> set[str]:
    return set(
        Unit.objects.filter(
            parent__isnull=False, parent__parent__isnull=True, status=UnitStatus.ACTIVE
        ).values_list("path", flat=True)
    )


def existing_indexes(cursor) -> set[str]:
    cursor.execute(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'members_member' AND indexname LIKE %s",
        [PREFIX + "%"],
    )
    return {name for (name,) in cursor.fetchall()}


def create_statement(path: str, *, concurrently: bool = True) -> str:
    # Paths hold only [0-9a-z] (core.paths), so they are safe inside the statement.
    how = "CONCURRENTLY " if concurrently else ""
    return (
        f'CREATE INDEX {how}IF NOT EXISTS "{PREFIX}{path}" ON members_member '
        "USING gin (full_name_folded gin_trgm_ops) "
        f"WHERE unit_path >= '{path}' AND unit_path < '{path}~'"
    )


class Command(BaseCommand):
    help = "Create (and drop) the per-province partial trigram indexes of member names."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Only PostgreSQL has trigram indexes; nothing to do.")
            return
        wanted = {PREFIX + path: path for path in province_paths()}
        with connection.cursor() as cursor:
            existing = existing_indexes(cursor)
            for name in sorted(existing - set(wanted)):
                cursor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')
            for name, path in sorted(wanted.items()):
                if name not in existing:
                    cursor.execute(create_statement(path))
        if options["verbosity"]:
            self.stdout.write(
                f"{len(wanted)} province search indexes: {len(set(wanted) - existing)} created, "
                f"{len(existing - set(wanted))} dropped."
            )
