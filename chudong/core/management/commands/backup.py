"""python manage.py backup DIR

Back up the database and MEDIA_ROOT into the new directory DIR (see _archive for its
layout). Everything is written into DIR.part and renamed to DIR only once complete, so a
directory named DIR is always a whole backup.

PostgreSQL: pg_dump in custom format, inside a snapshot exported from a REPEATABLE READ
transaction that also counts every table's rows, so the counts in the manifest describe
exactly what the dump holds. SQLite: the online backup API (a consistent copy while the
app runs), counted from the copy.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from . import _archive


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (MEDIA_ROOT) into a new directory."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="the backup directory to create (must not exist)")
        parser.add_argument(
            "--database", default="default", help="database alias (default: %(default)s)"
        )

    def handle(self, *args, directory: str, database: str, **options):
        target = Path(directory).resolve()
        if target.exists():
            raise CommandError(f"{target} already exists; choose a new directory.")
        partial = target.with_name(target.name + ".part")
        if partial.exists():
            shutil.rmtree(partial)  # the leftover of a failed run
        partial.mkdir(parents=True, mode=0o700)
        try:
            settings_dict = connections[database].settings_dict
            engine = _archive.engine_of(settings_dict)
            if engine == "postgresql":
                db_file, counts = self._postgres(settings_dict, partial)
            else:
                db_file, counts = self._sqlite(database, partial)
            files = [db_file]
            media_files = self._media(Path(settings.MEDIA_ROOT), partial)
            if media_files is not None:
                files.append(_archive.MEDIA)
            manifest = {
                "format": _archive.FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "engine": engine,
                "code_version": _code_version(),
                "database_file": db_file,
                "media_file": _archive.MEDIA if media_files is not None else None,
                "media_files": media_files or 0,
                "tables": counts,
                "sha256": {name: _archive.sha256(partial / name) for name in files},
            }
            (partial / _archive.MANIFEST).write_text(
                json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True)
            )
            partial.rename(target)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        rows = sum(counts.values())
        self.stdout.write(
            f"Backup written to {target}: {len(counts)} tables, {rows} rows, "
            f"{media_files or 0} uploaded files."
        )

    def _postgres(self, settings_dict: dict, partial: Path) -> tuple[str, dict[str, int]]:
        pg_dump, pg_restore = _archive.tool("pg_dump"), _archive.tool("pg_restore")
        out = partial / _archive.PG_DUMP
        import psycopg

        with _archive.pg_connect(settings_dict) as connection:
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                counts = _archive.count_rows(cursor, _archive.pg_tables(cursor), quote=False)
                # The transaction stays open (holding the snapshot) until pg_dump is done.
                result = _archive.run(
                    [pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                     f"--snapshot={snapshot}", f"--file={out}"],
                    env=_archive.libpq_env(settings_dict),
                )  # fmt: skip
            connection.rollback()
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        check = _archive.run([pg_restore, "--list", str(out)])
        if check.returncode != 0:
            raise CommandError(f"The dump does not read back: {check.stderr.strip()}")
        return _archive.PG_DUMP, counts

    def _sqlite(self, alias: str, partial: Path) -> tuple[str, dict[str, int]]:
        out = partial / _archive.SQLITE_COPY
        source = connections[alias]
        source.ensure_connection()
        copy = sqlite3.connect(out)
        try:
            source.connection.backup(copy)
            (status,) = copy.execute("PRAGMA integrity_check").fetchone()
            if status != "ok":
                raise CommandError(f"The copy fails SQLite's integrity check: {status}")
            # A plain file a restore can copy as it is, without a write-ahead log beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            counts = _archive.count_rows(copy.cursor(), _archive.sqlite_tables(copy), quote=True)
        finally:
            copy.close()
        return _archive.SQLITE_COPY, counts

    def _media(self, media_root: Path, partial: Path) -> int | None:
        """MEDIA_ROOT as media.tar.gz with paths relative to it; None when it does not
        exist. Symbolic links are left out (a restore would refuse them)."""
        if not media_root.is_dir():
            return None
        files = 0
        with tarfile.open(partial / _archive.MEDIA, "w:gz") as archive:
            for path in sorted(media_root.rglob("*")):
                if path.is_symlink():
                    self.stderr.write(f"Skipped symbolic link {path}")
                    continue
                if path.is_file() or path.is_dir():
                    archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    files += path.is_file()
        return files


def _code_version() -> str:
    git = shutil.which("git")
    if not git:
        return ""
    try:
        result = _archive.run([git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"], timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""
