"""python manage.py restore DIR --into DATABASE_URL [--media-root PATH] [--force]

Restore a backup made by `backup` into an empty database (and MEDIA_ROOT):
1. the manifest's checksums are verified first: a damaged backup restores nothing;
2. the target database must hold no table, and the media folder no file, unless --force;
3. PostgreSQL: pg_restore --no-owner --exit-on-error --single-transaction (all or
   nothing; with --force also --clean --if-exists); SQLite: a copy of the backup file;
4. every table's row count is compared with the manifest;
5. the media archive is extracted after every member has been checked: relative paths
   inside the target only, plain files and folders only (no links, devices, "..").
"""

from __future__ import annotations

import json
import sqlite3
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from . import _archive


class Command(BaseCommand):
    help = "Restore a backup directory into an empty database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a directory written by `manage.py backup`")
        parser.add_argument(
            "--into",
            required=True,
            metavar="DATABASE_URL",
            help="the database to restore into (postgres://… or sqlite:///…)",
        )
        parser.add_argument(
            "--media-root",
            help="where to extract the uploaded files (default: MEDIA_ROOT of the settings)",
        )
        parser.add_argument("--no-media", action="store_true", help="restore the database only")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore even when the target database or media folder is not empty "
            "(the backup's tables replace those with the same name)",
        )

    def handle(self, *args, directory: str, into: str, media_root: str | None,
               no_media: bool, force: bool, **options):  # fmt: skip
        source = Path(directory).resolve()
        manifest = self._manifest(source)
        target = _archive.parse_url(into)
        engine = _archive.engine_of(target)
        if engine != manifest["engine"]:
            raise CommandError(
                f"This backup is of a {manifest['engine']} database; it cannot be restored "
                f"into {engine}."
            )
        media_target = Path(media_root or settings.MEDIA_ROOT).resolve()
        restore_media = manifest.get("media_file") and not no_media
        if (
            restore_media
            and not force
            and media_target.exists()
            and any(p.is_file() for p in media_target.rglob("*"))
        ):
            raise CommandError(
                f"The media folder {media_target} is not empty. Restore into an empty "
                "folder (--media-root), or add --force."
            )
        if restore_media:
            # Every member is checked before anything is written anywhere.
            with tarfile.open(source / manifest["media_file"], "r:gz") as archive:
                _archive.media_members(archive)
        if engine == "postgresql":
            self._postgres(source / manifest["database_file"], target, force)
        else:
            self._sqlite(source / manifest["database_file"], target, force)
        counts = _archive.target_counts(target)
        wrong = {
            table: (expected, counts.get(table))
            for table, expected in manifest["tables"].items()
            if counts.get(table) != expected
        }
        if wrong:
            details = ", ".join(f"{t}: {e} expected, {g} found" for t, (e, g) in wrong.items())
            raise CommandError(f"The restored database differs from the backup: {details}")
        files = 0
        if restore_media:
            files = _archive.extract_media(source / manifest["media_file"], media_target)
        self.stdout.write(
            f"Restored {len(counts)} tables ({sum(counts.values())} rows) into "
            f"{target['NAME']}" + (f" and {files} uploaded files into {media_target}." if
                                   restore_media else ".")
        )  # fmt: skip

    def _manifest(self, source: Path) -> dict:
        path = source / _archive.MANIFEST
        if not path.is_file():
            raise CommandError(f"{source} is not a backup: it has no {_archive.MANIFEST}.")
        try:
            manifest = json.loads(path.read_text())
        except ValueError as error:
            raise CommandError(f"{path} is damaged: {error}") from None
        if manifest.get("format") != _archive.FORMAT:
            raise CommandError(f"{path}: unknown backup format {manifest.get('format')!r}.")
        for name, expected in manifest["sha256"].items():
            if Path(name).name != name:
                raise CommandError(f"{path} names an unexpected file {name!r}.")
            file = source / name
            if not file.is_file():
                raise CommandError(f"The backup is incomplete: {name} is missing.")
            if _archive.sha256(file) != expected:
                raise CommandError(f"The backup is damaged: {name} fails its checksum.")
        return manifest

    def _postgres(self, dump: Path, target: dict, force: bool) -> None:
        pg_restore = _archive.tool("pg_restore")
        with _archive.pg_connect(target) as connection, connection.cursor() as cursor:
            tables = _archive.pg_tables(cursor)
        if tables and not force:
            raise CommandError(
                f"The database {target['NAME']} is not empty ({len(tables)} tables). "
                "Restore into a new, empty database, or add --force."
            )
        command = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error",
                   "--single-transaction", "--dbname", target["NAME"]]  # fmt: skip
        if force:
            command += ["--clean", "--if-exists"]
        result = _archive.run([*command, str(dump)], env=_archive.libpq_env(target))
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed, nothing was restored: {result.stderr.strip()}")

    def _sqlite(self, copy: Path, target: dict, force: bool) -> None:
        path = Path(target["NAME"])
        if path.exists() and path.stat().st_size:
            connection = sqlite3.connect(path)
            try:
                tables = _archive.sqlite_tables(connection)
            finally:
                connection.close()
            if tables and not force:
                raise CommandError(
                    f"The database {path} is not empty ({len(tables)} tables). Restore into "
                    "a new file, or add --force."
                )
        path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        destination = sqlite3.connect(path)
        try:
            # The backup API replaces the whole target in one step: all or nothing.
            source.backup(destination)
        finally:
            source.close()
            destination.close()
