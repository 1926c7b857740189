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

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
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
