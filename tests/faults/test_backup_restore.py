"""Backup and restore (issue 10, part 7): the demo province backed up with
`manage.py backup`, restored with `manage.py restore` into a new empty database and media
folder, and every table compared row for row; damaged and hostile backups restore nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .conftest import POSTGRES, manage


def _pg_digests(url: str) -> tuple[dict[str, tuple[int, str]], dict[str, int]]:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as db:
        tables = [r[0] for r in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]  # fmt: skip
        digests = {}
        for table in tables:
            keys = [r[0] for r in db.execute(
                "SELECT quote_ident(a.attname) FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
                [f'public."{table}"'])]  # fmt: skip
            order = ", ".join(keys) if keys else "t::text"
            count, digest = db.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY {order}), "
                f"'')) FROM public.\"{table}\" AS t"
            ).fetchone()
            digests[table] = (count, digest)
        sequences = dict(db.execute(
            "SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences "
            "WHERE schemaname = 'public'").fetchall())  # fmt: skip
    return digests, sequences


def _sqlite_digests(url: str) -> tuple[dict[str, tuple[int, str]], dict[str, int]]:
    db = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]  # fmt: skip
        digests = {}
        for table in tables:
            keys = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")') if r[5]]
            order = ", ".join(f'"{k}"' for k in keys) or "rowid"
            digest, count = hashlib.md5(), 0
            for row in db.execute(f'SELECT * FROM "{table}" ORDER BY {order}'):
                digest.update(repr(row).encode())
                count += 1
            digests[table] = (count, digest.hexdigest())
        sequences = dict(db.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
    finally:
        db.close()
    return digests, sequences


def digests(url: str):
    """Every table's (row count, hash of all rows ordered by primary key), and every
    sequence's last value."""
    return _pg_digests(url) if url.startswith("postgres") else _sqlite_digests(url)


def files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_demo_round_trips_through_backup_and_restore_table_by_table(scratch, tmp_path):
    # The demo province as `manage.py seed_demo` loads it into an empty database (seeded
    # once per test run and shared with the seed test; a copy here).
    media = tmp_path / "media"
    source = scratch.demo("backup_src", media)
    # Rows for most tables the demo leaves empty (sessions, lockouts, tokens, an import…).
    manage("shell", "-c", "from tests.faults.extra_rows import fill; fill()",
           database_url=source, media_root=media)  # fmt: skip
    backup = tmp_path / "backup"
    made = manage("backup", str(backup), database_url=source, media_root=media)
    assert "Backup written" in made.stdout
    manifest = json.loads((backup / "manifest.json").read_text())
    assert not list(tmp_path.glob("*.part")), "the temporary directory is renamed"

    target, restored_media = scratch.empty("backup_dst"), tmp_path / "restored-media"
    # The restore reads only the backup and writes only `target`: run it in this process.
    call_command("restore", str(backup), "--into", target, "--media-root", str(restored_media))

    before, sequences_before = digests(source)
    after, sequences_after = digests(target)
    assert sorted(after) == sorted(before), "the same tables"
    different = [t for t in before if before[t] != after[t]]
    assert not different, f"tables that differ after the restore: {different}"
    assert sequences_after == sequences_before, "new rows get new ids after a restore"
    # Nearly every table has rows; the manifest counted exactly what was dumped.
    empty = [t for t, (count, _digest) in before.items() if not count]
    assert len(empty) <= 0.2 * len(before), f"{len(empty)} of {len(before)} empty: {empty}"
    assert sum(manifest["tables"].values()) == sum(c for c, _d in before.values())
    assert files(media), "the demo stores uploaded files"
    assert files(restored_media) == files(media)

    # A second restore into the now filled database is refused without --force.
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(backup), "--into", target, "--media-root",
                     str(tmp_path / "other-media"))  # fmt: skip
    assert digests(target)[0] == before


def _fake_backup(directory: Path, *, media: bytes | None, database: bytes = b"x") -> None:
    """A backup directory whose manifest is right about checksums (so the checks under
    test are the only ones that can refuse it)."""
    directory.mkdir()
    engine = "postgresql" if POSTGRES else "sqlite"
    db_name = "database.dump" if POSTGRES else "database.sqlite3"
    (directory / db_name).write_bytes(database)
    checksums = {db_name: hashlib.sha256(database).hexdigest()}
    if media is not None:
        (directory / "media.tar.gz").write_bytes(media)
        checksums["media.tar.gz"] = hashlib.sha256(media).hexdigest()
    (directory / "manifest.json").write_text(json.dumps({
        "format": 1, "engine": engine, "database_file": db_name,
        "media_file": "media.tar.gz" if media is not None else None,
        "tables": {}, "sha256": checksums,
    }))  # fmt: skip


def _tar(*entries: tarfile.TarInfo) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for entry in entries:
            data = b"owned" if entry.isfile() else None
            if data:
                entry.size = len(data)
            archive.addfile(entry, io.BytesIO(data) if data else None)
    return buffer.getvalue()


def _entry(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    entry = tarfile.TarInfo(name)
    entry.type, entry.linkname = kind, link
    return entry


@pytest.mark.parametrize(
    "entry",
    [
        _entry("../../escaped.txt"),
        _entry("/tmp/absolute.txt"),
        _entry("imports/../../escaped.txt"),
        _entry("link", tarfile.SYMTYPE, "/etc/passwd"),
        _entry("hard", tarfile.LNKTYPE, "/etc/passwd"),
        _entry("fifo", tarfile.FIFOTYPE),
    ],
    ids=["parent", "absolute", "inner-parent", "symlink", "hardlink", "fifo"],
)
def test_a_hostile_media_archive_restores_nothing(tmp_path, entry):
    backup = tmp_path / "backup"
    _fake_backup(backup, media=_tar(_entry("imports/ok.txt"), entry))
    target_db = tmp_path / "target.sqlite3"
    into = f"sqlite:///{target_db}" if not POSTGRES else "postgres:///never_connected"
    with pytest.raises(CommandError, match="media archive holds"):
        call_command("restore", str(backup), "--into", into,
                     "--media-root", str(tmp_path / "media"))  # fmt: skip
    assert not (tmp_path / "media").exists() and not target_db.exists()
    assert not list(tmp_path.rglob("escaped.txt"))


def test_a_damaged_backup_restores_nothing(tmp_path):
    backup = tmp_path / "backup"
    _fake_backup(backup, media=None, database=b"original bytes")
    name = "database.dump" if POSTGRES else "database.sqlite3"
    (backup / name).write_bytes(b"changed bytes!")
    target_db = tmp_path / "target.sqlite3"
    into = f"sqlite:///{target_db}" if not POSTGRES else "postgres:///never_connected"
    with pytest.raises(CommandError, match="fails its checksum"):
        call_command("restore", str(backup), "--into", into, "--no-media")
    assert not target_db.exists()


def test_backup_refuses_an_existing_directory(tmp_path):
    (tmp_path / "taken").mkdir()
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(tmp_path / "taken"))
