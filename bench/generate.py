"""Generate the national dataset: `python -m bench.generate --scale 1` (`make bench-data`).

PostgreSQL only. The database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/chudong_bench) is dropped, created and migrated, then
every step of `bench.steps.STEPS` loads its tables through COPY with the secondary
indexes dropped, which are rebuilt afterwards; then VACUUM ANALYZE and the report
roll-ups. The same seed and scale give the same data.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from urllib.parse import urlparse, urlunparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/chudong_bench"
SEED = 2026


def database_url() -> str:
    return os.getenv("BENCH_DATABASE_URL", DEFAULT_URL)


def require_postgres(url: str) -> None:
    scheme = urlparse(url).scheme
    if scheme not in ("postgres", "postgresql"):
        sys.exit(
            f"bench needs PostgreSQL (BENCH_DATABASE_URL={url!r}): the generator loads "
            "through COPY and the benchmarks measure PostgreSQL's plans. SQLite is not "
            "supported here."
        )


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chudong.settings")
    import django

    django.setup()


def generate(*, scale: float, seed: int, copy_connection, read_connection, threaded: bool, log):
    """Run every step into the database behind the two psycopg connections (they may be
    the same one, e.g. inside a test's transaction). Returns the World."""
    from .loading import CopySink, sync_sequences
    from .steps import EXTRA_TABLES, STEPS
    from .world import World

    sink = CopySink(copy_connection, threaded=threaded)
    cursor = read_connection.cursor()
    world = World(scale=scale, seed=seed, sink=sink, cursor=cursor, log=log)
    cursor.execute("SELECT code, id FROM orgs_unitkind")
    world.kinds = dict(cursor.fetchall())
    cursor.execute("SELECT code, id FROM access_role")
    world.roles = dict(cursor.fetchall())
    for step in STEPS:
        started = time.monotonic()
        step.run(world)
        world.timings[step.name] = time.monotonic() - started
        log(f"  step {step.name}: {world.timings[step.name]:.0f} s")
    started = time.monotonic()
    sink.close()
    world.timings["copy (remaining)"] = time.monotonic() - started
    tables = {table for step in STEPS for table in step.tables} | set(EXTRA_TABLES)
    tables.discard("members_membersensitive")  # keyed by member_id
    tables.discard("members_unitmembercount")
    sync_sequences(cursor, sorted(tables))
    # Count rows for every unit, with the depths and subtree figures members.services
    # maintains (the COPY wrote each branch's own figures only).
    from chudong.members.services.counts import counts_complete

    started = time.monotonic()
    counts_complete()
    world.timings["subtree counts"] = time.monotonic() - started
    world.log(", ".join(f"{table} {rows:,}" for table, rows in sink.rows.items()))
    return world


def _recreate(url: str, force: bool) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    if not name.startswith("chudong_bench") and not force:
        sys.exit(f"refusing to drop database {name!r}: its name must start with chudong_bench")
    maintenance = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 6.5 million members")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--database", default=database_url())
    parser.add_argument(
        "--force", action="store_true", help="drop a database whose name lacks chudong_bench"
    )
    args = parser.parse_args(argv)
    url = args.database
    require_postgres(url)
    started = time.monotonic()
    print(f"bench-data: scale {args.scale}, seed {args.seed}, {url}", flush=True)
    _recreate(url, args.force)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"  database created and migrated ({time.monotonic() - started:.0f} s)", flush=True)

    import psycopg

    from chudong.members.management.commands.member_search_indexes import (
        PREFIX,
        create_statement,
    )

    from .loading import Index, drop_secondary_indexes, rebuild_indexes
    from .steps import STEPS

    log = lambda text: print(text, flush=True)  # noqa: E731
    copy_connection = psycopg.connect(url, autocommit=True)
    # Foreign keys are checked by construction (and by the tiny-scale test), not row by
    # row during the load; WAL need not reach the disk before each COPY returns.
    copy_connection.execute("SET session_replication_role = replica")
    copy_connection.execute("SET synchronous_commit = off")
    read_connection = psycopg.connect(url, autocommit=True)
    # The member-count rows (one per unit) keep their indexes: the subtree figures are
    # computed from them at the end of generate(), a range read per row.
    tables = [t for step in STEPS for t in step.tables if t != "members_unitmembercount"]
    indexes = drop_secondary_indexes(read_connection, tables)
    world = generate(
        scale=args.scale,
        seed=args.seed,
        copy_connection=copy_connection,
        read_connection=read_connection,
        threaded=True,
        log=log,
    )
    # The member search's per-province indexes (manage.py member_search_indexes), built
    # with the others rather than CONCURRENTLY one by one.
    for province in world.provinces:
        statement = create_statement(province.path, concurrently=False)
        indexes.append(Index("members_member", PREFIX + province.path, statement, "", True))
    started_indexes = time.monotonic()
    log(f"  rebuilding {len(indexes)} indexes")
    rebuild_indexes(url, indexes, log=log)
    log(f"  indexes rebuilt in {time.monotonic() - started_indexes:.0f} s")
    loaded = time.monotonic()
    read_connection.execute("VACUUM (ANALYZE)")
    log(f"  vacuum analyze: {time.monotonic() - loaded:.0f} s")
    rolled = time.monotonic()
    from chudong.reports.rollups import rollup_refresh

    run = rollup_refresh()
    log(f"  report roll-ups: {run.rows:,} rows in {time.monotonic() - rolled:.0f} s")
    from .recognition_data import fill

    fill(log=log)
    read_connection.execute("ANALYZE recognition_cycle, recognition_criterionscore")
    copy_connection.close()
    read_connection.close()
    log(
        f"bench-data done in {time.monotonic() - started:.0f} s: {len(world.units):,} units, "
        f"{len(world.branches):,} branches, {world.member_count:,} members"
    )


if __name__ == "__main__":
    main()
