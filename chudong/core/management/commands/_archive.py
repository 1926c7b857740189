"""What `backup` and `restore` share: the layout of a backup directory, database
connections from a DATABASE_URL, table row counts and the safe reading of the media archive.

A backup directory holds:
    manifest.json    engine, time, code version, row count of every table, sha256 of each file
    database.dump    PostgreSQL: pg_dump custom format      (or)
    database.sqlite3 SQLite: a copy made with the online backup API
    media.tar.gz     MEDIA_ROOT, paths relative to it (absent when MEDIA_ROOT does not exist)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.management.base import CommandError

from chudong.settings import database_from_url

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media.tar.gz"
FORMAT = 1


def tool(name: str) -> str:
    """The full path of a PostgreSQL client program, or a clear error."""
    path = shutil.which(name)
    if not path:
        raise CommandError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess:
    """Run a program with a list of arguments (no shell), capturing its output."""
    return subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def engine_of(settings_dict: dict[str, Any]) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise CommandError(f"Unsupported database engine {engine}")


def parse_url(url: str) -> dict[str, Any]:
    try:
        return database_from_url(url)
    except Exception as error:
        raise CommandError(str(error)) from None


def libpq_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """Connection parameters for pg_dump/pg_restore/psycopg as libpq environment
    variables (the password stays out of the process list)."""
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                      ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):  # fmt: skip
        value = settings_dict.get(key)
        if value:
            env[name] = str(value)
        else:
            env.pop(name, None)
    for option, name in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if settings_dict.get("OPTIONS", {}).get(option):
            env[name] = settings_dict["OPTIONS"][option]
    return env


def pg_connect(settings_dict: dict[str, Any], **kwargs: Any):
    import psycopg

    params = {
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "dbname": settings_dict["NAME"],
    }
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        params["sslmode"] = settings_dict["OPTIONS"]["sslmode"]
    return psycopg.connect(**{k: v for k, v in params.items() if v}, **kwargs)


def pg_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') "
        "AND schemaname NOT LIKE 'pg_toast%%' ORDER BY 1"
    )
    return [row[0] for row in cursor.fetchall()]


def sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [row[0] for row in rows]


def count_rows(cursor: Any, tables: list[str], *, quote: bool) -> dict[str, int]:
    counts = {}
    for table in tables:
        name = '"%s"' % table.replace('"', '""') if quote else table
        cursor.execute(f"SELECT count(*) FROM {name}")  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def target_counts(settings_dict: dict[str, Any]) -> dict[str, int]:
    """Row count of every table of the database described by `settings_dict`."""
    if engine_of(settings_dict) == "postgresql":
        with pg_connect(settings_dict) as connection, connection.cursor() as cursor:
            return count_rows(cursor, pg_tables(cursor), quote=False)
    connection = sqlite3.connect(settings_dict["NAME"])
    try:
        cursor = connection.cursor()
        return count_rows(cursor, sqlite_tables(connection), quote=True)
    finally:
        connection.close()


def media_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """The archive's members, each checked: a relative path that stays inside the
    target, and only plain files and directories (no links, devices or FIFOs)."""
    members = []
    for member in archive.getmembers():
        path = PurePosixPath(member.name)
        if (
            member.name.startswith(("/", "\\"))
            or path.is_absolute()
            or ".." in path.parts
            or "\\" in member.name
            or "\x00" in member.name
            or (path.parts and ":" in path.parts[0])
        ):
            raise CommandError(f"The media archive holds an unsafe path: {member.name!r}")
        if not (member.isfile() or member.isdir()):
            raise CommandError(
                f"The media archive holds something other than a file or a folder: {member.name!r}"
            )
        members.append(member)
    return members


def extract_media(archive_path: Path, target: Path) -> int:
    """Extract the media archive into `target` after checking every member; returns
    the number of files."""
    with tarfile.open(archive_path, "r:gz") as archive:
        members = media_members(archive)
        target.mkdir(parents=True, exist_ok=True)
        archive.extractall(target, members=members, filter="data")
    return sum(1 for m in members if m.isfile())
