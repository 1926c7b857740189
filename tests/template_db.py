"""Test databases cloned from a migrated template, not migrated once per test worker.

Applying chudong's ~110 migrations takes a CPU core one to two minutes (Django renders
the model state again and again), and every pytest-xdist worker used to do it. Instead,
the first worker to get here migrates a template database once, named after a hash of
every migration file and of the lock file (so any change of schema builds a new one),
and each worker then gets its own copy:
- PostgreSQL: `CREATE DATABASE test_<name>_<worker> TEMPLATE chudong_tmpl_<hash>`;
- SQLite: a copy of var/test-template-<hash>.sqlite3 (removed when the run ends).
pytest-django then finds the worker's database already there (`--reuse-db`): Django's
migrate has nothing left to apply. Templates of an older schema are dropped.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "var" / "test-template.lock"
PREFIX = "chudong_tmpl_"


def schema_hash() -> str:
    digest = hashlib.sha256()
    files = [*sorted(ROOT.glob("chudong/*/migrations/*.py")), ROOT / "requirements.lock"]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _migrate(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "CHUDONG_TESTING": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env,
        check=True,
    )  # fmt: skip


def _postgres(url: str, test_name: str, digest: str) -> None:
    import psycopg

    template = PREFIX + digest
    maintenance = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        names = {row[0] for row in connection.execute("SELECT datname FROM pg_database")}
        if template not in names:
            building = template + "_building"
            connection.execute(f'DROP DATABASE IF EXISTS "{building}"')
            connection.execute(f'CREATE DATABASE "{building}"')
            _migrate(urlunparse(urlparse(url)._replace(path="/" + building)))
            connection.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
            for old in names:
                if old.startswith(PREFIX) and not old.endswith("_building"):
                    connection.execute(f'DROP DATABASE IF EXISTS "{old}"')
        connection.execute(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')


def _sqlite(test_path: Path, digest: str) -> None:
    template = ROOT / "var" / f"test-template-{digest}.sqlite3"
    if not template.exists():
        building = template.with_suffix(".building")
        building.unlink(missing_ok=True)
        _migrate(f"sqlite:///{building}")
        building.rename(template)
        for old in (ROOT / "var").glob("test-template-*.sqlite3"):
            if old != template:
                old.unlink(missing_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{test_path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, test_path)


def prepare(config) -> None:
    """Give this pytest process (an xdist worker or the only one) its test database,
    cloned from the template, and tell pytest-django to reuse it."""
    from django.conf import settings

    if os.getenv("CHUDONG_TEST_MIGRATE") == "1":  # the plain way, for checking it
        return
    if not hasattr(config, "workerinput") and config.getoption("numprocesses", None):
        return  # the xdist controller runs no test
    database = settings.DATABASES["default"]
    worker = getattr(config, "workerinput", {}).get("workerid")
    digest = schema_hash()
    (ROOT / "var").mkdir(exist_ok=True)
    with open(LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if database["ENGINE"].endswith("postgresql"):
            # pytest-django names it test_<name>, then adds _<worker> under xdist.
            base = database.get("TEST", {}).get("NAME") or "test_" + database["NAME"]
            _postgres(os.environ["DATABASE_URL"], f"{base}_{worker}" if worker else base, digest)
        else:
            # One file per pytest run (several may run at once on one checkout).
            base = str(ROOT / "var" / f"test-db-{os.getppid() if worker else os.getpid()}")
            database.setdefault("TEST", {})["NAME"] = base
            path = Path(f"{base}_{worker}" if worker else base)
            _sqlite(path, digest)
            config.add_cleanup(lambda: _remove(path))
    config.option.reuse_db = True


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# --- The demo province, seeded once per schema and demo code -------------------------------
#
# `manage.py seed_demo` takes a core most of a minute. The tests that need the whole demo
# (the seed test, the backup round trip) share one seeding: the first to ask runs the real
# command, in a subprocess, on a copy of the migrated template (no units: an empty
# database), at DEMO_DAY, and keeps what it printed beside the database and its media.

DEMO_PREFIX = "chudong_demo_"
DEMO_DAY = dt.datetime(dt.date.today().year + 1, 3, 2, 9, 0, tzinfo=dt.UTC)
DEMO_LOCK = ROOT / "var" / "test-demo.lock"
_SEED = """
import datetime as dt, os, django, time_machine
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chudong.settings")
django.setup()
from django.core.management import call_command
with time_machine.travel(dt.datetime.fromisoformat(os.environ["DEMO_DAY"])):
    call_command("seed_demo")
"""


def demo_hash() -> str:
    digest = hashlib.sha256(schema_hash().encode() + DEMO_DAY.isoformat().encode())
    for path in sorted(ROOT.glob("chudong/demo/**/*.py")):
        if "tests" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass
class Demo:
    url: str  # the seeded database (a template: copy it, never write to it)
    media: Path  # the files it uploaded (copy them too)
    output: str  # what seed_demo printed


def demo(settings_dict: dict) -> Demo:
    """The seeded demo database for the engine of `settings_dict`, built when missing."""
    digest = demo_hash()
    postgres = settings_dict["ENGINE"].endswith("postgresql")
    # Each engine its own files (a PostgreSQL run and a SQLite run may share the checkout).
    base = ROOT / "var" / f"test-demo-{'pg' if postgres else 'sqlite'}-{digest}"
    media, output = Path(f"{base}-media"), Path(f"{base}.txt")
    name = DEMO_PREFIX + digest
    url = _pg_url(settings_dict, name) if postgres else f"sqlite:///{base}.sqlite3"
    (ROOT / "var").mkdir(exist_ok=True)
    with open(DEMO_LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not output.exists() or not _exists(settings_dict, name, base, postgres):
            _build_demo(settings_dict, base, url, postgres)
    return Demo(url=url, media=media, output=output.read_text())


def _pg_url(settings_dict: dict, name: str) -> str:
    from urllib.parse import quote

    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{settings_dict.get('HOST') or ''}{port}/{name}"


def _exists(settings_dict: dict, name: str, base: Path, postgres: bool) -> bool:
    if not postgres:
        return Path(f"{base}.sqlite3").exists()
    import psycopg

    with psycopg.connect(_pg_url(settings_dict, "postgres"), autocommit=True) as admin:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        return admin.execute(query, [name]).fetchone() is not None


def _build_demo(settings_dict: dict, base: Path, url: str, postgres: bool) -> None:
    engine = base.name.rsplit("-", 1)[0]
    for old in (ROOT / "var").glob(f"{engine}-*"):  # this demo's last try, older demos
        shutil.rmtree(old) if old.is_dir() else old.unlink(missing_ok=True)
    media = Path(f"{base}-media")
    media.mkdir()
    if postgres:
        import psycopg

        name = url.rsplit("/", 1)[1]
        maintenance = _pg_url(settings_dict, "postgres")
        with psycopg.connect(maintenance, autocommit=True) as admin:
            names = {row[0] for row in admin.execute("SELECT datname FROM pg_database")}
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if PREFIX + schema_hash() in names:
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{PREFIX}{schema_hash()}"')
            else:
                admin.execute(f'CREATE DATABASE "{name}"')
                _migrate(url)
            for old in names:
                if old.startswith(DEMO_PREFIX) and old != name:
                    admin.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
    else:
        template = ROOT / "var" / f"test-template-{schema_hash()}.sqlite3"
        if template.exists():
            shutil.copyfile(template, f"{base}.sqlite3")
        else:
            _migrate(url)
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media), "CHUDONG_TESTING": "1",
           "DEMO_DAY": DEMO_DAY.isoformat()}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", _SEED],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"seed_demo failed:\n{result.stdout}\n{result.stderr}")
    Path(f"{base}.txt").write_text(result.stdout)


def demo_load(seeded: Demo) -> None:
    """Put the demo in place of every row of the test database, inside the running test's
    transaction (rolled back with it). PostgreSQL sequences move on to the demo's values
    (setval outlives the rollback: later rows get higher ids, nothing else changes)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "sqlite":
        import sqlite3

        path = seeded.url.removeprefix("sqlite:///")
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            # The counters (sqlite_sequence) last.
            tables = [row[0] for row in source.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND (name NOT LIKE 'sqlite_%' OR name = 'sqlite_sequence') "
                "ORDER BY name = 'sqlite_sequence'")]  # fmt: skip
            for table in tables:
                raw.execute(f'DELETE FROM "{table}"')
                rows = source.execute(f'SELECT * FROM "{table}"').fetchall()
                if rows:
                    marks = ", ".join("?" * len(rows[0]))
                    raw.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
        finally:
            source.close()
    else:
        import psycopg

        with psycopg.connect(seeded.url) as source, raw.cursor() as into:
            tables = [row[0] for row in source.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]  # fmt: skip
            into.execute("TRUNCATE " + ", ".join(f'public."{t}"' for t in tables))
            for table in tables:
                with (
                    source.cursor().copy(f'COPY public."{table}" TO STDOUT (FORMAT BINARY)') as out,
                    into.copy(f'COPY public."{table}" FROM STDIN (FORMAT BINARY)') as copy,
                ):
                    for data in out:
                        copy.write(data)
            for name, value in source.execute(
                "SELECT quote_ident(sequencename), last_value FROM pg_sequences "
                "WHERE schemaname = 'public' AND last_value IS NOT NULL"
            ).fetchall():
                into.execute("SELECT setval(%s::regclass, %s)", [f"public.{name}", value])
    ContentType.objects.clear_cache()
    cache.clear()
